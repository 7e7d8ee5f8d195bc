/**
 * `deno task merge <out.csv> <shard.csv> ...`: joins the shard files of one sweep in run
 * order; the result is byte-identical to an unsharded sweep's file.
 *
 * @module
 */

import { mergeShards, SweepError } from "../experiments/sweep.ts";

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  const [out, ...files] = args;
  try {
    if (out === undefined || files.length === 0) {
      throw new SweepError("Usage: deno task merge <out.csv> <shard.csv> [<shard.csv> ...]");
    }
    const rows = await mergeShards(files, out);
    console.error(`merge: ${rows} runs from ${files.length} file(s) -> ${out}`);
    return 0;
  } catch (error) {
    if (error instanceof SweepError) {
      console.error(`merge: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
