/**
 * `deno task sweep <experiment> [--seeds N] [--workers N] [--shard k/n] [--out FILE]`:
 * runs an experiment's grid times seeds in parallel workers, appending one CSV row per
 * run, with a progress bar on stderr. Running the same command again after an
 * interruption skips the rows already written. Without --out the file is the
 * experiment's data/ file (data/<name>.csv); with --shard the default is
 * data/shards/<name>.<k>of<n>.csv, joined later with `deno task merge`.
 *
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { integerFlag } from "./flags.ts";
import { getExperiment } from "../experiments/registry.ts";
import { runSweep, SweepError } from "../experiments/sweep.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { formatDuration, stderrProgress } from "./progress_bar.ts";

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        seeds: { type: "string" },
        workers: { type: "string" },
        shard: { type: "string" },
        out: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) {
      throw new RangeError(
        "Expected one experiment name: deno task sweep <experiment> [--seeds N] [--workers N] [--shard k/n] [--out FILE]",
      );
    }
    const experiment = getExperiment(positionals[0]!);
    const shard = values.shard;
    const out = values.out ??
      (shard === undefined ? join(PROJECT_ROOT, "data", experiment.output) : join(
        PROJECT_ROOT,
        "data",
        "shards",
        `${experiment.name}.${shard.replace("/", "of")}.csv`,
      ));
    const seeds = integerFlag("seeds", values.seeds);
    const workers = integerFlag("workers", values.workers) ?? 1;
    const summary = await runSweep(experiment, {
      out,
      workers,
      ...(seeds === undefined ? {} : { seeds }),
      ...(shard === undefined ? {} : { shard }),
      onProgress: stderrProgress(experiment.name),
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
    if (error instanceof SweepError || error instanceof RangeError || error instanceof TypeError) {
      console.error(`sweep: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
