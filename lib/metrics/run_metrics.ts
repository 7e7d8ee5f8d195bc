/**
 * The metrics of one run, measured over a window that starts after the warm-up: what
 * `deno task sim` prints and every sweep row holds.
 *
 * @module
 */

import { Histogram } from "../engine/histogram.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { SchedStats } from "../host/schedstats.ts";
import { totalMigrations } from "../host/schedstats.ts";
import type { VcpuTimes } from "../kvm/vcpu_accounts.ts";
import type { Vm } from "../kvm/vm.ts";
import type { VmCounters } from "../kvm/vm_counters.ts";
import { type CoschedulingIntegrals, CoschedulingMeter } from "./coscheduling_meter.ts";

/**
 * The metric names, in the order of the CSV columns. Shares are fractions of the
 * window; counts are over the window.
 */
export const METRIC_NAMES = [
  // Work done per second: responses (webbench), jobs (kernbench), messages (pipes),
  // vCPU-seconds of work (CPU hog).
  "throughputRps",
  // Median and 99th percentile response time (webbench). Unit: ms.
  "responseP50Ms",
  "responseP99Ms",
  // Busy fraction of all host CPUs.
  "hostUtilization",
  // Shares of vCPU time (all vCPUs of all VMs), adding up to one.
  "usefulShare",
  "spinShare",
  "overheadShare",
  "preemptedShare",
  "haltedShare",
  "blockedShare",
  // Means over VMs of the co-scheduling and stacking shares (see CoschedulingMeter).
  "coscheduledShare",
  "stackedShare",
  // Host scheduler counts.
  "migrations",
  "affinePulls",
  "wakeups",
  "contextSwitches",
  // VM counts, summed over VMs (see VmCounters).
  "pleExits",
  "spinNotifications",
  "directedYields",
  "pvHalts",
  "kicks",
  "lockHolderPreemptions",
  // Ticket-lock hand-offs to a waiter whose vCPU was not running.
  "lockWaiterPreemptions",
  "shootdowns",
  // Mean TLB-shootdown acknowledgement latency. Unit: us.
  "ipiAckMeanUs",
] as const;

/** The name of a metric. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** The metrics every run has; the others are null where undefined (no VM, no response). */
export const ALWAYS_DEFINED_METRICS = [
  "throughputRps",
  "hostUtilization",
  "migrations",
  "affinePulls",
  "wakeups",
  "contextSwitches",
] as const satisfies readonly MetricName[];

/** The metrics of a run, named and ordered by {@linkcode METRIC_NAMES} (see there). */
export type RunMetrics = {
  readonly [K in MetricName]: K extends (typeof ALWAYS_DEFINED_METRICS)[number] ? number
    : number | null;
};

/**
 * Rounds to `digits` significant digits, so that reports are readable and a value's
 * text does not depend on the last bits of floating-point arithmetic.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundSignificant } from "./run_metrics.ts";
 * assert.ok(roundSignificant(0.123456789) === 0.123457);
 * assert.ok(roundSignificant(9623.4) === 9623.4);
 * ```
 */
export function roundSignificant(value: number, digits = 6): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

function snapshotStats(stats: SchedStats): SchedStats {
  return structuredClone(stats);
}

function snapshotCounters(counters: VmCounters): VmCounters {
  return { ...counters, ipiAckNs: counters.ipiAckNs.copy() };
}

/** What the counters counted since `start`, a snapshot of them. */
function countersSince(counters: VmCounters, start: VmCounters): VmCounters {
  const since: VmCounters = { ...counters, ipiAckNs: counters.ipiAckNs.since(start.ipiAckNs) };
  for (const k of Object.keys(since) as (keyof VmCounters)[]) {
    if (k !== "ipiAckNs") since[k] -= start[k];
  }
  return since;
}

function sumTimes(list: readonly VcpuTimes[]): VcpuTimes {
  const total = {
    usefulNs: 0,
    spinNs: 0,
    overheadNs: 0,
    preemptedNs: 0,
    haltedNs: 0,
    blockedNs: 0,
  };
  for (const t of list) {
    for (const k of Object.keys(total) as (keyof VcpuTimes)[]) total[k] += t[k];
  }
  return total;
}

/** One VM under measurement, with its counters and integrals at the window's start. */
interface Watched {
  readonly vm: Vm;
  readonly meter: CoschedulingMeter;
  counters: VmCounters;
  integrals: CoschedulingIntegrals;
}

/**
 * Measures a run between {@linkcode start} (the end of the warm-up) and
 * {@linkcode finish}. The window only reads the model: it snapshots the host's and the
 * VMs' counters at the start and differences them at the end. Its co-scheduling meters
 * watch the VMs from the window's construction on, so construct it before the
 * simulation runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "../kvm/vm.ts";
 * import { startCpuHogGuest } from "../workloads/cpu_hog_guest.ts";
 * import { MeasurementWindow } from "./run_metrics.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "vm0" });
 * startCpuHogGuest(vm);
 * const window = new MeasurementWindow(host, [vm]);
 * sim.run({ untilNs: 10_000_000 });
 * window.start();
 * sim.run({ untilNs: 110_000_000 });
 * const m = window.finish({ work: 0 });
 * assert.ok(m.hostUtilization > 0.99 && m.usefulShare! > 0.9);
 * ```
 */
