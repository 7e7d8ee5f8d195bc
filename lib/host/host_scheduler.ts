/**
 * The host scheduler: Linux 2.6.33 CFS on a simulated machine. It owns the CPUs and
 * their runqueues, runs the tick, places waking tasks, balances load, and carries the
 * work of every host task (vCPU threads, the I/O thread, native workloads).
 *
 * Tasks describe what they do through a small interface: a task is given an amount of
 * work (in ns of CPU at full speed) and a continuation that runs when the work is done;
 * from there it may start more work, block until woken, sleep for a while, wake other
 * tasks (sync or not), or yield.
 *
 * {@linkcode HostScheduler} is that interface and the machine. It owns two
 * collaborators: a `Dispatcher` (dispatcher.ts: schedule(), the tick, preemption,
 * migrations) and a `TaskWork` (task_work.ts: the progress of each task's work).
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import { checkNs } from "../engine/time.ts";
import type { CfsRunqueue } from "./cfs_runqueue.ts";
import { type HostCosts, resolveCosts } from "./costs.ts";
import { Dispatcher } from "./dispatcher.ts";
import { placeEntity, updateAvg } from "./fair.ts";
import { resolveFeatures, type SchedFeatureName, type SchedFeatures } from "./features.ts";
import { HostCpu } from "./host_cpu.ts";
import { kernelPreset, type KernelVersion } from "./kernel.ts";
import { RunTrace } from "./run_trace.ts";
import {
  buildSchedDomains,
  cpuPowerOf,
  type DomainOverrides,
  type SchedDomain,
} from "./sched_domains.ts";
import { newSchedStats, type SchedStats } from "./schedstats.ts";
import { selectTaskRqFair } from "./select_task_rq.ts";
import { checkTaskOptions, HostTask, type HostTaskOptions, type TaskTimes } from "./task.ts";
import { TaskWork } from "./task_work.ts";
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

/** Where a wakeup comes from: a running task (process context) or an interrupt on a CPU. */
export type WakeSource =
  | { readonly waker: HostTask; readonly sync?: boolean }
  | { readonly cpu: number; readonly sync?: boolean };

/** Options of {@linkcode HostScheduler.spawn}. */
export interface SpawnOptions extends HostTaskOptions {
  /** The CPU it starts on. @default the least loaded allowed CPU */
  readonly cpu?: number;
}

/**
 * Linux 2.6.33 CFS on a simulated machine.
 *
 * @example Two CPU hogs share one CPU fairly
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "./host_scheduler.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim, { costs: { contextSwitchNs: 0 } });
 * const a = host.spawn({ name: "a", affinity: [0] });
 * const b = host.spawn({ name: "b", affinity: [0] });
 * sim.run({ untilNs: 1_000_000_000 });
 * const ratio = host.timesOf(a).runNs / host.timesOf(b).runNs;
 * assert.ok(Math.abs(ratio - 1) < 0.01);
 * ```
 */
export class HostScheduler {
  /** The simulation the host runs in. */
  readonly sim: Simulation;
  /** The machine. */
  readonly topology: Topology;
  /** The feature flags in force (the release's, with the options' changes). */
  readonly features: SchedFeatures;
  /** The tunables in force, scaled by CPU count. */
  readonly tunables: SchedTunables;
  /** Switching, migration and IPI costs. */
  readonly costs: HostCosts;
  /** The kernel release modelled. */
  readonly kernel: KernelVersion;
  /** The CPUs, indexed by id. */
  readonly cpus: readonly HostCpu[];
  /** Every task spawned, indexed by id. */
  readonly tasks: HostTask[] = [];
  /** The counters of scheduling decisions. */
  readonly stats: SchedStats = newSchedStats();
  /** The run trace, when asked for. */
  readonly trace: RunTrace | null;
  /** Called after any change of a task's state or CPU (for metrics). */
  onTaskChange: ((task: HostTask) => void) | null = null;
  /** The tick period (1 / HZ, rounded). Unit: ns. */
  readonly tickNs: number;
  readonly #work: TaskWork;
  readonly #dispatch: Dispatcher;
  readonly #wakeupSwitches: boolean;

