import assert from "node:assert/strict";
import { NS_PER_MS } from "../../lib/engine/time.ts";
import {
  acquire,
  exit,
  Marks,
  program,
  ready,
  release,
  setup,
  shootdown,
  work,
} from "./helpers.ts";

Deno.test("Vcpu: a lock held by a descheduled vCPU makes its sibling spin until the holder runs again", () => {
  // vCPU0 shares CPU0 with a host hog and holds the lock across its preemption;
  // vCPU1 runs alone on CPU1 and wants the lock.
  const { sim, host, vm } = setup({ pinning: [0, 1] });
  host.spawn({ name: "hog", affinity: [0] });
  const m = new Marks(sim);
  const lock = vm.locks[0]!;
  vm.vcpus[0]!.assign(
    program(acquire(lock), m.mark("held"), work(8 * NS_PER_MS), m.mark("release"), release(lock)),
  );
  vm.vcpus[1]!.assign(
    program(work(10 * NS_PER_MS), m.mark("want"), acquire(lock), m.mark("got"), release(lock)),
  );
  sim.run({ untilNs: 100 * NS_PER_MS });
  host.flushTrace();
  const want = m.get("want");
  const got = m.get("got");
  assert.ok(m.get("held") < want, "the holder took the lock first");
  assert.ok(got >= m.get("release"), "the waiter got it only after the release");
  // The holder was off its pCPU while the waiter waited, and the waiter spun throughout.
  const holderRuns = host.trace!.intervals.filter((i) => i.taskId === vm.vcpus[0]!.task.id);
  const offCpu = holderRuns.some((r, k) => {
    const next = holderRuns[k + 1];
    return next !== undefined && r.endNs > want && next.startNs < got && next.startNs > r.endNs;
  });
  assert.ok(offCpu, "the holder was preempted in between");
  assert.ok(vm.stats.lockHolderPreemptions >= 1);
  const t = vm.vcpus[1]!.times();
  assert.ok(Math.abs(t.spinNs - (got - want)) < 20_000, `spin ${t.spinNs} vs wait ${got - want}`);
});

Deno.test("Vcpu: a TLB shootdown waits until every target vCPU has run", () => {
  // vCPU1 is runnable but shares CPU1 with a hog; vCPU2 runs alone on CPU2.
  const { sim, host, vm } = setup({ vcpus: 3, pinning: [0, 1, 2] }, {
    topology: { sockets: 1, coresPerSocket: 4, threadsPerCore: 1 },
  });
  host.spawn({ name: "hog", affinity: [1] });
  const m = new Marks(sim);
  vm.vcpus[1]!.assign(program(work(50 * NS_PER_MS)));
  vm.vcpus[2]!.assign(program(work(50 * NS_PER_MS)));
  vm.vcpus[0]!.assign(
    program(
      work(3 * NS_PER_MS),
      m.mark("send"),
      shootdown(2_000),
      m.mark("done"),
    ),
  );
  sim.run({ untilNs: 60 * NS_PER_MS });
  host.flushTrace();
  const send = m.get("send");
  const done = m.get("done");
  const ranAfter = (v: number) =>
    Math.min(
      ...host.trace!.intervals.filter((i) => i.taskId === vm.vcpus[v]!.task.id && i.endNs > send)
        .map((i) => Math.max(i.startNs, send)),
    );
  assert.ok(done >= ranAfter(1), "waited for the preempted target");
  assert.ok(done >= ranAfter(2));
  assert.equal(vm.stats.shootdowns, 1);
  assert.equal(vm.stats.ipiAckNs.count, 2);
  assert.ok(vm.vcpus[0]!.times().spinNs > 0);
});

