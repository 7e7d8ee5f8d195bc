/**
 * Compact tables for notebooks: an HTML table with a plain-text fallback, numbers
 * formatted by {@linkcode formatNumber} so that outputs are byte-stable.
 *
 * @module
 */

import { type Displayable, escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "./displayable.ts";
import { formatNumber } from "./format_number.ts";

/** A table row: column name to value. */
export type TableRow = Readonly<Record<string, unknown>>;

/** Options of {@linkcode table}. */
export interface TableOptions {
  /**
   * The columns to show, in order.
   * @default {every key of every row, in order of first appearance}
   */
  columns?: readonly string[];
  /**
   * Significant digits of numbers that are not integers (see {@linkcode formatNumber}).
   * @default {4}
   */
  digits?: number;
  /**
   * The most rows shown; a last line says how many were left out.
   * @default {50}
   */
  maxRows?: number;
  /**
   * A caption shown above the table.
   * @default {none}
   */
  caption?: string;
}

/**
 * A table ready for display: {@linkcode Table.html}, {@linkcode Table.text}, and a
 * MIME bundle with both for the Deno Jupyter kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./table.ts";
 * const t = table([{ rho: 0.5, mean: 1.00042 }]);
 * assert.ok(t.text() === "rho  mean\n---  ----\n0.5     1");
 * ```
 */
export class Table implements Displayable {
  /** The columns shown, in order. */
  readonly columns: readonly string[];
  /** Every row's cells as display strings (all rows, also those left out). */
  readonly cells: readonly (readonly string[])[];
  /** Which columns hold only numbers (they are right-aligned). */
  readonly numeric: readonly boolean[];
  readonly #maxRows: number;
  readonly #caption: string | undefined;

  /** @internal Use {@linkcode table}. */
  constructor(
    columns: readonly string[],
    cells: readonly (readonly string[])[],
    numeric: readonly boolean[],
    maxRows: number,
    caption: string | undefined,
  ) {
    this.columns = columns;
    this.cells = cells;
    this.numeric = numeric;
    this.#maxRows = maxRows;
    this.#caption = caption;
  }

  /** The table as an HTML `<table>` element. */
  html(): string {
    const align = (j: number) => (this.numeric[j] ? ' style="text-align:right"' : "");
    const head = this.columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("");
    const body = this.#shown().map((row) =>
      `<tr>${row.map((cell, j) => `<td${align(j)}>${escapeHtml(cell)}</td>`).join("")}</tr>`
    );
    const caption = this.#caption === undefined
      ? ""
      : `<caption>${escapeHtml(this.#caption)}</caption>`;
    const more = this.#hidden() > 0
      ? `<tr><td colspan="${this.columns.length}">… ${this.#hidden()} more rows</td></tr>`
      : "";
    return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${
      body.join("")
    }${more}</tbody></table>`;
  }

  /** The table as aligned plain text: a header, a rule, then one line per row. */
  text(): string {
    const shown = this.#shown();
    const widths = this.columns.map((c, j) =>
      Math.max(c.length, ...shown.map((row) => (row[j] ?? "").length))
    );
    const line = (row: readonly string[]) =>
      row.map((cell, j) => {
        const width = widths[j] ?? 0;
        return this.numeric[j] ? cell.padStart(width) : cell.padEnd(width);
      }).join("  ").trimEnd();
    const lines = [
      ...(this.#caption === undefined ? [] : [this.#caption]),
      line(this.columns),
      widths.map((w) => "-".repeat(w)).join("  "),
      ...shown.map(line),
      ...(this.#hidden() > 0 ? [`… ${this.#hidden()} more rows`] : []),
    ];
    return lines.join("\n");
  }

  /** The MIME bundle the Deno Jupyter kernel shows: HTML and plain text. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.html(), "text/plain": this.text() };
  }

  #shown(): readonly (readonly string[])[] {
    return this.cells.slice(0, this.#maxRows);
  }

  #hidden(): number {
    return Math.max(0, this.cells.length - this.#maxRows);
  }
}

/**
 * Makes a compact table of `rows` that the Deno Jupyter kernel displays as HTML (with a
 * plain-text fallback). Numbers go through {@linkcode formatNumber}; `null` and
 * `undefined` show as empty cells; arrays show their length and objects `{…}`.
 *
 * @throws {TypeError} when `rows` is not an array of objects.
 * @throws {RangeError} when `options.maxRows` is not a non-negative integer or
 * `options.digits` is not an integer from 1 to 21.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./table.ts";
 * import { JUPYTER_DISPLAY } from "./displayable.ts";
 * const shown = table([{ name: "a", value: 1 / 3 }, { name: "b", value: 2 }]);
 * const bundle = shown[JUPYTER_DISPLAY]();
 * assert.ok(bundle["text/html"]?.includes("<td style=\"text-align:right\">0.3333</td>"));
 * ```
 */
export function table(rows: readonly TableRow[], options?: TableOptions): Table {
  const { columns, digits = 4, maxRows = 50, caption } = options ?? {};
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Cannot make table as 'rows' must be an array of objects: current value is ${typeof rows}`,
    );
  }
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    throw new RangeError(
      `Cannot make table as 'maxRows' must be a non-negative integer: current value is ${maxRows}`,
    );
  }
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null) {
      throw new TypeError(
        `Cannot make table as 'rows[${i}]' must be an object: current value is ${String(row)}`,
      );
    }
  });
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => names.map((name) => formatCell(row[name], digits)));
  const numeric = names.map((name) =>
    rows.some((row) => typeof row[name] === "number") &&
    rows.every((row) => typeof row[name] === "number" || row[name] == null)
  );
  return new Table(names, cells, numeric, maxRows, caption);
}

function formatCell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value, { digits });
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.length} items]`;
  return "{…}";
}
