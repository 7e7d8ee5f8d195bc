/**
 * Experiments: a scenario, parameter grids, and seeds. Expanding an experiment gives
 * the list of runs in a fixed order; a run's index in that list is its identity in
 * CSV files, in shards and when resuming.
 *
 * @module
 */

import type { ParamValue } from "../scenarios/params.ts";
import { getScenario } from "../scenarios/registry.ts";

/** A grid: every combination of the listed values, plus fixed values. */
export interface Grid {
  /** Names this part of the experiment in the `series` column. */
  readonly series: string;
  /** Values for every run of the grid. */
  readonly fixed?: Readonly<Record<string, ParamValue>>;
  /** Axes: every combination is run, the first axis varying slowest. */
  readonly axes: Readonly<Record<string, readonly ParamValue[]>>;
}

/** A named experiment. */
export interface Experiment {
  /** Its name for `deno task sweep <name>`, and in the `experiment` column. */
  readonly name: string;
  /** What it varies and why, in a sentence. */
  readonly description: string;
  /** The name of the scenario every run runs (see `getScenario`). */
  readonly scenario: string;
  /** The grids of parameters, run in order; each names its series. */
  readonly grids: readonly Grid[];
  /** Seeds per grid point when not given. */
  readonly seeds: number;
  /** Measured time per run. Unit: ms. */
  readonly durationMs: number;
  /** Warm-up per run. Unit: ms. */
  readonly warmupMs: number;
  /** The CSV file under data/ that `deno task reproduce` writes. */
  readonly output: string;
}

/** One run of an experiment. */
export interface RunSpec {
  /** Position in the expanded experiment, from 0. */
  readonly index: number;
  /** The series of the grid it comes from. */
  readonly series: string;
  /** The scenario's parameters that the grid sets (the rest take their defaults). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The run's seed, from 1. */
  readonly seed: number;
}

/** The most runs one experiment expands to: a bound on memory, far above any real sweep. */
export const MAX_RUNS = 1_000_000;

/**
 * The runs of `experiment` with `seeds` seeds (1..seeds) per grid point, in order:
 * grids in order, grid points with the first axis slowest, seeds fastest.
 *
 * @throws {RangeError} when `seeds` is not an integer >= 1, or the runs would be more
 * than {@linkcode MAX_RUNS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandRuns } from "./experiment.ts";
 * const runs = expandRuns({
 *   name: "x", description: "", scenario: "native-pipes", seeds: 2, durationMs: 1,
 *   warmupMs: 0, output: "x.csv",
 *   grids: [{ series: "s", axes: { pairs: [1, 2], affineWakeups: ["on", "off"] } }],
 * });
 * assert.equal(runs.length, 8);
 * assert.deepEqual(runs[2], { index: 2, series: "s", params: { pairs: 1, affineWakeups: "off" }, seed: 1 });
 * ```
 */
export function expandRuns(experiment: Experiment, seeds = experiment.seeds): RunSpec[] {
  if (!Number.isInteger(seeds) || seeds < 1) {
    throw new RangeError(
      `Cannot expand experiment '${experiment.name}' as 'seeds' must be an integer >= 1: current value is ${seeds}`,
    );
  }
  getScenario(experiment.scenario);
  const points = experiment.grids.reduce(
    (sum, grid) => sum + Object.values(grid.axes).reduce((n, values) => n * values.length, 1),
    0,
  );
  if (points * seeds > MAX_RUNS) {
    throw new RangeError(
      `Cannot expand experiment '${experiment.name}' as 'seeds' must be at most ${
        Math.max(1, Math.floor(MAX_RUNS / points))
      } (${points} grid points x seeds must be at most ${MAX_RUNS} runs): current value is ${seeds}`,
    );
  }
  const runs: RunSpec[] = [];
  for (const grid of experiment.grids) {
    const axes = Object.entries(grid.axes);
    const points: Record<string, ParamValue>[] = [{ ...grid.fixed }];
    for (const [key, values] of axes) {
      const next: Record<string, ParamValue>[] = [];
      for (const point of points) for (const v of values) next.push({ ...point, [key]: v });
      points.splice(0, points.length, ...next);
    }
    for (const params of points) {
      for (let seed = 1; seed <= seeds; seed++) {
        runs.push({ index: runs.length, series: grid.series, params, seed });
      }
    }
  }
  return runs;
}

/**
 * Parses `--shard k/n` and returns whether run `index` belongs to it (index mod n is
 * k - 1), so shards are disjoint, cover every run and never depend on timing.
 *
 * @throws {RangeError} for anything but `k/n` with 1 <= k <= n.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseShard } from "./experiment.ts";
 * const inShard = parseShard("2/3");
 * assert.deepEqual([0, 1, 2, 3, 4].filter(inShard), [1, 4]);
 * ```
 */
export function parseShard(text: string): (index: number) => boolean {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(k >= 1 && n >= 1 && k <= n)) {
    throw new RangeError(
      `Invalid --shard: must be k/n with 1 <= k <= n (e.g. 1/4): current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return (index) => index % n === k - 1;
}
