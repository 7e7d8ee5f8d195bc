/**
 * Joining the shard files of one sweep, verified: the result is the file an unsharded
 * sweep writes, byte for byte, or nothing is written and the error says what is wrong.
 *
 * @module
 */

import { dirname } from "node:path";
import { resolveWritePath, writeTextAtomic } from "../report/write_text_atomic.ts";
import { checkRunLine } from "./check_run_line.ts";
import { expandRuns, type Experiment } from "./experiment.ts";
import { lockFile } from "./file_lock.ts";
import { experimentColumns } from "./run_spec_line.ts";
import { SweepError } from "./sweep_error.ts";

/** Options of {@linkcode mergeShards}. */
export interface MergeOptions {
  /** Seeds per grid point the shards were run with. @default the experiment's */
  readonly seeds?: number;
  /** The merged CSV file to write. */
  readonly out: string;
}

/** Runs of a merge that are not in any shard. */
export class MissingRunsError extends SweepError {
  /** The run indices missing, in order. */
  readonly missing: readonly number[];

  /** `missing` of `total` runs of `experiment` are in no shard. */
  constructor(
    experiment: string,
    missing: readonly number[],
    total: number,
    notes: readonly string[] = [],
  ) {
    const shown = missing.length > 40
      ? `${missing.slice(0, 40).join(", ")}, ... (${missing.length - 40} more)`
      : missing.join(", ");
    super(
      `Missing ${missing.length} of ${total} runs of '${experiment}': ${shown}. ` +
        "Re-run the shards that hold them (run index mod n = k - 1 for shard k/n), then merge again; nothing was written" +
        notes.map((note) => `\n  ${note}`).join(""),
    );
    this.missing = missing;
  }
}

/** The most problems listed in one error; the rest are counted. */
const MAX_PROBLEMS = 20;

/**
 * Joins the shard files `files` of `experiment` into `options.out`, in run order, after
 * checking that every file has the experiment's columns, every row is a complete row of
 * a run of the experiment with these seeds (its parameters, seed and timing included),
 * no run appears twice, and every run is there. A last line without its newline is an
 * interrupted write (a sweep resumes by dropping it): it is not taken, and its run counts
 * as missing. A byte-order mark and `\r\n` line ends in a shard are accepted; the merged
 * file has neither. `options.out` is locked while it is written (see `lockFile`).
 *
 * @returns the number of runs written.
 * @throws {SweepError} naming each file, line and problem, when any file or row is
 * damaged or belongs to another experiment or grid, or a run appears twice.
 * @throws {MissingRunsError} naming the missing runs, when the files are sound but
 * incomplete. Nothing is written in either case.
 * @throws {FileBusyError} when another process writes `options.out`.
 */
export async function mergeShards(
  experiment: Experiment,
  files: readonly string[],
  options: MergeOptions,
): Promise<number> {
  if (files.length === 0) throw new SweepError("Nothing to merge: give the shard files");
  if (typeof options.out !== "string" || options.out.trim() === "") {
    throw new RangeError(
      `Invalid --out: must be a file path: current value is ${JSON.stringify(options.out)}`,
    );
  }
  const specs = expandRuns(experiment, options.seeds);
  const columns = experimentColumns(experiment);
  const header = columns.join(",");
  const rows = new Map<number, { line: string; where: string }>();
  const problems: string[] = [];
  const notes: string[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw new SweepError(`${path} does not exist`);
      throw new SweepError(`Cannot read ${path}: ${(error as Error).message}`);
    }
    if (text.startsWith("\ufeff")) text = text.slice(1);
    const lines = text.split("\n").map((line) => line.endsWith("\r") ? line.slice(0, -1) : line);
    const unterminated = lines.pop() as string;
    if (lines.length === 0) {
      problems.push(`${path}: empty, or no line ends with a newline`);
      continue;
    }
    if (lines[0] !== header) {
      problems.push(
        `${path}:1: the columns are not those of experiment '${experiment.name}'`,
      );
      continue;
    }
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const where = `${path}:${i + 1}`;
      const index = /^(\d+),/.exec(line)?.[1];
      const problem = checkRunLine(experiment, columns, line, specs[Number(index ?? -1)]);
      if (problem !== null) {
        problems.push(`${where}: ${problem}`);
        continue;
      }
      const run = Number(index);
      const earlier = rows.get(run);
      if (earlier !== undefined) {
        problems.push(`${where}: run ${run} appears again (first at ${earlier.where})`);
        continue;
      }
      rows.set(run, { line: `${line}\n`, where });
    }
    if (unterminated !== "") {
      notes.push(
        `${path}:${
          lines.length + 1
        }: the last line has no newline (an interrupted write), so it is not taken`,
      );
    }
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_PROBLEMS
      ? `\n  ... and ${problems.length - MAX_PROBLEMS} more`
      : "";
    throw new SweepError(
      `Cannot merge the shards of '${experiment.name}' as ${problems.length} problem(s) were found; nothing was written:\n  ${
        problems.slice(0, MAX_PROBLEMS).join("\n  ")
      }${more}`,
    );
  }
  const missing = specs.filter((s) => !rows.has(s.index)).map((s) => s.index);
  if (missing.length > 0) {
    throw new MissingRunsError(experiment.name, missing, specs.length, notes);
  }
  const ordered = specs.map((s) => (rows.get(s.index) as { line: string }).line);
  let path: string;
  try {
    path = await resolveWritePath(options.out);
    await Deno.mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new SweepError(`Cannot write ${options.out}: ${(error as Error).message}`);
  }
  const lock = lockFile(path);
  try {
    await writeTextAtomic(path, `${header}\n${ordered.join("")}`);
  } catch (error) {
    throw new SweepError(`Cannot write ${options.out}: ${(error as Error).message}`);
  } finally {
    lock.release();
  }
  return rows.size;
}
