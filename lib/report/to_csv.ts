/**
 * Rows to CSV text with stable number formatting.
 *
 * @module
 */

// @ts-types="@types/d3-dsv"
import { csvFormatRows } from "d3-dsv";

/** A value that a CSV cell can hold; `null` and `undefined` are written as empty. */
export type CsvValue = string | number | boolean | null | undefined;

/** A CSV row: column name to value. */
export type CsvRow = Readonly<Record<string, CsvValue>>;

/**
 * Formats `rows` as CSV (RFC 4180 quoting, by d3-dsv): a header line of `columns`, one
 * line per row, each line ending in `\n`.
 *
 * Numbers are written as `String(value)`, the shortest decimal that reads back as the
 * same double (ECMAScript specifies it exactly, so the same value is always written the
 * same way on every machine): `0.1`, `1e-7`, `123456789`, `1e+21`. The exceptions:
 * `-0` is written `0`, and `NaN`, `Infinity`, `-Infinity` as themselves. Booleans are
 * `true`/`false`; `null` and `undefined` are empty cells.
 *
 * @param columns The columns in order; by default every key of every row, in order of
 * first appearance.
 * @throws {TypeError} when a row is not an object or a cell is not a {@linkcode CsvValue}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toCsv } from "./to_csv.ts";
 * const text = toCsv([{ seed: 1, rho: 0.1 + 0.2, label: "a,b" }, { seed: 2, rho: -0 }]);
 * assert.ok(text === 'seed,rho,label\n1,0.30000000000000004,"a,b"\n2,0,\n');
 * ```
 */
export function toCsv(rows: readonly CsvRow[], columns?: readonly string[]): string {
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Cannot format CSV as 'rows' must be an array of objects: current value is ${typeof rows}`,
    );
  }
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null) {
      throw new TypeError(
        `Cannot format CSV as 'rows[${i}]' must be an object: current value is ${String(row)}`,
      );
    }
  });
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const body = rows.map((row, i) => names.map((name) => formatCsvValue(row[name], i, name)));
  return `${csvFormatRows([[...names], ...body])}\n`;
}

function formatCsvValue(value: unknown, row: number, column: string): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "0" : String(value);
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "";
    default:
      if (value === null) return "";
      throw new TypeError(
        `Cannot format CSV as 'rows[${row}].${column}' must be a string, number, boolean, null or undefined: current value is ${
          String(value)
        } (${typeof value})`,
      );
  }
}
