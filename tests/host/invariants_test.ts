import assert from "node:assert/strict";
import fc from "fast-check";
import { Simulation } from "../../lib/engine/simulation.ts";
import { NS_PER_MS } from "../../lib/engine/time.ts";
import { schedPeriod } from "../../lib/host/fair.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import type { HostTask } from "../../lib/host/task.ts";
import { Pipe } from "../../lib/native/pipe.ts";

type Behaviour =
  | { kind: "hog" }
  | { kind: "sleeper"; workNs: number; sleepNs: number }
  | { kind: "pinger"; workNs: number };

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constant({ kind: "hog" as const }),
  fc.record({
    kind: fc.constant("sleeper" as const),
    workNs: fc.integer({ min: 1_000, max: 3_000_000 }),
    sleepNs: fc.integer({ min: 1_000, max: 5_000_000 }),
  }),
  fc.record({
    kind: fc.constant("pinger" as const),
    workNs: fc.integer({ min: 500, max: 200_000 }),
  }),
);

const scenario = fc.record({
  sockets: fc.integer({ min: 1, max: 2 }),
  cores: fc.integer({ min: 1, max: 3 }),
  threads: fc.integer({ min: 1, max: 2 }),
  tasks: fc.array(
    fc.record({
      behaviour,
      affinitySeed: fc.integer({ min: 0, max: 2 ** 30 }),
      pinned: fc.boolean(),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  affine: fc.boolean(),
  sync: fc.boolean(),
  wakeupPreempt: fc.boolean(),
  hz: fc.constantFrom(250, 1000),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Runs a scenario for 150 ms with a trace and records what the invariants need. */
function run(s: Scenario) {
  const sim = new Simulation();
  const host = new HostScheduler(sim, {
    topology: { sockets: s.sockets, coresPerSocket: s.cores, threadsPerCore: s.threads },
    features: { AFFINE_WAKEUPS: s.affine, SYNC_WAKEUPS: s.sync, WAKEUP_PREEMPT: s.wakeupPreempt },
    tunables: { hz: s.hz },
    trace: {},
  });
  const ncpus = host.topology.ncpus;
  const tasks: HostTask[] = [];
  let pendingPinger: { task: HostTask; pipe: Pipe; back: Pipe; workNs: number } | null = null;
  s.tasks.forEach((spec, i) => {
    const affinity = spec.pinned
      ? [spec.affinitySeed % ncpus]
      : Array.from({ length: ncpus }, (_, c) => c).filter((c) =>
        ((spec.affinitySeed >> c) & 1) === 1 || c === spec.affinitySeed % ncpus
      );
    const task = host.spawn({ name: `t${i}`, affinity });
    tasks.push(task);
    const b = spec.behaviour;
    if (b.kind === "sleeper") {
      const cycle = (): void =>
        host.setWork(task, b.workNs, () => {
          host.sleep(task, b.sleepNs);
          host.setWork(task, b.workNs, cycle);
        });
      cycle();
    } else if (b.kind === "pinger") {
      if (pendingPinger === null) {
        pendingPinger = { task, pipe: new Pipe(host), back: new Pipe(host), workNs: b.workNs };
      } else {
        const a = pendingPinger;
        pendingPinger = null;
        const loop = (self: HostTask, out: Pipe, inp: Pipe, w: number) => {
          const step = (): void =>
            host.setWork(self, w, () => {
              out.write(self);
              inp.read(self, step);
            });
          return step;
        };
        loop(a.task, a.pipe, a.back, a.workNs)();
        const step = loop(task, a.back, a.pipe, b.workNs);
        host.setWork(task, 0, () => a.pipe.read(task, step));
      }
    }
  });
  const minV: number[][] = Array.from({ length: ncpus }, () => []);
  const sampler = sim.timer(() => {
    for (let c = 0; c < ncpus; c++) minV[c]!.push(host.rqOf(c).minVruntime);
    sampler.after(250_000);
  });
  sampler.after(0);
  const runnableSince = new Map<HostTask, number>();
  let maxWait = 0;
  host.onTaskChange = (task) => {
    if (task.state === "runnable") {
      if (!runnableSince.has(task)) runnableSince.set(task, sim.now);
    } else {
      const since = runnableSince.get(task);
      if (since !== undefined) maxWait = Math.max(maxWait, sim.now - since);
      runnableSince.delete(task);
    }
  };
  const durationNs = 150 * NS_PER_MS;
  sim.run({ untilNs: durationNs });
  for (const since of runnableSince.values()) maxWait = Math.max(maxWait, durationNs - since);
  host.flushTrace();
  return { host, tasks, minV, maxWait, durationNs };
}

Deno.test("HostScheduler invariants hold for random task sets and topologies", () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { host, tasks, minV, maxWait, durationNs } = run(s);
      const trace = host.trace!.intervals;
      // No task runs on two CPUs at once, nor outside its mask.
      for (const task of tasks) {
        const mine = trace.filter((i) => i.taskId === task.id).sort((a, b) =>
          a.startNs - b.startNs
        );
        for (let i = 1; i < mine.length; i++) {
          assert.ok(mine[i]!.startNs >= mine[i - 1]!.endNs, `${task.name} overlaps itself`);
        }
        for (const i of mine) assert.ok(task.canRunOn(i.cpu), `${task.name} ran on CPU ${i.cpu}`);
      }
      for (let cpu = 0; cpu < host.topology.ncpus; cpu++) {
        // Busy plus idle equals elapsed, and busy equals the sum of what ran.
        const { busyNs, idleNs } = host.cpuTimes(cpu);
        assert.equal(busyNs + idleNs, durationNs);
        const ran = trace.filter((i) => i.cpu === cpu);
        assert.equal(ran.reduce((sum, i) => sum + i.endNs - i.startNs, 0), busyNs);
        ran.sort((a, b) => a.startNs - b.startNs);
        for (let i = 1; i < ran.length; i++) assert.ok(ran[i]!.startNs >= ran[i - 1]!.endNs);
        // min_vruntime never goes backwards.
        const samples = minV[cpu]!;
        for (let i = 1; i < samples.length; i++) assert.ok(samples[i]! >= samples[i - 1]!);
      }
      // Each task's time adds up, and a runnable task is not left waiting for long.
      for (const task of tasks) {
        const t = host.timesOf(task);
        assert.equal(t.runNs + t.waitNs + t.sleepNs, durationNs);
        assert.ok(t.progressNs <= t.runNs);
      }
      // Every other task runs at most about one stint (slice rounded up to a tick) per
      // period, twice over, plus a sleeper's credit of at most one latency.
      const n = tasks.length;
      const bound = 2 * (schedPeriod(host.tunables, n) + n * host.tickNs) +
        host.tunables.latencyNs;
      assert.ok(maxWait <= bound, `a task waited ${maxWait} ns > ${bound}`);
    }),
    { numRuns: 100, seed: 20100410 },
  );
});

Deno.test("HostScheduler gives the same counters for the same configuration", () => {
  const s: Scenario = fc.sample(scenario, { seed: 42, numRuns: 1 })[0]!;
  const a = run(s);
  const b = run(s);
  assert.deepEqual(a.host.stats, b.host.stats);
  assert.deepEqual(a.host.trace!.intervals, b.host.trace!.intervals);
});
