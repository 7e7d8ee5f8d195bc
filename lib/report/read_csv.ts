/**
 * Reads CSV files into typed rows.
 *
 * @module
 */

import { type CsvTable, parseCsv } from "./parse_csv.ts";

/**
 * Reads the CSV file at `path` and types its cells as {@linkcode parseCsv} does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCsv } from "./read_csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "rho,meanInSystem\n0.5,1.01\n");
 * const rows = await readCsv(path);
 * assert.ok(rows[0]?.meanInSystem === 1.01);
 * await Deno.remove(path);
 * ```
 */
export async function readCsv(path: string): Promise<CsvTable> {
  return parseCsv(await Deno.readTextFile(path));
}
