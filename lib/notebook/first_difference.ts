/**
 * Finds where two versions of a notebook first differ, to say which cell is stale.
 *
 * @module
 */

import type { Notebook, NotebookCell } from "./notebook.ts";
import { serializeNotebook } from "./serialize_notebook.ts";

/** Where two notebooks first differ. */
export interface NotebookDifference {
  /** Index of the first differing cell (from 0), or `undefined` for notebook metadata. */
  readonly cell: number | undefined;
  /** What differs, in a line or a few. */
  readonly detail: string;
}

/**
 * Compares the committed notebook with a freshly executed one (both normalised) and
 * returns where they first differ, or `undefined` when they are the same.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { firstDifference } from "./first_difference.ts";
 * const nb = (text: string) => ({
 *   cells: [{ cell_type: "code" as const, id: "a", source: "1", metadata: {}, execution_count: 1,
 *     outputs: [{ output_type: "stream" as const, name: "stdout", text }] }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * });
 * assert.ok(firstDifference(nb("1\n"), nb("1\n")) === undefined);
 * assert.ok(firstDifference(nb("1\n"), nb("2\n"))?.cell === 0);
 * ```
 */
export function firstDifference(
  committed: Notebook,
  fresh: Notebook,
): NotebookDifference | undefined {
  const count = Math.max(committed.cells.length, fresh.cells.length);
  for (let i = 0; i < count; i++) {
    const a = committed.cells[i];
    const b = fresh.cells[i];
    if (a === undefined || b === undefined) {
      return {
        cell: i,
        detail: a === undefined ? "cell is missing from the committed notebook" : "cell is new",
      };
    }
    const left = cellLines(a);
    const right = cellLines(b);
    const line = firstDifferentLine(left, right);
    if (line !== undefined) {
      return {
        cell: i,
        detail: `committed: ${show(left[line])}\n      now: ${show(right[line])}`,
      };
    }
  }
  const meta = (nb: Notebook) => JSON.stringify({ ...nb, cells: [] });
  if (meta(committed) !== meta(fresh)) {
    return { cell: undefined, detail: "notebook metadata differs" };
  }
  return undefined;
}

function cellLines(cell: NotebookCell): string[] {
  const one = { cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  return serializeNotebook(one).split("\n");
}

function firstDifferentLine(a: readonly string[], b: readonly string[]): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return undefined;
}

function show(line: string | undefined): string {
  if (line === undefined) return "(nothing)";
  const text = line.trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
