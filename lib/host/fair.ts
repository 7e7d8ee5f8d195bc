/**
 * The CFS policy on one runqueue (kernel/sched_fair.c of 2.6.33): slices, placement of
 * new and waking tasks, tick and wakeup preemption, and the choice of the next task
 * with buddies. Each function mirrors the kernel function named in its JSDoc and is a
 * plain function of the runqueue, the tunables and the feature flags.
 *
 * @module
 */

import type { CfsRunqueue } from "./cfs_runqueue.ts";
import type { SchedFeatures } from "./features.ts";
import { NICE_0_LOAD } from "./task.ts";
import type { HostTask } from "./task.ts";
import type { SchedTunables } from "./tunables.ts";

/**
 * update_avg: moves a running average an eighth of the way toward `sample`, with the
 * kernel's arithmetic shift (rounding toward minus infinity).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { updateAvg } from "./fair.ts";
 * assert.equal(updateAvg(0, 800), 100);
 * assert.equal(updateAvg(100, 0), 87);
 * ```
 */
export function updateAvg(avg: number, sample: number): number {
  return avg + Math.floor((sample - avg) / 8);
}

/** calc_delta_fair: wall time to the task's virtual time (`delta * 1024 / weight`). */
export function calcDeltaFair(deltaNs: number, task: HostTask): number {
  return task.weight === NICE_0_LOAD ? deltaNs : (deltaNs * NICE_0_LOAD) / task.weight;
}

/**
 * __sched_period: the latency target, stretched to `min_granularity * n` when more than
 * nr_latency tasks share the CPU.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { schedPeriod } from "./fair.ts";
 * import { scaleTunables } from "./tunables.ts";
 * const t = scaleTunables({}, 2); // latency 10 ms, min_granularity 2 ms
 * assert.ok(schedPeriod(t, 2) === 10_000_000 && schedPeriod(t, 8) === 16_000_000);
 * ```
 */
export function schedPeriod(tunables: SchedTunables, nrRunning: number): number {
  return nrRunning > tunables.nrLatency
    ? tunables.minGranularityNs * nrRunning
    : tunables.latencyNs;
}

/**
 * sched_slice: the task's share of the period, by weight. A task not on the runqueue is
 * counted as if it were.
 */
export function schedSlice(rq: CfsRunqueue, task: HostTask, tunables: SchedTunables): number {
  const extra = task.onRq && task.cpu === rq.cpu ? 0 : 1;
  const period = schedPeriod(tunables, rq.nrRunning + extra);
  const load = rq.loadWeight + (extra ? task.weight : 0);
  return (period * task.weight) / load;
}

/** sched_vslice: the slice in the task's virtual time. */
export function schedVslice(rq: CfsRunqueue, task: HostTask, tunables: SchedTunables): number {
  return calcDeltaFair(schedSlice(rq, task, tunables), task);
}

/**
 * place_entity: where a new (`initial`) or waking task goes in virtual time. A new task
 * starts a virtual slice behind min_vruntime (START_DEBIT); a waking task gets at most
 * `latency` (or half of it with GENTLE_FAIR_SLEEPERS) of credit for having slept, and
 * never gains by being placed backwards.
 */
export function placeEntity(
  rq: CfsRunqueue,
  task: HostTask,
  initial: boolean,
  tunables: SchedTunables,
  features: SchedFeatures,
): void {
  let v = rq.minVruntime;
  if (initial && features.START_DEBIT) v += schedVslice(rq, task, tunables);
  if (!initial && features.FAIR_SLEEPERS) {
    let thresh = tunables.latencyNs;
    if (features.NORMALIZED_SLEEPER) thresh = calcDeltaFair(thresh, task);
    if (features.GENTLE_FAIR_SLEEPERS) thresh = Math.floor(thresh / 2);
    v -= thresh;
  }
  task.vruntime = Math.max(task.vruntime, v);
}

/**
 * wakeup_gran with adaptive_gran: the vruntime lead the current task may have over `se`
 * before `se` preempts it. ADAPTIVE_GRAN bounds it by the expected wakeup interval
 * (`2 * se.avg_wakeup * nr_running` minus what curr ran in this stint); it applies only
 * while curr is on the CPU (`withCurr`). ASYM_GRAN converts with `se`'s weight.
 */