Deno.test("Vcpu: with PLE and the 2010 handler a spinner sleeps 100 us per exit", () => {
  const { sim, host, vm } = setup({
    pinning: [0, 1],
    kvm: { ple: true, spinExitHandler: "sleep" },
  });
  const m = new Marks(sim);
  const lock = vm.locks[0]!;
  vm.vcpus[0]!.assign(
    program(acquire(lock), work(2 * NS_PER_MS), m.mark("release"), release(lock)),
  );
  vm.vcpus[1]!.assign(
    program(work(100_000), m.mark("want"), acquire(lock), m.mark("got"), release(lock)),
  );
  sim.run({ untilNs: 10 * NS_PER_MS });
  host.flushTrace();
  const waited = m.get("got") - m.get("want");
  const exits = vm.stats.pleExits;
  // Each exit: 1.4 us of spin (4096 cycles at 2.93 GHz), 1.5 us of exit, 100 us asleep.
  assert.ok(exits >= 15 && exits <= 21, `${exits} exits in ${waited} ns`);
  const blocked = vm.vcpus[1]!.times().blockedNs;
  assert.ok(Math.abs(blocked - exits * 100_000) <= 100_000, `blocked ${blocked}`);
  const gaps = host.trace!.intervals.filter((i) => i.taskId === vm.vcpus[1]!.task.id)
    .map((r, k, all) => (all[k + 1]?.startNs ?? r.endNs) - r.endNs).filter((g) => g > 0);
  assert.ok(
    gaps.slice(1, -1).every((g) => g >= 100_000 && g < 110_000),
    `gaps ${gaps.slice(0, 5)}`,
  );
});

Deno.test("Vcpu: with directed yield the preempted lock holder runs sooner", () => {
  // Both vCPUs on CPU0: the holder is preempted by its own sibling at the tick.
  const waitFor = (handler: "none" | "directed-yield") => {
    const { sim, vm } = setup({
      pinning: [0, 0],
      kvm: handler === "none" ? {} : { ple: true, spinExitHandler: "directed-yield" },
    });
    const m = new Marks(sim);
    const lock = vm.locks[0]!;
    vm.vcpus[0]!.assign(program(acquire(lock), work(7 * NS_PER_MS), release(lock)));
    // vCPU1 runs first (START_DEBIT favours the last created), is preempted at 6 ms;
    // vCPU0 then takes the lock and is preempted holding it; vCPU1 comes back and spins.
    vm.vcpus[1]!.assign(
      program(work(8 * NS_PER_MS), m.mark("want"), acquire(lock), m.mark("got"), release(lock)),
    );
    sim.run({ untilNs: 50 * NS_PER_MS });
    return { wait: m.get("got") - m.get("want"), yields: vm.stats.directedYields };
  };
  const plain = waitFor("none");
  const yielded = waitFor("directed-yield");
  assert.ok(yielded.yields >= 1);
  assert.ok(
    plain.wait > 4 * NS_PER_MS,
    `without PLE the waiter spins out its slice: ${plain.wait}`,
  );
  assert.ok(yielded.wait < plain.wait / 2, `${yielded.wait} vs ${plain.wait}`);
});

Deno.test("Vcpu: with PV spinlocks a waiter halts after the threshold and the unlocker kicks it", () => {
  const { sim, vm } = setup({ guest: "linux-pv", pinning: [0, 1] });
  const m = new Marks(sim);
  const lock = vm.locks[0]!;
  assert.equal(lock.kind, "ticket");
  vm.vcpus[0]!.assign(
    program(acquire(lock), work(2 * NS_PER_MS), m.mark("release"), release(lock)),
  );
  vm.vcpus[1]!.assign(
    program(work(100_000), m.mark("want"), acquire(lock), m.mark("got"), release(lock)),
  );
  sim.run({ untilNs: 10 * NS_PER_MS });
  assert.equal(vm.stats.pvHalts, 1);
  assert.equal(vm.stats.pvKicks, 1);
  const t = vm.vcpus[1]!.times();
  // 2^15 iterations of 30 cycles at 2.93 GHz: 335 us of spinning, then asleep until the kick.
  assert.ok(Math.abs(t.spinNs - 335_520) < 5_000, `spin ${t.spinNs}`);
  assert.ok(t.blockedNs > 1.4 * NS_PER_MS);
  assert.ok(m.get("got") > m.get("release"));
  assert.ok(m.get("got") - m.get("release") < 20_000, "woken right after the release");
});

