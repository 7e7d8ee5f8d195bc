/**
 * Small helpers for command-line flags.
 *
 * @module
 */

/** The range of an integer flag. */
export interface IntegerRange {
  /** The smallest value allowed. @default {0} */
  readonly min?: number;
  /** The largest value allowed. @default {Number.MAX_SAFE_INTEGER} */
  readonly max?: number;
}

/**
 * Parses an integer flag value: plain decimal digits (an optional `-`, no `+`, exponent,
 * hex, fraction or spaces) within `range`; `undefined` when the flag was not given.
 *
 * @throws {RangeError} naming the flag, the range and the value otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integerFlag } from "./flags.ts";
 * assert.equal(integerFlag("seed", "7"), 7);
 * assert.equal(integerFlag("seed", undefined), undefined);
 * assert.throws(() => integerFlag("seed", "1e3"), /Invalid --seed: must be an integer from 0 to 9007199254740991: current value is "1e3"/);
 * assert.throws(() => integerFlag("workers", "65", { min: 1, max: 64 }), /from 1 to 64/);
 * ```
 */
export function integerFlag(
  name: string,
  text: string | undefined,
  range: IntegerRange = {},
): number | undefined {
  if (text === undefined) return undefined;
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Invalid --${name}: must be an integer from ${min} to ${max}: current value is ${
        JSON.stringify(text)
      }`,
    );
  }
  return value;
}
