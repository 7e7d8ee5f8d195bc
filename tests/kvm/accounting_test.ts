import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { NS_PER_MS, NS_PER_S } from "../../lib/engine/time.ts";
import { startWebbench } from "../../lib/workloads/webbench.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { Vm } from "../../lib/kvm/vm.ts";
import { acquire, program, setup, work } from "./helpers.ts";

function twoWebbenchVms(pinned: boolean) {
  const sim = new Simulation();
  const host = new HostScheduler(sim, { trace: {} });
  const vms = [0, 1].map((i) =>
    new Vm(host, { name: `vm${i}`, seed: 3, pinning: pinned ? [0, 1] : null })
  );
  const results = vms.map((vm) => startWebbench(vm, { clients: 8 }));
  const durationNs = NS_PER_S;
  sim.run({ untilNs: durationNs });
  host.flushTrace();
  return { host, vms, results, durationNs };
}

for (const pinned of [false, true]) {
  Deno.test(`Vcpu.times() shares add up to the vCPU's lifetime (${pinned ? "pinned" : "unpinned"})`, () => {
    const { vms, durationNs } = twoWebbenchVms(pinned);
    for (const vm of vms) {
      for (const v of vm.vcpus) {
        const t = v.times();
        for (const [k, x] of Object.entries(t)) assert.ok(x >= 0, `${k} = ${x}`);
        const sum = t.usefulNs + t.spinNs + t.overheadNs + t.preemptedNs + t.haltedNs + t.blockedNs;
        assert.ok(Math.abs(sum - durationNs) < 1e-3, `${sum} vs ${durationNs}`);
      }
    }
  });

  Deno.test(`HostScheduler busy time equals the sum of what ran (${pinned ? "pinned" : "unpinned"})`, () => {
    const { host, durationNs } = twoWebbenchVms(pinned);
    const busy = [0, 1].reduce((s, c) => s + host.cpuTimes(c).busyNs, 0);
    const ran = host.tasks.reduce((s, t) => s + host.timesOf(t).runNs, 0);
    const traced = host.trace!.intervals.reduce((s, i) => s + i.endNs - i.startNs, 0);
    assert.equal(busy, ran);
    assert.equal(busy, traced);
    assert.ok(busy <= 2 * durationNs);
  });

  Deno.test(`startWebbench() loses no request and completes none twice (${pinned ? "pinned" : "unpinned"})`, () => {
    const { results } = twoWebbenchVms(pinned);
    for (const r of results) {
      // With no think time every client always has exactly one request outstanding.
      assert.equal(r.sent - r.received, 8);
      assert.equal(r.responses, r.received);
      assert.equal(r.responseNs.count, r.responses);
      assert.ok(r.received > 100);
    }
  });
}

Deno.test("Vcpu refuses a guest program that ends holding a spinlock", () => {
  const { sim, vm } = setup({ pinning: [0, 1] });
  vm.vcpus[0]!.assign(program(acquire(vm.locks[0]!), work(1_000)));
  assert.throws(() => sim.run({ untilNs: 5 * NS_PER_MS }), {
    message: /vCPU 0 ended holding 1 spinlock/,
  });
});
