/**
 * Summaries as short text with their 95% intervals, the way the README's results table
 * writes them: a share in percent, a ratio of means, a relative change.
 *
 * @module
 */

import { ratioSummary, type Summary } from "./summarize.ts";

/**
 * A share (a fraction from 0 to 1) as a percentage with its 95% half-width:
 * `"12.3% ± 0.4"`, with two decimals when the mean is under 0.01 (1%).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatPercent } from "./format_summary.ts";
 * import { summarize } from "./summarize.ts";
 * assert.equal(formatPercent(summarize([0.5, 0.5])), "50.0% ± 0.0");
 * assert.equal(formatPercent(summarize([0.002, 0.002])), "0.20% ± 0.00");
 * ```
 */
export function formatPercent(share: Summary): string {
  const digits = Math.abs(share.mean) < 0.01 ? 2 : 1;
  return `${(100 * share.mean).toFixed(digits)}% ± ${(100 * share.ci95).toFixed(digits)}`;
}

/**
 * The ratio of two means with its 95% interval ({@linkcode ratioSummary}):
 * `"5.12x (4.80-5.46)"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRatio } from "./format_summary.ts";
 * import { summarize } from "./summarize.ts";
 * assert.equal(formatRatio(summarize([10, 10]), summarize([4, 4])), "2.50x (2.50-2.50)");
 * ```
 */
export function formatRatio(numerator: Summary, denominator: Summary): string {
  const r = ratioSummary(numerator, denominator);
  return `${r.ratio.toFixed(2)}x (${r.low.toFixed(2)}-${r.high.toFixed(2)})`;
}

/**
 * The relative change from `reference` to `value`, in whole percent with its 95%
 * interval ({@linkcode ratioSummary}): `"-80% (-83% to -77%)"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatChange } from "./format_summary.ts";
 * import { summarize } from "./summarize.ts";
 * assert.equal(formatChange(summarize([2, 2]), summarize([10, 10])), "-80% (-80% to -80%)");
 * assert.equal(formatChange(summarize([15, 15]), summarize([10, 10])), "+50% (+50% to +50%)");
 * ```
 */
export function formatChange(value: Summary, reference: Summary): string {
  const r = ratioSummary(value, reference);
  const f = (x: number) => `${x >= 1 ? "+" : ""}${(100 * (x - 1)).toFixed(0)}%`;
  return `${f(r.ratio)} (${f(r.low)} to ${f(r.high)})`;
}
