/**
 * The base of the host scheduler: the machine built from its options (CPUs, runqueues,
 * sched domains, tunables, costs), the views the scheduling policies read, task state
 * and time accounting, and the work a task does while it holds a CPU (progress with
 * context-switch and cache-refill overhead, completion timers).
 *
 * The layers: {@linkcode HostCore} (this file) carries tasks on CPUs; `HostDispatch`
 * (host_dispatch.ts) decides what runs where and when (tick, preemption, schedule(),
 * balancing); `HostScheduler` (host_scheduler.ts) is the task API (spawn, block, wake).
 *
 * @module
 */

import type { Simulation, Timer } from "../engine/simulation.ts";
import { Priority } from "../engine/simulation.ts";
import { RunTrace } from "./run_trace.ts";
import type { CfsRunqueue } from "./cfs_runqueue.ts";
import { type HostCosts, refillNs, resolveCosts } from "./costs.ts";
import { resolveFeatures, type SchedFeatureName, type SchedFeatures } from "./features.ts";
import { HostCpu } from "./host_cpu.ts";
import { kernelPreset, type KernelVersion } from "./kernel.ts";
import { coldLeftAfter, elapsedFor, progressAfter } from "./run_segment.ts";
import {
  buildSchedDomains,
  cpuPowerOf,
  type DomainOverrides,
  type SchedDomain,
} from "./sched_domains.ts";
import { newSchedStats, type SchedStats } from "./schedstats.ts";
import { HostTask, type TaskTimes } from "./task.ts";
import { Topology, type TopologySpec } from "./topology.ts";
import { type BaseTunables, scaleTunables, type SchedTunables } from "./tunables.ts";

/** Options of a {@linkcode HostScheduler}. */
export interface HostSchedulerOptions {
  /** The machine, or its shape. @default the `host-2cpu` preset */
  readonly topology?: Topology | Partial<TopologySpec>;
  /** The kernel release whose flags and tunables are the base. @default {"2.6.33"} */
  readonly kernel?: KernelVersion;
  /** Feature flags changed from the release's defaults. @default {{}} */
  readonly features?: Partial<Record<SchedFeatureName, boolean>>;
  /** Base tunables changed from the release's defaults (scaled by CPU count after). @default {{}} */
  readonly tunables?: Partial<BaseTunables>;
  /** Switching, migration and IPI costs. @default {@linkcode DEFAULT_COSTS} */
  readonly costs?: Partial<HostCosts>;
  /** Sched-domain parameters changed from the kernel's. @default {{}} */
  readonly domains?: DomainOverrides;
  /** Record which task ran where and when, within this window. @default no trace */
  readonly trace?: { readonly fromNs?: number; readonly toNs?: number };
}

/**
 * The host's machine and task bookkeeping; see {@linkcode HostScheduler} for the class to use.
 */
export abstract class HostCore {
  readonly sim: Simulation;
  readonly topology: Topology;
  readonly features: SchedFeatures;
  readonly tunables: SchedTunables;
  readonly costs: HostCosts;
  readonly kernel: KernelVersion;
  readonly cpus: readonly HostCpu[];
  readonly tasks: HostTask[] = [];
  readonly stats: SchedStats = newSchedStats();
  /** The run trace, when asked for. */
  readonly trace: RunTrace | null;
  /** Called after any change of a task's state or CPU (for metrics). */
  onTaskChange: ((task: HostTask) => void) | null = null;
  readonly tickNs: number;

