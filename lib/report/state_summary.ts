/**
 * Two-state outcomes reported as such. Unpinned runs of guests on a small host mostly
 * settle early either stacked (a guest's vCPUs share one runqueue) or split, and stay so;
 * a mean over such runs lies where no run is. {@linkcode stateSummary} classifies each run
 * by its own stacking share and summarises each state apart; {@linkcode ratioByState}
 * compares two configurations state by state.
 *
 * @module
 */

import {
  groupRows,
  type RatioSummary,
  ratioSummary,
  summarize,
  type Summary,
} from "./summarize.ts";

/**
 * The state of one run: its guests' vCPUs on one runqueue for most of the measured time
 * (`"stacked"`), for little of it (`"split"`), or in between (`"partial"`: the run
 * changed state within its window, or its guests differ).
 */
export type RunState = "stacked" | "partial" | "split";

/**
 * Where the states begin, as stacking shares (`stackedShare`, a fraction from 0 to 1):
 * a run is stacked when its share is at least `stackedAtLeast` (0.8), split when it is
 * at most `splitAtMost` (0.2), and partial in between. Why these: in the committed runs
 * on 2 pCPUs the shares cluster at or below 0.042 and at or above 0.85, with a few runs
 * between; the bounds sit in the empty stretches on either side of those few (no run
 * from 0.042 to 0.29, none from 0.79 to 0.82), so nudging a bound within its stretch
 * changes no run's state (a test checks this on data/). {@linkcode StateSummary.gaps}
 * tells, for any sample, how far each bound can move without changing a state.
 */
export const STATE_BOUNDS: { readonly splitAtMost: number; readonly stackedAtLeast: number } = {
  splitAtMost: 0.2,
  stackedAtLeast: 0.8,
};

/** Options of {@linkcode runState} and {@linkcode stateSummary}. */
export interface StateBoundsOptions {
  /**
   * The stacking share at or below which a run is split (a fraction, 0 to 1).
   *
   * @default {0.2}
   */
  readonly splitAtMost?: number;
  /**
   * The stacking share at or above which a run is stacked (a fraction, 0 to 1, above
   * `splitAtMost`).
   *
   * @default {0.8}
   */
  readonly stackedAtLeast?: number;
}

/**
 * The state of a run from its stacking share, by the bounds of {@linkcode STATE_BOUNDS}.
 *
 * @throws {RangeError} when `stackedShare` is not a number from 0 to 1, or the bounds
 * are not 0 <= splitAtMost < stackedAtLeast <= 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runState } from "./state_summary.ts";
 * assert.equal(runState(0.97), "stacked");
 * assert.equal(runState(0.5), "partial");
 * assert.equal(runState(0.03), "split");
 * ```
 */
export function runState(stackedShare: number, options?: StateBoundsOptions): RunState {
  const { splitAtMost, stackedAtLeast } = bounds(options);
  if (!(stackedShare >= 0 && stackedShare <= 1)) {
    throw new RangeError(
      `Cannot classify a run as 'stackedShare' must be from 0 to 1: current value is ${stackedShare}`,
    );
  }
  if (stackedShare >= stackedAtLeast) return "stacked";
  return stackedShare <= splitAtMost ? "split" : "partial";
}

function bounds(options: StateBoundsOptions | undefined): Required<StateBoundsOptions> {
  const {
    splitAtMost = STATE_BOUNDS.splitAtMost,
    stackedAtLeast = STATE_BOUNDS.stackedAtLeast,
  } = options ?? {};
  if (!(splitAtMost >= 0 && splitAtMost < stackedAtLeast && stackedAtLeast <= 1)) {
    throw new RangeError(
      `Cannot classify runs as the bounds must be 0 <= 'splitAtMost' < 'stackedAtLeast' <= 1: current values are ${splitAtMost} and ${stackedAtLeast}`,
    );
  }
  return { splitAtMost, stackedAtLeast };
}

/** Runs of one state: how many of all, and the summary of their values. */
export interface StateGroup {
  /** Runs in this state. */
  readonly k: number;
  /** Runs in all (every state). */
  readonly n: number;
  /** Mean and 95% interval of the values of the runs in this state (NaN for none). */
  readonly summary: Summary;
}

/** An empty stretch of stacking shares around a bound: no run's share is in (low, high). */
export interface ShareGap {
  /** The largest share below the bound (-Infinity if none). */
  readonly low: number;
  /** The smallest share at or above the bound (Infinity if none). */
  readonly high: number;
}

/** A sample of runs summarised as a whole and state by state ({@linkcode stateSummary}). */
export interface StateSummary {
  /** All runs, as {@linkcode summarize} gives them. */
  readonly overall: Summary;
  /** The runs whose stacking share is at least the upper bound. */
  readonly stacked: StateGroup;
  /** The runs between the bounds. */
  readonly partial: StateGroup;
  /** The runs whose stacking share is at most the lower bound. */
  readonly split: StateGroup;
  /** Whether the runs fall into more than one state (a mean of all would hide them). */
  readonly inStates: boolean;
  /**
   * The empty stretches around each bound: moving `splitAtMost` to any value in
   * `[split.low, split.high)` or `stackedAtLeast` to any value in
   * `(stacked.low, stacked.high]` changes no run's state.
   */
  readonly gaps: { readonly split: ShareGap; readonly stacked: ShareGap };
}

