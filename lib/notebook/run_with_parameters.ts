/**
 * Runs one notebook headless with other parameter values, as papermill does: the
 * values given as `key=value` are checked against the notebook's cell tagged
 * `parameters`, a cell tagged `injected-parameters` that declares them is inserted
 * after it, and the executed notebook is written to a file of its own, with its HTML
 * beside it. The committed notebook is not changed. `deno task notebooks run` is the
 * command line.
 *
 * @module
 */

import { dirname, relative, resolve } from "node:path";
import { PROJECT_ROOT } from "../project_root.ts";
import { writeTextAtomic } from "../report/write_text_atomic.ts";
import { executeNotebook } from "./execute_notebook.ts";
import { exportNotebook } from "./export_notebook.ts";
import { listNotebooks } from "./list_notebooks.ts";
import { parseNotebook } from "./notebook.ts";
import {
  findParameters,
  injectParameters,
  NotebookParameterError,
  parseParameterArgs,
} from "./notebook_parameters.ts";
import type { NotebookOutcome } from "./run_notebooks.ts";
import { serializeNotebook } from "./serialize_notebook.ts";
import { setupJupyter } from "./setup_jupyter.ts";

/** Options of {@linkcode runWithParameters}. */
export interface RunWithParametersOptions {
  /** The values, as `key=value` strings (the `--param` arguments). */
  readonly params: readonly string[];
  /** The file to write the executed notebook to; it must end in `.ipynb`. */
  readonly out: string;
  /**
   * Also write the notebook's HTML beside `out` (same name, `.html`).
   * @default {true}
   */
  readonly html?: boolean;
  /**
   * Longest a cell may run.
   * @default {600} (unit: s)
   */
  readonly cellTimeoutS?: number;
  /**
   * The directory that holds the notebooks.
   * @default {notebooks/ under the project root}
   */
  readonly dir?: string;
  /**
   * Where progress lines go.
   * @default {console.log}
   */
  readonly log?: (line: string) => void;
}

/**
 * Checks the values against the notebook's parameters cell, then (only if they are
 * all valid) sets Jupyter up, executes the notebook with an `injected-parameters` cell,
 * and writes it to `options.out` in canonical form, and its HTML beside it. A notebook
 * that fails part-way is written as far as it ran, as papermill does, and the outcome
 * says where it failed.
 *
 * @throws {NotebookParameterError} when a key is unknown, a value has the wrong type,
 * or `out` does not end in `.ipynb`: nothing has run and nothing is written.
 * @throws {RangeError} when the notebook does not exist or `cellTimeoutS` is not > 0.
 * @throws {SetupError} when Jupyter or the kernel cannot be set up.
 *
 * @example
 * ```ts ignore
 * import { runWithParameters } from "./run_with_parameters.ts";
 * const outcome = await runWithParameters("00_quickstart", {
 *   params: ["seed=2"],
 *   out: "/tmp/quickstart-seed2.ipynb",
 * });
 * console.log(outcome.message);
 * ```
 */
export async function runWithParameters(
  name: string,
  options: RunWithParametersOptions,
): Promise<NotebookOutcome> {
  const {
    params,
    out,
    html = true,
    cellTimeoutS = 600,
    dir = resolve(PROJECT_ROOT, "notebooks"),
    log = console.log,
  } = options;
  if (!(typeof cellTimeoutS === "number" && cellTimeoutS > 0)) {
    throw new RangeError(
      `Cannot run notebook as 'cellTimeoutS' must be a number > 0: current value is ${cellTimeoutS}`,
    );
  }
  const [path] = await listNotebooks(dir, [name]);
  if (path === undefined) throw new RangeError(`Cannot run notebook: no notebook named ${name}`);
  const label = relative(PROJECT_ROOT, path);
  if (!out.endsWith(".ipynb")) {
    throw new NotebookParameterError(
      `Cannot run ${label} as --out must name a .ipynb file: current value is ${
        JSON.stringify(out)
      }`,
    );
  }
  if (resolve(out) === resolve(path)) {
    throw new NotebookParameterError(
      `Cannot run ${label} as --out must not be the notebook itself: current value is ${
        JSON.stringify(out)
      }`,
    );
  }
  const notebook = parseNotebook(await Deno.readTextFile(path), label);
  const found = findParameters(notebook, label);
  const values = parseParameterArgs(found, params, label);
  const injected = found === undefined || Object.keys(values).length === 0
    ? notebook
    : injectParameters(notebook, found, values);

  log((await setupJupyter()).summary);
  const { notebook: executed, failure } = await executeNotebook(path, {
    cellTimeoutS,
    notebook: injected,
  });
  await Deno.mkdir(dirname(resolve(out)), { recursive: true });
  await writeTextAtomic(out, serializeNotebook(executed));
  const given = params.length === 0 ? "its own parameters" : params.join(" ");
  if (failure !== undefined) {
    const where = failure.cell === undefined ? "" : ` in cell ${failure.cell}`;
    return {
      name: label,
      ok: false,
      message:
        `${label} with ${given} failed${where} (${failure.kind}); wrote ${out} as far as it ran:\n${
          failure.message.trimEnd().split("\n").map((line) => `  ${line}`).join("\n")
        }`,
    };
  }
  let exported = "";
  if (html) {
    const result = await exportNotebook(out, executed, {
      htmlDir: dirname(resolve(out)),
      figures: false,
    });
    exported = ` and ${result.html}`;
  }
  return { name: label, ok: true, message: `${label} with ${given}: wrote ${out}${exported}` };
}
