/**
 * Experiments: the named parameter grids behind data/ and the notebooks, and what turns
 * them into CSV rows and into the README's claims.
 *
 * - `experiment.ts`: an experiment (a scenario, grids of parameters, seeds) and its
 *   expansion into runs; `registry.ts`: every experiment (`EXPERIMENTS`), each writing
 *   one CSV file under data/.
 * - `run_row.ts` and `run_spec_line.ts`: one run as a flat record and as a CSV line.
 * - `sweep.ts`: every run of an experiment (or of a shard) in parallel workers
 *   (`worker_pool.ts` starts them, `sweep_worker.ts` is what they run), resumable, and
 *   written in run order whatever the timing or sharding; `file_lock.ts` keeps one
 *   writer per file, and `sweep_error.ts` is the error of both sweeps and merges.
 * - `merge_shards.ts`: joins the shard files of a sweep after checking every row
 *   (`check_run_line.ts`) and that every run is there once; names the missing runs.
 * - `read_experiment_csv.ts`: an experiment's data file for a notebook, checked the
 *   same way.
 * - `claims.ts`: the README's claims; `results_rows.ts` answers each from the CSV
 *   files of the experiments it names, and `deno task results` prints the answers as a
 *   table.
 * - `mm1.ts`: an M/M/1 queue against its closed form, the engine's end-to-end check. It
 *   is a model rather than a grid of runs, but it lives here, above report, because its
 *   result shows as a table and its interval is report's `summarize`.
 *
 * @module
 */

export * from "./experiment.ts";
export * from "./registry.ts";
export * from "./run_row.ts";
export * from "./run_spec_line.ts";
export * from "./sweep_error.ts";
export * from "./file_lock.ts";
export * from "./sweep.ts";
export * from "./check_run_line.ts";
export * from "./merge_shards.ts";
export * from "./read_experiment_csv.ts";
export * from "./claims.ts";
export * from "./results_rows.ts";
export * from "./mm1.ts";
