import assert from "node:assert/strict";
import { NS_PER_MS } from "../../lib/engine/time.ts";
import { CoschedulingMeter } from "../../lib/metrics/coscheduling_meter.ts";
import { startCpuHogGuest } from "../../lib/workloads/cpu_hog_guest.ts";
import { program, ready, setup, work } from "../kvm/helpers.ts";

/** Shares of a 2-vCPU CPU-hog guest on a 2-CPU host over 100 ms, pinned as given. */
function hogShares(pinning: readonly number[]) {
  const { sim, vm } = setup({ pinning });
  startCpuHogGuest(vm);
  const meter = CoschedulingMeter.attach(vm);
  sim.run({ untilNs: 100 * NS_PER_MS });
  return meter.sharesSince();
}

Deno.test("CoschedulingMeter measures full co-scheduling and no stacking when vCPUs are pinned apart", () => {
  const { coscheduledShare, stackedShare } = hogShares([0, 1]);
  assert.ok(coscheduledShare > 0.99, `${coscheduledShare}`);
  assert.equal(stackedShare, 0);
});

Deno.test("CoschedulingMeter measures no co-scheduling and full stacking when vCPUs share a pCPU", () => {
  const { coscheduledShare, stackedShare } = hogShares([0, 0]);
  assert.ok(coscheduledShare < 0.01, `${coscheduledShare}`);
  assert.equal(stackedShare, 1);
});

Deno.test("CoschedulingMeter.sharesSince() gives NaN shares when no vCPU ran since the start", () => {
  const { sim, vm } = setup({ pinning: [0, 1] });
  const meter = CoschedulingMeter.attach(vm);
  sim.run({ untilNs: 20 * NS_PER_MS }); // a silent guest: both vCPUs halt at once
  const start = meter.integrals();
  sim.run({ untilNs: 40 * NS_PER_MS });
  const { coscheduledShare, stackedShare } = meter.sharesSince(start);
  assert.ok(Number.isNaN(coscheduledShare) && Number.isNaN(stackedShare));
});

Deno.test("CoschedulingMeter counts a kicked vCPU waiting for its pCPU as having work", () => {
  // vCPU1 is halted, kicked by vCPU0, and must wait behind a hog on CPU1 (no wakeup
  // preemption): while it waits, vCPU0 running alone is not co-scheduled.
  const { sim, host, vm } = setup({ pinning: [0, 1] }, { features: { WAKEUP_PREEMPT: false } });
  const meter = CoschedulingMeter.attach(vm);
  host.spawn({ name: "hog", affinity: [1] });
  vm.vcpus[0]!.assign(
    program(work(20 * NS_PER_MS), ready(program(work(1_000))), work(20 * NS_PER_MS)),
  );
  sim.run({ untilNs: 19 * NS_PER_MS });
  const start = meter.integrals();
  sim.run({ untilNs: 40 * NS_PER_MS });
  const { coscheduledShare } = meter.sharesSince(start);
  assert.ok(coscheduledShare < 0.95, `${coscheduledShare}`);
});
