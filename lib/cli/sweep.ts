/**
 * `deno task sweep <experiment> [--seeds N] [--workers N] [--shard k/n] [--out FILE]
 * [--duration-ms N] [--warmup-ms N]`: runs an experiment's grid times seeds in parallel
 * workers, appending one CSV row per run, with a progress bar on stderr. Running the
 * same command again after an interruption checks the rows already written, keeps the
 * sound ones and runs the rest (a damaged row is named and run again). Without --out
 * the file is the experiment's data/ file (data/<name>.csv); with --shard the default
 * is data/shards/<name>.<k>of<n>.csv, joined later with `deno task merge`. One sweep
 * writes a file at a time: a second one is refused, naming the process that writes it.
 * Ctrl-C (SIGINT), SIGTERM, or the death of its `deno task` stops it, resumable.
 * Exit status: 0 done, 2 bad input, a file that cannot be written or a failed run
 * (named), 130 interrupted.
 *
 * @module
 */

import { join } from "node:path";
import { experimentFromFlags } from "./experiment_flags.ts";
import { integerFlag } from "./flags.ts";
import { parseCommandLine } from "./parse_command.ts";
import { stopSignal } from "./stop_signal.ts";
import { runSweep, SweepError, SweepInterruptedError } from "../experiments/sweep.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { formatDuration, stderrProgress } from "./progress_bar.ts";

const USAGE =
  `Usage: deno task sweep <experiment> [--seeds N] [--workers N] [--shard k/n] [--out FILE]
       [--duration-ms N] [--warmup-ms N]
Runs every run of the experiment (or of shard k of n) and writes its CSV file; run the
same command again to resume. --duration-ms and --warmup-ms shorten the runs (for trials:
the rows record them).`;

/** The command line of `deno task sweep`. */
const COMMAND = {
  name: "sweep",
  usage: USAGE,
  options: {
    seeds: { type: "string" },
    workers: { type: "string" },
    shard: { type: "string" },
    out: { type: "string" },
    "duration-ms": { type: "string" },
    "warmup-ms": { type: "string" },
  },
  minPositionals: 1,
  maxPositionals: 1,
} as const;

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, args);
  if (typeof parsed === "number") return parsed;
  const values = parsed.values as Readonly<Record<string, string | undefined>>;
  const stop = stopSignal();
  try {
    const experiment = experimentFromFlags(parsed.positionals[0]!, values);
    const shard = values.shard;
    const out = values.out ??
      (shard === undefined ? join(PROJECT_ROOT, "data", experiment.output) : join(
        PROJECT_ROOT,
        "data",
        "shards",
        `${experiment.name}.${shard.replace("/", "of")}.csv`,
      ));
    const seeds = integerFlag("seeds", values.seeds, { min: 1 });
    const workers = integerFlag("workers", values.workers, { min: 1, max: 64 }) ?? 1;
    const summary = await runSweep(experiment, {
      out,
      workers,
      ...(seeds === undefined ? {} : { seeds }),
      ...(shard === undefined ? {} : { shard }),
      onProgress: stderrProgress(experiment.name),
      onProblem: (message) => console.error(`sweep: ${message}`),
      signal: stop.signal,
    });
    const rate = summary.wallMs > 0 ? summary.simSeconds / (summary.wallMs / 1000) : 0;
    console.error(
      `${experiment.name}: ${summary.total - summary.skipped} runs in ${
        formatDuration(summary.wallMs)
      } (${summary.skipped} already done), ${
        rate.toFixed(1)
      } simulated s per wall s with ${workers} worker(s) -> ${summary.out}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SweepInterruptedError) {
      const why = (stop.signal.reason as Error | undefined)?.message ?? "stopped";
      console.error(`\nsweep: ${why}. ${error.message}`);
      return 130;
    }
    if (error instanceof SweepError || error instanceof RangeError || error instanceof TypeError) {
      console.error(`sweep: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    stop.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
