/**
 * Means with 95% confidence intervals over seeds, for tables and error bars.
 *
 * @module
 */

/** Two-sided 95% Student t quantiles for 1..30 degrees of freedom, as printed in tables. */
const T95 = [
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/**
 * The two-sided 95% quantile of Student's t, t(0.975, df), with `df` degrees of freedom:
 * the printed table (the exact quantile rounded to 3 decimals) up to 30, then the normal
 * quantile with a 1/df correction (within 0.2%). NaN for `df` < 1. Every confidence
 * interval of the project (summaries over seeds, the M/M/1 batch means) uses it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { t95 } from "./summarize.ts";
 * assert.equal(t95(9), 2.262);
 * assert.ok(Math.abs(t95(1000) - 1.962) < 0.001);
 * ```
 */
export function t95(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30) return T95[Math.floor(df) - 1]!;
  return 1.959964 + 2.3718 / df;
}

/** Mean, spread and 95% confidence interval of a sample. */
export interface Summary {
  /** Number of (finite) values. */
  readonly n: number;
  /** Their mean (NaN for n = 0). */
  readonly mean: number;
  /** Their sample standard deviation, with n - 1 in the denominator (NaN for n < 2). */
  readonly sd: number;
  /** Half-width of the 95% confidence interval of the mean (NaN for n < 2). */
  readonly ci95: number;
  /** Lower end of the 95% confidence interval, `mean - ci95`. */
  readonly low: number;
  /** Upper end of the 95% confidence interval, `mean + ci95`. */
  readonly high: number;
}

/**
 * Summarises `values` (non-finite values are ignored).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarize } from "./summarize.ts";
 * const s = summarize([1, 2, 3, 4]);
 * assert.equal(s.mean, 2.5);
 * assert.ok(Math.abs(s.ci95 - 3.182 * Math.sqrt(5 / 3) / 2) < 1e-9);
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  const mean = n === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? NaN : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const ci95 = n < 2 ? NaN : (t95(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ci95, low: mean - ci95, high: mean + ci95 };
}

/** A row of {@linkcode groupSummary}: the group's keys, then the summary of the metric. */
export type GroupRow = Record<string, string | number | null> & Summary;

/**
 * Groups `rows` by the values of `keys` (in order of first appearance) and summarises
 * `metric` in each group.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupSummary } from "./summarize.ts";
 * const rows = [{ p: "a", y: 1 }, { p: "a", y: 3 }, { p: "b", y: 5 }];
 * const g = groupSummary(rows, ["p"], "y");
 * assert.equal(g.length, 2);
 * assert.equal(g[0]!.mean, 2);
 * assert.equal(g[1]!.n, 1);
 * ```
 */
export function groupSummary(
  rows: readonly Readonly<Record<string, unknown>>[],
  keys: readonly string[],
  metric: string,
): GroupRow[] {
  return groupRows(rows, keys).map(({ key, rows: members }) =>
    ({
      ...key,
      ...summarize(members.flatMap((r) => {
        const value = r[metric];
        return typeof value === "number" ? [value] : [];
      })),
    }) as GroupRow
  );
}

/** A group of {@linkcode groupRows}: the values of its keys and its rows, in order. */
export interface RowGroup<R> {
  /** The values of the grouping keys (numbers and strings kept, anything else as text). */
  readonly key: Record<string, string | number | null>;
  /** The rows of the group, in their order in the input. */
  readonly rows: R[];
}

/**
 * Groups `rows` by the values of `keys`, groups in order of first appearance: what
 * {@linkcode groupSummary} and `groupStates` summarise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupRows } from "./summarize.ts";
 * const groups = groupRows([{ p: "b", y: 1 }, { p: "a", y: 2 }, { p: "b", y: 3 }], ["p"]);
 * assert.deepEqual(groups.map((g) => [g.key.p, g.rows.length]), [["b", 2], ["a", 1]]);
 * ```
 */
export function groupRows<R extends Readonly<Record<string, unknown>>>(
  rows: readonly R[],
  keys: readonly string[],
): RowGroup<R>[] {
  const groups = new Map<string, RowGroup<R>>();
  for (const row of rows) {
    const key: Record<string, string | number | null> = {};
    for (const k of keys) {
      const v = row[k];
      key[k] = typeof v === "number" || typeof v === "string" ? v : v == null ? null : String(v);
    }
    const id = JSON.stringify(keys.map((k) => key[k]));
    let group = groups.get(id);
    if (group === undefined) {
      group = { key, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

/** A ratio of two means with an approximate 95% confidence interval. */
export interface RatioSummary {
  /** The ratio of the two means. */
  readonly ratio: number;
  /** Lower end of its 95% interval. */
  readonly low: number;
  /** Upper end of its 95% interval. */
  readonly high: number;
}

/**
 * The ratio of the means of two independent samples, with a 95% interval by the delta
 * method on the log scale: the relative half-widths of the two means' intervals, added
 * in quadrature, give a factor `exp(±rel)` around the ratio (always positive, and close
 * to `1 ± rel` when the intervals are narrow).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ratioSummary, summarize } from "./summarize.ts";
 * const r = ratioSummary(summarize([9, 10, 11]), summarize([2, 2.5, 3]));
 * assert.equal(r.ratio, 4);
 * assert.ok(r.low < 4 && r.high > 4);
 * ```
 */
export function ratioSummary(numerator: Summary, denominator: Summary): RatioSummary {
  const ratio = numerator.mean / denominator.mean;
  const rel = Math.sqrt(
    (numerator.ci95 / numerator.mean) ** 2 + (denominator.ci95 / denominator.mean) ** 2,
  );
  return { ratio, low: ratio * Math.exp(-rel), high: ratio * Math.exp(rel) };
}
