/**
 * `deno task notebooks [--check] [--no-html] [--timeout S] [NAME...]`: executes the
 * notebooks under notebooks/ headless with the Deno kernel.
 *
 * - Plain: executes each notebook and writes it back in place with its outputs, in
 *   canonical form (so an unchanged notebook gives byte-identical files), then exports
 *   it to notebooks/html/ and its figures to notebooks/figures/ (`--no-html` skips that).
 * - `--check`: executes into a temporary directory and fails when the committed
 *   notebook differs from what the code now produces, naming the first differing cell.
 *   It changes no file.
 *
 * Either way a cell that throws fails the run, naming the notebook, the cell (its index
 * among all cells, from 0) and the error. `--timeout` bounds each cell (default 600 s).
 * The work is {@linkcode runNotebooks}'s, in lib/notebook/.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { SetupError } from "../notebook/setup_error.ts";
import { runNotebooks } from "../notebook/run_notebooks.ts";

const USAGE = `usage: deno task notebooks [--check] [--no-html] [--timeout SECONDS] [NAME...]
  (no flag)   execute each notebook in place, then export HTML and SVG figures
  --check     execute into a temporary directory and fail if the committed notebook differs
  --html      export HTML to notebooks/html/ and SVG figures to notebooks/figures/ (default)
  --no-html   do not export HTML and figures
  --timeout   per-cell limit in seconds (default 600)
  NAME        notebooks to run (default: every notebooks/*.ipynb, sorted)`;

if (import.meta.main) {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: {
        check: { type: "boolean", default: false },
        html: { type: "boolean", default: true },
        "no-html": { type: "boolean", default: false },
        timeout: { type: "string", default: "600" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  try {
    const outcomes = await runNotebooks({
      names: parsed.positionals,
      check: parsed.values.check,
      html: parsed.values.html && !parsed.values["no-html"],
      cellTimeoutS: Number(parsed.values.timeout),
    });
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`notebooks: ${outcomes.length - failed} ok, ${failed} failed`);
    if (failed > 0) Deno.exit(1);
  } catch (error) {
    if (!(error instanceof SetupError) && !(error instanceof RangeError)) throw error;
    console.error(error.message);
    Deno.exit(1);
  }
}
