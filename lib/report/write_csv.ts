/**
 * Writes CSV files atomically.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { type CsvRow, toCsv } from "./to_csv.ts";

let tempCounter = 0;

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
  const text = toCsv(rows, columns);
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${Deno.pid}-${++tempCounter}.tmp`);
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
