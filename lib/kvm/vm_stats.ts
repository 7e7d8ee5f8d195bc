/**
 * Per-VM counters and time integrals: how often the mechanisms fired (exits, kicks,
 * yields, halts), IPI acknowledgement latency, and how the VM's vCPUs were scheduled
 * relative to each other (co-scheduling and stacking).
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import { Histogram } from "../engine/histogram.ts";

/** What the stats read of a vCPU. */
export interface VcpuView {
  readonly task: { readonly state: string; readonly cpu: number };
  /** False while halted because the guest is idle. */
  readonly hasWork: boolean;
}

/**
 * Counters and integrals of one VM.
 *
 * Co-scheduling share: of the time the VM's vCPUs spend on pCPUs, the fraction during
 * which every vCPU that has work is on a pCPU too. For two vCPUs that always have
 * work, it is the chance that the sibling runs while a vCPU runs: Avi Kivity's 50%
 * (pinned), 33% (unpinned, uniform) and 0% (stacked).
 *
 * Stacking share: of the time at least two vCPUs are on runqueues (running or waiting),
 * the fraction during which at least two of them are on the same pCPU's runqueue.
 */
export class VmStats {
  pleExits = 0;
  spinNotifications = 0;
  directedYields = 0;
  directedYieldMisses = 0;
  kicks = 0;
  halts = 0;
  pvHalts = 0;
  pvKicks = 0;
  shootdowns = 0;
  lockHolderPreemptions = 0;
  /** Time from a shootdown's IPIs to each acknowledgement. Unit: ns. */
  ipiAckNs = new Histogram();

  readonly #sim: Simulation;
  readonly #vcpus: () => readonly VcpuView[];
  #since: number;
  #running = 0;
  #coscheduled = 0;
  #onRqPairs = false;
  #stacked = false;
  /** ∫ vCPUs on pCPUs dt. */
  #runningIntegral = 0;
  /** ∫ (vCPUs on pCPUs if all with work are on pCPUs, else 0) dt. */
  #coscheduledIntegral = 0;
  /** ∫ [two or more vCPUs on runqueues] dt. */
  #pairIntegral = 0;
  /** ∫ [two or more on one runqueue] dt. */
  #stackedIntegral = 0;

  constructor(sim: Simulation, vcpus: () => readonly VcpuView[]) {
    this.#sim = sim;
    this.#vcpus = vcpus;
    this.#since = sim.now;
  }

  /** Brings the integrals up to now and re-reads the vCPUs' states. */
  onVcpuChange(): void {
    this.#integrate();
    let running = 0;
    let withWork = 0;
    let onRq = 0;
    let stacked = false;
    const vcpus = this.#vcpus();
    for (let i = 0; i < vcpus.length; i++) {
      const v = vcpus[i]!;
      const state = v.task.state;
      if (v.hasWork) withWork++;
      if (state === "sleeping") continue;
      if (state === "running") running++;
      onRq++;
      if (!stacked) {
        const cpu = v.task.cpu;
        for (let j = 0; j < i; j++) {
          const w = vcpus[j]!;
          if (w.task.state !== "sleeping" && w.task.cpu === cpu) stacked = true;
        }
      }
    }
    this.#running = running;
    this.#coscheduled = running > 0 && running >= withWork ? running : 0;
    this.#onRqPairs = onRq >= 2;
    this.#stacked = stacked;
  }

  #integrate(): void {
    const now = this.#sim.now;
    const dt = now - this.#since;
    if (dt === 0) return;
    this.#since = now;
    this.#runningIntegral += dt * this.#running;
    this.#coscheduledIntegral += dt * this.#coscheduled;
    if (this.#onRqPairs) {
      this.#pairIntegral += dt;
      if (this.#stacked) this.#stackedIntegral += dt;
    }
  }

  /**
   * Starts counting afresh from now (the end of a warm-up): counters, histogram and
   * integrals go back to zero; the vCPUs' current states carry on.
   */
  reset(): void {
    this.#integrate();
    this.pleExits = 0;
    this.spinNotifications = 0;
    this.directedYields = 0;
    this.directedYieldMisses = 0;
    this.kicks = 0;
    this.halts = 0;
    this.pvHalts = 0;
    this.pvKicks = 0;
    this.shootdowns = 0;
    this.lockHolderPreemptions = 0;
    this.ipiAckNs = new Histogram();
    this.#runningIntegral = 0;
    this.#coscheduledIntegral = 0;
    this.#pairIntegral = 0;
    this.#stackedIntegral = 0;
  }

  /** The co-scheduling share up to now (NaN if no vCPU has run). */
  coscheduledShare(): number {
    this.#integrate();
    return this.#runningIntegral === 0 ? NaN : this.#coscheduledIntegral / this.#runningIntegral;
  }

  /** The stacking share up to now (NaN if never two vCPUs were on runqueues). */
  stackedShare(): number {
    this.#integrate();
    return this.#pairIntegral === 0 ? NaN : this.#stackedIntegral / this.#pairIntegral;
  }
}
