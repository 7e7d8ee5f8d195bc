/**
 * CSV text to typed rows.
 *
 * @module
 */

// @ts-types="@types/d3-dsv"
import { csvParse } from "d3-dsv";

/** A value read from a CSV cell. */
export type CsvCell = string | number | boolean | null;

/** Rows read from CSV, with the header's column names in order. */
export type CsvTable = Record<string, CsvCell>[] & { columns: string[] };

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Parses CSV text (with a header line) into rows, typing each cell the way
 * {@linkcode toCsv} wrote it: an empty cell is `null`, `true`/`false` are booleans,
 * decimal numbers (also `NaN`, `Infinity`, `-Infinity`) are numbers, anything else
 * stays a string. Like d3's `autoType`, but dates stay strings. A string column that
 * holds digits only (such as `"007"`) comes back as numbers: keep such ids non-numeric.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./parse_csv.ts";
 * const rows = parseCsv("seed,rho,ok,label\n1,0.5,true,\n");
 * assert.ok(rows[0]?.rho === 0.5 && rows[0]?.ok === true && rows[0]?.label === null);
 * assert.ok(rows.columns.join() === "seed,rho,ok,label");
 * ```
 */
export function parseCsv(text: string): CsvTable {
  const parsed = csvParse(text.startsWith("\ufeff") ? text.slice(1) : text);
  const rows = parsed.map((raw) => {
    const row: Record<string, CsvCell> = {};
    for (const column of parsed.columns) row[column] = parseCsvCell(raw[column] ?? "");
    return row;
  });
  return Object.assign(rows, { columns: [...parsed.columns] });
}

/**
 * Types one CSV cell as {@linkcode parseCsv} does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsvCell } from "./parse_csv.ts";
 * assert.ok(parseCsvCell("1e-7") === 1e-7);
 * assert.ok(parseCsvCell("") === null);
 * assert.ok(parseCsvCell("x1") === "x1");
 * ```
 */
export function parseCsvCell(text: string): CsvCell {
  if (text === "") return null;
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "NaN") return NaN;
  if (text === "Infinity") return Infinity;
  if (text === "-Infinity") return -Infinity;
  if (NUMBER.test(text)) return Number(text);
  return text;
}
