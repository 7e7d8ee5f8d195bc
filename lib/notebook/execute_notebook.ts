/**
 * Executes a notebook headless with the Deno kernel, through jupyter_client (see
 * driver.py for why not nbclient), one cell at a time, so that a failure can name its
 * cell.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { outputTail, runCommand } from "./run_command.ts";
import { jupyterPython } from "./jupyter.ts";
import { KERNEL_NAME } from "./deno_kernel.ts";
import { joinLines, type Notebook, parseNotebook } from "./notebook.ts";
import { normalizeNotebook } from "./normalize_notebook.ts";
import { serializeNotebook } from "./serialize_notebook.ts";

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /**
   * Longest a cell may run before the run fails.
   * @default {600} (unit: s)
   */
  cellTimeoutS?: number;
  /**
   * Longest the kernel may take to start.
   * @default {120} (unit: s)
   */
  startupTimeoutS?: number;
  /**
   * The Python interpreter that has jupyter_client.
   * @default {jupyterPython()}
   */
  python?: string;
  /**
   * The notebook to run in place of the file's content (a copy with injected
   * parameters, say); the kernel still runs in the file's directory.
   * @default {the notebook read from the file}
   */
  notebook?: Notebook;
}

/** Why an execution failed. */
export interface ExecutionFailure {
  /** `error`: a cell threw; `timeout`: a cell ran too long; `kernel`: the kernel failed. */
  readonly kind: "error" | "timeout" | "kernel";
  /** Index of the failing cell in the notebook's cells (from 0), if a cell failed. */
  readonly cell: number | undefined;
  /** What went wrong, ANSI-free: the error name, message and trace. */
  readonly message: string;
}

/** What {@linkcode executeNotebook} produced. */
export interface ExecutionResult {
  /** The executed notebook, normalised (also when it failed part-way). */
  readonly notebook: Notebook;
  /** Why it failed, or `undefined` when every cell ran. */
  readonly failure: ExecutionFailure | undefined;
}

/**
 * The Python program that drives the kernel (with jupyter_client; its docstring says why
 * and how), beside this module. It is read when a notebook is executed and handed to
 * Python with `-c`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DRIVER_URL } from "./execute_notebook.ts";
 * assert.match(Deno.readTextFileSync(DRIVER_URL), /from jupyter_client.manager import KernelManager/);
 * ```
 */
export const DRIVER_URL: URL = new URL("./driver.py", import.meta.url);

/**
 * Executes the notebook at `path` (or `options.notebook`) with the Deno kernel and
 * returns it normalised; the file itself is not changed. The kernel runs in the
 * notebook's directory with `NO_COLOR=1`.
 *
 * Each code cell's outputs come in a fixed order, so that they do not depend on timing:
 * all of its stdout as one stream, all of its stderr as one stream, then its displays,
 * result and error in the order the kernel sent them. (The kernel forwards console
 * output in chunks, from another task, so how it is split and where it falls among the
 * displays varies from run to run.)
 *
 * @throws {Error} when the driver cannot run at all (for example, Jupyter is missing).
 *
 * @example
 * ```ts ignore
 * import { executeNotebook } from "./execute_notebook.ts";
 * const { failure } = await executeNotebook("notebooks/00_quickstart.ipynb");
 * console.log(failure ?? "ok");
 * ```
 */
export async function executeNotebook(
  path: string,
  options?: ExecuteNotebookOptions,
): Promise<ExecutionResult> {
  const {
    cellTimeoutS = 600,
    startupTimeoutS = 120,
    python = jupyterPython(),
    notebook: given,
  } = options ?? {};
  const input = resolve(path);
  const driver = await Deno.readTextFile(DRIVER_URL);
  const temp = await Deno.makeTempDir({ prefix: "notebook-run-" });
  try {
    // Hand the driver a normalised copy, so that what it runs and writes back already
    // has stable cell ids and sources as single strings.
    const source = normalizeNotebook(
      given ?? parseNotebook(await Deno.readTextFile(input), path),
    );
    const inCopy = `${temp}/in.ipynb`;
    const outCopy = `${temp}/out.ipynb`;
    await Deno.writeTextFile(inCopy, serializeNotebook(source));
    const args = {
      input: inCopy,
      output: outCopy,
      cwd: dirname(input),
      kernel: KERNEL_NAME,
      timeout: cellTimeoutS,
      startup: startupTimeoutS,
    };
    const result = await runCommand(python, ["-c", driver, JSON.stringify(args)], {
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    });
    const statusLine = result.stdout.trimEnd().split("\n").at(-1) ?? "";
    let status: {
      ok: boolean;
      kind?: ExecutionFailure["kind"];
      cell?: number | null;
      message?: string;
    };
    try {
      status = JSON.parse(statusLine);
    } catch {
      throw new Error(
        `Cannot execute ${path} as the jupyter_client driver (${python}) failed with exit code ${result.code}:\n${
          outputTail(result.stderr, 20)
        }`,
      );
    }
    const notebook = normalizeNotebook(parseNotebook(await Deno.readTextFile(outCopy), path));
    if (status.ok) return { notebook, failure: undefined };
    const cell = status.cell ?? undefined;
    const kind = status.kind ?? "kernel";
    const message = kind === "error" && cell !== undefined
      ? errorText(notebook, cell) ?? status.message ?? ""
      : status.message ?? "";
    return { notebook, failure: { kind, cell, message } };
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
}

/** The error output of cell `index`, as text: name, message, then the trace. */
function errorText(notebook: Notebook, index: number): string | undefined {
  const error = notebook.cells[index]?.outputs?.find((o) => o.output_type === "error");
  if (error === undefined) return undefined;
  const head = `${error.ename ?? "Error"}: ${error.evalue ?? ""}`;
  const trace = (error.traceback ?? []).map((line) => joinLines(line)).join("\n").trim();
  return trace === "" || trace.startsWith(head) ? trace || head : `${head}\n${trace}`;
}
