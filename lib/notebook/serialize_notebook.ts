/**
 * Notebook JSON laid out exactly as nbformat writes it, so that a notebook written here
 * and one saved by Jupyter compare byte for byte.
 *
 * @module
 */

import { isTextMime, joinLines, type Notebook } from "./notebook.ts";

/**
 * Serialises a notebook exactly as nbformat writes it: keys sorted, one-space indent,
 * multi-line strings of sources, stream texts and text-like MIME data split into lists
 * of lines (as Python's `str.splitlines(keepends=True)`), a trailing newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serializeNotebook } from "./serialize_notebook.ts";
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