/**
 * Summarises runs overall and within each state. `values[i]` is run i's metric (say
 * throughput) and `stackedShares[i]` its stacking share, both from the data; a run's
 * state comes only from its share ({@linkcode runState}). Runs whose value or share is
 * not finite are left out.
 *
 * @throws {RangeError} when the two arrays differ in length, a share is outside 0-1, or
 * the bounds are out of order.
 *
 * @example Seven runs frozen stacked, thirteen split
 * ```ts
 * import assert from "node:assert/strict";
 * import { stateSummary } from "./state_summary.ts";
 * const shares = [...Array(7).fill(1), ...Array(13).fill(0)];
 * const cosched = [...Array(7).fill(0), ...Array(13).fill(0.5)];
 * const s = stateSummary(cosched, shares);
 * assert.ok(s.inStates);
 * assert.equal(s.stacked.k, 7);
 * assert.equal(s.split.summary.mean, 0.5);
 * ```
 */
export function stateSummary(
  values: readonly number[],
  stackedShares: readonly number[],
  options?: StateBoundsOptions,
): StateSummary {
  const b = bounds(options);
  if (values.length !== stackedShares.length) {
    throw new RangeError(
      `Cannot summarise states as 'stackedShares' must have one share per value (${values.length}): current length is ${stackedShares.length}`,
    );
  }
  const groups: Record<RunState, number[]> = { stacked: [], partial: [], split: [] };
  const all: number[] = [];
  const split = { low: -Infinity, high: Infinity };
  const stacked = { low: -Infinity, high: Infinity };
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const share = stackedShares[i]!;
    if (!Number.isFinite(value) || !Number.isFinite(share)) continue;
    all.push(value);
    groups[runState(share, b)].push(value);
    if (share <= b.splitAtMost) split.low = Math.max(split.low, share);
    else split.high = Math.min(split.high, share);
    if (share >= b.stackedAtLeast) stacked.high = Math.min(stacked.high, share);
    else stacked.low = Math.max(stacked.low, share);
  }
  const n = all.length;
  const group = (state: RunState): StateGroup => ({
    k: groups[state].length,
    n,
    summary: summarize(groups[state]),
  });
  return {
    overall: summarize(all),
    stacked: group("stacked"),
    partial: group("partial"),
    split: group("split"),
    inStates: [groups.stacked, groups.partial, groups.split].filter((g) => g.length > 0)
      .length > 1,
    gaps: { split, stacked },
  };
}

/**
 * Ratios of two configurations within the stacked and the split state (null where a side
 * has no such run; partial runs are compared with nothing).
 */
export interface StateRatios {
  /** The numerator against the stacked runs of the denominator. */
  readonly stacked: RatioSummary | null;
  /** The numerator against the split runs of the denominator. */
  readonly split: RatioSummary | null;
}

/**
 * Compares two configurations state by state, by {@linkcode ratioSummary}. A
 * {@linkcode StateSummary} numerator is compared state with state (its stacked runs
 * against the denominator's stacked runs, and so for split); a plain
 * {@linkcode Summary} numerator (a configuration that does not split, such as pinned
 * vCPUs) is compared as a whole with each state of the denominator. A state with no run
 * on a side it needs gives null.
 *
 * @example Pinned against the stacked and the split runs of the default
 * ```ts
 * import assert from "node:assert/strict";
 * import { ratioByState, stateSummary } from "./state_summary.ts";
 * import { summarize } from "./summarize.ts";
 * const pinned = summarize([7000, 7000]);
 * const unpinned = stateSummary([2800, 2800, 7000], [1, 1, 0]);
 * const r = ratioByState(pinned, unpinned);
 * assert.equal(r.stacked?.ratio, 2.5);
 * assert.equal(r.split?.ratio, 1);
 * ```
 */
export function ratioByState(
  numerator: Summary | StateSummary,
  denominator: StateSummary,
): StateRatios {
  const pick = (state: "stacked" | "split"): RatioSummary | null => {
    const den = denominator[state];
    if (den.k === 0) return null;
    const num = "overall" in numerator ? numerator[state] : { k: numerator.n, summary: numerator };
    return num.k === 0 ? null : ratioSummary(num.summary, den.summary);
  };
  return { stacked: pick("stacked"), split: pick("split") };
}

/** A row of {@linkcode groupStates}: the group's keys and the states of its runs. */
export interface StateGroupRow {
  /** The values of the grouping keys. */
  readonly key: Readonly<Record<string, string | number | null>>;
  /** The runs of the group, overall and state by state. */
  readonly states: StateSummary;
}

/**
 * Groups `rows` by the values of `keys` (in order of first appearance) and summarises
 * `metric` in each group overall and state by state, each run's state from its own
 * `stackedShare` column ({@linkcode stateSummary}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupStates } from "./state_summary.ts";
 * const rows = [
 *   { setup: "random", y: 0, stackedShare: 1 },
 *   { setup: "random", y: 0.5, stackedShare: 0 },
 *   { setup: "pinned", y: 0.5, stackedShare: 0 },
 * ];
 * const [random, pinned] = groupStates(rows, ["setup"], "y");
 * assert.equal(random!.key.setup, "random");
 * assert.equal(random!.states.inStates, true);
 * assert.equal(pinned!.states.inStates, false);
 * ```
 */
export function groupStates(
  rows: readonly Readonly<Record<string, unknown>>[],
  keys: readonly string[],
  metric: string,
  options?: StateBoundsOptions,
): StateGroupRow[] {
  const number = (v: unknown): number => typeof v === "number" ? v : NaN;
  return groupRows(rows, keys).map(({ key, rows: members }) => ({
    key,
    states: stateSummary(
      members.map((r) => number(r[metric])),
      members.map((r) => number(r.stackedShare)),
      options,
    ),
  }));
}
