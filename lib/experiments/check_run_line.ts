/**
 * Whether one line of a sweep's CSV file is a complete, well-formed row of the run it
 * claims to be. Sweeps use it when they resume, and merges for every row of every shard:
 * a damaged row is reported and run again, never kept.
 *
 * @module
 */

import { csvParseRows } from "d3-dsv";
import type { Experiment, RunSpec } from "./experiment.ts";

/**
 * What is wrong with `line` as the row of `spec` under `columns`, or `null` when it is
 * that run's complete row. `line` is one line without its newline.
 *
 * A row is complete when it has one cell per column, its run index, experiment, seed,
 * timing and parameters are those of `spec`, and no cell holds a line break.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkRunLine } from "./check_run_line.ts";
 * const experiment = {
 *   name: "x", description: "", scenario: "native-pipes", seeds: 1, durationMs: 10,
 *   warmupMs: 0, output: "x.csv", grids: [{ series: "s", axes: { pairs: [1] } }],
 * };
 * const spec = { index: 0, series: "s", params: { pairs: 1 }, seed: 1 };
 * const columns = ["run", "experiment", "series", "seed", "durationMs", "warmupMs", "pairs", "m"];
 * assert.equal(checkRunLine(experiment, columns, "0,x,s,1,10,0,1,0.5", spec), null);
 * assert.equal(
 *   checkRunLine(experiment, columns, "0,x,s,1,10,0,1", spec),
 *   "7 cells where the header has 8",
 * );
 * ```
 */
export function checkRunLine(
  experiment: Experiment,
  columns: readonly string[],
  line: string,
  spec: RunSpec | undefined,
): string | null {
  const rows = csvParseRows(line);
  if (rows.length !== 1) return `${rows.length} rows on one line (an unclosed quote?)`;
  const cells = rows[0] as string[];
  if (cells.length !== columns.length) {
    return `${cells.length} cells where the header has ${columns.length}`;
  }
  const cell = (name: string): string | undefined => {
    const i = columns.indexOf(name);
    return i < 0 ? undefined : cells[i];
  };
  const index = cell("run") ?? "";
  if (!/^\d+$/.test(index)) return `run index '${index}' is not a non-negative integer`;
  if (spec === undefined) {
    return `run ${index} is not a run of experiment '${experiment.name}' with these seeds`;
  }
  const expected: [string, string][] = [
    ["run", String(spec.index)],
    ["experiment", experiment.name],
    ["series", spec.series],
    ["seed", String(spec.seed)],
    ["durationMs", String(experiment.durationMs)],
    ["warmupMs", String(experiment.warmupMs)],
    ...Object.entries(spec.params).map(([k, v]): [string, string] => [k, String(v)]),
  ];
  for (const [name, value] of expected) {
    const actual = cell(name);
    if (actual !== value) {
      return `'${name}' is ${
        actual === undefined ? "not a column" : `'${actual}'`
      } where run ${spec.index} of '${experiment.name}' has '${value}'`;
    }
  }
  return null;
}
