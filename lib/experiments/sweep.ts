/**
 * Parameter sweeps: every run of an experiment (or a shard of them) in parallel Deno
 * workers, one CSV line appended per finished run, resumable after an interruption,
 * and finished by rewriting the file in run order so that a sweep's file never
 * depends on timing or on how it was sharded.
 *
 * @module
 */

import { dirname } from "node:path";
import { parseCsv } from "../report/parse_csv.ts";
import { writeTextAtomic } from "../report/write_text_atomic.ts";
import { expandRuns, type Experiment, parseShard, type RunSpec } from "./experiment.ts";
import { experimentColumns } from "./run_spec_line.ts";
import type { WorkerReply, WorkerRequest } from "./sweep_worker.ts";
import { runWorkerPool } from "./worker_pool.ts";

/** Options of {@linkcode runSweep}. */
export interface SweepOptions {
  /** Seeds per grid point. @default the experiment's */
  readonly seeds?: number;
  /** Parallel workers. @default {1} */
  readonly workers?: number;
  /** Run only the runs of shard `k/n`. @default all runs */
  readonly shard?: string;
  /** The CSV file to write. */
  readonly out: string;
  /** Called after every finished run. */
  readonly onProgress?: (progress: SweepProgress) => void;
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
}

/** A sweep that cannot go on: the message says why and what to do. */
export class SweepError extends Error {
  /** Always `"SweepError"`. */
  override readonly name = "SweepError";
}

const LINE_INDEX = /^(\d+),/;

/** The lines of a CSV file: header, then rows by run index (partial last line dropped). */
async function readLines(
  path: string,
): Promise<{ header: string; rows: Map<number, string> } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const lines = text.split("\n");
  lines.pop(); // the text after the last newline: empty, or an interrupted write
  const header = lines.shift();
  if (header === undefined) return null;
  const rows = new Map<number, string>();
  for (const line of lines) {
    const m = LINE_INDEX.exec(line);
    if (m === null) {
      throw new SweepError(`${path}: a line does not start with a run index: ${line.slice(0, 60)}`);
    }
    rows.set(Number(m[1]), `${line}\n`);
  }
  return { header, rows };
}

/** Checks that a row already in the file is the run `spec` describes. */
function checkRow(
  path: string,
  experiment: Experiment,
  header: string,
  line: string,
  spec: RunSpec | undefined,
) {
  const row = parseCsv(`${header}\n${line}`)[0]!;
  const same = spec !== undefined && row.experiment === experiment.name &&
    row.seed === spec.seed && row.durationMs === experiment.durationMs &&
    row.warmupMs === experiment.warmupMs &&
    Object.entries(spec.params).every(([k, v]) => String(row[k]) === String(v));
  if (!same) {
    throw new SweepError(
      `${path} holds run ${
        String(row.run)
      } of another configuration (experiment, seeds, timing or parameters differ); write to another --out or delete the file`,
    );
  }
}

/**
 * Runs `experiment` (its shard, if asked) and writes `options.out`. Rows already in
 * the file are kept and not run again.
 *
 * @throws {SweepError} when the file belongs to another configuration, or a run fails
 * (rows written so far stay, so the sweep can be resumed).
 */
export async function runSweep(
  experiment: Experiment,
  options: SweepOptions,
): Promise<SweepSummary> {
  const { workers = 1, out, onProgress } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new RangeError(
      `Invalid --workers: must be an integer from 1 to 64: current value is ${workers}`,
    );
  }
  const inShard = options.shard === undefined ? () => true : parseShard(options.shard);
  const specs = expandRuns(experiment, options.seeds).filter((s) => inShard(s.index));
  const byIndex = new Map(specs.map((s) => [s.index, s]));
  const header = experimentColumns(experiment).join(",");
  const existing = await readLines(out);
  if (existing !== null && existing.header !== header) {
    throw new SweepError(
      `${out} has other columns than experiment '${experiment.name}' writes; write to another --out or delete the file`,
    );
  }
  const done = existing?.rows ?? new Map<number, string>();
  for (const [index, line] of done) checkRow(out, experiment, header, line, byIndex.get(index));
  const pending = specs.filter((s) => !done.has(s.index));
  await Deno.mkdir(dirname(out), { recursive: true });
  // Rewrite what is kept (drops an interrupted last line), then append as runs finish.
  await Deno.writeTextFile(out, `${header}\n${[...done.values()].join("")}`);
  const file = await Deno.open(out, { append: true });
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
      onReply: (reply: WorkerReply) => {
        if ("error" in reply) {
          return new SweepError(
            `Run ${reply.index} of '${experiment.name}' failed: ${reply.error}`,
          );
        }
        file.writeSync(new TextEncoder().encode(reply.line));
        done.set(reply.index, reply.line);
        simMs += reply.simMs;
        onProgress?.(progress());
        return undefined;
      },
      onWorkerError: (message) => new SweepError(`A sweep worker failed: ${message}`),
    });
  } finally {
    file.close();
  }
  // Finish: the file in run order, written atomically.
  const ordered = [...done.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  await writeTextAtomic(out, `${header}\n${ordered.join("")}`);
  return { ...progress(), out };
}
