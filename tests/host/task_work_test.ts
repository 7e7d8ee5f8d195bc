import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { resolveCosts } from "../../lib/host/costs.ts";
import { HostTask } from "../../lib/host/task.ts";
import { TaskWork } from "../../lib/host/task_work.ts";
import { Topology } from "../../lib/host/topology.ts";

/** One task on a 2-CPU package (refill after a move: 20 us at half speed), no scheduler. */
function setup() {
  const sim = new Simulation();
  const work = new TaskWork(sim, resolveCosts(), Topology.preset("host-2cpu"));
  const task = new HostTask(0, 2, { name: "t" });
  work.attach(task);
  const log: string[] = [];
  return { sim, work, task, log };
}

Deno.test("TaskWork.set() runs onDone after the switch overhead and the work when the task runs", () => {
  const { sim, work, task, log } = setup();
  work.start(task, 0, 1_000); // 1 us of context switch, then full speed
  task.state = "running";
  work.set(task, 5_000, () => log.push(`done at ${sim.now}`));
  sim.run({ untilNs: 3_000 });
  assert.equal(work.progressOf(task), 2_000);
  sim.run();
  assert.deepEqual(log, ["done at 6000"]);
  assert.equal(work.progressOf(task), 5_000);
});

Deno.test("TaskWork.start() slows the work by the cache refill when the task moved CPU", () => {
  const { sim, work, task, log } = setup();
  work.start(task, 0, 0);
  task.state = "running";
  work.set(task, 50_000, () => log.push(`done at ${sim.now}`));
  sim.run({ untilNs: 10_000 });
  work.stop(task); // preempted after 10 us of progress
  task.state = "runnable";
  sim.run({ untilNs: 20_000 });
  work.start(task, 1, 0); // resumes on the other core: 20 us at half speed
  task.state = "running";
  sim.run();
  // 10 us of progress in the 20 us refill, then the last 30 us at full speed.
  assert.deepEqual(log, [`done at ${20_000 + 20_000 + 30_000}`]);
});

Deno.test("TaskWork.suspend() returns the work left when the task is given no more", () => {
  const { sim, work, task, log } = setup();
  work.start(task, 0, 0);
  task.state = "running";
  work.set(task, 5_000, () => log.push("done"));
  sim.run({ untilNs: 2_000 });
  assert.equal(work.suspend(task), 3_000);
  sim.run();
  assert.deepEqual(log, [], "the continuation never runs");
});
