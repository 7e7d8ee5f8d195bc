/**
 * Notebook files in a canonical form, so that executing an unchanged notebook twice
 * gives byte-identical files: no colour codes, no timings, no machine-dependent
 * metadata, and stable cell ids. (`serializeNotebook` then writes it in nbformat's own
 * JSON layout.)
 *
 * @module
 */

import {
  isTextMime,
  joinLines,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from "./notebook.ts";

/** The kernel spec written into every notebook (what `deno jupyter --install` registers). */
export const KERNELSPEC = { display_name: "Deno", language: "typescript", name: "deno" };

/**
 * The language info written into every notebook: what the Deno kernel reports, less its
 * TypeScript version, which changes with the deno binary.
 */
export const LANGUAGE_INFO = {
  codemirror_mode: "typescript",
  file_extension: ".ts",
  mimetype: "text/x.typescript",
  name: "typescript",
  nbconvert_exporter: "script",
  pygments_lexer: "typescript",
};

/** Cell metadata that records when or how long something ran. */
const TRANSIENT_CELL_METADATA = ["execution", "ExecuteTime", "papermill", "collapsed", "scrolled"];
/** Notebook metadata that depends on the machine or the editor. */
const TRANSIENT_NOTEBOOK_METADATA = ["papermill", "widgets", "vscode", "interpreter"];

/** ANSI escape sequences (colours, cursor moves, OSC titles). */
const ANSI =
  // deno-lint-ignore no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/**
 * Removes ANSI escape sequences (colours and the like) from `text`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripAnsi } from "./normalize_notebook.ts";
 * assert.ok(stripAnsi("\u001b[31merror\u001b[0m: x") === "error: x");
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Returns `notebook` in canonical form (a new object; the argument is not changed):
 *
 * - kernel spec and language info set to {@linkcode KERNELSPEC} and
 *   {@linkcode LANGUAGE_INFO}, editor and timing metadata dropped;
 * - every cell has a valid, unique id (kept when it has one, else `cell-<index>`);
 * - ANSI escape sequences stripped from every output text;
 * - nbformat 4.5.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeNotebook } from "./normalize_notebook.ts";
 * const nb = normalizeNotebook({
 *   cells: [{ cell_type: "code", source: "1", metadata: { execution: { t: 1 } }, outputs: [] }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 2,
 * });
 * assert.ok(nb.cells[0]?.id === "cell-0" && nb.nbformat_minor === 5);
 * assert.ok(Object.keys(nb.cells[0]?.metadata ?? {}).length === 0);
 * ```
 */
export function normalizeNotebook(notebook: Notebook): Notebook {
  const copy = structuredClone(notebook);
  const metadata = copy.metadata ?? {};
  for (const key of TRANSIENT_NOTEBOOK_METADATA) delete metadata[key];
  metadata.kernelspec = { ...KERNELSPEC };
  metadata.language_info = { ...LANGUAGE_INFO };
  const seen = new Set<string>();
  const cells = (copy.cells ?? []).map((cell, index) => {
    const id = typeof cell.id === "string" && /^[a-zA-Z0-9_-]{1,64}$/.test(cell.id) &&
        !seen.has(cell.id)
      ? cell.id
      : freshId(index, seen);
    seen.add(id);
    const meta = { ...(cell.metadata ?? {}) };
    for (const key of TRANSIENT_CELL_METADATA) delete meta[key];
    const normal: NotebookCell = { ...cell, id, metadata: meta, source: joinLines(cell.source) };
    if (cell.cell_type === "code") {
      normal.outputs = (cell.outputs ?? []).map(normalizeOutput);
      normal.execution_count = cell.execution_count ?? null;
    }
    return normal;
  });
  return { ...copy, cells, metadata, nbformat: 4, nbformat_minor: 5 };
}

function freshId(index: number, seen: ReadonlySet<string>): string {
  let id = `cell-${index}`;
  for (let k = 1; seen.has(id); k++) id = `cell-${index}-${k}`;
  return id;
}

function normalizeOutput(output: NotebookOutput): NotebookOutput {
  const out: NotebookOutput = { ...output };
  delete out.transient;
  if (out.text !== undefined) out.text = stripAnsi(joinLines(out.text));
  if (out.evalue !== undefined) out.evalue = stripAnsi(out.evalue);
  if (out.ename !== undefined) out.ename = stripAnsi(out.ename);
  if (out.traceback !== undefined) out.traceback = out.traceback.map(stripAnsi);
  if (out.data !== undefined) {
    const data: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(out.data)) {
      const text = typeof value === "string" || Array.isArray(value)
        ? joinLines(value as string | string[])
        : undefined;
      data[mime] = text !== undefined && isTextMime(mime) ? stripAnsi(text) : value;
    }
    out.data = data;
  }
  if (out.output_type === "display_data" || out.output_type === "execute_result") {
    out.metadata ??= {};
  }
  return out;
}
