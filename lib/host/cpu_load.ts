/**
 * The loads the balancer and wake_affine read: instantaneous runqueue weight, or a
 * decayed cpu_load[] entry biased toward caution (LB_BIAS).
 *
 * @module
 */

import { CPU_LOAD_INDEXES } from "./cfs_runqueue.ts";
import type { CfsRunqueue } from "./cfs_runqueue.ts";

/** source_load: the smaller of the decayed and current load (LB_BIAS), for a source. */
export function sourceLoad(rq: CfsRunqueue, idx: number, lbBias: boolean): number {
  if (idx === 0 || !lbBias) return rq.loadWeight;
  return Math.min(rq.cpuLoad[Math.min(idx, CPU_LOAD_INDEXES) - 1] as number, rq.loadWeight);
}

/** target_load: the larger of the decayed and current load (LB_BIAS), for a target. */
export function targetLoad(rq: CfsRunqueue, idx: number, lbBias: boolean): number {
  if (idx === 0 || !lbBias) return rq.loadWeight;
  return Math.max(rq.cpuLoad[Math.min(idx, CPU_LOAD_INDEXES) - 1] as number, rq.loadWeight);
}
