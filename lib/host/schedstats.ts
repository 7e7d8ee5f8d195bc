/**
 * Counters of scheduling decisions, in the spirit of /proc/schedstat: decisions are
 * counted, not logged.
 *
 * @module
 */

import type { MigrationCause } from "./balance_host.ts";

/** Why a running task lost its CPU. */
export type PreemptionCause = "tick" | "wakeup" | "yield";

/** Counters of the host scheduler. */
export interface SchedStats {
  /** Tasks woken from sleep (try_to_wake_up with success). */
  wakeups: number;
  /** Of those, with the sync hint after SYNC_WAKEUPS. */
  syncWakeups: number;
  /** Wakeups placed on the waking CPU itself (ttwu_local). */
  localWakeups: number;
  /** Wakeups where wake_affine was consulted. */
  affineAttempts: number;
  /** Wakeups where wake_affine agreed. */
  affineAgreed: number;
  /** Wakeups that wake_affine moved away from prev_cpu (an affine pull). */
  affinePulls: number;
  /** Wakeups sent to an idle CPU found by select_idle_sibling. */
  idleSiblingWakeups: number;
  /** Migrations by cause. */
  migrations: Record<MigrationCause, number>;
  /** Preemptions of a running task by cause. */
  preemptions: Record<PreemptionCause, number>;
  /** Switches from one task to a different one (idle excluded). */
  contextSwitches: number;
  /** Periodic balance passes (rebalance_domains calls). */
  balancePasses: number;
  /** Periodic balance passes that moved something. */
  balanceMoves: number;
  /** Active balance pushes carried out. */
  activeBalances: number;
  /** idle_balance calls that passed the avg_idle gate. */
  idleBalances: number;
  /** idle_balance calls that pulled a task. */
  idleBalancePulls: number;
}

/** A fresh set of counters. */
export function newSchedStats(): SchedStats {
  return {
    wakeups: 0,
    syncWakeups: 0,
    localWakeups: 0,
    affineAttempts: 0,
    affineAgreed: 0,
    affinePulls: 0,
    idleSiblingWakeups: 0,
    migrations: { wakeup: 0, periodic: 0, newidle: 0, active: 0 },
    preemptions: { tick: 0, wakeup: 0, yield: 0 },
    contextSwitches: 0,
    balancePasses: 0,
    balanceMoves: 0,
    activeBalances: 0,
    idleBalances: 0,
    idleBalancePulls: 0,
  };
}

/** The total of migrations of every cause. */
export function totalMigrations(stats: SchedStats): number {
  const m = stats.migrations;
  return m.wakeup + m.periodic + m.newidle + m.active;
}
