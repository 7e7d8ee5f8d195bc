/**
 * Notebook files in a canonical form, so that executing an unchanged notebook twice
 * gives byte-identical files: no colour codes, no timings, no machine-dependent
 * metadata, stable cell ids, and nbformat's own JSON layout.
 *
 * @module
 */

/** A notebook (nbformat 4) as read from JSON; only the fields this code touches. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A cell of a {@linkcode Notebook}. */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** An output of a code cell. */
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

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
 * Joins a multi-line notebook string (nbformat stores them as lists of lines).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinLines } from "./normalize_notebook.ts";
 * assert.ok(joinLines(["a\n", "b"]) === "a\nb");
 * ```
 */
export function joinLines(value: string | readonly string[] | undefined): string {
  return value === undefined ? "" : typeof value === "string" ? value : value.join("");
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

/** MIME types whose strings nbformat stores as lists of lines. */
function isTextMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript";
}

/**
 * Serialises a notebook exactly as nbformat writes it: keys sorted, one-space indent,
 * multi-line strings of sources, stream texts and text-like MIME data split into lists
 * of lines (as Python's `str.splitlines(keepends=True)`), a trailing newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serializeNotebook } from "./normalize_notebook.ts";
 * const text = serializeNotebook({
 *   cells: [{ cell_type: "markdown", id: "a", source: "# T\nx", metadata: {} }],
 *   metadata: {},
 *   nbformat: 4,
 *   nbformat_minor: 5,
 * });
 * assert.ok(text.includes('"source": [\n    "# T\\n",\n    "x"\n   ]'));
 * assert.ok(text.endsWith("}\n"));
 * ```
 */
export function serializeNotebook(notebook: Notebook): string {
  const split = structuredClone(notebook);
  for (const cell of split.cells) {
    cell.source = splitLines(joinLines(cell.source));
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "stream" && output.text !== undefined) {
        output.text = splitLines(joinLines(output.text));
      }
      for (const [mime, value] of Object.entries(output.data ?? {})) {
        if (typeof value === "string" && isTextMime(mime) && output.data !== undefined) {
          output.data[mime] = splitLines(value);
        }
      }
    }
  }
  return `${JSON.stringify(sortKeys(split), null, 1)}\n`;
}

/** Python's `str.splitlines(True)`: splits after each line boundary it recognises. */
function splitLines(text: string): string[] {
  return text.match(
    // deno-lint-ignore no-control-regex
    /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g,
  )
    ?.filter((line) => line !== "") ?? [];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/**
 * Parses notebook JSON.
 *
 * @throws {TypeError} when `text` is not a notebook (nbformat 4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNotebook } from "./normalize_notebook.ts";
 * const nb = parseNotebook('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}');
 * assert.ok(nb.cells.length === 0);
 * ```
 */
export function parseNotebook(text: string, name = "notebook"): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`Cannot read ${name} as it is not JSON: ${(error as Error).message}`);
  }
  const nb = value as Partial<Notebook>;
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new TypeError(
      `Cannot read ${name} as it must be an nbformat 4 notebook with 'cells': current value has nbformat ${
        String(nb?.nbformat)
      }`,
    );
  }
  return { metadata: {}, nbformat_minor: 5, ...nb } as Notebook;
}
