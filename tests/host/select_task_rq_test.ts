import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { HostScheduler, type HostSchedulerOptions } from "../../lib/host/host_scheduler.ts";
import type { HostTask } from "../../lib/host/task.ts";
import { Topology } from "../../lib/host/topology.ts";

/**
 * The smallest wakeup scenario on the thread's 2-CPU host: a waker pinned alone on
 * CPU0, a wakee that last ran on CPU1 and sleeps, and `hogsOnPrev` CPU hogs pinned to
 * CPU1. At 20 ms the waker wakes the wakee; returns the wakee's CPU right after.
 */
function wakeScenario(
  hogsOnPrev: number,
  sync: boolean,
  options: HostSchedulerOptions = {},
  wakeeFeatures: { AFFINE_WAKEUPS?: boolean; SYNC_WAKEUPS?: boolean } = {},
) {
  const sim = new Simulation();
  const host = new HostScheduler(sim, options);
  for (let i = 0; i < hogsOnPrev; i++) host.spawn({ name: `hog${i}`, affinity: [1] });
  const wakee = host.spawn({ name: "wakee", cpu: 1, features: wakeeFeatures });
  host.setWork(wakee, 100_000, () => host.block(wakee));
  const waker = host.spawn({ name: "waker", affinity: [0] });
  let placed = -1;
  host.setWork(waker, 20_000_000, () => {
    assert.equal(wakee.state, "sleeping");
    assert.equal(wakee.cpu, 1);
    host.wake(wakee, { waker, sync });
    placed = wakee.cpu;
  });
  sim.run({ untilNs: 25_000_000 });
  return { placed, stats: host.stats, wakee };
}

Deno.test("selectTaskRqFair() pulls the wakee to the waker's CPU in the worked case (prev holds two tasks)", () => {
  const { placed, stats } = wakeScenario(2, false);
  assert.equal(placed, 0);
  assert.equal(stats.affinePulls, 1);
  assert.equal(stats.migrations.wakeup, 1);
});

Deno.test("selectTaskRqFair() leaves the wakee on prev_cpu when prev holds one task (non-sync)", () => {
  const { placed, stats } = wakeScenario(1, false);
  assert.equal(placed, 1);
  assert.equal(stats.affineAttempts, 1);
  assert.equal(stats.affinePulls, 0);
});

Deno.test("selectTaskRqFair() pulls on a sync wakeup where a non-sync one would not", () => {
  assert.equal(wakeScenario(1, true).placed, 0);
  assert.equal(wakeScenario(1, false).placed, 1);
});

Deno.test("selectTaskRqFair() with AFFINE_WAKEUPS off keeps the wakee on prev_cpu", () => {
  const { placed, stats } = wakeScenario(2, false, { features: { AFFINE_WAKEUPS: false } });
  assert.equal(placed, 1);
  assert.equal(stats.affineAttempts, 0);
});

Deno.test("selectTaskRqFair() with SYNC_WAKEUPS off treats a sync wakeup as non-sync", () => {
  const { placed, stats } = wakeScenario(1, true, { features: { SYNC_WAKEUPS: false } });
  assert.equal(placed, 1);
  assert.equal(stats.syncWakeups, 0);
});

Deno.test("selectTaskRqFair() honours a per-task AFFINE_WAKEUPS override (the thread's patch)", () => {
  assert.equal(wakeScenario(2, false, {}, { AFFINE_WAKEUPS: false }).placed, 1);
  assert.equal(wakeScenario(1, true, {}, { SYNC_WAKEUPS: false }).placed, 1);
  // The override of one task does not change the global flags.
  assert.equal(wakeScenario(2, false, {}, {}).placed, 0);
});

Deno.test("selectTaskRqFair() sends the wakee back to an idle prev_cpu (select_idle_sibling)", () => {
  const { placed, stats } = wakeScenario(0, true);
  assert.equal(placed, 1);
  assert.equal(stats.affinePulls, 0);
});

Deno.test("selectTaskRqFair() on an SMT host picks the waker's idle hyperthread sibling", () => {
  // server-16cpu numbering: the sibling of CPU n is n + 8. A waker on CPU 2 wakes a task
  // that last ran on CPU 5 (another core, busy): the SMT domain of CPU 2 does not span 5,
  // but its idle sibling 10 becomes the candidate, and the sync wakeup agrees.
  const sim = new Simulation();
  const host = new HostScheduler(sim, { topology: Topology.preset("server-16cpu") });
  host.spawn({ name: "hog", affinity: [5] });
  const wakee = host.spawn({ name: "wakee", cpu: 5 });
  host.setWork(wakee, 50_000, () => host.block(wakee));
  const waker = host.spawn({ name: "waker", affinity: [2] });
  let placed = -1;
  host.setWork(waker, 20_000_000, () => {
    host.wake(wakee, { waker, sync: true });
    placed = wakee.cpu;
  });
  sim.run({ untilNs: 21_000_000 });
  assert.equal(placed, 10);
  assert.equal(host.stats.idleSiblingWakeups, 1);
});

Deno.test("HostScheduler.wake() of a task that is not asleep does nothing", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const a: HostTask = host.spawn({ name: "a" });
  assert.equal(host.wake(a, { cpu: 0 }), false);
  assert.equal(host.stats.wakeups, 0);
});
