/**
 * What the load balancer needs from the host scheduler, and the vocabulary it shares
 * with it (why a pass runs, why a task moved). The scheduler's `Dispatcher` provides
 * it; tests provide a small fake.
 *
 * @module
 */

import type { SchedFeatures } from "./features.ts";
import type { PlacementView } from "./select_task_rq.ts";
import type { HostTask } from "./task.ts";

/** Why a balance pass runs (enum cpu_idle_type). */
export type IdleType = "idle" | "notIdle" | "newlyIdle";

/** Why a task was migrated. */
export type MigrationCause = "wakeup" | "periodic" | "newidle" | "active";

/** What the balancer reads from and does to the host. */
export interface BalanceHost extends PlacementView {
  /** The feature flags in force (LB_BIAS, CACHE_HOT_BUDDY). */
  readonly features: SchedFeatures;
  /** rq->clock. Unit: ns. */
  readonly nowNs: number;
  /** The tick frequency, to turn ms intervals into jiffies. Unit: Hz. */
  readonly hz: number;
  /** cpu_power of a CPU (power_of). */
  cpuPower(cpu: number): number;
  /** The CPU runs nothing (idle_cpu). */
  isIdle(cpu: number): boolean;
  /** pull_task: moves a queued task and checks wakeup preemption on the destination. */
  pullTask(task: HostTask, from: number, to: number, cause: MigrationCause): void;
  /**
   * Wakes `busiest`'s migration thread to push its running task to `target`; false when
   * a push is already pending.
   */
  requestActiveBalance(busiest: number, target: number): boolean;
}

/** msecs_to_jiffies, rounding up. */
export function msToJiffies(ms: number, hz: number): number {
  return Math.ceil((ms * hz) / 1000);
}
