/**
 * Distributions as plain data, so that a workload's configuration can say "service
 * time: log-normal, mean 200 us, cv 1" and be validated, printed and written to CSV.
 *
 * @module
 */

import type { RandomStream } from "./random.ts";

/** A distribution of non-negative values (durations in ns, counts, ...). */
export type Distribution =
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "exponential"; readonly mean: number }
  | { readonly kind: "uniform"; readonly min: number; readonly max: number }
  | { readonly kind: "lognormal"; readonly mean: number; readonly cv: number };

/** The kinds a {@linkcode Distribution} may have. */
export const DISTRIBUTION_KINDS = ["constant", "exponential", "uniform", "lognormal"] as const;

/**
 * Draws one value from `dist`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RandomStream } from "./random.ts";
 * import { sample } from "./distribution.ts";
 * const rng = RandomStream.derive(1, "demo");
 * assert.ok(sample(rng, { kind: "constant", value: 3 }) === 3);
 * ```
 */
export function sample(rng: RandomStream, dist: Distribution): number {
  switch (dist.kind) {
    case "constant":
      return dist.value;
    case "exponential":
      return rng.exponential(dist.mean);
    case "uniform":
      return rng.uniform(dist.min, dist.max);
    case "lognormal":
      return dist.cv === 0 ? dist.mean : rng.logNormal(dist.mean, dist.cv);
  }
}

/**
 * Draws a duration in whole nanoseconds (rounded, never negative) from `dist`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RandomStream } from "./random.ts";
 * import { sampleNs } from "./distribution.ts";
 * const rng = RandomStream.derive(1, "demo");
 * assert.ok(Number.isInteger(sampleNs(rng, { kind: "exponential", mean: 1500.5 })));
 * ```
 */
export function sampleNs(rng: RandomStream, dist: Distribution): number {
  const value = Math.round(sample(rng, dist));
  return value > 0 ? value : 0;
}

/**
 * The mean of `dist`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanOf } from "./distribution.ts";
 * assert.ok(meanOf({ kind: "uniform", min: 2, max: 4 }) === 3);
 * ```
 */
export function meanOf(dist: Distribution): number {
  switch (dist.kind) {
    case "constant":
      return dist.value;
    case "exponential":
    case "lognormal":
      return dist.mean;
    case "uniform":
      return (dist.min + dist.max) / 2;
  }
}

/**
 * Checks that `value` is a well-formed distribution of non-negative values and returns
 * it. `field` names it in the error, e.g. `"webbench.serviceNs"`.
 *
 * @throws {TypeError} when the shape or kind is wrong.
 * @throws {RangeError} when a parameter is negative or not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDistribution } from "./distribution.ts";
 * let message = "";
 * try {
 *   checkDistribution("serviceNs", { kind: "exponential", mean: -1 });
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * assert.ok(message.includes("serviceNs.mean"));
 * ```
 */
export function checkDistribution(field: string, value: unknown): Distribution {
  if (typeof value !== "object" || value === null || !("kind" in value)) {
    throw new TypeError(
      `Invalid '${field}': expected a distribution object with a 'kind' (${
        DISTRIBUTION_KINDS.join(", ")
      }): current value is ${JSON.stringify(value)}`,
    );
  }
  const dist = value as Record<string, unknown>;
  const param = (name: string): number => {
    const v = dist[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(
        `Invalid '${field}.${name}': must be a finite number >= 0: current value is ${String(v)}`,
      );
    }
    return v;
  };
  switch (dist.kind) {
    case "constant":
      param("value");
      break;
    case "exponential":
      param("mean");
      break;
    case "uniform":
      if (param("max") < param("min")) {
        throw new RangeError(
          `Invalid '${field}.max': must be >= min (${String(dist.min)}): current value is ${
            String(dist.max)
          }`,
        );
      }
      break;
    case "lognormal":
      if (param("mean") === 0 && param("cv") > 0) {
        throw new RangeError(
          `Invalid '${field}.mean': a log-normal with cv > 0 needs mean > 0: current value is 0`,
        );
      }
      break;
    default:
      throw new TypeError(
        `Invalid '${field}.kind': must be one of ${
          DISTRIBUTION_KINDS.join(", ")
        }: current value is ${JSON.stringify(dist.kind)}`,
      );
  }
  return value as Distribution;
}