  /**
   * Builds the machine and starts its ticks.
   *
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
    this.#wakeupSwitches = preset.wakeupSwitches;
    this.features = resolveFeatures(preset.features, features, "features");
    this.tunables = scaleTunables({ ...preset.tunables, ...tunables }, this.topology.ncpus);
    this.costs = resolveCosts(costs);
    this.trace = trace === undefined ? null : new RunTrace(trace);
    this.tickNs = Math.round(1e9 / this.tunables.hz);
    const allDomains = buildSchedDomains(this.topology, domains);
    const power = cpuPowerOf(this.topology.spec.threadsPerCore);
    this.cpus = this.topology.allCpus().map((id) =>
      new HostCpu(id, allDomains[id] as SchedDomain[], power, 2 * this.tunables.migrationCostNs)
    );
    this.#work = new TaskWork(sim, this.costs, this.topology);
    this.#dispatch = new Dispatcher(this, this.#work);
  }

  // --- what wakeup placement reads (PlacementView) ---

  /** The sched domains of `cpu`, lowest first. */
  domainsOf(cpu: number): readonly SchedDomain[] {
    return (this.cpus[cpu] as HostCpu).domains;
  }

  /** The CFS runqueue of `cpu`. */
  rqOf(cpu: number): CfsRunqueue {
    return (this.cpus[cpu] as HostCpu).rq;
  }

  /** The feature flags in force when `task` is woken (its overrides applied). */
  featuresFor(task: HostTask): SchedFeatures {
    return task.wakeFeatures ??= this.#resolveFeaturesFor(task);
  }

  #resolveFeaturesFor(task: HostTask): SchedFeatures {
    const o = task.features;
    if (o.AFFINE_WAKEUPS === undefined && o.SYNC_WAKEUPS === undefined) return this.features;
    // A kernel without the AFFINE_WAKEUPS and SYNC_WAKEUPS switches (2.6.35) has nothing
    // for a per-task override to turn off.
    if (!this.#wakeupSwitches) return this.features;
    return { ...this.features, ...o };
  }

  // --- work and time ---

  /**
   * Gives `task` an activity: `workNs` of work at full speed (fractions allowed, since
   * progress on a cold cache is fractional; Infinity: until replaced),
   * then `onDone` runs while the task is still on its CPU. Replaces any activity in
   * progress; the work already done counts.
   *
   * @throws {RangeError} when `workNs` is negative or NaN.
   */
  setWork(task: HostTask, workNs: number, onDone: (() => void) | null = null): void {
    this.#work.set(task, workNs, onDone);
  }

  /**
   * Stops `task`'s current activity and returns the work it had left (progress ns;
   * Infinity for an open-ended one). The task keeps running with no activity until it
   * is given another.
   */
  suspendWork(task: HostTask): number {
    return this.#work.suspend(task);
  }

  /** Useful progress `task` has made so far. Unit: ns. */
  progressOf(task: HostTask): number {
    return this.#work.progressOf(task);
  }

