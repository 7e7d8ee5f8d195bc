/**
 * The experiment a sweep or merge command names, with its run length overridden by
 * `--duration-ms` and `--warmup-ms` when they are given.
 *
 * @module
 */

import type { Experiment } from "../experiments/experiment.ts";
import { getExperiment } from "../experiments/registry.ts";
import { integerFlag } from "./flags.ts";

/** The longest run a flag may ask for. Unit: ms. */
const MAX_RUN_MS = 3_600_000;

/**
 * The registered experiment `name`, with `durationMs` and `warmupMs` from the flags when
 * given.
 *
 * @throws {RangeError} for an unknown experiment or a flag out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { experimentFromFlags } from "./experiment_flags.ts";
 * const e = experimentFromFlags("native-pipes", { "duration-ms": "5" });
 * assert.equal(e.durationMs, 5);
 * assert.throws(() => experimentFromFlags("native-pipes", { "warmup-ms": "-1" }), /--warmup-ms/);
 * ```
 */
export function experimentFromFlags(
  name: string,
  values: Readonly<Record<string, string | undefined>>,
): Experiment {
  const named = getExperiment(name);
  const durationMs = integerFlag("duration-ms", values["duration-ms"], {
    min: 1,
    max: MAX_RUN_MS,
  });
  const warmupMs = integerFlag("warmup-ms", values["warmup-ms"], { max: MAX_RUN_MS });
  return {
    ...named,
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(warmupMs === undefined ? {} : { warmupMs }),
  };
}
