/**
 * Wakeup placement: select_task_rq_fair and select_idle_sibling of 2.6.33.
 *
 * The walk goes up the waking CPU's domains. In each domain that shares a package
 * cache it looks for an idle CPU (prev_cpu first, if the domain spans it, then the
 * first idle CPU by id); the first WAKE_AFFINE domain where a candidate exists becomes
 * the affine domain, and wake_affine decides between that candidate and prev_cpu.
 * Wake balancing (SD_BALANCE_WAKE) is off in the default domains, so when wake_affine
 * says no, the task simply goes back to prev_cpu, however busy that is.
 *
 * @module
 */

import type { CfsRunqueue } from "./cfs_runqueue.ts";
import type { SchedFeatures } from "./features.ts";
import type { SchedDomain } from "./sched_domains.ts";
import type { HostTask } from "./task.ts";
import type { SchedTunables } from "./tunables.ts";
import { wakeAffine } from "./wake_affine.ts";
import { sourceLoad, targetLoad } from "./cpu_load.ts";

/** What placement reads from the host. */
export interface PlacementView {
  /** The domains of `cpu`, lowest first. */
  domainsOf(cpu: number): readonly SchedDomain[];
  /** The runqueue of `cpu`. */
  rqOf(cpu: number): CfsRunqueue;
  /** The tunables in force (migration_cost for wake_affine). */
  readonly tunables: SchedTunables;
}

/** Where a waking task goes, and why (for the schedstats). */
export interface Placement {
  /** The chosen CPU. */
  readonly cpu: number;
  /** wake_affine was consulted. */
  readonly affineChecked: boolean;
  /** wake_affine agreed. */
  readonly affineAgreed: boolean;
  /** The candidate came from select_idle_sibling. */
  readonly idleSibling: boolean;
}

/**
 * select_idle_sibling: prev_cpu if the domain spans the waking CPU and prev_cpu and
 * prev_cpu has no CFS task; otherwise the first allowed CPU of the domain without a CFS
 * task; otherwise `target` unchanged.
 */
export function selectIdleSibling(
  view: PlacementView,
  p: HostTask,
  sd: SchedDomain,
  target: number,
  thisCpu: number,
): number {
  const prev = p.cpu;
  if (target === thisCpu && view.rqOf(prev).nrRunning === 0) return prev;
  for (const cpu of sd.span) {
    if (p.allowed[cpu] === 1 && view.rqOf(cpu).nrRunning === 0) return cpu;
  }
  return target;
}

/**
 * select_task_rq_fair for a wakeup (SD_BALANCE_WAKE), without power-savings domains.
 *
 * @param thisCpu The waking CPU: where the waker runs, or where the interrupt that wakes
 * the task is handled.
 * @param current The task running on `thisCpu` (the waker, or the task an interrupt
 * hit), or null when that CPU is idle.
 * @param features The flags in force for this wakee (per-task overrides applied).
 */
export function selectTaskRqFair(
  view: PlacementView,
  p: HostTask,
  thisCpu: number,
  current: HostTask | null,
  sync: boolean,
  features: SchedFeatures,
): Placement {
  const prev = p.cpu;
  let wantAffine = features.AFFINE_WAKEUPS && p.allowed[thisCpu] === 1;
  let cpu = thisCpu;
  let affineSd: SchedDomain | null = null;
  let idleSibling = false;
  for (const sd of view.domainsOf(thisCpu)) {
    const flags = sd.params.flags;
    if (!flags.loadBalance) continue;
    if (!wantAffine) break;
    let target = sd.spans(prev) ? cpu : -1;
    if (flags.sharePkgResources) {
      const sibling = selectIdleSibling(view, p, sd, target, thisCpu);
      if (sibling !== target) idleSibling = true;
      target = sibling;
    }
    if (target >= 0) {
      if (flags.wakeAffine) {
        affineSd = sd;
        wantAffine = false;
      }
      cpu = target;
    }
  }
  if (affineSd === null) {
    return {
      cpu: prev,
      affineChecked: false,
      affineAgreed: false,
      idleSibling: false,
    };
  }
  const thisRq = view.rqOf(thisCpu);
  const prevRq = view.rqOf(prev);
  const idx = affineSd.params.wakeIdx;
  const result = wakeAffine({
    thisLoad: targetLoad(thisRq, idx, features.LB_BIAS),
    prevLoad: sourceLoad(prevRq, idx, features.LB_BIAS),
    prevTargetLoad: targetLoad(prevRq, idx, features.LB_BIAS),
    thisNrRunning: thisRq.nrRunning,
    currWeight: current !== null && current.onRq ? current.weight : 0,
    currAvgOverlapNs: current !== null ? current.avgOverlapNs : 0,
    wakeeWeight: p.weight,
    wakeeAvgOverlapNs: p.avgOverlapNs,
    sync,
    imbalancePct: affineSd.params.imbalancePct,
    migrationCostNs: view.tunables.migrationCostNs,
    syncLess: features.SYNC_LESS,
    syncMore: features.SYNC_MORE,
  });
  return {
    cpu: result.affine ? cpu : prev,
    affineChecked: true,
    affineAgreed: result.affine,
    idleSibling: result.affine && idleSibling,
  };
}
