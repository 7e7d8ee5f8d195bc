import assert from "node:assert/strict";
import { formatStates } from "../../lib/report/format_summary.ts";
import { formatPercent } from "../../lib/report/format_summary.ts";
import {
  ratioByState,
  runState,
  STATE_BOUNDS,
  stateSummary,
} from "../../lib/report/state_summary.ts";
import { summarize } from "../../lib/report/summarize.ts";

// Two clusters: four runs stacked at about 2700 rps, six split at about 7000.
const SHARES = [1, 0.97, 1, 0.9, 0, 0.01, 0.04, 0, 0, 0.02];
const RPS = [2700, 2720, 2680, 2700, 7000, 6980, 7020, 7000, 6990, 7010];

Deno.test("stateSummary() gives the runs and mean of each state when the runs form two clusters", () => {
  const s = stateSummary(RPS, SHARES);
  assert.ok(s.inStates);
  assert.deepEqual([s.stacked.k, s.split.k, s.partial.k], [4, 6, 0]);
  assert.equal(s.stacked.n, 10);
  assert.equal(s.stacked.summary.mean, 2700);
  assert.equal(s.split.summary.mean, 7000);
  assert.equal(s.overall.mean, 5280);
  assert.deepEqual(s.gaps, { split: { low: 0.04, high: 0.9 }, stacked: { low: 0.04, high: 0.9 } });
});

Deno.test("stateSummary() classifies the same runs for any bounds inside the empty gap", () => {
  const reference = stateSummary(RPS, SHARES);
  for (const splitAtMost of [0.05, 0.2, 0.5, 0.89]) {
    for (const stackedAtLeast of [0.9, 0.6, splitAtMost + 0.001]) {
      if (stackedAtLeast <= splitAtMost) continue;
      const s = stateSummary(RPS, SHARES, { splitAtMost, stackedAtLeast });
      assert.deepEqual([s.stacked, s.split, s.partial], [
        reference.stacked,
        reference.split,
        reference.partial,
      ], `bounds ${splitAtMost}, ${stackedAtLeast}`);
    }
  }
  // Outside the gap a run changes state: the check above can fail.
  assert.equal(stateSummary(RPS, SHARES, { stackedAtLeast: 0.95 }).partial.k, 1);
  assert.equal(stateSummary(RPS, SHARES, { splitAtMost: 0.03 }).partial.k, 1);
});

Deno.test("stateSummary() reports one state, and the overall summary, when the runs form one cluster", () => {
  const s = stateSummary([2700, 2800, 2900], [1, 0.97, 0.99]);
  assert.equal(s.inStates, false);
  assert.equal(s.stacked.k, 3);
  assert.equal(s.split.k, 0);
  assert.ok(Number.isNaN(s.split.summary.mean));
  assert.deepEqual(s.overall, summarize([2700, 2800, 2900]));
  assert.equal(formatStates(stateSummary([0.5, 0.5], [0, 0]), formatPercent), "50.0% ± 0.0");
});

Deno.test("stateSummary() gives zero spread when all runs are identical", () => {
  const s = stateSummary([5, 5, 5, 5], [0, 0, 0, 0]);
  assert.equal(s.inStates, false);
  assert.equal(s.split.k, 4);
  assert.equal(s.split.summary.mean, 5);
  assert.equal(s.split.summary.ci95, 0);
  assert.deepEqual(s.gaps.split, { low: 0, high: Infinity });
});

Deno.test("stateSummary() counts runs between the bounds as partly stacked and leaves out NaN", () => {
  const s = stateSummary([1, 2, 3, NaN], [0.5, 1, 0, 1]);
  assert.deepEqual([s.stacked.k, s.split.k, s.partial.k, s.overall.n], [1, 1, 1, 3]);
  assert.ok(s.inStates);
});

Deno.test("stateSummary() and runState() refuse shares outside 0-1, bounds out of order, lengths that differ", () => {
  assert.throws(() => runState(1.2), RangeError);
  assert.throws(() => runState(0.5, { splitAtMost: 0.6, stackedAtLeast: 0.5 }), RangeError);
  assert.throws(() => stateSummary([1, 2], [0]), RangeError);
  assert.equal(runState(STATE_BOUNDS.stackedAtLeast), "stacked");
  assert.equal(runState(STATE_BOUNDS.splitAtMost), "split");
});

Deno.test("ratioByState() compares state with state, and a whole configuration with each state", () => {
  const unpinned = stateSummary(RPS, SHARES);
  const pinned = summarize([7000, 7000, 7000]);
  const whole = ratioByState(pinned, unpinned);
  assert.ok(Math.abs(whole.stacked!.ratio - 7000 / 2700) < 1e-12);
  assert.equal(whole.split!.ratio, 1);
  const patch = stateSummary([2800, 2800, 7000, 7000], [1, 1, 0, 0]);
  const byState = ratioByState(patch, unpinned);
  assert.ok(Math.abs(byState.stacked!.ratio - 2800 / 2700) < 1e-12);
  assert.equal(byState.split!.ratio, 1);
  const allStacked = stateSummary([2700, 2700], [1, 1]);
  assert.equal(ratioByState(patch, allStacked).split, null);
  assert.equal(ratioByState(allStacked, patch).split, null);
});
