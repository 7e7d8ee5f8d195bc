/**
 * How much useful progress a task makes while it holds a CPU.
 *
 * A stint on a CPU starts with the context switch (no progress at all), then, if the
 * task's cache is cold after a migration, a stretch at a reduced rate while its working
 * set is refilled, then full speed. Work is counted in "progress" nanoseconds: what the
 * task would have done in that many ns at full speed.
 *
 * @module
 */

/** The shape of one stint, fixed when the task is dispatched. */
export interface RunSegment {
  /** When the stint began. Unit: ns. */
  startNs: number;
  /** CPU time at the start that makes no progress (context switch). Unit: ns. */
  overheadNs: number;
  /** CPU time after the overhead that runs at `coldRate` (cache refill). Unit: ns. */
  coldNs: number;
  /** Progress per ns of CPU while cold, in (0, 1]. */
  coldRate: number;
}

/**
 * Progress made `elapsedNs` into a stint.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progressAfter } from "./run_segment.ts";
 * const seg = { startNs: 0, overheadNs: 10, coldNs: 100, coldRate: 0.5 };
 * assert.ok(progressAfter(seg, 5) === 0);
 * assert.ok(progressAfter(seg, 110) === 50);
 * assert.ok(progressAfter(seg, 210) === 150);
 * ```
 */
export function progressAfter(seg: RunSegment, elapsedNs: number): number {
  const e = elapsedNs - seg.overheadNs;
  if (e <= 0) return 0;
  if (e <= seg.coldNs) return e * seg.coldRate;
  return seg.coldNs * seg.coldRate + (e - seg.coldNs);
}

/**
 * The CPU time from the start of a stint until `progress` ns of work are done, rounded
 * up to a whole ns. Infinite work never completes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { elapsedFor, progressAfter } from "./run_segment.ts";
 * const seg = { startNs: 0, overheadNs: 10, coldNs: 100, coldRate: 0.5 };
 * assert.ok(elapsedFor(seg, 50) === 110);
 * assert.ok(progressAfter(seg, elapsedFor(seg, 77)) >= 77);
 * ```
 */
export function elapsedFor(seg: RunSegment, progress: number): number {
  if (progress === Infinity) return Infinity;
  const coldWork = seg.coldNs * seg.coldRate;
  const e = progress <= coldWork ? progress / seg.coldRate : seg.coldNs + (progress - coldWork);
  return Math.ceil(seg.overheadNs + e - 1e-9);
}

/**
 * The cold CPU time still owed after a stint of `elapsedNs`: what a later stint on the
 * same CPU must still spend refilling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coldLeftAfter } from "./run_segment.ts";
 * const seg = { startNs: 0, overheadNs: 10, coldNs: 100, coldRate: 0.5 };
 * assert.ok(coldLeftAfter(seg, 60) === 50);
 * ```
 */
export function coldLeftAfter(seg: RunSegment, elapsedNs: number): number {
  const used = Math.min(Math.max(elapsedNs - seg.overheadNs, 0), seg.coldNs);
  return seg.coldNs - used;
}
