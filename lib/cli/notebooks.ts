/**
 * `deno task notebooks [--check] [--no-html] [--timeout S] [NAME...]`: executes the
 * notebooks under notebooks/ headless with the Deno kernel; `deno task notebooks run
 * NAME --param key=value ... --out FILE.ipynb` runs one with other parameters.
 *
 * - Plain: executes each notebook and writes it back in place with its outputs, in
 *   canonical form (so an unchanged notebook gives byte-identical files), then exports
 *   it to notebooks/html/ and its figures to notebooks/figures/ (`--no-html` skips that).
 * - `--check`: executes into a temporary directory and fails when the committed
 *   notebook differs from what the code now produces, naming the first differing cell.
 *   It changes no file.
 *
 * - `run NAME --param key=value ... --out FILE.ipynb`: the papermill convention. Checks
 *   each value against the notebook's cell tagged `parameters` (an unknown key or a
 *   value of the wrong type exits with status 2 before anything runs, and nothing is
 *   written), inserts a cell tagged `injected-parameters` after it, executes the copy
 *   and writes it to FILE.ipynb and FILE.html. The committed notebook is not changed.
 *
 * Either way a cell that throws fails the run, naming the notebook, the cell (its index
 * among all cells, from 0) and the error. `--timeout` bounds each cell (default 600 s).
 * The work is {@linkcode runNotebooks}'s and {@linkcode runWithParameters}'s, in
 * lib/notebook/.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { NotebookParameterError } from "../notebook/notebook_parameters.ts";
import { SetupError } from "../notebook/setup_error.ts";
import { runNotebooks } from "../notebook/run_notebooks.ts";
import { runWithParameters } from "../notebook/run_with_parameters.ts";

const USAGE = `usage: deno task notebooks [--check] [--no-html] [--timeout SECONDS] [NAME...]
       deno task notebooks run NAME [--param KEY=VALUE ...] --out FILE.ipynb [--no-html]
  (no flag)   execute each notebook in place, then export HTML and SVG figures
  --check     execute into a temporary directory and fail if the committed notebook differs
  --html      export HTML to notebooks/html/ and SVG figures to notebooks/figures/ (default)
  --no-html   do not export HTML and figures
  --timeout   per-cell limit in seconds (default 600)
  NAME        notebooks to run (default: every notebooks/*.ipynb, sorted)
  run         execute one notebook with the values of --param in place of those of its
              cell tagged 'parameters'; write it to --out and its HTML beside it`;

/** `deno task notebooks run ...`: returns the exit status. */
async function runOne(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        param: { type: "string", multiple: true, default: [] },
        out: { type: "string" },
        html: { type: "boolean", default: true },
        "no-html": { type: "boolean", default: false },
        timeout: { type: "string", default: "600" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [name, ...extra] = parsed.positionals;
  const out = parsed.values.out;
  if (name === undefined || extra.length > 0 || out === undefined) {
    console.error(`notebooks run needs one NAME and --out FILE.ipynb\n${USAGE}`);
    return 2;
  }
  try {
    const outcome = await runWithParameters(name, {
      params: parsed.values.param,
      out,
      html: parsed.values.html && !parsed.values["no-html"],
      cellTimeoutS: Number(parsed.values.timeout),
    });
    console.log(`${outcome.ok ? "ok  " : "FAIL"} ${outcome.message}`);
    return outcome.ok ? 0 : 1;
  } catch (error) {
    // TypeError: the notebook's parameters cell holds more than constants.
    if (
      error instanceof NotebookParameterError || error instanceof RangeError ||
      error instanceof TypeError
    ) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof SetupError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main && Deno.args[0] === "run") Deno.exit(await runOne(Deno.args.slice(1)));

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
