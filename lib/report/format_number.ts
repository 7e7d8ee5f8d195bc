/**
 * Compact, stable number formatting for tables shown in notebooks.
 *
 * @module
 */

/** Options of {@linkcode formatNumber}. */
export interface FormatNumberOptions {
  /**
   * Significant digits kept for numbers that are not integers: an integer from 1 to 21.
   * @default {4}
   */
  digits?: number;
}

/**
 * Formats a number compactly, the same way for the same value on every machine
 * (it relies only on `Number.prototype.toPrecision` and `toExponential`, whose
 * results ECMAScript specifies exactly):
 *
 * - integers with at most 15 digits are written in full, without grouping: `1234567`;
 * - other numbers from `10 ** digits` on are rounded to an integer: `123457`;
 * - the rest keep `digits` significant digits, trailing zeros dropped: `0.1235`;
 * - numbers of magnitude below 1e-4 or from 1e15 on use exponent notation: `1.5e-7`;
 * - `-0` is written `0`; `NaN`, `Infinity` and `-Infinity` as themselves.
 *
 * @throws {RangeError} when `options.digits` is not an integer from 1 to 21.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./format_number.ts";
 * assert.ok(formatNumber(1234567) === "1234567");
 * assert.ok(formatNumber(2 / 3) === "0.6667");
 * assert.ok(formatNumber(0.5) === "0.5");
 * assert.ok(formatNumber(1.5e-7) === "1.5e-7");
 * assert.ok(formatNumber(123456.789) === "123457");
 * assert.ok(formatNumber(-0) === "0");
 * ```
 */
export function formatNumber(value: number, options?: FormatNumberOptions): string {
  const { digits = 4 } = options ?? {};
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(
      `Cannot format number as 'digits' must be an integer from 1 to 21: current value is ${digits}`,
    );
  }
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e15) return String(value);
  if (magnitude < 1e-4 || magnitude >= 1e15) {
    return trimExponential(value.toExponential(digits - 1));
  }
  if (magnitude >= 10 ** digits) return String(Math.round(value));
  const text = value.toPrecision(digits);
  // 9999.6 at 4 digits rounds up to "1.000e+4": write the integer it rounds to.
  return text.includes("e") ? String(Math.round(value)) : trimFraction(text);
}

function trimFraction(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

function trimExponential(text: string): string {
  const [mantissa = "", exponent = ""] = text.split("e");
  return `${trimFraction(mantissa)}e${exponent}`;
}
