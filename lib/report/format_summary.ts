/**
 * Summaries as short text with their 95% intervals, the way the README's results table
 * writes them: a share in percent, a ratio of means, a relative change.
 *
 * @module
 */

import { type RatioSummary, ratioSummary, type Summary } from "./summarize.ts";
import type { StateSummary } from "./state_summary.ts";

/**
 * A share (a fraction from 0 to 1) as a percentage with its 95% half-width:
 * `"12.3% ± 0.4"`, with two decimals when the mean is under 0.01 (1%); without the
 * half-width when there is none (a single value).
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
  const mean = `${(100 * share.mean).toFixed(digits)}%`;
  return Number.isNaN(share.ci95) ? mean : `${mean} ± ${(100 * share.ci95).toFixed(digits)}`;
}

/**
 * The ratio of two means with its 95% interval ({@linkcode ratioSummary}):
 * `"5.12x (4.80-5.46)"`; without the interval when there is none (a single value on a
 * side).
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
  return formatRatioSummary(ratioSummary(numerator, denominator));
}

/**
 * A ratio with its 95% interval as {@linkcode formatRatio} writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRatioSummary } from "./format_summary.ts";
 * assert.equal(formatRatioSummary({ ratio: 2, low: 1.5, high: 2.5 }), "2.00x (1.50-2.50)");
 * assert.equal(formatRatioSummary({ ratio: 2, low: NaN, high: NaN }), "2.00x");
 * ```
 */
export function formatRatioSummary(r: RatioSummary): string {
  const ratio = `${r.ratio.toFixed(2)}x`;
  return Number.isNaN(r.low) ? ratio : `${ratio} (${r.low.toFixed(2)}-${r.high.toFixed(2)})`;
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

/**
 * Runs by state (`stateSummary`), each state that holds runs with its share of the runs
 * and its value written by `format`: `"7 of 20 runs stacked at 0.00% ± 0.00, 13 split
 * at 49.8% ± 0.6"` (then partly stacked runs, if any). A sample whose runs are all in one
 * state is written as `format` writes all its runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatPercent, formatStates } from "./format_summary.ts";
 * import { stateSummary } from "./state_summary.ts";
 * const s = stateSummary([0.1, 0.1, 0.5, 0.5, 0.3], [1, 1, 0, 0, 0.5]);
 * assert.equal(
 *   formatStates(s, formatPercent),
 *   "2 of 5 runs stacked at 10.0% ± 0.0, 2 split at 50.0% ± 0.0, 1 partly stacked at 30.0%",
 * );
 * assert.equal(formatStates(stateSummary([0.5, 0.5], [0, 0]), formatPercent), "50.0% ± 0.0");
 * ```
 */
export function formatStates(states: StateSummary, format: (s: Summary) => string): string {
  if (!states.inStates) return format(states.overall);
  const parts =
    ([["stacked", "stacked"], ["split", "split"], ["partial", "partly stacked"]] as const)
      .filter(([state]) => states[state].k > 0)
      .map(([state, name]) => `${states[state].k} ${name} at ${format(states[state].summary)}`);
  return `${parts[0]!.replace(" ", ` of ${states.overall.n} runs `)}${
    parts.slice(1).map((p) => `, ${p}`).join("")
  }`;
}