  /**
   * @throws {RangeError|TypeError} when the topology, kernel, features, tunables or costs
   * are invalid; the message names the field, the value and what is allowed.
   */
  constructor(sim: Simulation, options: HostSchedulerOptions = {}) {
    const {
      topology = Topology.preset("host-2cpu"),
      kernel = "2.6.33",
      features,
      tunables,
      costs,
      domains,
      trace,
    } = options;
    this.sim = sim;
    this.topology = topology instanceof Topology ? topology : new Topology(topology);
    const preset = kernelPreset(kernel);
    this.kernel = kernel;
    this.features = resolveFeatures(preset.features, features, "features");
    this.tunables = scaleTunables({ ...preset.tunables, ...tunables }, this.topology.ncpus);
    this.costs = resolveCosts(costs);
    this.trace = trace === undefined ? null : new RunTrace(trace);
    this.tickNs = Math.round(1e9 / this.tunables.hz);
    const allDomains = buildSchedDomains(this.topology, domains);
    this.cpus = this.topology.allCpus().map((id) => {
      const cpu = new HostCpu(
        id,
        allDomains[id] as SchedDomain[],
        cpuPowerOf(this.topology.spec.threadsPerCore),
        2 * this.tunables.migrationCostNs,
      );
      cpu.reschedTimer = sim.timer(() => this.onResched(cpu), { priority: Priority.URGENT });
      cpu.tickTimer = sim.timer(() => this.onTick(cpu));
      cpu.tickTimer.at(sim.now - (sim.now % this.tickNs) + this.tickNs);
      cpu.sinceNs = sim.now;
      return cpu;
    });
  }

  // --- BalanceHost and PlacementView ---

  /** Current simulated time (rq->clock). Unit: ns. */
  get nowNs(): number {
    return this.sim.now;
  }

  /** The tick frequency. Unit: Hz. */
  get hz(): number {
    return this.tunables.hz;
  }

  /** Ticks since the start (jiffies). */
  get jiffies(): number {
    return Math.floor(this.sim.now / this.tickNs);
  }

  domainsOf(cpu: number): readonly SchedDomain[] {
    return (this.cpus[cpu] as HostCpu).domains;
  }

  rqOf(cpu: number): CfsRunqueue {
    return (this.cpus[cpu] as HostCpu).rq;
  }

  cpuPower(cpu: number): number {
    return (this.cpus[cpu] as HostCpu).power;
  }

  isIdle(cpu: number): boolean {
    return (this.cpus[cpu] as HostCpu).curr === null;
  }

  /**
   * Gives `task` an activity: `workNs` of work at full speed (fractions allowed, since
   * progress on a cold cache is fractional; Infinity: until replaced),
   * then `onDone` runs while the task is still on its CPU. Replaces any activity in
   * progress; the work already done counts.
   *
   * @throws {RangeError} when `workNs` is negative or not an integer.
   */
  setWork(task: HostTask, workNs: number, onDone: (() => void) | null = null): void {
    if (!(workNs >= 0 && workNs <= Infinity)) {
      throw new RangeError(
        `Cannot set work of ${task.name} as 'workNs' must be a number of ns >= 0 (or Infinity): current value is ${workNs}`,
      );
    }
    if (task.state === "running") this.checkpoint(task);
    task.workLeft = workNs;
    task.onDone = onDone;
    if (task.state === "running") this.armDone(task);
  }

  /**
   * Stops `task`'s current activity and returns the work it had left (progress ns;
   * Infinity for an open-ended one). The task keeps running with no activity until it
   * is given another.
   */
  suspendWork(task: HostTask): number {
    if (task.state === "running") this.checkpoint(task);
    const left = task.workLeft;
    task.workLeft = Infinity;
    task.onDone = null;
    task.doneTimer?.cancel();
    return left;
  }

  /** Useful progress `task` has made so far. Unit: ns. */
  progressOf(task: HostTask): number {
    if (task.state !== "running") return task.progressNs;
    return task.progressNs + progressAfter(task.segment, this.sim.now - task.segment.startNs);
  }

  /** Where `task`'s time went, up to now. */
  timesOf(task: HostTask): TaskTimes {
    const open = this.sim.now - task.stateSinceNs;
    const cpu = this.cpus[task.cpu];
    return {
      runNs: task.runNs + (task.state === "running" && cpu ? this.sim.now - cpu.sinceNs : 0),
      progressNs: this.progressOf(task),
      waitNs: task.waitNs + (task.state === "runnable" ? open : 0),
      sleepNs: task.sleepNs + (task.state === "sleeping" ? open : 0),
    };
  }

