/**
 * The middle layer of the host scheduler: what runs where and when. Reschedules (at
 * once, or after an IPI from another CPU), schedule() with put_prev and pick_next,
 * idle balancing, the tick with tick preemption and periodic balancing, wakeup
 * preemption, migrations and active balancing.
 *
 * @module
 */

import { HostCore } from "./host_core.ts";
import type { BalanceHost, MigrationCause } from "./balance_host.ts";
import { checkPreemptTick, checkPreemptWakeup, pickNextEntity, updateAvg } from "./fair.ts";
import { HostCpu } from "./host_cpu.ts";
import { idleBalance, rebalanceDomains } from "./load_balance.ts";
import { HostTask } from "./task.ts";

/** Scheduling decisions on top of {@linkcode HostCore}; see {@linkcode HostScheduler}. */
export abstract class HostDispatch extends HostCore implements BalanceHost {
  // --- BalanceHost actions ---

  /** pull_task: moves a waiting task between runqueues (the balancer's migration). */
  pullTask(task: HostTask, from: number, to: number, cause: MigrationCause): void {
    this.move(task, from, to, cause, to);
  }

  /**
   * Wakes `busiest`'s migration thread, which pushes one task to `target`; returns
   * false when a push is already on its way (the kernel's busiest->active_balance).
   */
  requestActiveBalance(busiest: number, target: number): boolean {
    const c = this.cpus[busiest] as HostCpu;
    if (c.activeBalancePending) return false;
    c.activeBalancePending = true;
    this.sim.after(this.costs.reschedIpiNs, () => this.activeBalance(c, target));
    return true;
  }

  protected move(
    task: HostTask,
    from: number,
    to: number,
    cause: MigrationCause,
    actor: number,
  ): void {
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
    this.checkPreemptCurr(to, task, false, actor);
  }

  protected checkPreemptCurr(cpu: number, p: HostTask, sync: boolean, fromCpu: number): void {
    const c = this.cpus[cpu] as HostCpu;
    const curr = c.curr;
    if (curr === null) {
      this.resched(c, fromCpu);
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
      this.resched(c, fromCpu);
    }
  }

  /** resched_task: the CPU reschedules now, or after an IPI when asked from elsewhere. */
  protected resched(c: HostCpu, fromCpu: number): void {
    c.needResched = true;
    let delay = 0;
    if (fromCpu !== c.id) {
      delay = this.costs.reschedIpiNs + (c.curr === null ? this.costs.idleExitNs : 0);
    }
    const due = this.sim.now + delay;
    if (!c.reschedTimer.armed || c.reschedTimer.dueNs > due) c.reschedTimer.at(due);
  }

  protected override onResched(c: HostCpu): void {
    if (c.needResched) this.schedule(c);
  }

  /** schedule() for a CPU whose current task (if any) stays runnable. */
  protected schedule(c: HostCpu): void {
    const prev = c.curr;
    if (prev !== null) {
      this.stopRunning(c, prev);
      this.putPrev(c, prev);
    }
    this.pickNext(c, prev);
  }

  /** put_prev_task for a task still runnable: avg_overlap, back into the queue. */
  protected putPrev(c: HostCpu, prev: HostTask): void {
    const runtime = Math.min(
      prev.sumExecNs - prev.prevSumExecNs,
      2 * this.tunables.migrationCostNs,
    );
    prev.avgOverlapNs = updateAvg(prev.avgOverlapNs, runtime);
    c.rq.insert(prev);
    c.rq.curr = null;
    this.setState(prev, "runnable");
  }

  protected pickNext(c: HostCpu, prev: HostTask | null): void {
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
    this.startRunning(c, next, overheadNs);
  }

  protected override onTick(c: HostCpu): void {
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
        this.resched(c, c.id);
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

  protected activeBalance(c: HostCpu, target: number): void {
    c.activeBalancePending = false;
    if (c.rq.nrRunning < 1) return;
    const prev = c.curr;
    if (prev !== null) {
      this.stopRunning(c, prev);
      this.putPrev(c, prev);
    }
    const task = c.rq.balanceOrder().find((t) => t.allowed[target] === 1);
    if (task !== undefined) {
      this.stats.activeBalances++;
      this.move(task, c.id, target, "active", c.id);
    }
    c.reschedCause = "tick";
    this.pickNext(c, null);
  }
}
