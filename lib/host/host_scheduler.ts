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
 * @module
 */

import type { Simulation, Timer } from "../engine/simulation.ts";
import { Priority } from "../engine/simulation.ts";
import { checkNs } from "../engine/time.ts";
import { RunTrace } from "../metrics/run_trace.ts";
import { type HostCosts, refillNs, resolveCosts } from "./costs.ts";
import { checkPreemptTick, checkPreemptWakeup, pickNextEntity, placeEntity } from "./fair.ts";
import {
  checkTaskOverrides,
  resolveFeatures,
  type SchedFeatureName,
  type SchedFeatures,
} from "./features.ts";
import { HostCpu } from "./host_cpu.ts";
import { kernelPreset, type KernelVersion } from "./kernel.ts";
import {
  type BalanceHost,
  idleBalance,
  type MigrationCause,
  rebalanceDomains,
} from "./load_balance.ts";
import { coldLeftAfter, elapsedFor, progressAfter } from "./run_segment.ts";
import {
  buildSchedDomains,
  cpuPowerOf,
  type DomainOverrides,
  type SchedDomain,
} from "./sched_domains.ts";
import { newSchedStats, type SchedStats } from "./schedstats.ts";
import { selectTaskRqFair } from "./select_task_rq.ts";
import { HostTask, type HostTaskOptions, type TaskTimes } from "./task.ts";
import { Topology, type TopologySpec } from "./topology.ts";
import { type BaseTunables, scaleTunables, type SchedTunables } from "./tunables.ts";
import type { CfsRunqueue } from "./cfs_runqueue.ts";

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

