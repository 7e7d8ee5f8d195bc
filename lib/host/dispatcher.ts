/**
 * What runs where and when (the core of kernel/sched.c): schedule() with put_prev_task
 * and pick_next_task, resched_task (at once, or after an IPI from another CPU),
 * check_preempt_curr on wakeups and migrations, scheduler_tick with tick preemption
 * and periodic balancing, pull_task for the balancer, and the migration thread's
 * active-balance push.
 *
 * The {@linkcode Dispatcher} also moves tasks between states and on and off CPUs,
 * keeping each CPU's busy and idle time and the run trace; the progress of a task's
 * work on the CPU is {@linkcode TaskWork}'s.
 *
 * @module
 */

import { Priority, type Simulation } from "../engine/simulation.ts";
import type { BalanceHost, MigrationCause } from "./balance_host.ts";
import type { CfsRunqueue } from "./cfs_runqueue.ts";
import type { HostCosts } from "./costs.ts";
import { checkPreemptTick, checkPreemptWakeup, pickNextEntity, updateAvg } from "./fair.ts";
import type { SchedFeatures } from "./features.ts";
import type { HostCpu } from "./host_cpu.ts";
import { idleBalance, rebalanceDomains } from "./load_balance.ts";
import type { RunTrace } from "./run_trace.ts";
import type { SchedDomain } from "./sched_domains.ts";
import type { SchedStats } from "./schedstats.ts";
import type { HostTask, TaskState } from "./task.ts";
import type { TaskWork } from "./task_work.ts";
import type { SchedTunables } from "./tunables.ts";

/** What the dispatcher is given by the scheduler that owns it. */
export interface DispatchHost {
  /** The simulation the host runs in. */
  readonly sim: Simulation;
  /** The CPUs, indexed by id. */
  readonly cpus: readonly HostCpu[];
  /** Switching, migration and IPI costs. */
  readonly costs: HostCosts;
  /** The tunables in force. */
  readonly tunables: SchedTunables;
  /** The feature flags in force. */
  readonly features: SchedFeatures;
  /** The counters the dispatcher adds to. */
  readonly stats: SchedStats;
  /** The run trace, or null. */
  readonly trace: RunTrace | null;
  /** The tick period. Unit: ns. */
  readonly tickNs: number;
  /** Called after any change of a task's state or CPU; read at every change. */
  readonly onTaskChange: ((task: HostTask) => void) | null;
}

/**
 * The dispatcher of one host scheduler: it arms each CPU's reschedule and tick timers
 * and decides, at each of them, which task runs next. It is also the load balancer's
 * view of the host ({@linkcode BalanceHost}): the balancer reads the runqueues through
 * it and migrates tasks with its {@linkcode Dispatcher.pullTask}.
 */
export class Dispatcher implements BalanceHost {
  /** The tunables in force. */
  readonly tunables: SchedTunables;
  /** The feature flags in force. */
  readonly features: SchedFeatures;
  readonly #host: DispatchHost;
  readonly #work: TaskWork;
  readonly #sim: Simulation;
  readonly #cpus: readonly HostCpu[];
  readonly #costs: HostCosts;
  readonly #stats: SchedStats;
  readonly #trace: RunTrace | null;
  readonly #tickNs: number;

