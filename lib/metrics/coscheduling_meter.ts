/**
 * The measured counterpart of `coscheduling_model.ts`: how a VM's vCPUs were scheduled
 * relative to each other, integrated over simulated time by an observer of the VM.
 *
 * Co-scheduling share: of the time the VM's vCPUs spend on pCPUs, the fraction during
 * which every vCPU that has work is on a pCPU too. For two vCPUs that always have work,
 * it is the chance that the sibling runs while a vCPU runs: Avi Kivity's 50% (pinned),
 * 33% (unpinned, uniform) and 0% (stacked).
 *
 * Stacking share: of the time at least two vCPUs are on runqueues (running or waiting),
 * the fraction during which at least two of them are on the same pCPU's runqueue.
 *
 * @module
 */

import type { Vm } from "../kvm/vm.ts";

/** What the meter reads of a vCPU. */
export interface VcpuView {
  /** The vCPU thread's state and CPU. */
  readonly task: { readonly state: string; readonly cpu: number };
  /** False while halted because the guest is idle. */
  readonly hasWork: boolean;
}

/** Time integrals of one VM's scheduling, from the meter's start. Unit: ns (vCPU-ns). */
export interface CoschedulingIntegrals {
  /** ∫ vCPUs on pCPUs dt. */
  readonly runningNs: number;
  /** ∫ (vCPUs on pCPUs if all those with work are on pCPUs, else 0) dt. */
  readonly coscheduledNs: number;
  /** ∫ [two or more vCPUs on runqueues] dt. */
  readonly pairNs: number;
  /** ∫ [two or more vCPUs on one runqueue] dt. */
  readonly stackedNs: number;
}

/** Shares of a stretch of time (NaN where the denominator is zero). */
export interface CoschedulingShares {
  /** The co-scheduling share; NaN if no vCPU ran. */
  readonly coscheduledShare: number;
  /** The stacking share; NaN if never two vCPUs were on runqueues. */
  readonly stackedShare: number;
}

/**
 * Integrates the co-scheduling and stacking of one VM's vCPUs. It re-reads the vCPUs
 * at each {@linkcode sample}; until the first, it counts no vCPU, so attach it (with
 * {@linkcode CoschedulingMeter.attach}) before the simulation runs.
 *
 * @example Two pinned vCPUs with work always run together
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "../kvm/vm.ts";
 * import { startCpuHogGuest } from "../workloads/cpu_hog_guest.ts";
 * import { CoschedulingMeter } from "./coscheduling_meter.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "vm0", pinning: [0, 1] });
 * startCpuHogGuest(vm);
 * const meter = CoschedulingMeter.attach(vm);
 * sim.run({ untilNs: 100_000_000 });
 * const { coscheduledShare, stackedShare } = meter.sharesSince();
 * assert.ok(coscheduledShare > 0.99 && stackedShare === 0);
 * ```
 */
export class CoschedulingMeter {
  readonly #clock: { readonly now: number };
  readonly #vcpus: readonly VcpuView[];
  #since: number;
  #running = 0;
  #coscheduled = 0;
  #onRqPairs = false;
  #stacked = false;
  #runningNs = 0;
  #coscheduledNs = 0;
  #pairNs = 0;
  #stackedNs = 0;

  /** A meter of `vcpus`, integrating from `clock.now` on; feed it with {@linkcode sample}. */
  constructor(clock: { readonly now: number }, vcpus: readonly VcpuView[]) {
    this.#clock = clock;
    this.#vcpus = vcpus;
    this.#since = clock.now;
  }

  /** A meter of `vm`'s vCPUs, sampling at each change the VM reports to its observers. */
  static attach(vm: Vm): CoschedulingMeter {
    const meter = new CoschedulingMeter(vm.sim, vm.vcpus);
    vm.observe(() => meter.sample());
    return meter;
  }

  /** Brings the integrals up to now and re-reads the vCPUs' states. */
  sample(): void {
    this.#integrate();
    let running = 0;
    let withWork = 0;
    let onRq = 0;
    let stacked = false;
    const vcpus = this.#vcpus;
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

  /** The integrals from the meter's start up to now. */
  integrals(): CoschedulingIntegrals {
    this.#integrate();
    return {
      runningNs: this.#runningNs,
      coscheduledNs: this.#coscheduledNs,
      pairNs: this.#pairNs,
      stackedNs: this.#stackedNs,
    };
  }

  /**
   * The shares from `start` (integrals taken earlier; by default the meter's start) up
   * to now. The integrals are sums of integers, so the differences are exact.
   */
  sharesSince(start?: CoschedulingIntegrals): CoschedulingShares {
    const now = this.integrals();
    const runningNs = now.runningNs - (start?.runningNs ?? 0);
    const coscheduledNs = now.coscheduledNs - (start?.coscheduledNs ?? 0);
    const pairNs = now.pairNs - (start?.pairNs ?? 0);
    const stackedNs = now.stackedNs - (start?.stackedNs ?? 0);
    return {
      coscheduledShare: runningNs === 0 ? NaN : coscheduledNs / runningNs,
      stackedShare: pairNs === 0 ? NaN : stackedNs / pairNs,
    };
  }

  #integrate(): void {
    const now = this.#clock.now;
    const dt = now - this.#since;
    if (dt === 0) return;
    this.#since = now;
    this.#runningNs += dt * this.#running;
    this.#coscheduledNs += dt * this.#coscheduled;
    if (this.#onRqPairs) {
      this.#pairNs += dt;
      if (this.#stacked) this.#stackedNs += dt;
    }
  }
}
