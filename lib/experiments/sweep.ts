/**
 * Parameter sweeps: every run of an experiment (or a shard of them) in parallel Deno
 * workers, one CSV line appended per finished run, resumable after an interruption,
 * and finished by rewriting the file in run order so that a sweep's file never
 * depends on timing or on how it was sharded. One sweep writes a file at a time
 * (`file_lock.ts`); a resumed file is checked row by row, and a damaged row is
 * reported and run again, never kept.
 *
 * @module
 */

import { dirname } from "node:path";
import { lockFile } from "./file_lock.ts";
import { resolveWritePath, writeTextAtomic } from "../report/write_text_atomic.ts";
import { diagnoseRunLine } from "./check_run_line.ts";
import { expandRuns, type Experiment, parseShard, type RunSpec } from "./experiment.ts";
import { experimentColumns } from "./run_spec_line.ts";
import { SweepError } from "./sweep_error.ts";
import type { WorkerReply, WorkerRequest } from "./sweep_worker.ts";
import { runWorkerPool } from "./worker_pool.ts";

export { SweepError } from "./sweep_error.ts";

/** Options of {@linkcode runSweep}. */
export interface SweepOptions {
  /** Seeds per grid point. @default the experiment's */
  readonly seeds?: number;
  /** Parallel workers. @default {1} */
  readonly workers?: number;
  /** Run only the runs of shard `k/n`. @default all runs */
  readonly shard?: string;
  /** The CSV file to write (a symbolic link is written through). */
  readonly out: string;
  /** Called after every finished run. */
  readonly onProgress?: (progress: SweepProgress) => void;
  /**
   * Called with each problem found in the file when resuming (`file:line: what`): a
   * damaged row, or an interrupted last line. Such a row is not kept: its run is run
   * again. @default ignore them
   */
  readonly onProblem?: (message: string) => void;
  /**
   * Stops the sweep when aborted: workers are stopped, the rows written so far stay,
   * and the promise rejects with a {@linkcode SweepInterruptedError}.
   */
  readonly signal?: AbortSignal;
}

/** Where a sweep stands. */
export interface SweepProgress {
  /** Runs whose rows are in the file, kept from before or finished now. */
  readonly done: number;
  /** Runs of the sweep (of its shard, if asked). */
  readonly total: number;
  /** Runs found in the file already, not run again. */
  readonly skipped: number;
  /** Simulated time run so far in this invocation. Unit: s. */
  readonly simSeconds: number;
  /** Wall-clock time since the runs started. Unit: ms. */
  readonly wallMs: number;
}

/** What a sweep did. */
export interface SweepSummary extends SweepProgress {
  /** The CSV file written. */
  readonly out: string;
  /** Rows of the file found damaged on resuming, reported and run again. */
  readonly damaged: number;
}

/** A sweep stopped by its `signal`: the rows written so far stay, to resume from. */
export class SweepInterruptedError extends SweepError {}

const LINE_INDEX = /^(\d+),/;

/**
 * The verified rows of a sweep's file, by run index; `null` when there is no file yet.
 * Damaged rows (and an interrupted last line) are reported through `report` and left
 * out; a row of another configuration refuses the whole file.
 */
async function readKept(
  path: string,
  experiment: Experiment,
  columns: readonly string[],
  byIndex: ReadonlyMap<number, RunSpec>,
  report: (message: string) => void,
): Promise<{ rows: Map<number, string>; damaged: number } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const lines = text.split("\n");
  const last = lines.pop() as string; // empty, or an interrupted write
  const header = lines.shift();
  if (header === undefined) return null;
  if (header !== columns.join(",")) {
    throw new SweepError(
      `${path} has other columns than experiment '${experiment.name}' writes; write to another --out or delete the file`,
    );
  }
  const rows = new Map<number, string>();
  const firstLine = new Map<number, number>();
  const repeated = new Set<number>();
  let damaged = 0;
  for (const [i, line] of lines.entries()) {
    const where = `${path}:${i + 2}`;
    const m = LINE_INDEX.exec(line);
    const index = m === null ? undefined : Number(m[1]);
    const problem = diagnoseRunLine(
      experiment,
      columns,
      line,
      index === undefined ? undefined : byIndex.get(index),
    );
    if (problem?.kind === "other-run") {
      throw new SweepError(
        `${where}: a row of another configuration (experiment, seeds, shard, timing or parameters differ: ${problem.message}); write to another --out or delete the file`,
      );
    }
    if (problem !== null || index === undefined) {
      damaged++;
      report(`${where}: damaged row (${problem?.message}); it is not kept, and run again`);
      continue;
    }
    const first = firstLine.get(index);
    if (first !== undefined) {
      damaged++;
      repeated.add(index);
      report(
        `${where}: run ${index} appears again (first on line ${first}); neither row is kept, it is run again`,
      );
      continue;
    }
    firstLine.set(index, i + 2);
    rows.set(index, `${line}\n`);
  }
  for (const index of repeated) rows.delete(index);
  if (last !== "") {
    report(
      `${path}:${
        lines.length + 2
      }: the last line has no newline (an interrupted write); it is not kept, and run again`,
    );
  }
  return { rows, damaged };
}

