/**
 * The host scheduler: Linux 2.6.33 CFS with its wakeup placement, load balancing,
 * feature flags and costs, on a simulated machine.
 *
 * @module
 */

export * from "./topology.ts";
export * from "./sched_domains.ts";
export * from "./features.ts";
export * from "./tunables.ts";
export * from "./kernel.ts";
export * from "./costs.ts";
export * from "./task.ts";
export * from "./cfs_runqueue.ts";
export * from "./fair.ts";
export * from "./wake_affine.ts";
export * from "./select_task_rq.ts";
export * from "./cpu_load.ts";
export * from "./balance_host.ts";
export * from "./find_busiest.ts";
export * from "./load_balance.ts";
export * from "./schedstats.ts";
export * from "./run_trace.ts";
export * from "./run_segment.ts";
export * from "./host_cpu.ts";
export * from "./host_scheduler.ts";