  /** Where `task`'s time went, up to now. */
  timesOf(task: HostTask): TaskTimes {
    const open = this.sim.now - task.stateSinceNs;
    const cpu = this.cpus[task.cpu];
    return {
      runNs: task.runNs + (task.state === "running" && cpu ? this.sim.now - cpu.sinceNs : 0),
      progressNs: this.#work.progressOf(task),
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

  // --- tasks ---

  /**
   * Creates a runnable task. It has no work yet, so it runs as a CPU hog until
   * {@linkcode setWork} gives it some. New tasks start one virtual slice behind
   * (START_DEBIT) and may preempt the running task.
   *
   * @throws {RangeError} on an empty or out-of-range affinity, a bad nice level or CPU.
   * @throws {TypeError} on a feature override other than AFFINE_WAKEUPS or SYNC_WAKEUPS.
   */
  spawn(options: SpawnOptions): HostTask {
    const ncpus = this.topology.ncpus;
    const { cpu } = options;
    checkTaskOptions(options, ncpus);
    const task = new HostTask(this.tasks.length, ncpus, options);
    if (cpu !== undefined && (!Number.isInteger(cpu) || task.allowed[cpu] !== 1)) {
      throw new RangeError(
        `Invalid 'cpu' of ${options.name}: must be one of its allowed CPUs (${
          task.affinity.join(", ")
        }): current value is ${cpu}`,
      );
    }
    this.#work.attach(task);
    task.stateSinceNs = this.sim.now;
    task.avgWakeupNs = this.tunables.wakeupGranularityNs; // sched_fork
    this.tasks.push(task);
    const target = cpu ?? this.#leastLoaded(task);
    const rq = this.rqOf(target);
    rq.updateCurr(this.sim.now);
    task.cpu = target;
    task.vruntime = rq.minVruntime;
    placeEntity(rq, task, true, this.tunables, this.features);
    rq.insert(task);
    rq.account(task);
    task.startRuntimeNs = 0;
    this.#dispatch.setState(task, "runnable");
    this.#dispatch.checkPreemptCurr(target, task, false, target);
    return task;
  }

  /**
   * The running `task` blocks (sleeps until {@linkcode wake}), as a thread does when it
   * waits for a pipe, a futex or, for a vCPU, after HLT.
   *
   * @throws {Error} when `task` is not running.
   */
  block(task: HostTask): void {
    const c = this.#runningCpu(task, "block");
    this.#dispatch.stopRunning(c, task);
    // dequeue_task with sleep = 1: how long it kept running after its last wakeup of
    // someone, or else a sign that it wakes nobody.
    if (task.lastWakeupNs !== 0) {
      task.avgOverlapNs = updateAvg(task.avgOverlapNs, task.sumExecNs - task.lastWakeupNs);
      task.lastWakeupNs = 0;
    } else {
      task.avgWakeupNs = updateAvg(task.avgWakeupNs, this.tunables.wakeupGranularityNs);
    }
    const rq = c.rq;
    rq.clearBuddies(task);
    rq.unaccount(task);
    rq.updateMinVruntime();
    rq.curr = null;
    this.#dispatch.setState(task, "sleeping");
    this.#dispatch.pickNext(c, task);
  }

  /**
   * The running `task` sleeps for `durationNs` (an hrtimer on its CPU wakes it, from
   * interrupt context), unless something wakes it earlier.
   */
  sleep(task: HostTask, durationNs: number): void {
    if (!(Number.isSafeInteger(durationNs) && durationNs >= 0)) {
      checkNs("durationNs", durationNs, `sleep ${task.name}`);
    }
    this.#runningCpu(task, "sleep");
    // A sleeping task keeps its CPU until it is woken: the hrtimer fires there.
    const timer = task.sleepTimer ??= this.sim.timer(() => this.wake(task, { cpu: task.cpu }));
    // Armed before blocking: a wakeup that happens while the task blocks cancels it.
    timer.after(durationNs);
    this.block(task);
  }

  /**
   * try_to_wake_up: wakes a sleeping task, choosing its CPU with select_task_rq_fair
   * from the waking CPU's point of view, crediting it as a sleeper and checking whether
   * it preempts the task running there. Waking a task that is not asleep does nothing.
   *
   * @returns whether the task was asleep.
   */
  wake(task: HostTask, source: WakeSource): boolean {
    if (task.state !== "sleeping") return false;
    if ("waker" in source && source.waker.state !== "running") {
      throw new Error(
        `Cannot wake ${task.name} from ${source.waker.name} as the waker is not running (state ${source.waker.state})`,
      );
    }
    const thisCpu = "waker" in source ? source.waker.cpu : source.cpu;
    if (!Number.isInteger(thisCpu) || thisCpu < 0 || thisCpu >= this.topology.ncpus) {
      throw new RangeError(
        `Cannot wake ${task.name} as the waking 'cpu' must be 0..${
          this.topology.ncpus - 1
        }: current value is ${thisCpu}`,
      );
    }
    const now = this.sim.now;
    task.sleepTimer?.cancel();
    const features = this.featuresFor(task);
    const sync = (source.sync ?? false) && features.SYNC_WAKEUPS;
    const stats = this.stats;
    stats.wakeups++;
    if (sync) stats.syncWakeups++;
    const prev = task.cpu;
    task.vruntime -= this.rqOf(prev).minVruntime; // task_waking_fair
    const current = (this.cpus[thisCpu] as HostCpu).curr;
    const placement = selectTaskRqFair(this, task, thisCpu, current, sync, features);
    let target = placement.cpu;
    if (task.allowed[target] !== 1) target = task.allowed[prev] === 1 ? prev : task.affinity[0]!;
    if (placement.affineChecked) stats.affineAttempts++;
    if (placement.affineAgreed) stats.affineAgreed++;
    if (placement.affineAgreed && target !== prev) stats.affinePulls++;
    if (placement.idleSibling && target !== prev) stats.idleSiblingWakeups++;
    if (target === thisCpu) stats.localWakeups++;
    if (target !== prev) {
      task.migrations++;
      stats.migrations.wakeup++;
    }
    const rq = this.rqOf(target);
    task.cpu = target;
    // enqueue_entity: renormalise before update_curr moves min_vruntime on, so that
    // the time min_vruntime advanced while the task slept counts as sleep, not as run.
    task.vruntime += rq.minVruntime;
    rq.updateCurr(now);
    placeEntity(rq, task, false, this.tunables, this.features);
    rq.insert(task);
    rq.account(task);
    task.startRuntimeNs = task.sumExecNs;
    this.#dispatch.setState(task, "runnable");
    if ("waker" in source) {
      const w = source.waker;
      const sample = w.sumExecNs - (w.lastWakeupNs !== 0 ? w.lastWakeupNs : w.startRuntimeNs);
      w.avgWakeupNs = updateAvg(w.avgWakeupNs, sample);
      w.lastWakeupNs = w.sumExecNs;
    }
    this.#dispatch.checkPreemptCurr(target, task, sync, thisCpu);
    const c = this.cpus[target] as HostCpu;
    if (c.idleStampNs >= 0) {
      const delta = now - c.idleStampNs;
      const max = 2 * this.tunables.migrationCostNs;
      c.avgIdleNs = delta > max ? max : updateAvg(c.avgIdleNs, delta);
      c.idleStampNs = -1;
    }
    return true;
  }

  /**
   * sched_yield with compat_yield = 0: the task goes back into its runqueue at its real
   * vruntime and the scheduler picks again; usually it runs on.
   */
  yield(task: HostTask): void {
    const c = this.#runningCpu(task, "yield");
    if (c.rq.nrRunning === 1) return;
    c.rq.clearBuddies(task);
    c.reschedCause = "yield";
    this.#dispatch.schedule(c);
  }

  /**
   * yield_to (Linux 3.x, used by directed yield): make `target` the next buddy on its
   * runqueue, mark the yielder to be skipped, preempt the target's CPU if it is another
   * one, and reschedule. Fails when the target is not runnable-but-waiting, or when both
   * runqueues hold a single task.
   *
   * @returns whether the yield happened.
   */
  yieldTo(task: HostTask, target: HostTask): boolean {
    const c = this.#runningCpu(task, "yield_to");
    if (target === task || target.state !== "runnable") return false;
    const targetCpu = this.cpus[target.cpu] as HostCpu;
    if (c.rq.nrRunning === 1 && targetCpu.rq.nrRunning === 1) return false;
    targetCpu.rq.next = target;
    if (c.rq.nrRunning > 1) {
      c.rq.clearBuddies(task);
      c.rq.updateCurr(this.sim.now);
      c.rq.skip = task;
    }
    if (targetCpu !== c) {
      targetCpu.reschedCause = "yield";
      this.#dispatch.resched(targetCpu, c.id);
    }
    c.reschedCause = "yield";
    this.#dispatch.schedule(c);
    return true;
  }

  /** The CPU `task` runs on. @throws {Error} when it is not running. */
  #runningCpu(task: HostTask, action: string): HostCpu {
    const c = this.cpus[task.cpu];
    if (task.state !== "running" || c === undefined || c.curr !== task) {
      throw new Error(`Cannot ${action} ${task.name} as it is not running (state ${task.state})`);
    }
    return c;
  }

  /** The allowed CPU with the least load (fork placement without SD_BALANCE_FORK). */
  #leastLoaded(task: HostTask): number {
    let best = task.affinity[0] as number;
    for (const cpu of task.affinity) {
      if (this.rqOf(cpu).loadWeight < this.rqOf(best).loadWeight) best = cpu;
    }
    return best;
  }
}
