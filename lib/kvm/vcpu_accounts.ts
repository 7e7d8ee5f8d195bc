/**
 * Where a vCPU's time goes: useful guest work, spinning and exits (from the host's
 * progress counter, credited when the vCPU changes what it does), and its sleeps by
 * reason. Together with the host's run and wait times they add up to the vCPU's life.
 *
 * @module
 */

import type { HostScheduler } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";

/** What a vCPU's running time is spent on. */
export type Category = "useful" | "spin" | "exit";

/** Why a vCPU thread sleeps in the host. */
export type HaltReason = "idle" | "ple" | "pv";

/** What vCPU time went to, in ns. Adds up to the vCPU's lifetime. */
export interface VcpuTimes {
  /** Guest work: requests, handlers, critical sections. */
  readonly usefulNs: number;
  /** Spinning on locks and on IPI acknowledgements. */
  readonly spinNs: number;
  /** Exits, context switches and cache refills. */
  readonly overheadNs: number;
  /** Runnable but waiting for a pCPU. */
  readonly preemptedNs: number;
  /** Halted because the guest had nothing to do. */
  readonly haltedNs: number;
  /** Asleep while waiting: PLE sleep or PV-lock halt. */
  readonly blockedNs: number;
}

/**
 * The accounts of one vCPU.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { VcpuAccounts } from "./vcpu_accounts.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim, { costs: { contextSwitchNs: 0 } });
 * const task = host.spawn({ name: "v" });
 * const accounts = new VcpuAccounts(host, task);
 * sim.run({ untilNs: 1_000 });
 * accounts.switchTo("spin");
 * sim.run({ untilNs: 3_000 });
 * const t = accounts.times(sim.now);
 * assert.equal(t.usefulNs, 1_000);
 * assert.equal(t.spinNs, 2_000);
 * ```
 */
export class VcpuAccounts {
  readonly #host: HostScheduler;
  readonly #task: HostTask;
  #category: Category = "useful";
  #mark = 0;
  readonly #progress = { useful: 0, spin: 0, exit: 0 };
  #sleepSince = 0;
  #sleepReason: HaltReason | null = null;
  readonly #slept = { idle: 0, ple: 0, pv: 0 };

  /** Accounts for the vCPU thread `task` of `host`, from now on. */
  constructor(host: HostScheduler, task: HostTask) {
    this.#host = host;
    this.#task = task;
  }

  /** From now on the running time counts as `next` (progress in one category accumulates). */
  switchTo(next: Category): void {
    if (next === this.#category) return;
    this.#flush();
    this.#category = next;
  }

  /** The vCPU thread starts sleeping, for `reason` (null: not a halt of ours). */
  sleepStarted(reason: HaltReason | null, nowNs: number): void {
    this.#sleepSince = nowNs;
    this.#sleepReason = reason;
  }

  /** The vCPU thread was woken. */
  sleepEnded(nowNs: number): void {
    if (this.#sleepReason !== null) {
      this.#slept[this.#sleepReason] += nowNs - this.#sleepSince;
      this.#sleepReason = null;
    }
  }

  /** Where the time went up to `nowNs`. */
  times(nowNs: number): VcpuTimes {
    this.#flush();
    const t = this.#host.timesOf(this.#task);
    const slept = { ...this.#slept };
    if (this.#sleepReason !== null && this.#task.state === "sleeping") {
      slept[this.#sleepReason] += nowNs - this.#sleepSince;
    }
    const { useful, spin } = this.#progress;
    return {
      usefulNs: useful,
      spinNs: spin,
      overheadNs: t.runNs - useful - spin,
      preemptedNs: t.waitNs,
      haltedNs: slept.idle,
      blockedNs: slept.ple + slept.pv,
    };
  }

  /** Credits the progress since the last mark to the current category. */
  #flush(): void {
    const p = this.#host.progressOf(this.#task);
    this.#progress[this.#category] += p - this.#mark;
    this.#mark = p;
  }
}
