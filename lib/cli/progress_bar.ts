/**
 * A progress bar with an ETA for stderr: redrawn in place on a terminal, a line every
 * tenth of the way (or every 30 s) otherwise, so that logs stay short.
 *
 * @module
 */

/** Formats a duration as `1h02m`, `3m05s` or `42s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  }
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * The bar's text for `done` of `total`, with the rate and the time left estimated from
 * the runs done so far in this invocation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progressText } from "./progress_bar.ts";
 * assert.equal(
 *   progressText({ done: 5, total: 10, skipped: 0, simSeconds: 50, wallMs: 10_000 }, 10),
 *   "[#####-----] 5/10 runs | 5.0 sim-s/s | ETA 10s",
 * );
 * ```
 */
export function progressText(
  p: { done: number; total: number; skipped: number; simSeconds: number; wallMs: number },
  width = 30,
): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const ran = p.done - p.skipped;
  const rate = p.wallMs > 0 ? p.simSeconds / (p.wallMs / 1000) : 0;
  const eta = ran > 0 ? ((p.total - p.done) * p.wallMs) / ran : NaN;
  return `[${bar}] ${p.done}/${p.total} runs | ${rate.toFixed(1)} sim-s/s | ETA ${
    Number.isFinite(eta) ? formatDuration(eta) : "?"
  }`;
}

/** A progress reporter bound to stderr. */
export function stderrProgress(label: string): (p: Parameters<typeof progressText>[0]) => void {
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  let lastTenth = -1;
  let lastAt = 0;
  return (p) => {
    const text = `${label} ${progressText(p)}`;
    if (tty) {
      Deno.stderr.writeSync(enc.encode(`\r${text}${p.done === p.total ? "\n" : ""}`));
      return;
    }
    const tenth = Math.floor((p.done / Math.max(1, p.total)) * 10);
    if (tenth !== lastTenth || p.wallMs - lastAt > 30_000 || p.done === p.total) {
      lastTenth = tenth;
      lastAt = p.wallMs;
      Deno.stderr.writeSync(enc.encode(`${text}\n`));
    }
  };
}
