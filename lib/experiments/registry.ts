/**
 * The named experiments behind the notebooks and the README's results table. Each
 * writes one CSV file under data/.
 *
 * @module
 */

import type { Experiment } from "./experiment.ts";

const ON_OFF = ["on", "off"];

/** Overcommit levels: guests of 2 vCPUs on 16 pCPUs, 0.125 to 3 vCPUs per pCPU. */
const VMS_2VCPU = [1, 2, 4, 6, 8, 10, 12, 14, 16, 20, 24];
/** Guests of 4 vCPUs, 0.25 to 3 vCPUs per pCPU. */
const VMS_4VCPU = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12];

/** Every experiment. */
export const EXPERIMENTS: readonly Experiment[] = [
  {
    name: "thread-2x2",
    description:
      "the thread's grid on the 2-pCPU host: placement x affineWakeups x syncWakeups x vcpuWakeupPatch",
    scenario: "thread-2x2",
    grids: [{
      series: "grid",
      axes: {
        placement: ["unpinned", "pinned"],
        affineWakeups: ON_OFF,
        syncWakeups: ON_OFF,
        vcpuWakeupPatch: ["off", "on"],
      },
    }],
    seeds: 10,
    durationMs: 10_000,
    warmupMs: 1_000,
    output: "thread_2x2.csv",
  },
  {
    name: "thread-2x2-sensitivity",
    description:
      "how the pinned/default gap on the 2-pCPU host depends on how much the guest waits for its siblings: TLB shootdowns per request, and spinlock sections without shootdowns",
    scenario: "thread-2x2",
    grids: [
      {
        series: "shootdowns",
        axes: {
          placement: ["unpinned", "pinned"],
          shootdownProbability: [0, 0.02, 0.05, 0.1, 0.2, 0.3],
        },
      },
      {
        series: "lock sections, no shootdowns",
        fixed: { shootdownProbability: 0 },
        axes: { placement: ["unpinned", "pinned"], lockSections: [0, 6, 12, 24] },
      },
    ],
    seeds: 10,
    durationMs: 5_000,
    warmupMs: 1_000,
    output: "thread_2x2_sensitivity.csv",
  },
  {
    name: "coscheduling",
    description:
      "co-scheduling share on the 2-pCPU host for pinned, random placement without affine pulls, and the default, with webbench and CPU-hog guests",
    scenario: "thread-2x2",
    grids: [
      {
        series: "pinned",
        fixed: { placement: "pinned" },
        axes: { workload: ["webbench", "cpu-hog"] },
      },
      {
        series: "random placement, no affine pulls",
        fixed: { placement: "random", affineWakeups: "off" },
        axes: { workload: ["webbench", "cpu-hog"] },
      },
      { series: "default", axes: { workload: ["webbench", "cpu-hog"] } },
    ],
    seeds: 20,
    durationMs: 5_000,
    warmupMs: 1_000,
    output: "coscheduling.csv",
  },
  {
    name: "coscheduling-range",
    description:
      "co-scheduling share of CPU-hog guests placed at random without affine pulls, across hosts, guest counts and sizes, against the calculator",
    scenario: "thread-2x2",
    grids: [
      {
        series: "2 pCPUs",
        fixed: {
          workload: "cpu-hog",
          placement: "random",
          affineWakeups: "off",
          host: "host-2cpu",
        },
        axes: { vcpusPerVm: [2], vms: [1, 2, 3, 4] },
      },
      {
        series: "16 pCPUs",
        fixed: {
          workload: "cpu-hog",
          placement: "random",
          affineWakeups: "off",
          host: "server-16cpu",
        },
        axes: { vcpusPerVm: [2, 4], vms: [4, 8, 12, 16] },
      },
    ],
    seeds: 10,
    durationMs: 3_000,
    warmupMs: 500,
    output: "coscheduling_range.csv",
  },
  {
    name: "overcommit",
    description:
      "aggregate webbench throughput on the 16-thread server against vCPUs per pCPU, affine wakeups on and off (2.6.33)",
    scenario: "overcommit",
    grids: [
      {
        series: "2 vCPUs",
        fixed: { vcpusPerVm: 2 },
        axes: { affineWakeups: ON_OFF, vms: VMS_2VCPU },
      },
      {
        series: "4 vCPUs",
        fixed: { vcpusPerVm: 4 },
        axes: { affineWakeups: ON_OFF, vms: VMS_4VCPU },
      },
    ],
    seeds: 5,
    durationMs: 3_000,
    warmupMs: 500,
    output: "overcommit.csv",
  },
  {
    name: "mitigations",
    description:
      "PLE with the 2010 sleep, PLE with directed yield, PV spinlocks, the Windows 2008 notification, the thread's patch and pinning, across overcommit",
    scenario: "overcommit",
    grids: [
      { series: "none", axes: { vms: [4, 8, 12, 16, 20, 24] } },
      { series: "PLE + sleep", fixed: { ple: "sleep" }, axes: { vms: [4, 8, 12, 16, 20, 24] } },
      {
        series: "PLE + directed yield",
        fixed: { ple: "directed-yield" },
        axes: { vms: [4, 8, 12, 16, 20, 24] },
      },
      {
        series: "PV spinlocks (linux-pv)",
        fixed: { guest: "linux-pv" },
        axes: { vms: [4, 8, 12, 16, 20, 24] },
      },
      {
        series: "PV spinlocks off (linux ticket)",
        fixed: { guest: "linux-pv", pvSpinlocks: "off" },
        axes: { vms: [4, 8, 12, 16, 20, 24] },
      },
      {
        series: "Windows 2008 notification",
        fixed: { guest: "windows2008" },
        axes: { vms: [4, 8, 12, 16, 20, 24] },
      },
      {
        series: "vCPU wakeup patch",
        fixed: { vcpuWakeupPatch: "on" },
        axes: { vms: [4, 8, 12, 16, 20, 24] },
      },
      { series: "pinned", fixed: { placement: "pinned" }, axes: { vms: [4, 8, 12, 16, 20, 24] } },
    ],
    seeds: 5,
    durationMs: 3_000,
    warmupMs: 500,
    output: "mitigations.csv",
  },
  {
    name: "mitigations-2x2",
    description: "the same mitigations on the thread's 2-pCPU host with two 2-vCPU guests",
    scenario: "thread-2x2",
    grids: [
      { series: "none", axes: {} },
      { series: "PLE + sleep", fixed: { ple: "sleep" }, axes: {} },
      { series: "PLE + directed yield", fixed: { ple: "directed-yield" }, axes: {} },
      { series: "PV spinlocks (linux-pv)", fixed: { guest: "linux-pv" }, axes: {} },
      {
        series: "PV spinlocks off (linux ticket)",
        fixed: { guest: "linux-pv", pvSpinlocks: "off" },
        axes: {},
      },
      { series: "Windows 2008 notification", fixed: { guest: "windows2008" }, axes: {} },
      { series: "vCPU wakeup patch", fixed: { vcpuWakeupPatch: "on" }, axes: {} },
      { series: "pinned", fixed: { placement: "pinned" }, axes: {} },
    ],
    seeds: 10,
    durationMs: 5_000,
    warmupMs: 1_000,
    output: "mitigations_2x2.csv",
  },
  {
    name: "lock-holder-preemption",
    description:
      "a 2-vCPU kernbench guest alone on the 2-pCPU host and beside a while(1) guest: how much of its running time it spins (Friebel and Biemueller, Xen Summit 2008)",
    scenario: "thread-2x2",
    grids: [{
      series: "kernbench",
      fixed: { workload: "kernbench", vms: 1 },
      axes: { competitor: ["none", "cpu-hog"], placement: ["unpinned", "pinned"] },
    }],
    seeds: 10,
    durationMs: 5_000,
    warmupMs: 1_000,
    output: "lock_holder_preemption.csv",
  },
  {
    name: "native-pipes",
    description: "ping-pong pairs with no VM: affine and sync wakeups on and off, on both hosts",
    scenario: "native-pipes",
    grids: [
      {
        series: "16 pCPUs",
        fixed: { host: "server-16cpu" },
        axes: { affineWakeups: ON_OFF, syncWakeups: ON_OFF, pairs: [1, 4, 8, 16, 24, 32] },
      },
      {
        series: "2 pCPUs",
        fixed: { host: "host-2cpu" },
        axes: { affineWakeups: ON_OFF, syncWakeups: ON_OFF, pairs: [1, 2, 4, 8] },
      },
    ],
    seeds: 3,
    durationMs: 1_000,
    warmupMs: 100,
    output: "native_pipes.csv",
  },
];

/**
 * The experiment called `name`.
 *
 * @throws {RangeError} for an unknown name, listing the known ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getExperiment } from "./registry.ts";
 * assert.equal(getExperiment("overcommit").scenario, "overcommit");
 * ```
 */
export function getExperiment(name: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (e === undefined) {
    throw new RangeError(
      `Unknown experiment '${name}'; allowed: ${EXPERIMENTS.map((x) => x.name).join(", ")}`,
    );
  }
  return e;
}
