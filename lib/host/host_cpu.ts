/**
 * A host CPU's state beyond its runqueue: what it runs, its pending reschedule, its
 * tick, its idle bookkeeping for the balancer, and its busy/idle time.
 *
 * @module
 */

import type { Timer } from "../engine/simulation.ts";
import { CfsRunqueue } from "./cfs_runqueue.ts";
import type { SchedDomain } from "./sched_domains.ts";
import type { PreemptionCause } from "./schedstats.ts";
import type { HostTask } from "./task.ts";

/** One logical CPU of the host. */
export class HostCpu {
  /** Its id. */
  readonly id: number;
  /** Its CFS runqueue. */
  readonly rq: CfsRunqueue;
  /** Its sched domains, lowest first. */
  readonly domains: readonly SchedDomain[];
  /** cpu_power of the CPU (1024, or 589 for an SMT thread). */
  readonly power: number;

  /** The running task, or null when idle (same as rq.curr). */
  get curr(): HostTask | null {
    return this.rq.curr;
  }

  /** TIF_NEED_RESCHED of the current task. */
  needResched = false;
  /** Why the pending reschedule was asked for. */
  reschedCause: PreemptionCause = "tick";
  /** Fires when the reschedule takes effect (at once, or after an IPI). */
  reschedTimer!: Timer;
  /** The periodic scheduler tick. */
  tickTimer!: Timer;
  /** rq->next_balance, in jiffies. */
  nextBalanceJiffy = 0;
  /** rq->avg_idle. Unit: ns. */
  avgIdleNs: number;
  /** rq->idle_stamp, or -1 when not set. Unit: ns. */
  idleStampNs: number = -1;
  /** The last task that ran here (kept across idle periods): switching back to it is free. */
  lastTask: HostTask | null = null;
  /** A migration-thread push is on its way. */
  activeBalancePending = false;

  /** When the current stint (or idle period) began. Unit: ns. */
  sinceNs = 0;
  /** Time spent running tasks. Unit: ns. */
  busyNs = 0;
  /** Time spent idle. Unit: ns. */
  idleNs = 0;

  /**
   * CPU `id` with its domains and cpu_power, idle and without timers until its
   * dispatcher arms them; `avgIdleNs` starts rq->avg_idle (2 * migration_cost).
   */
  constructor(id: number, domains: readonly SchedDomain[], power: number, avgIdleNs: number) {
    this.id = id;
    this.rq = new CfsRunqueue(id);
    this.domains = domains;
    this.power = power;
    this.avgIdleNs = avgIdleNs;
  }
}
