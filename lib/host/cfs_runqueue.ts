/**
 * A CPU's CFS runqueue (struct cfs_rq): the runnable tasks ordered by vruntime, the
 * running one (`curr`, kept out of the ordered set as the kernel keeps it out of the
 * rbtree), the total load weight, min_vruntime, the buddies and the decayed loads.
 *
 * Runqueues hold a handful of tasks in practice, so the ordered set is a sorted array:
 * binary-search insertion beats a tree at these sizes and keeps iteration trivial.
 *
 * @module
 */

import type { HostTask } from "./task.ts";

/** CPU_LOAD_IDX_MAX: how many decayed loads a runqueue keeps. */
export const CPU_LOAD_INDEXES = 5;

/**
 * One CPU's CFS runqueue.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CfsRunqueue } from "./cfs_runqueue.ts";
 * const rq = new CfsRunqueue(0);
 * assert.ok(rq.nrRunning === 0 && rq.leftmost() === undefined);
 * ```
 */
export class CfsRunqueue {
  /** The CPU it belongs to. */
  readonly cpu: number;
  /** Queued tasks (not curr), by vruntime; equal vruntimes in insertion order. */
  readonly queue: HostTask[] = [];
  /** The running task, or null when the CPU is idle. */
  curr: HostTask | null = null;
  /** Tasks on the runqueue, curr included (nr_running). */
  nrRunning = 0;
  /** Sum of their weights (load.weight). */
  loadWeight = 0;
  /** min_vruntime: only moves forward. */
  minVruntime = 0;
  /** The "last" buddy: a task preempted by a wakeup. */
  last: HostTask | null = null;
  /** The "next" buddy: a task someone wants to run next (yield_to). */
  next: HostTask | null = null;
  /** The "skip" buddy: a task that yielded. */
  skip: HostTask | null = null;
  /** cpu_load[]: loads decayed at every tick, index i with factor (2^i - 1) / 2^i. */
  readonly cpuLoad: number[] = new Array<number>(CPU_LOAD_INDEXES).fill(0);
  #enqueueSeq = 0;

  /** An empty runqueue of `cpu`. */
  constructor(cpu: number) {
    this.cpu = cpu;
  }

  /** The queued task with the smallest vruntime (__pick_first_entity). */
  leftmost(): HostTask | undefined {
    return this.queue[0];
  }

  /** The queued task after `task` in vruntime order (__pick_next_entity). */
  after(task: HostTask): HostTask | undefined {
    const i = this.queue.indexOf(task);
    return i < 0 ? undefined : this.queue[i + 1];
  }

  /** Inserts `task` into the ordered set (__enqueue_entity). */
  insert(task: HostTask): void {
    const queue = this.queue;
    const v = task.vruntime;
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((queue[mid] as HostTask).vruntime <= v) lo = mid + 1;
      else hi = mid;
    }
    // Shift by hand: Array.prototype.splice allocates the array of removed elements.
    for (let i = queue.length; i > lo; i--) queue[i] = queue[i - 1] as HostTask;
    queue[lo] = task;
  }

  /** Removes `task` from the ordered set (__dequeue_entity). */
  remove(task: HostTask): void {
    const queue = this.queue;
    const i = queue.indexOf(task);
    if (i < 0) return;
    const last = queue.length - 1;
    for (let j = i; j < last; j++) queue[j] = queue[j + 1] as HostTask;
    queue.pop();
  }

  /** Counts `task` in nr_running and the load (account_entity_enqueue). */
  account(task: HostTask): void {
    this.nrRunning++;
    this.loadWeight += task.weight;
    task.onRq = true;
    task.enqueueSeq = this.#enqueueSeq++;
    task.cpu = this.cpu;
  }

  /** Removes `task` from nr_running and the load (account_entity_dequeue). */
  unaccount(task: HostTask): void {
    this.nrRunning--;
    this.loadWeight -= task.weight;
    task.onRq = false;
  }

  /**
   * update_curr: charges the running task for the time since its last accounting,
   * advancing its vruntime by `delta * 1024 / weight`.
   */
  updateCurr(nowNs: number): void {
    const curr = this.curr;
    if (curr === null) return;
    const delta = nowNs - curr.execStartNs;
    if (delta <= 0) return;
    curr.sumExecNs += delta;
    curr.vruntime += curr.weight === 1024 ? delta : (delta * 1024) / curr.weight;
    curr.execStartNs = nowNs;
    this.updateMinVruntime();
  }

  /** update_min_vruntime: max(old, min(curr, leftmost)). */
  updateMinVruntime(): void {
    const curr = this.curr;
    const left = this.queue[0];
    let v = curr !== null ? curr.vruntime : this.minVruntime;
    if (left !== undefined) v = curr !== null ? Math.min(v, left.vruntime) : left.vruntime;
    if (v > this.minVruntime) this.minVruntime = v;
  }

  /** clear_buddies: forgets `task` as any buddy. */
  clearBuddies(task: HostTask): void {
    if (this.last === task) this.last = null;
    if (this.next === task) this.next = null;
    if (this.skip === task) this.skip = null;
  }

  /**
   * The tasks the load balancer examines, most recently enqueued first (the kernel adds
   * to the head of cfs_rq->tasks), curr included.
   */
  balanceOrder(): HostTask[] {
    const all = this.curr !== null ? [this.curr, ...this.queue] : [...this.queue];
    return all.sort((a, b) => b.enqueueSeq - a.enqueueSeq);
  }

  /**
   * update_cpu_load: decays cpu_load[] toward the current load, rounding up while the
   * load rises (so that a load of 10 is reached rather than stuck at 9).
   */
  updateCpuLoad(): void {
    const now = this.loadWeight;
    const loads = this.cpuLoad;
    loads[0] = now;
    for (let i = 1, scale = 2; i < CPU_LOAD_INDEXES; i++, scale += scale) {
      const old = loads[i] as number;
      const incoming = now > old ? now + scale - 1 : now;
      loads[i] = Math.floor((old * (scale - 1) + incoming) / scale);
    }
  }
}
