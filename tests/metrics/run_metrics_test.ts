import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { NS_PER_MS } from "../../lib/engine/time.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import type { VmCounters } from "../../lib/kvm/vm_counters.ts";
import { Vm } from "../../lib/kvm/vm.ts";
import { MeasurementWindow, METRIC_NAMES, type RunMetrics } from "../../lib/metrics/run_metrics.ts";
import { startWebbench } from "../../lib/workloads/webbench.ts";

/** Two webbench guests with PLE on a 2-CPU host: every counter moves. */
function build() {
  const sim = new Simulation();
  const host = new HostScheduler(sim);
  const vms = [0, 1].map((i) =>
    new Vm(host, { name: `vm${i}`, seed: 7, kvm: { ple: true, spinExitHandler: "sleep" } })
  );
  for (const vm of vms) startWebbench(vm, { clients: 8, shootdownProbability: 0.5 });
  return { sim, host, vms };
}

/** The counters as plain data (the histogram by its count and mean). */
function plain(c: VmCounters) {
  return { ...c, ipiAckNs: [c.ipiAckNs.count, c.ipiAckNs.mean] };
}

Deno.test("MeasurementWindow start() and finish() leave the host's and the VMs' counters as they were", () => {
  const { sim, host, vms } = build();
  const window = new MeasurementWindow(host, vms);
  sim.run({ untilNs: 50 * NS_PER_MS });
  const before = { host: structuredClone(host.stats), vms: vms.map((vm) => plain(vm.stats)) };
  assert.ok(before.vms.every((c) => c.pleExits > 0 && c.ipiAckNs[0]! > 0), "counters moved");
  window.start();
  assert.deepEqual({ host: host.stats, vms: vms.map((vm) => plain(vm.stats)) }, before);
  sim.run({ untilNs: 150 * NS_PER_MS });
  const after = { host: structuredClone(host.stats), vms: vms.map((vm) => plain(vm.stats)) };
  window.finish({ work: 1 });
  assert.deepEqual({ host: host.stats, vms: vms.map((vm) => plain(vm.stats)) }, after);
});

Deno.test("MeasurementWindow gives the same metrics when a second window starts inside it", () => {
  const measure = (second: boolean): RunMetrics => {
    const { sim, host, vms } = build();
    const window = new MeasurementWindow(host, vms);
    const inner = new MeasurementWindow(host, vms);
    sim.run({ untilNs: 50 * NS_PER_MS });
    window.start();
    sim.run({ untilNs: 100 * NS_PER_MS });
    if (second) inner.start();
    sim.run({ untilNs: 150 * NS_PER_MS });
    return window.finish({ work: 1 });
  };
  const alone = measure(false);
  assert.ok((alone.pleExits ?? 0) > 0 && alone.coscheduledShare !== null);
  assert.deepEqual(measure(true), alone);
});

Deno.test("MeasurementWindow.finish() returns exactly the metrics of METRIC_NAMES, in order", () => {
  const { sim, host, vms } = build();
  const window = new MeasurementWindow(host, vms);
  sim.run({ untilNs: 10 * NS_PER_MS });
  window.start();
  sim.run({ untilNs: 20 * NS_PER_MS });
  assert.deepEqual(Object.keys(window.finish({ work: 1 })), [...METRIC_NAMES]);
});