function updateAvg(avg: number, sample: number): number {
  return avg + Math.floor((sample - avg) / 8);
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
export class HostScheduler implements BalanceHost {
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
  readonly #sleepTimers = new Map<HostTask, Timer>();
  readonly #sleepCpu = new Map<HostTask, number>();

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
      cpu.reschedTimer = sim.timer(() => this.#onResched(cpu), { priority: Priority.URGENT });
      cpu.tickTimer = sim.timer(() => this.#onTick(cpu));
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

  /** The feature flags in force when `task` is woken (its overrides applied). */
  featuresFor(task: HostTask): SchedFeatures {
    const o = task.features;
    if (o.AFFINE_WAKEUPS === undefined && o.SYNC_WAKEUPS === undefined) return this.features;
    // A kernel without the AFFINE_WAKEUPS and SYNC_WAKEUPS switches (2.6.35) has nothing
    // for a per-task override to turn off.
    if (!kernelPreset(this.kernel).wakeupSwitches) return this.features;
    return { ...this.features, ...o };
  }

  // --- tasks ---

  /**
   * Creates a runnable task. It has no work yet, so it runs as a CPU hog until
   * {@linkcode setWork} gives it some. New tasks start one virtual slice behind
   * (START_DEBIT) and may preempt the running task.
   *
   * @throws {RangeError} on an empty or out-of-range affinity, a bad nice level or CPU.
   */
  spawn(options: SpawnOptions): HostTask {
    const ncpus = this.topology.ncpus;
    const { affinity, nice = 0, cpu } = options;
    if (!Number.isInteger(nice) || nice < -20 || nice > 19) {
      throw new RangeError(
        `Invalid 'task.nice' of ${options.name}: must be an integer from -20 to 19: current value is ${nice}`,
      );
    }
    if (affinity !== undefined) {
      if (affinity.length === 0) {
        throw new RangeError(
          `Invalid 'task.affinity' of ${options.name}: the mask has no CPU; allowed: CPU ids 0..${
            ncpus - 1
          }`,
        );
      }
      for (const c of affinity) {
        if (!Number.isInteger(c) || c < 0 || c >= ncpus) {
          throw new RangeError(
            `Invalid 'task.affinity' of ${options.name}: CPU ${c} does not exist; allowed: 0..${
              ncpus - 1
            }`,
          );
        }
      }
    }
    checkTaskOverrides(options.features as Record<string, unknown> | undefined);
    const task = new HostTask(this.tasks.length, ncpus, options);
    if (cpu !== undefined && (!Number.isInteger(cpu) || task.allowed[cpu] !== 1)) {
      throw new RangeError(
        `Invalid 'cpu' of ${options.name}: must be one of its allowed CPUs (${
          task.affinity.join(", ")
        }): current value is ${cpu}`,
      );
    }
    task.doneTimer = this.sim.timer(() => this.#onWorkDone(task));
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
    this.#setState(task, "runnable");
    this.#checkPreemptCurr(target, task, false, target);
    return task;
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
    if (task.state === "running") this.#checkpoint(task);
    task.workLeft = workNs;
    task.onDone = onDone;
    if (task.state === "running") this.#armDone(task);
  }

  /**
   * Stops `task`'s current activity and returns the work it had left (progress ns;
   * Infinity for an open-ended one). The task keeps running with no activity until it
   * is given another.
   */
  suspendWork(task: HostTask): number {
    if (task.state === "running") this.#checkpoint(task);
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

  /**
   * The running `task` blocks (sleeps until {@linkcode wake}), as a thread does when it
   * waits for a pipe, a futex or, for a vCPU, after HLT.
   *
   * @throws {Error} when `task` is not running.
   */
  block(task: HostTask): void {
    const c = this.#runningCpu(task, "block");
    this.#stopRunning(c, task);
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
    this.#setState(task, "sleeping");
    this.#pickNext(c, task);
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
    let timer = this.#sleepTimers.get(task);
    if (timer === undefined) {
      timer = this.sim.timer(() => this.wake(task, { cpu: this.#sleepCpu.get(task) ?? task.cpu }));
      this.#sleepTimers.set(task, timer);
    }
    this.#sleepCpu.set(task, task.cpu);
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
    this.#sleepTimers.get(task)?.cancel();
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
    this.#setState(task, "runnable");
    if ("waker" in source) {
      const w = source.waker;
      const sample = w.sumExecNs - (w.lastWakeupNs !== 0 ? w.lastWakeupNs : w.startRuntimeNs);
      w.avgWakeupNs = updateAvg(w.avgWakeupNs, sample);
      w.lastWakeupNs = w.sumExecNs;
    }
    this.#checkPreemptCurr(target, task, sync, thisCpu);
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
    this.#schedule(c);
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
      this.#resched(targetCpu, c.id);
    }
    c.reschedCause = "yield";
    this.#schedule(c);
    return true;
  }

  // --- BalanceHost actions ---

  /** pull_task: moves a waiting task between runqueues (the balancer's migration). */
  pullTask(task: HostTask, from: number, to: number, cause: MigrationCause): void {
    this.#move(task, from, to, cause, to);
  }

  /**
   * Wakes `busiest`'s migration thread, which pushes one task to `target`; returns
   * false when a push is already on its way (the kernel's busiest->active_balance).
   */
  requestActiveBalance(busiest: number, target: number): boolean {
    const c = this.cpus[busiest] as HostCpu;
    if (c.activeBalancePending) return false;
    c.activeBalancePending = true;
    this.sim.after(this.costs.reschedIpiNs, () => this.#activeBalance(c, target));
    return true;
  }

  // --- internals ---

  #runningCpu(task: HostTask, action: string): HostCpu {
    const c = this.cpus[task.cpu];
    if (task.state !== "running" || c === undefined || c.curr !== task) {
      throw new Error(`Cannot ${action} ${task.name} as it is not running (state ${task.state})`);
    }
    return c;
  }

  #leastLoaded(task: HostTask): number {
    let best = task.affinity[0] as number;
    for (const cpu of task.affinity) {
      if (this.rqOf(cpu).loadWeight < this.rqOf(best).loadWeight) best = cpu;
    }
    return best;
  }

  #setState(task: HostTask, state: HostTask["state"]): void {
    const now = this.sim.now;
    const open = now - task.stateSinceNs;
    if (task.state === "runnable") task.waitNs += open;
    else if (task.state === "sleeping") task.sleepNs += open;
    task.state = state;
    task.stateSinceNs = now;
    task.onChange?.(task);
    this.onTaskChange?.(task);
  }

  #move(task: HostTask, from: number, to: number, cause: MigrationCause, actor: number): void {
    const now = this.sim.now;
    const src = this.rqOf(from);
    const dst = this.rqOf(to);
    src.updateCurr(now);
    src.clearBuddies(task);
    src.remove(task);
    src.unaccount(task);
    src.updateMinVruntime();
    task.vruntime -= src.minVruntime;
    task.migrations++;
    this.stats.migrations[cause]++;
    task.vruntime += dst.minVruntime;
    dst.updateCurr(now);
    dst.insert(task);
    dst.account(task);
    task.onChange?.(task);
    this.onTaskChange?.(task);
    this.#checkPreemptCurr(to, task, false, actor);
  }

  #checkPreemptCurr(cpu: number, p: HostTask, sync: boolean, fromCpu: number): void {
    const c = this.cpus[cpu] as HostCpu;
    const curr = c.curr;
    if (curr === null) {
      this.#resched(c, fromCpu);
      return;
    }
    if (c.needResched) return;
    c.rq.updateCurr(this.sim.now);
    if (
      checkPreemptWakeup(
        c.rq,
        curr,
        p,
        sync,
        this.tunables.migrationCostNs,
        this.tunables,
        this.features,
      )
    ) {
      c.reschedCause = "wakeup";
      this.#resched(c, fromCpu);
    }
  }

  /** resched_task: the CPU reschedules now, or after an IPI when asked from elsewhere. */
  #resched(c: HostCpu, fromCpu: number): void {
    c.needResched = true;
    let delay = 0;
    if (fromCpu !== c.id) {
      delay = this.costs.reschedIpiNs + (c.curr === null ? this.costs.idleExitNs : 0);
    }
    const due = this.sim.now + delay;
    if (!c.reschedTimer.armed || c.reschedTimer.dueNs > due) c.reschedTimer.at(due);
  }

  #onResched(c: HostCpu): void {
    if (c.needResched) this.#schedule(c);
  }

  /** schedule() for a CPU whose current task (if any) stays runnable. */
  #schedule(c: HostCpu): void {
    const prev = c.curr;
    if (prev !== null) {
      this.#stopRunning(c, prev);
      this.#putPrev(c, prev);
    }
    this.#pickNext(c, prev);
  }

  /** put_prev_task for a task still runnable: avg_overlap, back into the queue. */
  #putPrev(c: HostCpu, prev: HostTask): void {
    const runtime = Math.min(
      prev.sumExecNs - prev.prevSumExecNs,
      2 * this.tunables.migrationCostNs,
    );
    prev.avgOverlapNs = updateAvg(prev.avgOverlapNs, runtime);
    c.rq.insert(prev);
    c.rq.curr = null;
    this.#setState(prev, "runnable");
  }

  #pickNext(c: HostCpu, prev: HostTask | null): void {
    const rq = c.rq;
    if (rq.nrRunning === 0) {
      c.idleStampNs = this.sim.now;
      if (c.avgIdleNs >= this.tunables.migrationCostNs) {
        this.stats.idleBalances++;
        const jiffies = this.jiffies;
        const result = idleBalance(this, c.id, jiffies);
        // Any nonzero result (tasks pulled, or -1: stop) counts as "pulled" here, as in
        // the kernel's idle_balance.
        if (result.pulled !== 0) c.idleStampNs = -1;
        if (result.pulled > 0) this.stats.idleBalancePulls++;
        if (result.pulled !== 0 || jiffies > c.nextBalanceJiffy) {
          c.nextBalanceJiffy = result.nextBalance;
        }
      }
    }
    const next = pickNextEntity(rq, this.tunables, this.features) ?? null;
    c.needResched = false;
    c.reschedTimer.cancel();
    if (prev !== null && prev.state === "runnable" && next !== prev) {
      this.stats.preemptions[c.reschedCause]++;
    }
    if (next !== prev) this.stats.contextSwitches++;
    if (next === null) return;
    rq.remove(next);
    rq.curr = next;
    next.execStartNs = this.sim.now;
    next.prevSumExecNs = next.sumExecNs;
    const overheadNs = next === c.lastTask ? 0 : this.costs.contextSwitchNs;
    c.lastTask = next;
    this.#startRunning(c, next, overheadNs);
  }

  #startRunning(c: HostCpu, task: HostTask, overheadNs: number): void {
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
    this.#armDone(task);
    // Last, with the host consistent: the task's hook may act at once (set work, block).
    this.#setState(task, "running");
  }

  #stopRunning(c: HostCpu, task: HostTask): void {
    const now = this.sim.now;
    this.#checkpoint(task);
    task.doneTimer?.cancel();
    c.rq.updateCurr(now);
    const stint = now - c.sinceNs;
    c.busyNs += stint;
    task.runNs += stint;
    this.trace?.record(c.id, task.id, c.sinceNs, now);
    c.sinceNs = now;
  }

  /** Brings a running task's progress up to now and restarts its segment here. */
  #checkpoint(task: HostTask): void {
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

  #armDone(task: HostTask): void {
    const timer = task.doneTimer as Timer;
    if (task.workLeft === Infinity) {
      timer.cancel();
      return;
    }
    timer.at(task.segment.startNs + elapsedFor(task.segment, task.workLeft));
  }

  #onWorkDone(task: HostTask): void {
    this.#checkpoint(task);
    task.workLeft = Infinity;
    const onDone = task.onDone;
    task.onDone = null;
    onDone?.();
  }

  #onTick(c: HostCpu): void {
    c.tickTimer.after(this.tickNs);
    const rq = c.rq;
    rq.updateCpuLoad();
    const curr = c.curr;
    if (curr !== null) {
      rq.updateCurr(this.sim.now);
      if (
        (rq.nrRunning > 1 || !this.features.WAKEUP_PREEMPT) &&
        checkPreemptTick(rq, curr, this.tunables, this.features)
      ) {
        c.reschedCause = "tick";
        this.#resched(c, c.id);
      }
    }
    const jiffies = this.jiffies;
    if (jiffies >= c.nextBalanceJiffy) {
      this.stats.balancePasses++;
      const before = this.stats.migrations.periodic;
      c.nextBalanceJiffy = rebalanceDomains(this, c.id, curr === null, jiffies);
      if (this.stats.migrations.periodic > before) this.stats.balanceMoves++;
    }
  }

  #activeBalance(c: HostCpu, target: number): void {
    c.activeBalancePending = false;
    if (c.rq.nrRunning < 1) return;
    const prev = c.curr;
    if (prev !== null) {
      this.#stopRunning(c, prev);
      this.#putPrev(c, prev);
    }
    const task = c.rq.balanceOrder().find((t) => t.allowed[target] === 1);
    if (task !== undefined) {
      this.stats.activeBalances++;
      this.#move(task, c.id, target, "active", c.id);
    }
    c.reschedCause = "tick";
    this.#pickNext(c, null);
  }
}
