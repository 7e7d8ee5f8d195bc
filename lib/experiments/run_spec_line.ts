/**
 * Runs one run of an experiment and formats its CSV line: the work a sweep worker does.
 *
 * @module
 */

import { toCsv } from "../report/to_csv.ts";
import { getScenario, runScenario } from "../scenarios/registry.ts";
import type { Experiment, RunSpec } from "./experiment.ts";
import { rowColumns, runRow } from "./run_row.ts";

/** The columns of an experiment's CSV file. */
export function experimentColumns(experiment: Experiment): string[] {
  const scenario = getScenario(experiment.scenario);
  return ["run", "experiment", "series", ...rowColumns(scenario.params.map((p) => p.key))];
}

/**
 * Runs `spec` and returns its CSV line (with the trailing newline) and the simulated
 * time it covered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runSpecLine } from "./run_spec_line.ts";
 * import { getExperiment } from "./registry.ts";
 * const e = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
 * const { line } = runSpecLine(e, { index: 7, series: "s", params: { pairs: 1 }, seed: 1 });
 * assert.ok(line.startsWith("7,native-pipes,s,native-pipes,1,5,1,"));
 * ```
 */
export function runSpecLine(
  experiment: Experiment,
  spec: RunSpec,
): { line: string; simMs: number } {
  const result = runScenario(experiment.scenario, spec.params, {
    seed: spec.seed,
    durationMs: experiment.durationMs,
    warmupMs: experiment.warmupMs,
  });
  const row = {
    run: spec.index,
    experiment: experiment.name,
    series: spec.series,
    ...runRow(result),
  };
  const text = toCsv([row], experimentColumns(experiment));
  return {
    line: text.slice(text.indexOf("\n") + 1),
    simMs: experiment.durationMs + experiment.warmupMs,
  };
}
