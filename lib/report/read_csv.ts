/**
 * Reads CSV files into typed rows.
 *
 * @module
 */

import { type CsvTable, parseCsv, type ParseCsvOptions } from "./parse_csv.ts";

/**
 * Reads the CSV file at `path` and types its cells as {@linkcode parseCsv} does:
 * strictly by default, so a damaged file is an error naming the file and the line,
 * not rows with `null` or `NaN` in them. `options.source` defaults to `path`.
 *
 * @throws {CsvError} naming the file and line when the file is damaged, or its header
 * is not `options.columns`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCsv } from "./read_csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "rho,meanInSystem\n0.5,1.01\n");
 * const rows = await readCsv(path);
 * assert.ok(rows[0]?.meanInSystem === 1.01);
 * await Deno.writeTextFile(path, "rho,meanInSystem\n0.5\n");
 * await assert.rejects(readCsv(path), /\.csv:2: 1 cell where the header has 2/);
 * await Deno.remove(path);
 * ```
 */
export async function readCsv(path: string, options: ParseCsvOptions = {}): Promise<CsvTable> {
  return parseCsv(await Deno.readTextFile(path), { source: path, ...options });
}
