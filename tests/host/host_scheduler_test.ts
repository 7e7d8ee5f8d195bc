import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { NS_PER_MS, NS_PER_S } from "../../lib/engine/time.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { Topology } from "../../lib/host/topology.ts";

Deno.test("HostScheduler gives N hogs on one CPU 1/N of it each, within 1% over a second", () => {
  for (const n of [2, 3, 5]) {
    const sim = new Simulation();
    const host = new HostScheduler(sim);
    const hogs = Array.from({ length: n }, (_, i) => host.spawn({ name: `h${i}`, affinity: [0] }));
    sim.run({ untilNs: NS_PER_S });
    const busy = host.cpuTimes(0).busyNs;
    for (const hog of hogs) {
      const share = host.timesOf(hog).runNs / busy;
      assert.ok(Math.abs(share - 1 / n) < 0.01, `n=${n}: share ${share}`);
    }
  }
});

Deno.test("HostScheduler preempts at the tick once a hog exceeds the slice from the scaled tunables", () => {
  // 2-CPU host: latency 5 ms x 2 = 10 ms; two hogs share the period: slice 5 ms. The
  // tick (1 ms) notices ran > slice at the first tick after 5 ms of run time.
  const sim = new Simulation();
  const host = new HostScheduler(sim, { trace: {} });
  host.spawn({ name: "a", affinity: [0] });
  host.spawn({ name: "b", affinity: [0] });
  sim.run({ untilNs: 200 * NS_PER_MS });
  const stints = host.trace!.intervals.filter((s) => s.cpu === 0).slice(2, -1);
  assert.ok(stints.length > 20);
  const slice = 5 * NS_PER_MS;
  for (const s of stints) {
    const length = s.endNs - s.startNs;
    assert.ok(length > slice && length <= slice + host.tickNs, `stint ${length}`);
  }
  assert.ok(host.stats.preemptions.tick >= stints.length);
});

Deno.test("HostScheduler on 16 CPUs scales the slice by 1 + log2(8) = 4", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { topology: Topology.preset("server-16cpu"), trace: {} });
  assert.equal(host.tunables.latencyNs, 20 * NS_PER_MS);
  host.spawn({ name: "a", affinity: [3] });
  host.spawn({ name: "b", affinity: [3] });
  sim.run({ untilNs: 300 * NS_PER_MS });
  const stints = host.trace!.intervals.slice(2, -1);
  for (const s of stints) {
    const length = s.endNs - s.startNs;
    assert.ok(length > 10 * NS_PER_MS && length <= 11 * NS_PER_MS, `stint ${length}`);
  }
});

Deno.test("HostScheduler credits a woken sleeper with at most latency/2 (GENTLE_FAIR_SLEEPERS)", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  host.spawn({ name: "hog", affinity: [0] });
  const sleeper = host.spawn({ name: "sleeper", affinity: [0] });
  host.setWork(sleeper, 10_000, () => host.sleep(sleeper, 500 * NS_PER_MS));
  let credit = -1;
  host.onTaskChange = (task) => {
    if (task === sleeper && task.state === "runnable" && sim.now > 100 * NS_PER_MS && credit < 0) {
      credit = host.rqOf(0).minVruntime - task.vruntime;
    }
  };
  sim.run({ untilNs: 600 * NS_PER_MS });
  assert.equal(credit, host.tunables.latencyNs / 2);
});

Deno.test("HostScheduler: a sleeper that slept briefly keeps its own vruntime", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  host.spawn({ name: "hog", affinity: [0] });
  const sleeper = host.spawn({ name: "sleeper", affinity: [0] });
  const cycle = () => host.setWork(sleeper, 200_000, () => host.sleep(sleeper, 100_000));
  cycle();
  let credits: number[] = [];
  host.onTaskChange = (task) => {
    if (task === sleeper && task.state === "runnable") {
      credits.push(host.rqOf(0).minVruntime - task.vruntime);
      cycle();
    }
  };
  sim.run({ untilNs: 300 * NS_PER_MS });
  credits = credits.slice(5);
  assert.ok(credits.length > 10);
  for (const c of credits) assert.ok(c <= host.tunables.latencyNs / 2);
});