  /** Busy and idle time of `cpu` up to now. Unit: ns. */
  cpuTimes(cpu: number): { busyNs: number; idleNs: number } {
    const c = this.cpus[cpu] as HostCpu;
    const open = this.sim.now - c.sinceNs;
    return c.curr !== null
      ? { busyNs: c.busyNs + open, idleNs: c.idleNs }
      : { busyNs: c.busyNs, idleNs: c.idleNs + open };
  }

  /** Closes the open stints of the trace at now (call once, at the end of a run). */
  flushTrace(): void {
    if (this.trace === null) return;
    for (const c of this.cpus) {
      if (c.curr !== null) this.trace.record(c.id, c.curr.id, c.sinceNs, this.sim.now);
    }
  }

  // --- internals ---

  protected runningCpu(task: HostTask, action: string): HostCpu {
    const c = this.cpus[task.cpu];
    if (task.state !== "running" || c === undefined || c.curr !== task) {
      throw new Error(`Cannot ${action} ${task.name} as it is not running (state ${task.state})`);
    }
    return c;
  }

  protected setState(task: HostTask, state: HostTask["state"]): void {
    const now = this.sim.now;
    const open = now - task.stateSinceNs;
    if (task.state === "runnable") task.waitNs += open;
    else if (task.state === "sleeping") task.sleepNs += open;
    task.state = state;
    task.stateSinceNs = now;
    task.onChange?.(task);
    this.onTaskChange?.(task);
  }

  protected startRunning(c: HostCpu, task: HostTask, overheadNs: number): void {
    const now = this.sim.now;
    if (task.cacheCpu !== c.id) {
      if (task.cacheCpu >= 0) {
        task.coldNs = refillNs(this.costs, this.topology.distance(task.cacheCpu, c.id));
      }
      task.cacheCpu = c.id;
    }
    const seg = task.segment;
    seg.startNs = now;
    seg.overheadNs = overheadNs;
    seg.coldNs = task.coldNs;
    seg.coldRate = this.costs.coldRate;
    c.idleNs += now - c.sinceNs;
    c.sinceNs = now;
    this.armDone(task);
    // Last, with the host consistent: the task's hook may act at once (set work, block).
    this.setState(task, "running");
  }

  protected stopRunning(c: HostCpu, task: HostTask): void {
    const now = this.sim.now;
    this.checkpoint(task);
    task.doneTimer?.cancel();
    c.rq.updateCurr(now);
    const stint = now - c.sinceNs;
    c.busyNs += stint;
    task.runNs += stint;
    this.trace?.record(c.id, task.id, c.sinceNs, now);
    c.sinceNs = now;
  }

  /** Brings a running task's progress up to now and restarts its segment here. */
  protected checkpoint(task: HostTask): void {
    const seg = task.segment;
    const elapsed = this.sim.now - seg.startNs;
    if (elapsed === 0) return;
    const done = progressAfter(seg, elapsed);
    task.progressNs += done;
    task.workLeft = Math.max(0, task.workLeft - done);
    const cold = coldLeftAfter(seg, elapsed);
    seg.overheadNs = Math.max(0, seg.overheadNs - elapsed);
    seg.coldNs = cold;
    task.coldNs = cold;
    seg.startNs = this.sim.now;
  }

  protected armDone(task: HostTask): void {
    const timer = task.doneTimer as Timer;
    if (task.workLeft === Infinity) {
      timer.cancel();
      return;
    }
    timer.at(task.segment.startNs + elapsedFor(task.segment, task.workLeft));
  }

  protected onWorkDone(task: HostTask): void {
    this.checkpoint(task);
    task.workLeft = Infinity;
    const onDone = task.onDone;
    task.onDone = null;
    onDone?.();
  }

  /** The reschedule timer of `c` fired. */
  protected abstract onResched(c: HostCpu): void;
  /** The scheduler tick of `c`. */
  protected abstract onTick(c: HostCpu): void;
}
