/**
 * The notebook file format (nbformat 4) as this code reads it: the types, the parser,
 * and two helpers for how nbformat stores text.
 *
 * @module
 */

/** A notebook (nbformat 4) as read from JSON; only the fields this code touches. */
export interface Notebook {
  /** The cells, in order. */
  cells: NotebookCell[];
  /** Notebook-level metadata (kernel spec, language info, editor settings). */
  metadata: Record<string, unknown>;
  /** The format's major version: 4. */
  nbformat: number;
  /** The format's minor version (cell ids need 5). */
  nbformat_minor: number;
}

/** A cell of a {@linkcode Notebook}. */
export interface NotebookCell {
  /** What the cell holds. */
  cell_type: "code" | "markdown" | "raw";
  /** The cell's id (nbformat 4.5), unique within the notebook. */
  id?: string;
  /** The cell's text, whole or as a list of lines. */
  source: string | string[];
  /** The cell's metadata (tags, editor and timing data). */
  metadata: Record<string, unknown>;
  /** A code cell's outputs, in order. */
  outputs?: NotebookOutput[];
  /** A code cell's execution count, `null` when it has not run. */
  execution_count?: number | null;
  /** Any other field, kept as it is. */
  [key: string]: unknown;
}

/** An output of a code cell. */
export interface NotebookOutput {
  /** What kind of output it is. */
  output_type: "stream" | "display_data" | "execute_result" | "error";
  /** A stream's name: `stdout` or `stderr`. */
  name?: string;
  /** A stream's text, whole or as a list of lines. */
  text?: string | string[];
  /** A display's or result's data, by MIME type. */
  data?: Record<string, unknown>;
  /** An error's name (`RangeError`). */
  ename?: string;
  /** An error's message. */
  evalue?: string;
  /** An error's trace, one entry per line. */
  traceback?: string[];
  /** Any other field, kept as it is. */
  [key: string]: unknown;
}

/**
 * Joins a multi-line notebook string (nbformat stores them as lists of lines).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinLines } from "./notebook.ts";
 * assert.ok(joinLines(["a\n", "b"]) === "a\nb");
 * ```
 */
export function joinLines(value: string | readonly string[] | undefined): string {
  return value === undefined ? "" : typeof value === "string" ? value : value.join("");
}

/**
 * Whether nbformat stores strings of MIME type `mime` as lists of lines (text-like
 * types), rather than as one string (base64 images and the like).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTextMime } from "./notebook.ts";
 * assert.ok(isTextMime("text/html") && isTextMime("image/svg+xml") && !isTextMime("image/png"));
 * ```
 */
export function isTextMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript";
}

/**
 * Parses notebook JSON.
 *
 * @throws {TypeError} when `text` is not a notebook (nbformat 4).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNotebook } from "./notebook.ts";
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
