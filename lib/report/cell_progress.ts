/**
 * A progress bar with an ETA inside a notebook cell: one display that the Deno Jupyter
 * kernel updates in place (`display_data`, then `update_display_data` with the same
 * `display_id`), so a long loop of simulations or a sweep started from a cell shows how
 * far it is while it runs.
 *
 * Its last state says only how many steps were done, never a time, so that a saved
 * notebook, which keeps only the last state of an updated display, is byte-identical
 * from one run to the next. Outside a Jupyter kernel it shows nothing.
 *
 * @module
 */

import { escapeHtml, type MimeBundle } from "./displayable.ts";

/** Sends one Jupyter message, as `Deno.jupyter.broadcast` does. */
export type JupyterBroadcast = (
  msgType: "display_data" | "update_display_data",
  content: Record<string, unknown>,
) => Promise<void>;

/** How far a job is: the shape of a sweep's `onProgress` argument, or any count. */
export interface ProgressState {
  /** Steps done. */
  readonly done: number;
  /** Steps in all; when given, it replaces the total set at construction. */
  readonly total?: number;
}

/** Options of {@linkcode CellProgress}. */
export interface CellProgressOptions {
  /**
   * What is counted, shown before the bar.
   * @default {"progress"}
   */
  readonly label?: string;
  /**
   * Characters of the text bar.
   * @default {30}
   */
  readonly width?: number;
  /**
   * Shortest time between two updates of the display; the first and the final state
   * are always shown. Unit: ms.
   * @default {250}
   */
  readonly intervalMs?: number;
  /**
   * The clock. Unit: ms.
   * @default {performance.now}
   */
  readonly now?: () => number;
  /**
   * Sends the display messages.
   * @default {`Deno.jupyter.broadcast` inside a Jupyter kernel; nothing elsewhere}
   */
  readonly broadcast?: JupyterBroadcast | null;
}

let displays = 0;

/**
 * A progress bar shown in the notebook cell that creates it. Call
 * {@linkcode CellProgress.update} (it fits a sweep's `onProgress`) or
 * {@linkcode CellProgress.tick} as the work advances, and {@linkcode CellProgress.finish}
 * at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CellProgress } from "./cell_progress.ts";
 * const sent: string[] = [];
 * let t = 0;
 * const bar = new CellProgress(4, {
 *   label: "runs",
 *   width: 4,
 *   now: () => t,
 *   broadcast: async (type, content) => {
 *     sent.push(`${type}: ${(content.data as Record<string, string>)["text/plain"]}`);
 *   },
 * });
 * await bar.tick(); // shows the display at 1/4
 * t = 1000;
 * await bar.tick(); // 2 of 4 in 1 s: 1 s to go
 * await bar.finish();
 * assert.deepEqual(sent, [
 *   "display_data: runs [#---] 1/4 · ETA ?",
 *   "update_display_data: runs [##--] 2/4 · ETA 1 s",
 *   "update_display_data: runs [####] 4/4 done",
 * ]);
 * ```
 */
export class CellProgress {
  /** What is counted. */
  readonly label: string;
  /** The id of the display, unique within the process. */
  readonly displayId: string;
  #total: number;
  #done = 0;
  #shown = false;
  #lastSentMs = -Infinity;
  readonly #startMs: number;
  readonly #width: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #broadcast: JupyterBroadcast | null;
  #sending: Promise<void> = Promise.resolve();

  /**
   * Creates the bar for `total` steps; nothing is shown before the first update.
   *
   * @throws {RangeError} when `total` is not a non-negative integer, or `width` or
   * `intervalMs` is out of range.
   */
  constructor(total: number, options?: CellProgressOptions) {
    const {
      label = "progress",
      width = 30,
      intervalMs = 250,
      now = () => performance.now(),
      broadcast = jupyterBroadcast(),
    } = options ?? {};
    checkCount("total", total);
    if (!Number.isInteger(width) || width < 1 || width > 200) {
      throw new RangeError(
        `Cannot make progress bar as 'width' must be an integer from 1 to 200: current value is ${width}`,
      );
    }
    if (!(intervalMs >= 0)) {
      throw new RangeError(
        `Cannot make progress bar as 'intervalMs' must be >= 0: current value is ${intervalMs}`,
      );
    }
    this.label = label;
    this.displayId = `kvmsched-progress-${++displays}-${crypto.randomUUID()}`;
    this.#total = total;
    this.#width = width;
    this.#intervalMs = intervalMs;
    this.#now = now;
    this.#broadcast = broadcast;
    this.#startMs = now();
  }

