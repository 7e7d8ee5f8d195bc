/**
 * `deno task merge <experiment> [--seeds N] [--out FILE] [--duration-ms N] [--warmup-ms N]
 * <shard.csv> ...`: joins the
 * shard files of one sweep in run order, after checking that they hold every run of the
 * experiment with these seeds exactly once, each row complete. The result is
 * byte-identical to an unsharded sweep's file; without --out it is the experiment's
 * data/ file. Exit status: 0 merged, 1 runs missing (named), 2 bad input or damaged
 * files (each problem named by file and line); nothing is written unless it is 0.
 *
 * @module
 */

import { join } from "node:path";
import { experimentFromFlags } from "./experiment_flags.ts";
import { integerFlag } from "./flags.ts";
import { parseCommandLine } from "./parse_command.ts";
import { mergeShards, MissingRunsError } from "../experiments/merge_shards.ts";
import { SweepError } from "../experiments/sweep_error.ts";
import { PROJECT_ROOT } from "../project_root.ts";

const USAGE =
  `Usage: deno task merge <experiment> [--seeds N] [--out FILE] [--duration-ms N] [--warmup-ms N]
       <shard.csv> [<shard.csv> ...]
Joins the shard files of one sweep (give the --seeds, --duration-ms and --warmup-ms the
shards were swept with). Exit status: 0 merged, 1 runs missing, 2 bad input or damaged files.`;

/** The command line of `deno task merge`. */
const COMMAND = {
  name: "merge",
  usage: USAGE,
  options: {
    seeds: { type: "string" },
    out: { type: "string" },
    "duration-ms": { type: "string" },
    "warmup-ms": { type: "string" },
  },
  minPositionals: 2,
  maxPositionals: Infinity,
} as const;

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, args);
  if (typeof parsed === "number") return parsed;
  const values = parsed.values as Readonly<Record<string, string | undefined>>;
  try {
    const [name, ...files] = parsed.positionals as [string, ...string[]];
    const experiment = experimentFromFlags(name, values);
    const seeds = integerFlag("seeds", values.seeds, { min: 1 });
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
