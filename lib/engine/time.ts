/**
 * Simulated time is an integer count of nanoseconds held in a JavaScript number.
 * Integers are exact up to 2^53 ns, a little over 104 days of simulated time,
 * far beyond any run of this project.
 *
 * @module
 */

/** Nanoseconds per microsecond. */
export const NS_PER_US = 1_000;
/** Nanoseconds per millisecond. */
export const NS_PER_MS = 1_000_000;
/** Nanoseconds per second. */
export const NS_PER_S = 1_000_000_000;

/**
 * Converts microseconds to integer nanoseconds (rounded to the nearest one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { us } from "./time.ts";
 * assert.ok(us(1.5) === 1_500);
 * ```
 */
export function us(value: number): number {
  return Math.round(value * NS_PER_US);
}

/**
 * Converts milliseconds to integer nanoseconds (rounded to the nearest one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ms } from "./time.ts";
 * assert.ok(ms(10) === 10_000_000);
 * ```
 */
export function ms(value: number): number {
  return Math.round(value * NS_PER_MS);
}

/**
 * Converts seconds to integer nanoseconds (rounded to the nearest one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "./time.ts";
 * assert.ok(seconds(2) === 2_000_000_000);
 * ```
 */
export function seconds(value: number): number {
  return Math.round(value * NS_PER_S);
}

/**
 * Checks that `value` is a valid simulated duration or instant (a finite, non-negative,
 * safe integer number of nanoseconds) and returns it.
 *
 * @param what How the caller names the value in the error, e.g. `"delayNs"`.
 * @param action What the caller was doing, e.g. `"schedule timer"`.
 * @throws {TypeError} when the value is not a number.
 * @throws {RangeError} when it is NaN, fractional, negative or beyond 2^53.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkNs } from "./time.ts";
 * assert.ok(checkNs("delayNs", 5, "schedule timer") === 5);
 * ```
 */
export function checkNs(what: string, value: unknown, action: string): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${what}' must be a number of nanoseconds: current value is ${
        String(value)
      } (${typeof value})`,
    );
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot ${action} as '${what}' must be a non-negative integer number of nanoseconds: current value is ${value}`,
    );
  }
  return value;
}
