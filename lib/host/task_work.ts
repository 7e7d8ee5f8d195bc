/**
 * The work a task does while it holds a CPU: how far along it is, what runs when its
 * work is done, and how a stint on a CPU turns CPU time into progress (no progress
 * during the context switch, a slower stretch while a migrated task refills its cache,
 * then full speed; see run_segment.ts).
 *
 * Work is counted in progress ns: what the task would do in that many ns at full
 * speed. The scheduler decides when a task runs; {@linkcode TaskWork} only keeps the
 * task's progress up to date at those moments (start, stop, a change of work) and arms
 * the timer that fires when the work will be done.
 *
 * @module
 */

import type { Simulation, Timer } from "../engine/simulation.ts";
import { type HostCosts, refillNs } from "./costs.ts";
import { coldLeftAfter, elapsedFor, progressAfter } from "./run_segment.ts";
import type { HostTask } from "./task.ts";
import type { Topology } from "./topology.ts";

/**
 * The work-progress accounting of a host's tasks. The scheduler owns one and tells it
 * when a task starts and stops running; the task's owner gives it work.
 *
 * @example A task that runs from the start finishes its work on time
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { resolveCosts } from "./costs.ts";
 * import { HostTask } from "./task.ts";
 * import { TaskWork } from "./task_work.ts";
 * import { Topology } from "./topology.ts";
 * const sim = new Simulation();
 * const work = new TaskWork(sim, resolveCosts(), Topology.preset("host-2cpu"));
 * const task = new HostTask(0, 2, { name: "t" });
 * work.attach(task);
 * work.start(task, 0, 0); // dispatched on CPU 0, no switch overhead
 * task.state = "running";
 * let doneAt = -1;
 * work.set(task, 5_000, () => (doneAt = sim.now));
 * sim.run();
 * assert.equal(doneAt, 5_000);
 * ```
 */
export class TaskWork {
  readonly #sim: Simulation;
  readonly #costs: HostCosts;
  readonly #topology: Topology;

  /** The accounting of `sim`'s tasks, with the cache-refill costs of `topology`. */
  constructor(sim: Simulation, costs: HostCosts, topology: Topology) {
    this.#sim = sim;
    this.#costs = costs;
    this.#topology = topology;
  }

  /** Gives a new task its completion timer (once, when it is spawned). */
  attach(task: HostTask): void {
    task.doneTimer = this.#sim.timer(() => this.#done(task));
  }

  /**
   * Gives `task` an activity: `workNs` of work at full speed (fractions allowed, since
   * progress on a cold cache is fractional; Infinity: until replaced), then `onDone`
   * runs while the task is still on its CPU. Replaces any activity in progress; the
   * work already done counts.
   *
   * @throws {RangeError} when `workNs` is negative or NaN.
   */
  set(task: HostTask, workNs: number, onDone: (() => void) | null): void {
    if (!(workNs >= 0 && workNs <= Infinity)) {
      throw new RangeError(
        `Cannot set work of ${task.name} as 'workNs' must be a number of ns >= 0 (or Infinity): current value is ${workNs}`,
      );
    }
    if (task.state === "running") this.#checkpoint(task);
    task.workLeft = workNs;
    task.onDone = onDone;
    if (task.state === "running") this.#arm(task);
  }

  /**
   * Stops `task`'s current activity and returns the work it had left (progress ns;
   * Infinity for an open-ended one). The task keeps running with no activity until it
   * is given another.
   */
  suspend(task: HostTask): number {
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
    return task.progressNs + progressAfter(task.segment, this.#sim.now - task.segment.startNs);
  }

  /**
   * `task` starts a stint on `cpu` now, after `overheadNs` of context switch. A task
   * whose cache is on another CPU owes the refill for that distance first.
   */
  start(task: HostTask, cpu: number, overheadNs: number): void {
    if (task.cacheCpu !== cpu) {
      if (task.cacheCpu >= 0) {
        task.coldNs = refillNs(this.#costs, this.#topology.distance(task.cacheCpu, cpu));
      }
      task.cacheCpu = cpu;
    }
    const seg = task.segment;
    seg.startNs = this.#sim.now;
    seg.overheadNs = overheadNs;
    seg.coldNs = task.coldNs;
    seg.coldRate = this.#costs.coldRate;
    this.#arm(task);
  }

  /** `task` leaves its CPU now: its progress is brought up to date and its timer stops. */
  stop(task: HostTask): void {
    this.#checkpoint(task);
    task.doneTimer?.cancel();
  }

  /** Brings a running task's progress up to now and restarts its segment here. */
  #checkpoint(task: HostTask): void {
    const seg = task.segment;
    const elapsed = this.#sim.now - seg.startNs;
    if (elapsed === 0) return;
    const done = progressAfter(seg, elapsed);
    task.progressNs += done;
    task.workLeft = Math.max(0, task.workLeft - done);
    const cold = coldLeftAfter(seg, elapsed);
    seg.overheadNs = Math.max(0, seg.overheadNs - elapsed);
    seg.coldNs = cold;
    task.coldNs = cold;
    seg.startNs = this.#sim.now;
  }

  /** Arms the completion timer for the work left, or disarms it for open-ended work. */
  #arm(task: HostTask): void {
    const timer = task.doneTimer as Timer;
    if (task.workLeft === Infinity) {
      timer.cancel();
      return;
    }
    timer.at(task.segment.startNs + elapsedFor(task.segment, task.workLeft));
  }

  /** The completion timer fired: the activity ends and its continuation runs. */
  #done(task: HostTask): void {
    this.#checkpoint(task);
    task.workLeft = Infinity;
    const onDone = task.onDone;
    task.onDone = null;
    onDone?.();
  }
}
