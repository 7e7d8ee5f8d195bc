/**
 * Timelines from a run trace: which task ran on which CPU when.
 *
 * @module
 */

/** One stint of a task on a CPU, as a host's run trace records it (`RunInterval`). */
export interface TimelineInterval {
  /** The CPU's id. */
  readonly cpu: number;
  /** The task's id, as in {@linkcode TimelineTask.id}. */
  readonly taskId: number;
  /** When the stint began. Unit: ns of simulated time. */
  readonly startNs: number;
  /** When it ended. Unit: ns of simulated time. */
  readonly endNs: number;
}

/** A task as a trace names it. */
export interface TimelineTask {
  /** The task's id, as in {@linkcode TimelineInterval.taskId}. */
  readonly id: number;
  /** Its name, such as `vm0/vcpu1` or `vm0/io`. */
  readonly name: string;
  /** What it is: `vcpu`, `iothread` or `native` (the host's `TaskKind`). */
  readonly kind: string;
}

/** One bar of a timeline, in ms, labelled for plotting. */
export interface TimelineBar {
  /** The CPU, labelled `pCPU<id>`. */
  readonly cpu: string;
  /** The task's name. */
  readonly task: string;
  /** The VM the task belongs to (`vm0`...), or `host`. */
  readonly owner: string;
  /** The task's kind. */
  readonly kind: string;
  /** When the bar begins, from the origin. Unit: ms. */
  readonly startMs: number;
  /** When it ends, from the origin. Unit: ms. */
  readonly endMs: number;
}

/** Options of {@linkcode timelineBars}. */
export interface TimelineOptions {
  /**
   * The time shown as 0. Unit: ms of simulated time.
   * @default {0}
   */
  readonly originMs?: number;
  /**
   * Which tasks to show.
   * @default tasks of kind `vcpu` or `iothread`
   */
  readonly keep?: (task: TimelineTask) => boolean;
}

/**
 * Turns trace intervals into labelled bars (times in ms from `originMs`), dropping the
 * tasks `keep` rejects (by default everything but vCPUs and I/O threads).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timelineBars } from "./timeline.ts";
 * const bars = timelineBars(
 *   [{ cpu: 1, taskId: 0, startNs: 2_000_000, endNs: 3_500_000 }],
 *   [{ id: 0, name: "vm0/vcpu1", kind: "vcpu" }],
 * );
 * assert.deepEqual(bars[0], { cpu: "pCPU1", task: "vm0/vcpu1", owner: "vm0", kind: "vcpu", startMs: 2, endMs: 3.5 });
 * ```
 */
export function timelineBars(
  intervals: readonly TimelineInterval[],
  tasks: readonly TimelineTask[],
  options: TimelineOptions = {},
): TimelineBar[] {
  const { originMs = 0, keep = (t) => t.kind === "vcpu" || t.kind === "iothread" } = options;
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const bars: TimelineBar[] = [];
  for (const i of intervals) {
    const task = byId.get(i.taskId);
    if (task === undefined || !keep(task)) continue;
    const slash = task.name.indexOf("/");
    bars.push({
      cpu: `pCPU${i.cpu}`,
      task: task.name,
      owner: slash > 0 ? task.name.slice(0, slash) : "host",
      kind: task.kind,
      startMs: i.startNs / 1e6 - originMs,
      endMs: i.endNs / 1e6 - originMs,
    });
  }
  return bars;
}