export function wakeupGran(
  rq: CfsRunqueue,
  curr: HostTask,
  se: HostTask,
  withCurr: boolean,
  tunables: SchedTunables,
  features: SchedFeatures,
): number {
  let gran = tunables.wakeupGranularityNs;
  if (withCurr && features.ADAPTIVE_GRAN) {
    const thisRun = curr.sumExecNs - curr.prevSumExecNs;
    const expected = 2 * se.avgWakeupNs * rq.nrRunning;
    gran = Math.min(expected > thisRun ? expected - thisRun : 0, gran);
  }
  const by = features.ASYM_GRAN ? se : curr;
  return calcDeltaFair(gran, by);
}

/**
 * wakeup_preempt_entity: -1 when `se` is not behind `curr` in vruntime, 1 when it is
 * behind by more than the wakeup granularity, 0 in between.
 */
export function wakeupPreemptEntity(
  rq: CfsRunqueue,
  curr: HostTask,
  se: HostTask,
  withCurr: boolean,
  tunables: SchedTunables,
  features: SchedFeatures,
): -1 | 0 | 1 {
  const vdiff = curr.vruntime - se.vruntime;
  if (vdiff <= 0) return -1;
  return vdiff > wakeupGran(rq, curr, se, withCurr, tunables, features) ? 1 : 0;
}

/**
 * check_preempt_tick: at a tick, whether the running task should give up the CPU: it
 * ran longer than its slice in this stint, or (after min_granularity) its vruntime is
 * more than a slice ahead of the leftmost task. Clears curr's buddy marks when its
 * slice is used up, as the kernel does.
 */
export function checkPreemptTick(
  rq: CfsRunqueue,
  curr: HostTask,
  tunables: SchedTunables,
  features: SchedFeatures,
): boolean {
  const ideal = schedSlice(rq, curr, tunables);
  const ran = curr.sumExecNs - curr.prevSumExecNs;
  if (ran > ideal) {
    rq.clearBuddies(curr);
    return true;
  }
  if (!features.WAKEUP_PREEMPT || ran < tunables.minGranularityNs) return false;
  const left = rq.leftmost();
  if (rq.nrRunning > 1 && left !== undefined) {
    return curr.vruntime - left.vruntime > ideal;
  }
  return false;
}

/**
 * check_preempt_wakeup: whether waking task `p` preempts the running `curr`. When it
 * does and the runqueue holds at least nr_latency tasks, curr becomes the "last" buddy
 * (LAST_BUDDY) so that the CPU goes back to it soon.
 *
 * @param rq The runqueue `p` was enqueued on; `curr` is its running task.
 * @param sync The waker's sync hint (after SYNC_WAKEUPS filtering).
 */
export function checkPreemptWakeup(
  rq: CfsRunqueue,
  curr: HostTask,
  p: HostTask,
  sync: boolean,
  tunables: SchedTunables,
  features: SchedFeatures,
): boolean {
  if (curr === p) return false;
  const scale = rq.nrRunning >= tunables.nrLatency;
  if (features.NEXT_BUDDY && scale) rq.next = p;
  let preempt = false;
  if (features.WAKEUP_SYNC && sync) preempt = true;
  else if (
    features.WAKEUP_OVERLAP && curr.avgOverlapNs < tunables.migrationCostNs &&
    p.avgOverlapNs < tunables.migrationCostNs
  ) preempt = true;
  else if (features.WAKEUP_PREEMPT) {
    preempt = wakeupPreemptEntity(rq, curr, p, true, tunables, features) === 1;
  }
  if (preempt && features.LAST_BUDDY && scale && curr.onRq) rq.last = curr;
  return preempt;
}

/**
 * pick_next_entity: the leftmost task, unless a buddy is within a wakeup granularity of
 * it. The skip buddy (a task that yielded) is passed over for the second task when
 * that is fair enough; the "last" buddy (preempted by a wakeup) is preferred; the
 * "next" buddy (the target of yield_to) is preferred most, in the order of the kernels
 * that have yield_to (3.x). In 2.6.33 only "last" is ever set, so the order there does
 * not matter. Clears the buddy marks of the task it returns.
 */
export function pickNextEntity(
  rq: CfsRunqueue,
  tunables: SchedTunables,
  features: SchedFeatures,
): HostTask | undefined {
  const left = rq.leftmost();
  if (left === undefined) return undefined;
  let se = left;
  const fair = (candidate: HostTask) =>
    wakeupPreemptEntity(rq, candidate, left, false, tunables, features) < 1;
  if (rq.skip === se) {
    const second = rq.after(se);
    if (second !== undefined && fair(second)) se = second;
  }
  if (rq.last !== null && rq.last.onRq && fair(rq.last)) se = rq.last;
  if (rq.next !== null && rq.next.onRq && fair(rq.next)) se = rq.next;
  rq.clearBuddies(se);
  return se;
}