Deno.test("Vcpu: a ticket lock handed to a preempted waiter blocks the waiter behind it", () => {
  // vCPU1 queues first but shares CPU1 with a hog; vCPU2 queues second and runs alone.
  const { sim, host, vm } = setup({
    vcpus: 3,
    pinning: [0, 1, 2],
    guest: "linux-pv",
    pvSpinlocks: false,
  }, {
    topology: { sockets: 1, coresPerSocket: 4, threadsPerCore: 1 },
  });
  host.spawn({ name: "hog", affinity: [1] });
  const m = new Marks(sim);
  const lock = vm.locks[0]!;
  vm.vcpus[0]!.assign(
    program(acquire(lock), work(16 * NS_PER_MS), m.mark("release"), release(lock)),
  );
  vm.vcpus[1]!.assign(
    program(
      work(500_000),
      m.mark("q1"),
      acquire(lock),
      m.mark("first"),
      work(10_000),
      release(lock),
    ),
  );
  vm.vcpus[2]!.assign(
    program(work(10 * NS_PER_MS), m.mark("q2"), acquire(lock), m.mark("second"), release(lock)),
  );
  sim.run({ untilNs: 60 * NS_PER_MS });
  assert.ok(m.get("q1") < m.get("q2"), "vCPU1 took its ticket first");
  assert.ok(m.get("first") < m.get("second"), "FIFO order kept");
  assert.equal(lock.stats.grantsToPreempted, 1, "handed to a waiter that was not running");
  // vCPU2 could not take the free lock: it spun until vCPU1 ran and passed it on.
  assert.ok(m.get("second") - m.get("release") > 2 * NS_PER_MS);
  const spin = vm.vcpus[2]!.times().spinNs;
  assert.ok(Math.abs(spin - (m.get("second") - m.get("q2"))) < 20_000, `spin ${spin}`);
});

Deno.test("Vcpu: a halted vCPU kicked by its sibling is placed by the host's wakeup path (affine pull)", () => {
  // vCPU1 halts on CPU1, where two host hogs run; vCPU0 alone on CPU0 wakes it.
  const { sim, host, vm } = setup({ startCpus: [0, 1] });
  host.spawn({ name: "hog1", affinity: [1] });
  host.spawn({ name: "hog2", affinity: [1] });
  const m = new Marks(sim);
  vm.vcpus[0]!.assign(
    program(
      work(30 * NS_PER_MS),
      m.mark("ready"),
      ready(program(m.mark("sibling ran"))),
      work(10 * NS_PER_MS),
    ),
  );
  let placedOn = -1;
  host.onTaskChange = (task) => {
    if (
      task === vm.vcpus[1]!.task && task.state === "runnable" && sim.now > 20 * NS_PER_MS &&
      placedOn < 0
    ) {
      placedOn = task.cpu;
    }
  };
  sim.run({ untilNs: 60 * NS_PER_MS });
  assert.equal(vm.vcpus[1]!.haltReason, "idle");
  assert.equal(placedOn, 0, "pulled next to the vCPU that kicked it");
  assert.ok(host.stats.affinePulls >= 1);
  assert.ok(vm.stats.kicks >= 1);
  assert.ok(m.get("sibling ran") > m.get("ready"));
});

Deno.test("Vcpu: an exit's host-side action gets the vCPU thread", () => {
  const { sim, vm } = setup({ pinning: [0, 1] });
  let thread: unknown = null;
  vm.vcpus[1]!.assign(program(work(1_000), exit(1_500, (t) => (thread = t))));
  sim.run({ untilNs: NS_PER_MS });
  assert.equal(thread, vm.vcpus[1]!.task);
});

Deno.test("Vm.observe() calls the observer once per change of a vCPU thread", () => {
  const { sim, host, vm } = setup({ pinning: [0, 1] });
  host.spawn({ name: "hog", affinity: [0] });
  let observed = 0;
  let vcpuChanges = 0;
  vm.observe(() => observed++);
  const vcpuTasks = new Set(vm.vcpus.map((v) => v.task));
  host.onTaskChange = (task) => {
    if (vcpuTasks.has(task)) vcpuChanges++;
  };
  vm.vcpus[0]!.assign(program(work(20 * NS_PER_MS), ready(program(work(1_000)))));
  sim.run({ untilNs: 40 * NS_PER_MS });
  assert.ok(vcpuChanges > 5, `${vcpuChanges} changes`);
  assert.equal(observed, vcpuChanges);
});