  /** Dispatches `host`'s tasks, whose work `work` accounts; starts every CPU's tick. */
  constructor(host: DispatchHost, work: TaskWork) {
    this.#host = host;
    this.#work = work;
    const sim = host.sim;
    this.#sim = sim;
    this.#cpus = host.cpus;
    this.#costs = host.costs;
    this.tunables = host.tunables;
    this.features = host.features;
    this.#stats = host.stats;
    this.#trace = host.trace;
    const tickNs = host.tickNs;
    this.#tickNs = tickNs;
    for (const c of this.#cpus) {
      c.reschedTimer = sim.timer(() => this.#onResched(c), { priority: Priority.URGENT });
      c.tickTimer = sim.timer(() => this.#tick(c));
      c.tickTimer.at(sim.now - (sim.now % tickNs) + tickNs);
      c.sinceNs = sim.now;
    }
  }

  // --- BalanceHost ---

  /** Current simulated time (rq->clock). Unit: ns. */
  get nowNs(): number {
    return this.#sim.now;
  }

  /** The tick frequency. Unit: Hz. */
  get hz(): number {
    return this.tunables.hz;
  }

  /** The sched domains of `cpu`, lowest first. */
  domainsOf(cpu: number): readonly SchedDomain[] {
    return (this.#cpus[cpu] as HostCpu).domains;
  }

  /** The CFS runqueue of `cpu`. */
  rqOf(cpu: number): CfsRunqueue {
    return (this.#cpus[cpu] as HostCpu).rq;
  }

  /** cpu_power of `cpu` (power_of). */
  cpuPower(cpu: number): number {
    return (this.#cpus[cpu] as HostCpu).power;
  }

  /** Whether `cpu` runs nothing (idle_cpu). */
  isIdle(cpu: number): boolean {
    return (this.#cpus[cpu] as HostCpu).curr === null;
  }

  // --- what the scheduler asks for ---

  /**
   * Moves `task` to `state`, closing the time it spent waiting or asleep, then calls the
   * task's hook and the host's.
   */
  setState(task: HostTask, state: TaskState): void {
    const now = this.#sim.now;
    const open = now - task.stateSinceNs;
    if (task.state === "runnable") task.waitNs += open;
    else if (task.state === "sleeping") task.sleepNs += open;
    task.state = state;
    task.stateSinceNs = now;
    task.onChange?.(task);
    this.#host.onTaskChange?.(task);
  }

  /** Takes the running `task` off `c`: its work, vruntime, run time and trace up to now. */
  stopRunning(c: HostCpu, task: HostTask): void {
    const now = this.#sim.now;
    this.#work.stop(task);
    c.rq.updateCurr(now);
    const stint = now - c.sinceNs;
    c.busyNs += stint;
    task.runNs += stint;
    this.#trace?.record(c.id, task.id, c.sinceNs, now);
    c.sinceNs = now;
  }

  /** pull_task: moves a waiting task between runqueues (the balancer's migration). */
  pullTask(task: HostTask, from: number, to: number, cause: MigrationCause): void {
    this.#move(task, from, to, cause, to);
  }

  /**
   * Wakes `busiest`'s migration thread, which pushes one task to `target`; returns
   * false when a push is already on its way (the kernel's busiest->active_balance).
   */
  requestActiveBalance(busiest: number, target: number): boolean {
    const c = this.#cpus[busiest] as HostCpu;
    if (c.activeBalancePending) return false;
    c.activeBalancePending = true;
    this.#sim.after(this.#costs.reschedIpiNs, () => this.#activeBalance(c, target));
    return true;
  }

  /**
   * check_preempt_curr: the task `p` just queued on `cpu` may preempt what runs there
   * (an idle CPU always reschedules). `fromCpu` is where the decision is made.
   */
  checkPreemptCurr(cpu: number, p: HostTask, sync: boolean, fromCpu: number): void {
    const c = this.#cpus[cpu] as HostCpu;
    const curr = c.curr;
    if (curr === null) {
      this.resched(c, fromCpu);
      return;
    }
    if (c.needResched) return;
    c.rq.updateCurr(this.#sim.now);
    if (checkPreemptWakeup(c.rq, curr, p, sync, this.tunables, this.features)) {
      c.reschedCause = "wakeup";
      this.resched(c, fromCpu);
    }
  }

  /** resched_task: `c` reschedules now, or after an IPI when asked from `fromCpu`. */
  resched(c: HostCpu, fromCpu: number): void {
    c.needResched = true;
    let delay = 0;
    if (fromCpu !== c.id) {
      delay = this.#costs.reschedIpiNs + (c.curr === null ? this.#costs.idleExitNs : 0);
    }
    const due = this.#sim.now + delay;
    if (!c.reschedTimer.armed || c.reschedTimer.dueNs > due) c.reschedTimer.at(due);
  }

  /** schedule() for a CPU whose current task (if any) stays runnable. */
  schedule(c: HostCpu): void {
    const prev = c.curr;
    if (prev !== null) {
      this.stopRunning(c, prev);
      this.#putPrev(c, prev);
    }
    this.pickNext(c, prev);
  }

  /**
   * pick_next_task and context_switch: `c`, whose current task is off the CPU, balances
   * if it is about to go idle, then runs the next task (or idles). `prev` ran before.
   */
  pickNext(c: HostCpu, prev: HostTask | null): void {
    const rq = c.rq;
    if (rq.nrRunning === 0) {
      c.idleStampNs = this.#sim.now;
      if (c.avgIdleNs >= this.tunables.migrationCostNs) {
        this.#stats.idleBalances++;
        const jiffies = this.#jiffies();
        const result = idleBalance(this, c.id, jiffies);
        // Any nonzero result (tasks pulled, or -1: stop) counts as "pulled" here, as in
        // the kernel's idle_balance.
        if (result.pulled !== 0) c.idleStampNs = -1;
        if (result.pulled > 0) this.#stats.idleBalancePulls++;
        if (result.pulled !== 0 || jiffies > c.nextBalanceJiffy) {
          c.nextBalanceJiffy = result.nextBalance;
        }
      }
    }
    const next = pickNextEntity(rq, this.tunables, this.features) ?? null;
    c.needResched = false;
    c.reschedTimer.cancel();
    if (prev !== null && prev.state === "runnable" && next !== prev) {
      this.#stats.preemptions[c.reschedCause]++;
    }
    if (next !== prev) this.#stats.contextSwitches++;
    if (next === null) return;
    rq.remove(next);
    rq.curr = next;
    next.execStartNs = this.#sim.now;
    next.prevSumExecNs = next.sumExecNs;
    const overheadNs = next === c.lastTask ? 0 : this.#costs.contextSwitchNs;
    c.lastTask = next;
    this.#startRunning(c, next, overheadNs);
  }

  /** Ticks since the start (jiffies), as the host counts them. */
  #jiffies(): number {
    return Math.floor(this.#sim.now / this.#tickNs);
  }

  /** Puts `task` on `c` after `overheadNs` of context switch. */
  #startRunning(c: HostCpu, task: HostTask, overheadNs: number): void {
    const now = this.#sim.now;
    c.idleNs += now - c.sinceNs;
    c.sinceNs = now;
    this.#work.start(task, c.id, overheadNs);
    // Last, with the host consistent: the task's hook may act at once (set work, block).
    this.setState(task, "running");
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
    this.setState(prev, "runnable");
  }

  /** Moves a queued task from `from` to `to`; `actor` is the CPU doing it. */
  #move(task: HostTask, from: number, to: number, cause: MigrationCause, actor: number): void {
    const now = this.#sim.now;
    const src = (this.#cpus[from] as HostCpu).rq;
    const dst = (this.#cpus[to] as HostCpu).rq;
    src.updateCurr(now);
    src.clearBuddies(task);
    src.remove(task);
    src.unaccount(task);
    src.updateMinVruntime();
    task.vruntime -= src.minVruntime;
    task.migrations++;
    this.#stats.migrations[cause]++;
    task.vruntime += dst.minVruntime;
    dst.updateCurr(now);
    dst.insert(task);
    dst.account(task);
    task.onChange?.(task);
    this.#host.onTaskChange?.(task);
    this.checkPreemptCurr(to, task, false, actor);
  }

  /** The reschedule timer of `c` fired. */
  #onResched(c: HostCpu): void {
    if (c.needResched) this.schedule(c);
  }

  /** scheduler_tick: load averages, tick preemption, and periodic balancing when due. */
  #tick(c: HostCpu): void {
    c.tickTimer.after(this.#tickNs);
    const rq = c.rq;
    rq.updateCpuLoad();
    const curr = c.curr;
    if (curr !== null) {
      rq.updateCurr(this.#sim.now);
      if (
        (rq.nrRunning > 1 || !this.features.WAKEUP_PREEMPT) &&
        checkPreemptTick(rq, curr, this.tunables, this.features)
      ) {
        c.reschedCause = "tick";
        this.resched(c, c.id);
      }
    }
    const jiffies = this.#jiffies();
    if (jiffies >= c.nextBalanceJiffy) {
      this.#stats.balancePasses++;
      const before = this.#stats.migrations.periodic;
      c.nextBalanceJiffy = rebalanceDomains(this, c.id, curr === null, jiffies);
      if (this.#stats.migrations.periodic > before) this.#stats.balanceMoves++;
    }
  }

  /** The migration thread of `c` pushes one of its tasks to `target` (active balance). */
  #activeBalance(c: HostCpu, target: number): void {
    c.activeBalancePending = false;
    if (c.rq.nrRunning < 1) return;
    const prev = c.curr;
    if (prev !== null) {
      this.stopRunning(c, prev);
      this.#putPrev(c, prev);
    }
    const task = c.rq.balanceOrder().find((t) => t.allowed[target] === 1);
    if (task !== undefined) {
      this.#stats.activeBalances++;
      this.#move(task, c.id, target, "active", c.id);
    }
    c.reschedCause = "tick";
    this.pickNext(c, null);
  }
}
