/**
 * The host scheduler: Linux 2.6.33 CFS with its wakeup placement, load balancing,
 * feature flags and costs, on a simulated machine.
 *
 * {@linkcode HostScheduler} is the one class to use: give it a
 * {@linkcode Simulation} and {@linkcode HostSchedulerOptions}, spawn tasks, give them
 * work, and let them block, sleep, wake each other and yield. Inside, it owns a
 * dispatcher (schedule(), the tick, preemption, migrations: `dispatcher.ts`) and the
 * work accounting of its tasks (`task_work.ts`); the policies are plain functions of
 * the runqueues, each named after its kernel function (`fair.ts`, `wake_affine.ts`,
 * `select_task_rq.ts`, `load_balance.ts`, `find_busiest.ts`).
 *
 * This module exports the scheduler, what goes into it and what comes out of it
 * (options, tasks, CPUs, runqueues, sched domains, counters, the run trace), and the
 * configuration data (topology presets, kernel releases, feature flags, tunables,
 * costs, domain parameters). The policy functions are internal: import them from
 * their files to test them.
 *
 * @example A task that works 1 ms, then sleeps 9 ms
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "./mod.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const task = host.spawn({ name: "sleeper" });
 * const cycle = (): void => {
 *   host.sleep(task, 9_000_000);
 *   host.setWork(task, 1_000_000, cycle);
 * };
 * host.setWork(task, 1_000_000, cycle);
 * sim.run({ untilNs: 1_000_000_000 });
 * assert.equal(host.stats.wakeups, 99);
 * assert.ok(Math.abs(host.timesOf(task).runNs / 1e9 - 0.1) < 0.001);
 * ```
 *
 * @module
 */

export {
  HostScheduler,
  type HostSchedulerOptions,
  type SpawnOptions,
  type WakeSource,
} from "./host_scheduler.ts";
export {
  HostTask,
  type HostTaskOptions,
  type TaskKind,
  type TaskState,
  type TaskTimes,
} from "./task.ts";
export type { HostCpu } from "./host_cpu.ts";
export type { CfsRunqueue } from "./cfs_runqueue.ts";
export type { RunSegment } from "./run_segment.ts";
export {
  DOMAIN_DEFAULTS,
  type DomainFlags,
  type DomainLevel,
  type DomainOverrides,
  type DomainParams,
  type SchedDomain,
  type SchedGroup,
} from "./sched_domains.ts";
export { type PreemptionCause, type SchedStats, totalMigrations } from "./schedstats.ts";
export type { MigrationCause } from "./balance_host.ts";
export { type RunInterval, RunTrace } from "./run_trace.ts";
export {
  type CacheDistance,
  CPU_NUMBERINGS,
  type CpuNumbering,
  type CpuPlace,
  MAX_CPUS,
  Topology,
  TOPOLOGY_PRESETS,
  type TopologyPresetName,
  type TopologySpec,
} from "./topology.ts";
export { KERNEL_VERSIONS, type KernelPreset, KERNELS, type KernelVersion } from "./kernel.ts";
export {
  FEATURE_NAMES,
  FEATURES_2_6_33,
  FEATURES_2_6_35,
  type SchedFeatureName,
  type SchedFeatures,
  TASK_OVERRIDABLE_FEATURES,
  type TaskFeatureOverrides,
} from "./features.ts";
export {
  ALLOWED_HZ,
  type BaseTunables,
  type SchedTunables,
  TUNABLES_2_6_33,
  TUNABLES_2_6_35,
} from "./tunables.ts";
export { DEFAULT_COSTS, type HostCosts } from "./costs.ts";
