/**
 * Small helpers for command-line flags.
 *
 * @module
 */

/**
 * Parses an integer flag value; `undefined` when the flag was not given.
 *
 * @throws {RangeError} naming the flag and the value when it is not an integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integerFlag } from "./flags.ts";
 * assert.equal(integerFlag("seed", "7"), 7);
 * assert.equal(integerFlag("seed", undefined), undefined);
 * assert.throws(() => integerFlag("seed", "x"), /Invalid --seed: must be an integer: current value is "x"/);
 * ```
 */
export function integerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(value)) {
    throw new RangeError(
      `Invalid --${name}: must be an integer: current value is ${JSON.stringify(text)}`,
    );
  }
  return value;
}
