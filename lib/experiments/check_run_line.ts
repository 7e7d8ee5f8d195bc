/**
 * Whether one line of a sweep's CSV file is a complete, well-formed row of the run it
 * claims to be. Sweeps use it when they resume, merges for every row of every shard, and
 * `readExperimentCsv` for every row of a data file: a damaged row is reported (and run
 * again by a sweep), never kept.
 *
 * @module
 */

// @ts-types="@types/d3-dsv"
import { csvParseRows } from "d3-dsv";
import type { Experiment, RunSpec } from "./experiment.ts";
import { METRIC_NAMES } from "../metrics/run_metrics.ts";
import { getScenario } from "../scenarios/registry.ts";

/**
 * What is wrong with a row: `damaged` when it is not a whole, well-formed row (a cell
 * missing or extra, a quote, a metric that is not a number as sweeps write them, a bad
 * run index); `other-run` when it is well-formed but not the row of this experiment's
 * run (another experiment, grid, seed or timing).
 */
export interface RunLineProblem {
  /** `damaged` or `other-run`. */
  readonly kind: "damaged" | "other-run";
  /** What is wrong, in words. */
  readonly message: string;
}

const METRICS: ReadonlySet<string> = new Set(METRIC_NAMES);

/**
 * What is wrong with `cells` as the row of `spec` under `columns`, or `null` when it
 * is that run's complete row. See {@linkcode checkRunLine}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandRuns } from "./experiment.ts";
 * import { getExperiment } from "./registry.ts";
 * import { experimentColumns, runSpecLine } from "./run_spec_line.ts";
 * const e = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
 * const spec = expandRuns(e)[0]!;
 * const line = runSpecLine(e, spec).line.trimEnd();
 * const columns = experimentColumns(e);
 * import { diagnoseRunCells } from "./check_run_line.ts";
 * const cells = line.split(",");
 * assert.equal(diagnoseRunCells(e, columns, cells, spec), null);
 * cells[columns.indexOf("seed")] = "2";
 * assert.deepEqual(diagnoseRunCells(e, columns, cells, spec), {
 *   kind: "other-run", message: "'seed' is '2' where run 0 of 'native-pipes' has '1'",
 * });
 * ```
 */
export function diagnoseRunCells(
  experiment: Experiment,
  columns: readonly string[],
  cells: readonly string[],
  spec: RunSpec | undefined,
): RunLineProblem | null {
  const damaged = (message: string): RunLineProblem => ({ kind: "damaged", message });
  if (cells.length !== columns.length) {
    return damaged(`${cells.length} cells where the header has ${columns.length}`);
  }
  const cell = (name: string): string | undefined => {
    const i = columns.indexOf(name);
    return i < 0 ? undefined : cells[i];
  };
  const index = cell("run") ?? "";
  if (!/^(0|[1-9]\d*)$/.test(index) || !Number.isSafeInteger(Number(index))) {
    return damaged(`run index '${index}' is not a non-negative integer`);
  }
  for (const [i, name] of columns.entries()) {
    const text = cells[i] as string;
    if (/[\r\n]/.test(text)) return damaged(`'${name}' holds a line break`);
    // A metric is empty (undefined) or a number exactly as toCsv writes it.
    if (METRICS.has(name) && text !== "" && String(Number(text)) !== text) {
      return damaged(`metric '${name}' is '${text}', not a number as a sweep writes it`);
    }
  }
  if (spec === undefined) {
    return {
      kind: "other-run",
      message: `run ${index} is not a run of experiment '${experiment.name}' with these seeds`,
    };
  }
  const expected: [string, string][] = [
    ["run", String(spec.index)],
    ["experiment", experiment.name],
    ["series", spec.series],
    ["seed", String(spec.seed)],
    ["durationMs", String(experiment.durationMs)],
    ["warmupMs", String(experiment.warmupMs)],
    ["scenario", experiment.scenario],
    // Every parameter: the grid's values, and the scenario's defaults for the rest.
    ...getScenario(experiment.scenario).params.map((p): [string, string] => [
      p.key,
      String(Object.hasOwn(spec.params, p.key) ? spec.params[p.key] : p.default),
    ]),
  ];
  for (const [name, value] of expected) {
    const actual = cell(name);
    if (actual !== value) {
      return {
        kind: "other-run",
        message: `'${name}' is ${
          actual === undefined ? "not a column" : `'${actual}'`
        } where run ${spec.index} of '${experiment.name}' has '${value}'`,
      };
    }
  }
  return null;
}

/**
 * What is wrong with `line` as the row of `spec` under `columns`, or `null` when it is
 * that run's complete row. `line` is one line without its newline.
 *
 * A row is complete when it has one cell per column, its run index, experiment, scenario,
 * seed, timing and parameters (those the grid sets, and the scenario's defaults for the
 * others) are those of `spec`, no cell holds a line break, and every metric cell is
 * empty or a number written as sweeps write numbers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandRuns } from "./experiment.ts";
 * import { getExperiment } from "./registry.ts";
 * import { experimentColumns, runSpecLine } from "./run_spec_line.ts";
 * const e = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
 * const spec = expandRuns(e)[0]!;
 * const line = runSpecLine(e, spec).line.trimEnd();
 * const columns = experimentColumns(e);
 * import { checkRunLine } from "./check_run_line.ts";
 * assert.equal(checkRunLine(e, columns, line, spec), null);
 * assert.equal(
 *   checkRunLine(e, columns, line.replace(/,[^,]*$/, ""), spec),
 *   `${columns.length - 1} cells where the header has ${columns.length}`,
 * );
 * ```
 */
export function checkRunLine(
  experiment: Experiment,
  columns: readonly string[],
  line: string,
  spec: RunSpec | undefined,
): string | null {
  return diagnoseRunLine(experiment, columns, line, spec)?.message ?? null;
}

/**
 * {@linkcode checkRunLine}, saying also whether the row is damaged or the row of another
 * run (see {@linkcode RunLineProblem}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandRuns } from "./experiment.ts";
 * import { getExperiment } from "./registry.ts";
 * import { experimentColumns, runSpecLine } from "./run_spec_line.ts";
 * const e = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
 * const spec = expandRuns(e)[0]!;
 * const line = runSpecLine(e, spec).line.trimEnd();
 * const columns = experimentColumns(e);
 * import { diagnoseRunLine } from "./check_run_line.ts";
 * assert.equal(diagnoseRunLine(e, columns, line.replace(",", ',"'), spec)?.kind, "damaged");
 * ```
 */
export function diagnoseRunLine(
  experiment: Experiment,
  columns: readonly string[],
  line: string,
  spec: RunSpec | undefined,
): RunLineProblem | null {
  const quotes = line.split('"').length - 1;
  if (quotes % 2 !== 0) return { kind: "damaged", message: "an unclosed quote" };
  const rows = csvParseRows(line);
  if (rows.length !== 1) {
    return { kind: "damaged", message: `${rows.length} rows on one line` };
  }
  return diagnoseRunCells(experiment, columns, rows[0] as string[], spec);
}