  /** Steps done so far. */
  get done(): number {
    return this.#done;
  }

  /** Steps in all. */
  get total(): number {
    return this.#total;
  }

  /**
   * Records the new state and updates the display, at most once per `intervalMs`
   * (the first state is always shown). Returns at once: the message is sent in the
   * background, in order.
   *
   * @throws {RangeError} when `done` or `total` is not a non-negative integer.
   */
  update(state: ProgressState): void {
    checkCount("done", state.done);
    if (state.total !== undefined) {
      checkCount("total", state.total);
      this.#total = state.total;
    }
    this.#done = state.done;
    const now = this.#now();
    if (this.#shown && now - this.#lastSentMs < this.#intervalMs) return;
    this.#send(now);
  }

  /** Adds `steps` to the steps done, updates the display and waits until it is sent. */
  async tick(steps = 1): Promise<void> {
    this.update({ done: this.#done + steps });
    await this.#sending;
  }

  /**
   * Shows the final state (every step done, unless `done` says otherwise), whatever the
   * interval, and waits until it is sent. Its text holds no time, so saved notebooks
   * stay byte-stable.
   */
  async finish(done = this.#total): Promise<void> {
    checkCount("done", done);
    this.#done = done;
    this.#send(undefined);
    await this.#sending;
  }

  /**
   * The bar as text: `label [####------] 3/9 · ETA 4 s` while running (the ETA from the
   * mean time per step so far), and `label [##########] 9/9 done` once `now` is left
   * out or every step is done.
   */
  text(now?: number): string {
    const total = this.#total;
    const done = Math.min(this.#done, total);
    const filled = total === 0 ? this.#width : Math.round((done / total) * this.#width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(this.#width - filled)}]`;
    return `${this.label} ${bar} ${this.#status(now)}`;
  }

  /**
   * The MIME bundle of the state at `now` (`undefined` for the final state): a
   * `<progress>` element with the label and status in `text/html`, and
   * {@linkcode CellProgress.text} in `text/plain`.
   */
  bundle(now?: number): MimeBundle {
    const max = Math.max(this.#total, 1);
    const value = Math.min(this.#done, max);
    return {
      "text/html": `<div><progress value="${value}" max="${max}"></progress> ${
        escapeHtml(`${this.label} ${this.#status(now)}`)
      }</div>`,
      "text/plain": this.text(now),
    };
  }

  /** `3/9 · ETA 4 s` while running, `9/9 done` at the end. */
  #status(now: number | undefined): string {
    const total = this.#total;
    const count = `${this.#done}/${total}`;
    if (now === undefined || this.#done >= total) return `${count} done`;
    const elapsed = now - this.#startMs;
    const eta = this.#done > 0 && elapsed > 0
      ? formatSeconds(((total - this.#done) * elapsed) / this.#done)
      : "?";
    return `${count} · ETA ${eta}`;
  }

  #send(now: number | undefined): void {
    const broadcast = this.#broadcast;
    if (broadcast === null) return;
    const type = this.#shown ? "update_display_data" : "display_data";
    this.#shown = true;
    this.#lastSentMs = now ?? this.#now();
    const content = {
      data: this.bundle(now),
      metadata: {},
      transient: { display_id: this.displayId },
    };
    this.#sending = this.#sending.then(() => broadcast(type, content)).catch(() => {});
  }
}

/** `Deno.jupyter.broadcast` inside a Jupyter kernel, `null` elsewhere. */
function jupyterBroadcast(): JupyterBroadcast | null {
  try {
    // The getter throws outside `deno jupyter`.
    const jupyter = (Deno as unknown as { jupyter?: { broadcast?: JupyterBroadcast } }).jupyter;
    return jupyter?.broadcast?.bind(jupyter) ?? null;
  } catch {
    return null;
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot update progress bar as '${name}' must be a non-negative integer: current value is ${value}`,
    );
  }
}

/** `42 s` or `3 min 05 s`. Unit of `ms`: ms. */
function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
