/**
 * A CPU hog guest: `while (1)` in every vCPU. No locks, no I/O: the guest never halts,
 * so it only competes for pCPUs.
 *
 * @module
 */

import { type GuestProgram, work } from "../guest/guest_program.ts";
import type { Vm } from "../kvm/vm.ts";

/** What a hog guest did. */
export interface CpuHogResult {
  /** Useful guest work done so far, summed over vCPUs. Unit: ns. */
  workNs(): number;
}

/**
 * Puts one endless loop per vCPU in `vm`'s run queue.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "../kvm/vm.ts";
 * import { startCpuHogGuest } from "./cpu_hog_guest.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "hog", vcpus: 2 });
 * const hog = startCpuHogGuest(vm);
 * sim.run({ untilNs: 100_000_000 });
 * assert.ok(hog.workNs() > 150_000_000);
 * ```
 */
export function startCpuHogGuest(vm: Vm): CpuHogResult {
  function* spin(): GuestProgram {
    for (;;) yield work(1_000_000);
  }
  for (let i = 0; i < vm.vcpus.length; i++) vm.enqueue(spin());
  return { workNs: () => vm.vcpus.reduce((sum, v) => sum + v.times().usefulNs, 0) };
}
