/**
 * wake_affine (kernel/sched_fair.c, 2.6.33): whether a waking task may be pulled from
 * the CPU it last ran on (prev_cpu) to the waking CPU's side.
 *
 * The trade-off it embodies: a task woken by another usually shares data with it, so
 * running it near the waker saves cache misses and a cross-CPU wakeup; but pulling
 * piles work onto one CPU. The test allows the pull while the waking CPU, with the
 * wakee added, stays within half the domain's imbalance_pct of prev_cpu's load. A sync
 * wakeup (the waker is about to sleep) discounts the waker's own weight, unless either
 * task has recently kept running long after its wakeups (SYNC_LESS, avg_overlap).
 *
 * @module
 */

/** What wake_affine reads. Loads are instantaneous runqueue weights (wake_idx is 0). */
export interface WakeAffineInput {
  /** Load of the waking CPU (target_load(this_cpu, wake_idx)). */
  readonly thisLoad: number;
  /** Load of prev_cpu (source_load(prev_cpu, wake_idx)). */
  readonly prevLoad: number;
  /** Load of prev_cpu as a target (target_load(prev_cpu, wake_idx)); equal to prevLoad at idx 0. */
  readonly prevTargetLoad: number;
  /** Tasks on the waking CPU (nr_running), for its average load per task. */
  readonly thisNrRunning: number;
  /** Weight of the waking CPU's current task (the waker, or whatever an interrupt hit); 0 if idle. */
  readonly currWeight: number;
  /** avg_overlap of the waking CPU's current task. Unit: ns. */
  readonly currAvgOverlapNs: number;
  /** Weight of the wakee. */
  readonly wakeeWeight: number;
  /** avg_overlap of the wakee. Unit: ns. */
  readonly wakeeAvgOverlapNs: number;
  /** The sync hint, after SYNC_WAKEUPS. */
  readonly sync: boolean;
  /** The affine domain's imbalance_pct. */
  readonly imbalancePct: number;
  /** sysctl_sched_migration_cost. Unit: ns. */
  readonly migrationCostNs: number;
  /** Feature SYNC_LESS. */
  readonly syncLess: boolean;
  /** Feature SYNC_MORE. */
  readonly syncMore: boolean;
}

/** The decision, with what the schedstats count. */
export interface WakeAffineResult {
  /** Pull toward the waking CPU's side. */
  readonly affine: boolean;
  /** The sync hint as it survived SYNC_LESS/SYNC_MORE. */
  readonly sync: boolean;
  /** Whether the non-sync path ran (nr_wakeups_affine_attempts). */
  readonly attempted: boolean;
}

/**
 * Mirrors wake_affine() of 2.6.33 without group scheduling.
 *
 * @example The facts sheet's worked case
 * ```ts
 * import assert from "node:assert/strict";
 * import { wakeAffine } from "./wake_affine.ts";
 * // A vCPU alone on CPU0 wakes its sibling, whose prev_cpu holds two nice-0 tasks.
 * const r = wakeAffine({
 *   thisLoad: 1024, prevLoad: 2048, prevTargetLoad: 2048, thisNrRunning: 1,
 *   currWeight: 1024, currAvgOverlapNs: 0, wakeeWeight: 1024, wakeeAvgOverlapNs: 0,
 *   sync: false, imbalancePct: 125, migrationCostNs: 500_000, syncLess: true, syncMore: false,
 * });
 * assert.ok(r.affine); // 100 * (1024 + 1024) <= 112 * 2048
 * ```
 */
export function wakeAffine(input: WakeAffineInput): WakeAffineResult {
  let sync = input.sync;
  if (sync) {
    if (
      input.syncLess &&
      (input.currAvgOverlapNs > input.migrationCostNs ||
        input.wakeeAvgOverlapNs > input.migrationCostNs)
    ) sync = false;
  } else if (
    input.syncMore && input.currAvgOverlapNs < input.migrationCostNs &&
    input.wakeeAvgOverlapNs < input.migrationCostNs
  ) {
    sync = true;
  }
  let thisLoad = input.thisLoad;
  // The kernel subtracts the current task's weight; an idle CPU's "current" weighs 0 here.
  if (sync) thisLoad = Math.max(0, thisLoad - input.currWeight);
  const imbalance = 100 + Math.floor((input.imbalancePct - 100) / 2);
  const balanced = thisLoad === 0 ||
    100 * (thisLoad + input.wakeeWeight) <= imbalance * input.prevLoad;
  if (sync && balanced) return { affine: true, sync, attempted: false };
  const tlPerTask = input.thisNrRunning > 0 ? Math.floor(input.thisLoad / input.thisNrRunning) : 0;
  const affine = balanced ||
    (thisLoad <= input.prevLoad && thisLoad + input.prevTargetLoad <= tlPerTask);
  return { affine, sync, attempted: true };
}
