/**
 * Workloads that drive whole VMs: webbench-like web serving, a CPU hog guest, and a
 * kernbench-like compile.
 *
 * @module
 */

export * from "./webbench.ts";
export * from "./cpu_hog_guest.ts";
export * from "./kernbench.ts";