/** Runs `body`, turning a file-system error about `out` into a {@linkcode SweepError}. */
async function onFile<T>(out: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof SweepError) throw error;
    if (Object.values(Deno.errors).some((kind) => error instanceof kind)) {
      throw new SweepError(`Cannot write ${out}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/**
 * Runs `experiment` (its shard, if asked) and writes `options.out`. Rows already in
 * the file are checked, kept and not run again; a damaged one is reported through
 * `options.onProblem` and run again. The file is locked while the sweep writes it.
 *
 * @throws {SweepError} when the file belongs to another configuration, another process
 * writes it (`FileBusyError`), it cannot be written, or a run fails (rows written so
 * far stay, so the sweep can be resumed).
 * @throws {SweepInterruptedError} when `options.signal` aborts it.
 */
export async function runSweep(
  experiment: Experiment,
  options: SweepOptions,
): Promise<SweepSummary> {
  const { workers = 1, out, onProgress, onProblem = () => {}, signal } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new RangeError(
      `Invalid --workers: must be an integer from 1 to 64: current value is ${workers}`,
    );
  }
  if (typeof out !== "string" || out.trim() === "") {
    throw new RangeError(
      `Invalid --out: must be a file path: current value is ${JSON.stringify(out)}`,
    );
  }
  const inShard = options.shard === undefined ? () => true : parseShard(options.shard);
  const specs = expandRuns(experiment, options.seeds).filter((s) => inShard(s.index));
  const byIndex = new Map(specs.map((s) => [s.index, s]));
  const columns = experimentColumns(experiment);
  const header = columns.join(",");
  const path = await onFile(out, () => resolveWritePath(out));
  const lock = await onFile(out, async () => {
    await Deno.mkdir(dirname(path), { recursive: true });
    return lockFile(path);
  });
  let file: Deno.FsFile | undefined;
  try {
    const existing = await onFile(
      out,
      () => readKept(path, experiment, columns, byIndex, onProblem),
    );
    const done = existing?.rows ?? new Map<number, string>();
    const pending = specs.filter((s) => !done.has(s.index));
    // Rewrite what is kept (drops damaged rows and an interrupted last line), atomically,
    // then append as runs finish.
    await onFile(out, () => writeTextAtomic(path, `${header}\n${[...done.values()].join("")}`));
    const appended = await onFile(out, () => Deno.open(path, { append: true }));
    file = appended;
    const started = performance.now();
    let simMs = 0;
    const progress = (): SweepProgress => ({
      done: done.size,
      total: specs.length,
      skipped: specs.length - pending.length,
      simSeconds: simMs / 1000,
      wallMs: performance.now() - started,
    });
    const requests = pending.map((spec): WorkerRequest => ({
      experiment: experiment.name,
      durationMs: experiment.durationMs,
      warmupMs: experiment.warmupMs,
      spec,
    }));
    try {
      await runWorkerPool(new URL("./sweep_worker.ts", import.meta.url), requests, {
        size: workers,
        ...(signal === undefined ? {} : { signal }),
        onReply: (reply: WorkerReply) => {
          if ("error" in reply) {
            return new SweepError(
              `Run ${reply.index} of '${experiment.name}' failed: ${reply.error}`,
            );
          }
          appended.writeSync(new TextEncoder().encode(reply.line));
          done.set(reply.index, reply.line);
          simMs += reply.simMs;
          onProgress?.(progress());
          return undefined;
        },
        onWorkerError: (message) => new SweepError(`A sweep worker failed: ${message}`),
      });
    } catch (error) {
      if (signal?.aborted) {
        throw new SweepInterruptedError(
          `Interrupted: ${done.size} of ${specs.length} runs are in ${out}; run the same command again to resume`,
        );
      }
      throw error;
    }
    appended.close();
    file = undefined;
    // Finish: the file in run order, written atomically.
    const ordered = [...done.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
    await onFile(out, () => writeTextAtomic(path, `${header}\n${ordered.join("")}`));
    return { ...progress(), out, damaged: existing?.damaged ?? 0 };
  } finally {
    file?.close();
    lock.release();
  }
}
