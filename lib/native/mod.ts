/**
 * Native workloads: host tasks with no VM.
 *
 * @module
 */

export * from "./pipe.ts";
export * from "./pipe_pairs.ts";
export * from "./cpu_hogs.ts";
export * from "./host_noise.ts";
