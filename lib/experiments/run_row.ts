/**
 * A run as one flat record: what a sweep writes as a CSV row and `deno task sim
 * --format csv` prints.
 *
 * @module
 */

import type { CsvRow } from "../report/to_csv.ts";
import { METRIC_NAMES } from "../metrics/run_metrics.ts";
import type { RunResult } from "../scenarios/scenario.ts";

/** The identifying columns, before the parameters. */
export const ID_COLUMNS = ["scenario", "seed", "durationMs", "warmupMs"] as const;

/**
 * The columns of a row: identity, the scenario's parameters in schema order, metrics.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rowColumns } from "./run_row.ts";
 * assert.deepEqual(rowColumns(["vms"]).slice(0, 6), ["scenario", "seed", "durationMs", "warmupMs", "vms", "throughputRps"]);
 * ```
 */
export function rowColumns(paramKeys: readonly string[]): string[] {
  return [...ID_COLUMNS, ...paramKeys, ...METRIC_NAMES];
}

/** The flat record of a run. */
export function runRow(result: RunResult): CsvRow {
  return {
    scenario: result.scenario,
    seed: result.seed,
    durationMs: result.durationMs,
    warmupMs: result.warmupMs,
    ...result.params,
    ...result.metrics,
  };
}
