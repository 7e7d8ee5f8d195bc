/**
 * The parameters of the VM scenarios, as data: the shared host block, then every knob
 * of the thread (placement, the vCPU wakeup patch, pause-loop exits, the guest, the
 * workload), and their cross-field checks.
 *
 * @module
 */

import { GUEST_PROFILE_NAMES } from "../guest/profiles.ts";
import { ParamError, type ParamsOf, type ParamSpec } from "./params.ts";
import { HOST_PARAMS, validateHostParams } from "./scenario_host.ts";

/**
 * The parameter specs of a VM scenario, in listing and CSV column order, with the
 * defaults of the thread's experiment; scenarios change defaults with `withDefaults`.
 */
export const VM_PARAMS = [
  { ...HOST_PARAMS.host, default: "host-2cpu" },
  HOST_PARAMS.kernel,
  HOST_PARAMS.hz,
  {
    key: "placement",
    kind: "enum",
    values: ["unpinned", "pinned", "random"],
    default: "unpinned",
    description:
      "unpinned: vCPU threads start where fork placement puts them (the least loaded CPU); pinned: vCPU i of VM v on pCPU (v * vcpusPerVm + i) mod ncpus (the thread's vCPU0->pCPU0, vCPU1->pCPU1); random: unpinned, each vCPU starting on a uniformly random pCPU",
  },
  HOST_PARAMS.affineWakeups,
  HOST_PARAMS.syncWakeups,
  {
    key: "vcpuWakeupPatch",
    kind: "enum",
    values: ["on", "off"],
    default: "off",
    description: "the thread's patch: affine and sync wakeups off when a vCPU thread is woken",
  },
  {
    key: "ple",
    kind: "enum",
    values: ["none", "sleep", "directed-yield"],
    default: "none",
    description:
      "pause-loop exiting and its handler: the 2010 100 us sleep, or directed yield; Windows 2008 spin notifications use the same handler (the 100 us sleep when PLE is off, as 2.6.34 did)",
  },
  {
    key: "pvSpinlocks",
    kind: "enum",
    values: ["auto", "on", "off"],
    default: "auto",
    description: "paravirtual ticket spinlocks; auto: as the guest profile says (on for linux-pv)",
  },
  {
    key: "guest",
    kind: "enum",
    values: GUEST_PROFILE_NAMES,
    default: "windows2003",
    description: "guest OS profile: spinlock kind, PV locks, spin notification, timer tick",
  },
  {
    key: "vms",
    kind: "int",
    min: 1,
    max: 64,
    default: 2,
    description: "number of guests",
  },
  {
    key: "vcpusPerVm",
    kind: "int",
    min: 1,
    max: 16,
    default: 2,
    description: "vCPUs of each guest",
  },
  {
    key: "workload",
    kind: "enum",
    values: ["webbench", "cpu-hog", "kernbench"],
    default: "webbench",
    description: "what every guest runs",
  },
  {
    key: "competitor",
    kind: "enum",
    values: ["none", "cpu-hog"],
    default: "none",
    description:
      "an extra guest of vcpusPerVm vCPUs running while(1) beside the measured guests (its time is not in the guest metrics)",
  },
  {
    key: "clients",
    kind: "int",
    min: 1,
    max: 10_000,
    default: 16,
    description: "webbench: closed-loop clients per guest, no think time",
  },
  {
    key: "ioWakeSync",
    kind: "enum",
    values: ["off", "on"],
    default: "off",
    description:
      "webbench: wake the I/O thread with the sync hint (as a pipe would) instead of plainly (tap packets and eventfd notifications, as in 2010)",
  },
  {
    key: "lockSections",
    kind: "int",
    min: 0,
    max: 100,
    default: 6,
    description: "webbench: guest spinlock critical sections per request",
  },
  {
    key: "noiseHz",
    kind: "int",
    min: 0,
    max: 100_000,
    default: 100,
    unit: "Hz per CPU",
    description:
      "host background activity: 50 us bursts of a kernel-thread-like task on every CPU at this rate (0: none); breaks lockstep between CPUs",
  },
  {
    key: "shootdownProbability",
    kind: "number",
    min: 0,
    max: 1,
    default: 0.1,
    description: "webbench: chance that a request does a TLB shootdown",
  },
] as const satisfies readonly ParamSpec[];

/** The resolved parameters of a VM scenario. */
export type VmParams = ParamsOf<typeof VM_PARAMS>;

/**
 * Cross-field checks of a VM scenario: the thread's patch needs the switches it turns
 * off, which 2.6.35 no longer has; then the host checks.
 *
 * @throws {ParamError} naming the key, the value and what is allowed with the kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveParams } from "./params.ts";
 * import { validateVmParams, VM_PARAMS } from "./vm_params.ts";
 * const params = resolveParams(VM_PARAMS, { kernel: "2.6.35", vcpuWakeupPatch: "on" });
 * assert.throws(() => validateVmParams(params, "x"), /'vcpuWakeupPatch' of scenario 'x'/);
 * ```
 */
export function validateVmParams(params: VmParams, scenario: string): void {
  if (params.kernel === "2.6.35" && params.vcpuWakeupPatch === "on") {
    throw new ParamError(
      `Invalid value for 'vcpuWakeupPatch' of scenario '${scenario}': "on" with kernel=2.6.35, which has no AFFINE_WAKEUPS or SYNC_WAKEUPS switch for the patch to turn off; allowed with kernel=2.6.35: off`,
    );
  }
  validateHostParams(params, scenario);
}