export class MeasurementWindow {
  readonly #host: HostScheduler;
  readonly #vms: readonly Vm[];
  readonly #watched: readonly Watched[];
  #startNs = 0;
  #stats: SchedStats;
  #busy: number[] = [];
  #times: VcpuTimes[] = [];
  #grantsToPreempted = 0;

  /** A window over `host` and the guest metrics of `vms`; it begins at {@linkcode start}. */
  constructor(host: HostScheduler, vms: readonly Vm[]) {
    this.#host = host;
    this.#vms = vms;
    this.#stats = snapshotStats(host.stats);
    this.#watched = vms.map((vm) => {
      const meter = CoschedulingMeter.attach(vm);
      return { vm, meter, counters: snapshotCounters(vm.stats), integrals: meter.integrals() };
    });
  }

  #waiterPreemptions(): number {
    let n = 0;
    for (const vm of this.#vms) for (const lock of vm.locks) n += lock.stats.grantsToPreempted;
    return n;
  }

  /** Begins the window now. */
  start(): void {
    const host = this.#host;
    this.#startNs = host.sim.now;
    this.#stats = snapshotStats(host.stats);
    this.#busy = host.cpus.map((c) => host.cpuTimes(c.id).busyNs);
    this.#times = this.#vms.flatMap((vm) => vm.vcpus.map((v) => v.times()));
    this.#grantsToPreempted = this.#waiterPreemptions();
    for (const w of this.#watched) {
      w.counters = snapshotCounters(w.vm.stats);
      w.integrals = w.meter.integrals();
    }
  }

  /**
   * Ends the window now and computes the metrics. `work` is what the workload did in
   * the window (responses, jobs, messages, or ns of work); `responses` the response
   * times, if any.
   */
  finish(options: { work: number; responses?: Histogram }): RunMetrics {
    const host = this.#host;
    const seconds = (host.sim.now - this.#startNs) / 1e9;
    const round = (v: number) => roundSignificant(v);
    const orNull = (v: number) => (Number.isFinite(v) ? round(v) : null);
    const busy = host.cpus.reduce((s, c, i) => s + host.cpuTimes(c.id).busyNs - this.#busy[i]!, 0);
    const s0 = this.#stats;
    const s1 = host.stats;
    const now = this.#vms.flatMap((vm) => vm.vcpus.map((v) => v.times()));
    const before = sumTimes(this.#times);
    const after = sumTimes(now);
    const delta = (k: keyof VcpuTimes) => after[k] - before[k];
    const vcpuTotal = (Object.keys(after) as (keyof VcpuTimes)[]).reduce((s, k) => s + delta(k), 0);
    const hasVms = this.#vms.length > 0;
    const share = (
      k: keyof VcpuTimes,
    ) => (hasVms && vcpuTotal > 0 ? round(delta(k) / vcpuTotal) : null);
    const counters = this.#watched.map((w) => countersSince(w.vm.stats, w.counters));
    const shares = this.#watched.map((w) => w.meter.sharesSince(w.integrals));
    const vmSum = (f: (c: VmCounters) => number) =>
      hasVms ? counters.reduce((s, c) => s + f(c), 0) : null;
    const vmMean = (values: readonly number[]) => {
      const finite = values.filter((v) => Number.isFinite(v));
      return finite.length === 0 ? null : round(finite.reduce((a, b) => a + b, 0) / finite.length);
    };
    const acks = new Histogram();
    for (const c of counters) acks.merge(c.ipiAckNs);
    const r = options.responses;
    return {
      throughputRps: round(options.work / seconds),
      responseP50Ms: r === undefined || r.count === 0 ? null : orNull(r.percentile(0.5) / 1e6),
      responseP99Ms: r === undefined || r.count === 0 ? null : orNull(r.percentile(0.99) / 1e6),
      hostUtilization: round(busy / (seconds * 1e9 * host.cpus.length)),
      usefulShare: share("usefulNs"),
      spinShare: share("spinNs"),
      overheadShare: share("overheadNs"),
      preemptedShare: share("preemptedNs"),
      haltedShare: share("haltedNs"),
      blockedShare: share("blockedNs"),
      coscheduledShare: vmMean(shares.map((x) => x.coscheduledShare)),
      stackedShare: vmMean(shares.map((x) => x.stackedShare)),
      migrations: totalMigrations(s1) - totalMigrations(s0),
      affinePulls: s1.affinePulls - s0.affinePulls,
      wakeups: s1.wakeups - s0.wakeups,
      contextSwitches: s1.contextSwitches - s0.contextSwitches,
      pleExits: vmSum((c) => c.pleExits),
      spinNotifications: vmSum((c) => c.spinNotifications),
      directedYields: vmSum((c) => c.directedYields),
      pvHalts: vmSum((c) => c.pvHalts),
      kicks: vmSum((c) => c.kicks),
      lockHolderPreemptions: vmSum((c) => c.lockHolderPreemptions),
      lockWaiterPreemptions: hasVms ? this.#waiterPreemptions() - this.#grantsToPreempted : null,
      shootdowns: vmSum((c) => c.shootdowns),
      ipiAckMeanUs: acks.count === 0 ? null : orNull(acks.mean / 1e3),
    };
  }
}
