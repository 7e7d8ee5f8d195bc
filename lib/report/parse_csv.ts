/**
 * CSV text to typed rows, strict by default: a damaged file is an error naming the
 * file and line, never rows with holes in them.
 *
 * @module
 */

// @ts-types="@types/d3-dsv"
import { csvParse } from "d3-dsv";

/** A value read from a CSV cell. */
export type CsvCell = string | number | boolean | null;

/** Rows read from CSV, with the header's column names in order. */
export type CsvTable = Record<string, CsvCell>[] & { columns: string[] };

/** A CSV text that is not well-formed, or not the table the reader expects. */
export class CsvError extends Error {
  /** Always `"CsvError"`. */
  override readonly name = "CsvError";
  /** The file (or other source) read. */
  readonly source: string;
  /** The line the problem is on, from 1; 0 when it concerns the whole text. */
  readonly line: number;

  /** `source:line: problem`. */
  constructor(source: string, line: number, problem: string) {
    super(`${source}${line > 0 ? `:${line}` : ""}: ${problem}`);
    this.source = source;
    this.line = line;
  }
}

/** Options of {@linkcode parseCsv} and `readCsv`. */
export interface ParseCsvOptions {
  /** Names the text in errors (a file path). @default {"CSV text"} */
  readonly source?: string;
  /**
   * Refuse damaged text: a row with a missing or extra cell, a repeated column name,
   * an unclosed quote, a stray quote, an empty text. With `false`, d3's lenient reading:
   * missing cells are empty, extra cells dropped, the last repeated column wins.
   * @default {true}
   */
  readonly strict?: boolean;
  /** The header must be exactly these columns, in this order. @default any header */
  readonly columns?: readonly string[];
}

/** One record of a CSV text: its cells and the line it starts on (from 1). */
export interface CsvRecord {
  /** The cells, unquoted. */
  readonly cells: string[];
  /** The line the record starts on, from 1. */
  readonly line: number;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text (RFC 4180: `,` between cells, `"` around a cell that holds a comma,
 * quote or line break, `""` for a quote inside it) into records, strictly. A leading
 * byte-order mark is skipped; lines end in `\n` or `\r\n`; the last line may lack its
 * line end.
 *
 * @throws {CsvError} naming the line of an unclosed quote, a quote inside an unquoted
 * cell, text after a closing quote, or a carriage return without its line feed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsvRecords } from "./parse_csv.ts";
 * assert.deepEqual(parseCsvRecords('a,b\r\n"x\ny",2'), [
 *   { cells: ["a", "b"], line: 1 },
 *   { cells: ["x\ny", "2"], line: 2 },
 * ]);
 * assert.throws(() => parseCsvRecords('a\n"open\n\n', "f.csv"), /f\.csv:2: unclosed quote/);
 * ```
 */
export function parseCsvRecords(text: string, source = "CSV text"): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      // One cell, then its delimiter.
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new CsvError(source, opened, "unclosed quote (the cell opened here)");
          const part = text.slice(j, q);
          for (let k = part.indexOf("\n"); k >= 0; k = part.indexOf("\n", k + 1)) line++;
          value += part;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        cell = value;
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && !(c === CR && text.charCodeAt(i + 1) === LF)) {
          throw new CsvError(source, line, "text after a closing quote");
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw new CsvError(source, line, "a quote inside an unquoted cell");
          j++;
        }
        if (text.charCodeAt(j) === CR && text.charCodeAt(j + 1) !== LF) {
          throw new CsvError(source, line, "a carriage return without a line feed");
        }
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i++;
      if (i < n) i++; // the line feed
      line++;
      break;
    }
    records.push({ cells, line: start });
  }
  return records;
}

/**
 * Parses CSV text (with a header line) into rows, typing each cell the way
 * {@linkcode toCsv} wrote it: an empty cell is `null`, `true`/`false` are booleans,
 * decimal numbers (also `NaN`, `Infinity`, `-Infinity`) are numbers, anything else
 * stays a string. Like d3's `autoType`, but dates stay strings. A string column that
 * holds digits only (such as `"007"`) comes back as numbers: keep such ids non-numeric.
 *
 * Strict by default (see {@linkcode ParseCsvOptions}): every row has one cell per
 * column, column names are distinct, and there is a header. A byte-order mark and
 * `\r\n` line ends are accepted.
 *
 * @throws {CsvError} naming `options.source` and the line, when the text is damaged or
 * its header is not `options.columns`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./parse_csv.ts";
 * const rows = parseCsv("seed,rho,ok,label\n1,0.5,true,\n");
 * assert.ok(rows[0]?.rho === 0.5 && rows[0]?.ok === true && rows[0]?.label === null);
 * assert.ok(rows.columns.join() === "seed,rho,ok,label");
 * assert.throws(() => parseCsv("a,b\n1\n", { source: "x.csv" }), /x\.csv:2: 1 cell where the header has 2/);
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const { source = "CSV text", strict = true, columns: expected } = options;
  let columns: string[];
  let raws: string[][];
  if (strict) {
    const records = parseCsvRecords(text, source);
    const header = records.shift();
    if (header === undefined) throw new CsvError(source, 0, "empty: no header line");
    columns = header.cells;
    const seen = new Set<string>();
    for (const name of columns) {
      if (seen.has(name)) throw new CsvError(source, 1, `column '${name}' appears twice`);
      seen.add(name);
    }
    for (const { cells, line } of records) {
      if (cells.length !== columns.length) {
        const count = `${cells.length} cell${cells.length === 1 ? "" : "s"}`;
        throw new CsvError(source, line, `${count} where the header has ${columns.length}`);
      }
    }
    raws = records.map((r) => r.cells);
  } else {
    const parsed = csvParse(text.startsWith("\ufeff") ? text.slice(1) : text);
    columns = [...parsed.columns];
    raws = parsed.map((raw) => columns.map((c) => raw[c] ?? ""));
  }
  if (expected !== undefined) checkColumns(source, columns, expected);
  const rows = raws.map((cells) => {
    const row: Record<string, CsvCell> = {};
    columns.forEach((column, i) => row[column] = parseCsvCell(cells[i] ?? ""));
    return row;
  });
  return Object.assign(rows, { columns });
}

/** Throws unless `columns` are `expected`, naming what is missing, extra or moved. */
function checkColumns(source: string, columns: readonly string[], expected: readonly string[]) {
  if (columns.length === expected.length && columns.every((c, i) => c === expected[i])) return;
  const missing = expected.filter((c) => !columns.includes(c));
  const extra = columns.filter((c) => !expected.includes(c));
  const what = [
    missing.length > 0 ? `missing ${missing.map((c) => `'${c}'`).join(", ")}` : "",
    extra.length > 0 ? `unexpected ${extra.map((c) => `'${c}'`).join(", ")}` : "",
  ].filter((s) => s !== "").join("; ");
  throw new CsvError(
    source,
    1,
    `the columns are not the expected ones (${what || "same names, other order"})`,
  );
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
