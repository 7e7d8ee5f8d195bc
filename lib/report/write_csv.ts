/**
 * Writes CSV files atomically.
 *
 * @module
 */

import { type CsvRow, toCsv } from "./to_csv.ts";
import { writeTextAtomic } from "./write_text_atomic.ts";

/**
 * Writes `rows` as CSV (see {@linkcode toCsv} for the format) to `path`, atomically:
 * the text is formatted in full first (so a bad value throws before anything touches
 * the disk), written to a temporary file beside `path`, then renamed over it. Readers
 * see the old file or the new one, never half of one, and a failure leaves no file
 * behind. Missing parent directories are created.
 *
 * @param columns The columns in order; by default every key of every row.
 * @throws {TypeError} when a row or cell is not valid CSV data (nothing is written).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeCsv } from "./write_csv.ts";
 * import { readCsv } from "./read_csv.ts";
 * const dir = await Deno.makeTempDir();
 * await writeCsv(`${dir}/out.csv`, [{ seed: 1, meanInSystem: 0.99 }]);
 * const rows = await readCsv(`${dir}/out.csv`);
 * assert.ok(rows[0]?.meanInSystem === 0.99);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeCsv(
  path: string,
  rows: readonly CsvRow[],
  columns?: readonly string[],
): Promise<void> {
  await writeTextAtomic(path, toCsv(rows, columns));
}
