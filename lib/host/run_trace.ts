/**
 * An optional record of which task ran on which CPU when, for timelines. Memory grows
 * with the run, so it is kept only when asked for.
 *
 * @module
 */

/** One stint of a task on a CPU. */
export interface RunInterval {
  /** The CPU it ran on. */
  readonly cpu: number;
  /** The task's id ({@linkcode HostTask.id}). */
  readonly taskId: number;
  /** When the stint began (clipped to the window). Unit: ns. */
  readonly startNs: number;
  /** When it ended (clipped to the window). Unit: ns. */
  readonly endNs: number;
}

/**
 * A list of run intervals, optionally restricted to a time window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunTrace } from "./run_trace.ts";
 * const trace = new RunTrace({ fromNs: 10, toNs: 20 });
 * trace.record(0, 1, 5, 15);
 * trace.record(0, 2, 25, 30);
 * assert.ok(trace.intervals.length === 1 && trace.intervals[0]!.startNs === 10);
 * ```
 */
export class RunTrace {
  /** The stints recorded, in the order they ended. */
  readonly intervals: RunInterval[] = [];
  /** The start of the window. Unit: ns. */
  readonly fromNs: number;
  /** The end of the window (Infinity: none). Unit: ns. */
  readonly toNs: number;

  /** A trace of the window [`fromNs`, `toNs`), by default everything. */
  constructor(options: { fromNs?: number; toNs?: number } = {}) {
    const { fromNs = 0, toNs = Infinity } = options;
    this.fromNs = fromNs;
    this.toNs = toNs;
  }

  /** Records a stint, clipped to the window; empty stints are dropped. */
  record(cpu: number, taskId: number, startNs: number, endNs: number): void {
    const start = Math.max(startNs, this.fromNs);
    const end = Math.min(endNs, this.toNs);
    if (end > start) this.intervals.push({ cpu, taskId, startNs: start, endNs: end });
  }
}