Deno.test("HostScheduler spreads four hogs started on one CPU to two per CPU", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const hogs = [0, 1, 2, 3].map((i) => host.spawn({ name: `h${i}`, cpu: 0 }));
  sim.run({ untilNs: NS_PER_S });
  const perCpu = [0, 1].map((cpu) => hogs.filter((h) => h.cpu === cpu).length);
  assert.deepEqual(perCpu, [2, 2]);
  assert.ok(host.stats.migrations.periodic + host.stats.migrations.newidle >= 2);
});

Deno.test("HostScheduler never moves pinned tasks, even with an idle CPU beside them", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { trace: {} });
  const hogs = [0, 1, 2].map((i) => host.spawn({ name: `h${i}`, affinity: [0] }));
  sim.run({ untilNs: 500 * NS_PER_MS });
  for (const h of hogs) assert.equal(h.migrations, 0);
  assert.ok(host.trace!.intervals.every((s) => s.cpu === 0));
  assert.equal(host.cpuTimes(1).busyNs, 0);
});

Deno.test("HostScheduler preempts a hog when a sleeper wakes far behind in vruntime", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { costs: { reschedIpiNs: 0, idleExitNs: 0 } });
  host.spawn({ name: "hog", affinity: [0] });
  const sleeper = host.spawn({ name: "sleeper", affinity: [0] });
  host.setWork(sleeper, 10_000, () => host.sleep(sleeper, 50 * NS_PER_MS));
  let wokeAt = -1;
  let ranAt = -1;
  host.onTaskChange = (task) => {
    if (task !== sleeper) return;
    if (task.state === "runnable" && sim.now > 40 * NS_PER_MS && wokeAt < 0) wokeAt = sim.now;
    if (task.state === "running" && wokeAt >= 0 && ranAt < 0) ranAt = sim.now;
  };
  sim.run({ untilNs: 100 * NS_PER_MS });
  assert.ok(wokeAt > 0);
  assert.equal(ranAt, wokeAt, "the wakee runs at once");
  assert.ok(host.stats.preemptions.wakeup >= 1);
});

Deno.test("HostScheduler.yieldTo() runs a waiting target on its own CPU next", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const a = host.spawn({ name: "a", affinity: [0] });
  const b = host.spawn({ name: "b", affinity: [0] });
  const target = host.spawn({ name: "target", affinity: [1] });
  const other = host.spawn({ name: "other", affinity: [1] });
  let ok = false;
  host.setWork(a, 3 * NS_PER_MS, () => {
    // Whichever of target/other is waiting on CPU1 gets the yield.
    const waiting = target.state === "runnable" ? target : other;
    ok = host.yieldTo(a, waiting);
  });
  let ranNext = "";
  host.onTaskChange = (task) => {
    if (ok && ranNext === "" && task.cpu === 1 && task.state === "running") ranNext = task.name;
  };
  sim.run({ untilNs: 10 * NS_PER_MS });
  assert.equal(ok, true);
  assert.ok(ranNext === "target" || ranNext === "other");
  assert.ok(host.stats.preemptions.yield >= 1);
  assert.equal(a.state === "running" ? b.state : a.state, "runnable");
});

Deno.test("HostScheduler.yieldTo() refuses a target that is running or asleep", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const a = host.spawn({ name: "a", affinity: [0] });
  const runner = host.spawn({ name: "runner", affinity: [1] });
  const results: boolean[] = [];
  host.setWork(a, NS_PER_MS, () => results.push(host.yieldTo(a, runner), host.yieldTo(a, a)));
  sim.run({ untilNs: 5 * NS_PER_MS });
  assert.deepEqual(results, [false, false]);
});

Deno.test("HostScheduler.setWork() calls the continuation after the work, context switch included", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { costs: { contextSwitchNs: 3_000 } });
  const t = host.spawn({ name: "t" });
  let doneAt = -1;
  host.setWork(t, 100_000, () => {
    doneAt = sim.now;
    host.block(t);
  });
  sim.run({ untilNs: NS_PER_MS });
  assert.equal(doneAt, 103_000);
  assert.equal(host.timesOf(t).progressNs, 100_000);
  assert.equal(host.timesOf(t).runNs, 103_000);
});

