/**
 * When a long task should stop: on SIGINT or SIGTERM, and when it was started by
 * `deno task` and that process is gone (killed with SIGKILL, which it cannot pass on), so
 * that a task never goes on writing on its own after its `deno task` died.
 *
 * @module
 */

/** How often the parent process is looked at. Unit: ms. */
const PARENT_POLL_MS = 200;

/** Whether process `pid` runs `deno task ...` (Linux's /proc; `false` where unknown). */
function isDenoTask(pid: number): boolean {
  try {
    const argv = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0");
    return /deno[^/]*$/.test(argv[0] ?? "") && argv[1] === "task";
  } catch {
    return false;
  }
}

/** A stop signal and what to call when the task is done with it. */
export interface StopSignal {
  /** Aborted, with the reason in words, when the task should stop. */
  readonly signal: AbortSignal;
  /** Removes the signal listeners and the parent watch. */
  dispose(): void;
}

/**
 * A signal that aborts on SIGINT or SIGTERM, or when the `deno task` process that
 * started this one is gone (its parent changes). The reason is a sentence for the user.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stopSignal } from "./stop_signal.ts";
 * const stop = stopSignal();
 * assert.equal(stop.signal.aborted, false);
 * stop.dispose();
 * ```
 */
export function stopSignal(): StopSignal {
  const controller = new AbortController();
  const abort = (reason: string) => {
    if (!controller.signal.aborted) controller.abort(new Error(reason));
  };
  const handlers: [Deno.Signal, () => void][] = [
    ["SIGINT", () => abort("interrupted (SIGINT)")],
    ["SIGTERM", () => abort("terminated (SIGTERM)")],
  ];
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  const parent = Deno.ppid;
  const timer = isDenoTask(parent)
    ? setInterval(() => {
      if (Deno.ppid !== parent) abort(`its deno task (process ${parent}) is gone`);
    }, PARENT_POLL_MS)
    : undefined;
  if (timer !== undefined) Deno.unrefTimer(timer);
  return {
    signal: controller.signal,
    dispose() {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
