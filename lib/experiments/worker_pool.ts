/**
 * A small pool of module workers that answer jobs one at a time: the parallel part of a
 * sweep, kept apart from what a sweep does with the answers.
 *
 * @module
 */

/** Options of {@linkcode runWorkerPool}. */
export interface WorkerPoolOptions<Reply> {
  /** Workers to start: at most one per job. An integer >= 1. */
  readonly size: number;
  /**
   * Called on the main thread with each reply, in the order replies arrive. Returning
   * an `Error` stops the pool and rejects its promise with that error.
   */
  readonly onReply: (reply: Reply) => Error | undefined;
  /** The error to reject with when a worker fails (an uncaught error inside it). */
  readonly onWorkerError: (message: string) => Error;
  /**
   * Stops the pool when aborted: every worker is terminated (jobs under way are lost)
   * and the promise rejects with the signal's reason. @default never stopped
   */
  readonly signal?: AbortSignal;
}

/**
 * Posts each of `jobs` to one of `options.size` module workers running `moduleUrl`,
 * each worker receiving its next job when it answers the last, and resolves when every
 * job has been answered (at once when there are none). Worker `i` starts with job `i`.
 * Every worker is terminated when the pool resolves or rejects; after the first error,
 * later replies are ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runWorkerPool } from "./worker_pool.ts";
 * const echo = URL.createObjectURL(new Blob(
 *   ["self.onmessage = (e) => self.postMessage(e.data * 2);"],
 *   { type: "application/javascript" },
 * ));
 * const replies: number[] = [];
 * await runWorkerPool(new URL(echo), [1, 2, 3], {
 *   size: 2,
 *   onReply: (reply: number) => void replies.push(reply),
 *   onWorkerError: (message) => new Error(message),
 * });
 * assert.deepEqual(replies.sort(), [2, 4, 6]);
 * ```
 */
export function runWorkerPool<Job, Reply>(
  moduleUrl: URL,
  jobs: readonly Job[],
  options: WorkerPoolOptions<Reply>,
): Promise<void> {
  const { size, onReply, onWorkerError, signal } = options;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (jobs.length === 0) return resolve();
    const queue = [...jobs];
    const pool: Worker[] = [];
    let failed = false;
    let answered = 0;
    const onAbort = () => {
      if (failed) return;
      failed = true;
      stop(signal?.reason);
    };
    const stop = (error?: unknown) => {
      signal?.removeEventListener("abort", onAbort);
      for (const w of pool) w.terminate();
      if (error !== undefined) reject(error);
      else resolve();
    };
    signal?.addEventListener("abort", onAbort);
    const next = (worker: Worker) => {
      if (queue.length === 0) return;
      worker.postMessage(queue.shift());
    };
    const count = Math.min(size, jobs.length);
    for (let i = 0; i < count; i++) {
      const worker = new Worker(moduleUrl.href, { type: "module" });
      pool.push(worker);
      worker.onerror = (event) => {
        event.preventDefault();
        if (!failed) {
          failed = true;
          stop(onWorkerError(event.message));
        }
      };
      worker.onmessage = (event: MessageEvent<Reply>) => {
        if (failed) return;
        const error = onReply(event.data);
        if (error !== undefined) {
          failed = true;
          stop(error);
          return;
        }
        answered++;
        if (answered === jobs.length) stop();
        else next(worker);
      };
      next(worker);
    }
  });
}