Deno.test("HostScheduler slows a task down after a migration to another package (cache refill)", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, {
    topology: { sockets: 2, coresPerSocket: 1, threadsPerCore: 1 },
    costs: { contextSwitchNs: 0, refillOtherPackageNs: 100_000, coldRate: 0.5 },
  });
  const t = host.spawn({ name: "t", cpu: 0 });
  const waker = host.spawn({ name: "waker", affinity: [1] });
  const times: number[] = [];
  host.setWork(t, 10_000, () => host.block(t));
  host.setWork(waker, 2 * NS_PER_MS, () => {
    // Move t to CPU1 through an idle-sibling-free sync pull, then let it run 200 us of work.
    host.setWork(t, 200_000, () => {
      times.push(sim.now);
      host.block(t);
    });
    host.wake(t, { waker, sync: true });
    host.block(waker);
  });
  sim.run({ untilNs: 5 * NS_PER_MS });
  assert.equal(t.cpu, 1);
  // 100 us at half speed give 50 us of work; the other 150 us take 150 us: 250 us in all.
  assert.equal(times[0]! - 2 * NS_PER_MS, 250_000);
});

Deno.test("HostScheduler credits short sleeps: a task sleeping 300 us between 400 us bursts keeps pace with a hog", () => {
  // Regression: min_vruntime is added to the wakee before update_curr (enqueue_entity),
  // so the time min_vruntime moved while the task slept counts as sleep, not as run.
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  host.spawn({ name: "hog", affinity: [0] });
  const sleeper = host.spawn({ name: "sleeper", affinity: [0] });
  const cycle = (): void =>
    host.setWork(sleeper, 400_000, () => {
      host.sleep(sleeper, 300_000);
      host.setWork(sleeper, 400_000, cycle);
    });
  cycle();
  let wokenAt = -1;
  let waits = 0;
  let waited = 0;
  host.onTaskChange = (task) => {
    if (task !== sleeper) return;
    if (task.state === "runnable" && wokenAt < 0 && task.sleepNs > 0) wokenAt = sim.now;
    if (task.state === "running" && wokenAt >= 0) {
      waited += sim.now - wokenAt;
      waits++;
      wokenAt = -1;
    }
    if (task.state === "sleeping") wokenAt = -1;
  };
  sim.run({ untilNs: NS_PER_S });
  const share = host.timesOf(sleeper).runNs / NS_PER_S;
  assert.ok(share > 0.4, `sleeper's share ${share}`);
  assert.ok(waits > 100 && waited / waits < NS_PER_MS, `mean wait ${waited / waits}`);
  assert.ok(host.stats.preemptions.wakeup > 100);
});

Deno.test("HostScheduler.sleep() leaves no stale timer when the task is woken early", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const t = host.spawn({ name: "t", affinity: [0] });
  const waker = host.spawn({ name: "waker", affinity: [1] });
  host.setWork(t, 1_000, () => host.sleep(t, 10 * NS_PER_MS));
  host.setWork(waker, NS_PER_MS, () => {
    host.setWork(t, 1_000, () => host.block(t)); // woken early, then blocks for good
    host.wake(t, { waker });
    host.block(waker);
  });
  sim.run({ untilNs: 50 * NS_PER_MS });
  assert.equal(t.state, "sleeping");
  assert.equal(host.stats.wakeups, 1, "the 10 ms timer did not fire after the early wakeup");
});

Deno.test("HostScheduler charges no context switch when a CPU resumes the task it ran last", () => {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { costs: { contextSwitchNs: 3_000 } });
  const t = host.spawn({ name: "t", affinity: [0] });
  const done: number[] = [];
  const cycle = (): void =>
    host.setWork(t, 10_000, () => {
      done.push(sim.now);
      host.sleep(t, 100_000);
      host.setWork(t, 0, cycle);
    });
  cycle();
  sim.run({ untilNs: NS_PER_MS });
  // The first run pays the switch from idle to a new task; later ones resume the same task.
  assert.equal(done[0], 13_000);
  assert.equal(done[1]! - done[0]!, 110_000);
});
