import assert from "node:assert/strict";
import { summarize, t95 } from "../../lib/report/summarize.ts";

/**
 * P(|T| < t) for Student's t with integer `df`: the finite series of Abramowitz and
 * Stegun 26.7.3 (odd df) and 26.7.4 (even df). An independent oracle for t95().
 */
function centralProbability(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  let term = 1;
  let sum = 1;
  if (df % 2 === 0) {
    for (let k = 2; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return s * sum;
  }
  if (df === 1) return (2 * theta) / Math.PI;
  for (let k = 3; k <= df - 2; k += 2) {
    term *= (c2 * (k - 1)) / k;
    sum += term;
  }
  return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
}

/** The exact 0.975 quantile of Student's t, by bisection on the series. */
function exactT975(df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (centralProbability(mid, df) < 0.95) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

Deno.test("t95() gives the printed table's quantiles t(0.975, df)", () => {
  // Student t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  const table: [number, number][] = [
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [9, 2.262],
    [19, 2.093],
    [30, 2.042],
  ];
  for (const [df, t] of table) assert.equal(t95(df), t, `df = ${df}`);
});

Deno.test("t95() is the exact quantile rounded to 3 decimals up to 30 df, within 0.2% beyond", () => {
  for (let df = 1; df <= 30; df++) {
    const exact = exactT975(df);
    assert.equal(t95(df), Math.round(exact * 1000) / 1000, `df = ${df}: exact ${exact}`);
  }
  for (const df of [31, 40, 60, 120, 1000]) {
    const exact = exactT975(df);
    assert.ok(Math.abs(t95(df) / exact - 1) < 0.002, `df = ${df}: ${t95(df)} vs ${exact}`);
  }
  assert.ok(Math.abs(exactT975(1) - 12.7062) < 1e-4); // the oracle itself
  assert.ok(Number.isNaN(t95(0)));
});

Deno.test("summarize() gives the half-width t95(n-1) * sd / sqrt(n) and skips non-finite values", () => {
  const s = summarize([1, 2, NaN, 3, Infinity]);
  assert.equal(s.n, 3);
  assert.equal(s.mean, 2);
  assert.equal(s.sd, 1);
  assert.equal(s.ci95, 4.303 / Math.sqrt(3));
  assert.ok(Number.isNaN(summarize([5]).ci95));
});
