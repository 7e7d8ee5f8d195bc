/**
 * Executes notebooks headless with the Deno kernel, in one of two modes:
 *
 * - write: executes each notebook and writes it back in place with its outputs, in
 *   canonical form (so an unchanged notebook gives byte-identical files), then exports
 *   it to html/ and its figures to figures/ beside it (unless `html` is false);
 * - `check`: executes into a temporary directory and fails when the committed
 *   notebook differs from what the code now produces, naming the first differing cell.
 *   It changes no file.
 *
 * Either way a cell that throws fails the notebook, naming it, the cell (its index
 * among all cells, from 0) and the error. `deno task notebooks` is the command line.
 *
 * @module
 */

import { basename, join, relative } from "node:path";
import { PROJECT_ROOT } from "../project_root.ts";
import { writeTextAtomic } from "../report/write_text_atomic.ts";
import { executeNotebook } from "./execute_notebook.ts";
import { exportNotebook } from "./export_notebook.ts";
import { firstDifference } from "./first_difference.ts";
import { listNotebooks } from "./list_notebooks.ts";
import { joinLines, parseNotebook } from "./notebook.ts";
import { normalizeNotebook } from "./normalize_notebook.ts";
import { serializeNotebook } from "./serialize_notebook.ts";
import { setupJupyter } from "./setup_jupyter.ts";

/** Options of {@linkcode runNotebooks}. */
export interface RunNotebooksOptions {
  /**
   * Notebooks to run: names (`00_quickstart`), file names or paths.
   * @default {every *.ipynb directly under notebooks/, sorted by name}
   */
  names?: readonly string[];
  /**
   * Compare with the committed files instead of writing them.
   * @default {false}
   */
  check?: boolean;
  /**
   * Export HTML and SVG figures after executing (ignored with `check`).
   * @default {true}
   */
  html?: boolean;
  /**
   * Longest a cell may run.
   * @default {600} (unit: s)
   */
  cellTimeoutS?: number;
  /**
   * The directory that holds the notebooks.
   * @default {notebooks/ under the project root}
   */
  dir?: string;
  /**
   * Where progress lines go.
   * @default {console.log}
   */
  log?: (line: string) => void;
}

/** How one notebook fared. */
export interface NotebookOutcome {
  /** The notebook's path, relative to the project root. */
  readonly name: string;
  /** Whether it passed. */
  readonly ok: boolean;
  /** What happened, for the user. */
  readonly message: string;
}

/**
 * Runs {@linkcode setupJupyter}, then executes the notebooks (see the module doc for the
 * modes) and reports each one's outcome. Does not throw for a failing notebook.
 *
 * @throws {SetupError} when Jupyter or the kernel cannot be set up.
 * @throws {RangeError} when `cellTimeoutS` is not a number > 0 or a named notebook does
 * not exist.
 *
 * @example
 * ```ts ignore
 * import { runNotebooks } from "./run_notebooks.ts";
 * const outcomes = await runNotebooks({ check: true });
 * console.log(outcomes.every((o) => o.ok));
 * ```
 */
export async function runNotebooks(options?: RunNotebooksOptions): Promise<NotebookOutcome[]> {
  const {
    names,
    check = false,
    html = true,
    cellTimeoutS = 600,
    dir = join(PROJECT_ROOT, "notebooks"),
    log = console.log,
  } = options ?? {};
  if (!(typeof cellTimeoutS === "number" && cellTimeoutS > 0)) {
    throw new RangeError(
      `Cannot run notebooks as 'cellTimeoutS' must be a number > 0: current value is ${cellTimeoutS}`,
    );
  }
  log((await setupJupyter()).summary);
  const outcomes: NotebookOutcome[] = [];
  for (const path of await listNotebooks(dir, names)) {
    const name = relative(PROJECT_ROOT, path);
    const started = performance.now();
    let outcome: NotebookOutcome;
    try {
      outcome = await runOne(path, name, { check, html, cellTimeoutS });
    } catch (error) {
      outcome = { name, ok: false, message: `${name}: ${(error as Error).message}` };
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`${outcome.ok ? "ok  " : "FAIL"} ${outcome.message} (${seconds} s)`);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function runOne(
  path: string,
  name: string,
  { check, html, cellTimeoutS }: { check: boolean; html: boolean; cellTimeoutS: number },
): Promise<NotebookOutcome> {
  const committedText = await Deno.readTextFile(path);
  const { notebook, failure } = await executeNotebook(path, { cellTimeoutS });
  if (failure !== undefined) {
    const where = failure.cell === undefined
      ? ""
      : ` cell ${failure.cell}${cellHint(notebook, failure.cell)}`;
    const what = failure.kind === "timeout"
      ? `timed out (limit ${cellTimeoutS} s per cell)`
      : failure.kind === "kernel"
      ? "could not run (kernel failure)"
      : "threw an error";
    return { name, ok: false, message: `${name}:${where} ${what}:\n${indent(failure.message)}` };
  }
  const freshText = serializeNotebook(notebook);
  if (check) {
    if (freshText === committedText) return { name, ok: true, message: `${name}: up to date` };
    const committed = normalizeNotebook(parseNotebook(committedText, name));
    const difference = firstDifference(committed, notebook);
    if (difference === undefined) {
      return {
        name,
        ok: false,
        message: `${name}: outputs match but the file is not in canonical form ` +
          "(metadata, ids or layout); run 'deno task notebooks' and commit the result",
      };
    }
    const where = difference.cell === undefined ? "metadata" : `cell ${difference.cell}`;
    return {
      name,
      ok: false,
      message: `${name}: committed outputs are stale; first difference in ${where}:\n${
        indent(difference.detail)
      }\n  run 'deno task notebooks ${basename(path)}' and commit the result`,
    };
  }
  const changed = freshText !== committedText;
  if (changed) await writeTextAtomic(path, freshText);
  let exported = "";
  if (html) {
    const { figures } = await exportNotebook(path, notebook);
    exported = `, exported HTML and ${figures.length} figure${figures.length === 1 ? "" : "s"}`;
  }
  return { name, ok: true, message: `${name}: ${changed ? "updated" : "unchanged"}${exported}` };
}

function cellHint(notebook: { cells: { source: string | string[] }[] }, index: number): string {
  const first = joinLines(notebook.cells[index]?.source).split("\n", 1)[0]?.trim() ?? "";
  return first === "" ? "" : ` (${first.length > 60 ? `${first.slice(0, 57)}...` : first})`;
}

function indent(text: string): string {
  return text.trimEnd().split("\n").map((line) => `  ${line}`).join("\n");
}
