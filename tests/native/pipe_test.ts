import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { Pipe } from "../../lib/native/pipe.ts";
import { startPipePairs } from "../../lib/native/pipe_pairs.ts";

/** A reader that blocks on an empty pipe at 1 us, and a writer that writes at 50 us. */
function readerAndWriter(sync: boolean) {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const pipe = new Pipe(host, sync);
  const reader = host.spawn({ name: "reader", affinity: [0] });
  const writer = host.spawn({ name: "writer", affinity: [1] });
  const log: string[] = [];
  host.setWork(reader, 1_000, () => pipe.read(reader, () => log.push(`read at ${sim.now}`)));
  host.setWork(writer, 50_000, () => {
    pipe.write(writer);
    host.block(writer);
  });
  sim.run({ untilNs: 1_000_000 });
  return { host, pipe, log };
}

Deno.test("Pipe.write() wakes the blocked reader with the sync hint when the pipe is sync", () => {
  const { host, pipe, log } = readerAndWriter(true);
  assert.equal(log.length, 1);
  assert.equal(pipe.buffered, 0);
  assert.equal(host.stats.wakeups, 1);
  assert.equal(host.stats.syncWakeups, 1);
});

Deno.test("Pipe.write() wakes the blocked reader without the sync hint when the pipe is not sync", () => {
  const { host, log } = readerAndWriter(false);
  assert.equal(log.length, 1);
  assert.equal(host.stats.wakeups, 1);
  assert.equal(host.stats.syncWakeups, 0);
});

Deno.test("Pipe.read() returns a buffered message at once when a write came first", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const pipe = new Pipe(host);
  const task = host.spawn({ name: "both" });
  const log: string[] = [];
  host.setWork(task, 1_000, () => {
    pipe.write(task);
    assert.equal(pipe.buffered, 1);
    pipe.read(task, () => log.push(`read at ${sim.now}`));
  });
  sim.run({ untilNs: 1_000_000 });
  assert.deepEqual(log, ["read at 4000"], "after 3 us of context switch and 1 us of work");
  assert.equal(pipe.buffered, 0);
  assert.equal(host.stats.wakeups, 0, "nobody blocked");
});

Deno.test("startPipePairs() refuses a pair count that is not a positive integer", () => {
  const host = new HostScheduler(new Simulation());
  assert.throws(() => startPipePairs(host, { pairs: 0 }), {
    name: "RangeError",
    message: "Invalid 'pairs': must be an integer >= 1: current value is 0",
  });
  assert.equal(host.tasks.length, 0, "nothing spawned");
});
