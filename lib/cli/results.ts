/**
 * `deno task results [--write]`: prints the results table computed from data/; with
 * `--write`, puts it into README.md between the results markers.
 *
 * @module
 */

import { join } from "node:path";
import { resultsRows } from "../experiments/results_rows.ts";
import { resultsMarkdown } from "../report/results_table.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { parseCommandLine } from "./parse_command.ts";

/** The marker before the generated section of the README. */
export const RESULTS_START = "<!-- results:start -->";
/** The marker after the generated section of the README. */
export const RESULTS_END = "<!-- results:end -->";

/** README text with the section between the markers replaced by `table`. */
export function replaceResults(readme: string, table: string): string {
  const start = readme.indexOf(RESULTS_START);
  const end = readme.indexOf(RESULTS_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md lacks the markers ${RESULTS_START} ... ${RESULTS_END}`);
  }
  return `${readme.slice(0, start + RESULTS_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The README's results section as the data says it should be. */
export async function expectedReadme(): Promise<{ current: string; expected: string }> {
  const path = join(PROJECT_ROOT, "README.md");
  const current = await Deno.readTextFile(path);
  const table = resultsMarkdown(await resultsRows(join(PROJECT_ROOT, "data")));
  return { current, expected: replaceResults(current, table) };
}

const USAGE = `Usage: deno task results [--write]
Prints the README's results table computed from data/; --write puts it into README.md.`;

if (import.meta.main) {
  const line = parseCommandLine(
    { name: "results", usage: USAGE, options: { write: { type: "boolean" } } },
    Deno.args,
  );
  if (typeof line === "number") Deno.exit(line);
  const { current, expected } = await expectedReadme();
  if (line.values.write === true) {
    if (current !== expected) await Deno.writeTextFile(join(PROJECT_ROOT, "README.md"), expected);
    console.error("results: README.md updated");
  } else {
    console.log(resultsMarkdown(await resultsRows(join(PROJECT_ROOT, "data"))));
  }
}
