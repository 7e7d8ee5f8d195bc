/**
 * What runs inside a VM: guest spinlocks, guest programs, OS profiles and workloads.
 *
 * @module
 */

export * from "./guest_lock.ts";
export * from "./guest_program.ts";
export * from "./profiles.ts";
export * from "./workloads/webbench.ts";
export * from "./workloads/cpu_hog.ts";
export * from "./workloads/kernbench.ts";
