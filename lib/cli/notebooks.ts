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
 *
 * @module
 */

import { parseArgs } from "node:util";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { executeNotebook } from "./execute_notebook.ts";
import { exportNotebook } from "./export_notebook.ts";
import { firstDifference } from "./compare_notebooks.ts";
import {
  joinLines,
  normalizeNotebook,
  parseNotebook,
  serializeNotebook,
} from "./normalize_notebook.ts";
import { setup, SetupError } from "./setup.ts";
import { writeTextAtomic } from "../report/write_text_atomic.ts";

/** The project's root directory. */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

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
 * Lists the notebooks to run: `names` resolved against `dir`, or every `*.ipynb`
 * directly under `dir`, sorted by name.
 *
 * @throws {RangeError} when a named notebook does not exist.
 *
 * @example
 * ```ts ignore
 * import { listNotebooks } from "./notebooks.ts";
 * console.log(await listNotebooks("notebooks"));
 * ```
 */
export async function listNotebooks(dir: string, names?: readonly string[]): Promise<string[]> {
  if (names !== undefined && names.length > 0) {
    return names.map((name) => {
      const file = name.endsWith(".ipynb") ? name : `${name}.ipynb`;
      const candidates = [resolve(file), join(dir, basename(file))];
      const found = candidates.find((path) => {
        try {
          return Deno.statSync(path).isFile;
        } catch {
          return false;
        }
      });
      if (found === undefined) {
        throw new RangeError(
          `Cannot run notebook as 'name' must name a notebook in ${dir}: current value is ${name}`,
        );
      }
      return found;
    });
  }
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) found.push(join(dir, entry.name));
  }
  return found.sort();
}

/**
 * Runs setup's checks, then executes the notebooks (see the module doc for the modes)
 * and reports each one's outcome. Does not throw for a failing notebook.
 *
 * @throws {SetupError} when Jupyter or the kernel cannot be set up.
 *
 * @example
 * ```ts ignore
 * import { runNotebooks } from "./notebooks.ts";
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
  log((await setup()).summary);
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
