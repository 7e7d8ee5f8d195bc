/**
 * Timelines from a run trace: which task ran on which CPU when.
 *
 * @module
 */

import type { RunInterval } from "../host/run_trace.ts";

/** A task as a trace names it. */
export interface TimelineTask {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
}

/** One bar of a timeline, in ms, labelled for plotting. */
export interface TimelineBar {
  readonly cpu: string;
  readonly task: string;
  /** The VM the task belongs to (`vm0`...), or `host`. */
  readonly owner: string;
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
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
  intervals: readonly RunInterval[],
  tasks: readonly TimelineTask[],
  options: { originMs?: number; keep?: (task: TimelineTask) => boolean } = {},
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
