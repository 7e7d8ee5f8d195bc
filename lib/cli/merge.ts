/**
 * `deno task merge <experiment> [--seeds N] [--out FILE] <shard.csv> ...`: joins the
 * shard files of one sweep in run order, after checking that they hold every run of the
 * experiment with these seeds exactly once, each row complete. The result is
 * byte-identical to an unsharded sweep's file; without --out it is the experiment's
 * data/ file. Exit status: 0 merged, 1 runs missing (named), 2 bad input or damaged
 * files (each problem named by file and line); nothing is written unless it is 0.
 *
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { integerFlag } from "./flags.ts";
import { getExperiment } from "../experiments/registry.ts";
import { mergeShards, MissingRunsError } from "../experiments/merge_shards.ts";
import { SweepError } from "../experiments/sweep.ts";
import { PROJECT_ROOT } from "../project_root.ts";

const USAGE =
  "Usage: deno task merge <experiment> [--seeds N] [--out FILE] <shard.csv> [<shard.csv> ...]";

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        seeds: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [name, ...files] = positionals;
    if (name === undefined || files.length === 0) throw new SweepError(USAGE);
    const experiment = getExperiment(name);
    const seeds = integerFlag("seeds", values.seeds);
    const out = values.out ?? join(PROJECT_ROOT, "data", experiment.output);
    const rows = await mergeShards(experiment, files, {
      out,
      ...(seeds === undefined ? {} : { seeds }),
    });
    console.error(`merge: ${rows} runs from ${files.length} file(s) -> ${out}`);
    return 0;
  } catch (error) {
    if (error instanceof MissingRunsError) {
      console.error(`merge: ${error.message}`);
      return 1;
    }
    if (error instanceof SweepError || error instanceof RangeError || error instanceof TypeError) {
      console.error(`merge: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
