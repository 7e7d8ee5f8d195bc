/**
 * Experiments: parameter grids times seeds, sweeps in parallel workers with resumable,
 * shardable CSV output, and the M/M/1 validation model.
 *
 * @module
 */

export * from "./experiment.ts";
export * from "./registry.ts";
export * from "./run_row.ts";
export * from "./run_spec_line.ts";
export * from "./sweep.ts";
export * from "./claims.ts";
export * from "./mm1.ts";
