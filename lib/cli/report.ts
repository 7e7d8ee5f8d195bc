/**
 * `deno task report [--out DIR]`: builds the publishable report, a static site under
 * site/ (not committed): an index with the README's results table, each notebook as
 * HTML with its figures, every figure as an SVG file, the CSV files, and the commit and
 * command behind every number. It works opened from the file system and served from any
 * static host. The work is {@linkcode buildSite}'s, in lib/notebook/.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildSite } from "../notebook/build_site.ts";
import { SetupError } from "../notebook/setup_error.ts";

const USAGE = `usage: deno task report [--out DIR]
  --out   the directory to write (default: site/); it must be empty or a site built before`;

/** The command: builds the site and returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { out: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const summary = await buildSite(
      parsed.values.out === undefined ? {} : { out: parsed.values.out },
    );
    console.log(
      `report: wrote ${summary.index} (${summary.notebooks} notebooks, ${summary.figures} figures, ${summary.dataFiles} CSV files)`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
