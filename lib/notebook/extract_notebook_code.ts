/**
 * A notebook's code cells as one TypeScript module, so that `deno check` can type-check
 * what the kernel runs unchecked.
 *
 * @module
 */

import { joinLines, type Notebook } from "./notebook.ts";

/** A notebook's code as a module, with a map back from module lines to cells. */
export interface ExtractedCode {
  /** The module's text: the code cells in order, each after a `// cell <index>` line. */
  readonly code: string;
  /** For each cell, its index and the module line (from 1) of its first source line. */
  readonly cells: readonly { readonly cell: number; readonly line: number }[];
}

/** Options of {@linkcode extractNotebookCode}. */
export interface ExtractNotebookCodeOptions {
  /**
   * How many directories deeper than the notebook the module will be written; relative
   * import specifiers (`./`, `../`) get one `../` per level so that they still resolve.
   * @default {0}
   */
  depth?: number;
}

/**
 * Concatenates the code cells of `notebook` into one module (top-level `await` works,
 * as the module ends with `export {}`), rewriting relative import specifiers for a
 * module `depth` directories below the notebook. Line numbers map back to cells with
 * {@linkcode cellAt}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractNotebookCode } from "./extract_notebook_code.ts";
 * const { code } = extractNotebookCode({
 *   cells: [
 *     { cell_type: "markdown", source: "# Title", metadata: {} },
 *     { cell_type: "code", source: 'import { ms } from "../lib/mod.ts";\nms(1)', metadata: {} },
 *   ],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * }, { depth: 1 });
 * assert.equal(code, '// cell 1\nimport { ms } from "../../lib/mod.ts";\nms(1)\nexport {};\n');
 * ```
 */
export function extractNotebookCode(
  notebook: Notebook,
  options?: ExtractNotebookCodeOptions,
): ExtractedCode {
  const { depth = 0 } = options ?? {};
  if (!Number.isInteger(depth) || depth < 0) {
    throw new RangeError(
      `Cannot extract notebook code as 'depth' must be a non-negative integer: current value is ${depth}`,
    );
  }
  const prefix = "../".repeat(depth);
  const lines: string[] = [];
  const cells: { cell: number; line: number }[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    lines.push(`// cell ${index}`);
    cells.push({ cell: index, line: lines.length + 1 });
    const source = joinLines(cell.source).replace(/\n$/, "");
    lines.push(...rewriteRelativeSpecifiers(source, prefix).split("\n"));
  });
  lines.push("export {};");
  return { code: `${lines.join("\n")}\n`, cells };
}

/**
 * The cell (index among all cells) and line within it (from 1) of module line `line`,
 * or `undefined` for lines outside any cell.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cellAt } from "./extract_notebook_code.ts";
 * const cells = [{ cell: 1, line: 2 }, { cell: 3, line: 5 }];
 * assert.deepEqual(cellAt(cells, 6), { cell: 3, line: 2 });
 * assert.equal(cellAt(cells, 1), undefined);
 * ```
 */
export function cellAt(
  cells: ExtractedCode["cells"],
  line: number,
): { cell: number; line: number } | undefined {
  let found: { cell: number; line: number } | undefined;
  for (const start of cells) {
    if (start.line <= line) found = { cell: start.cell, line: line - start.line + 1 };
  }
  return found;
}

function rewriteRelativeSpecifiers(source: string, prefix: string): string {
  if (prefix === "") return source;
  return source.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/)/g,
    (_, keyword: string, quote: string, dots: string) => `${keyword}${quote}${prefix}${dots}`,
  );
}
