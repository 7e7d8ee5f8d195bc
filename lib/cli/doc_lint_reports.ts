/**
 * Reads the output of `deno doc --lint`, so that `deno task check` can tell the
 * project's own documentation gaps from those of a dependency it re-exports (Observable
 * Plot's, through `Plot` in lib/report/plot.ts).
 *
 * @module
 */

/** One report of `deno doc --lint`. */
export interface DocLintReport {
  /** The rule it breaks, such as `missing-jsdoc` or `private-type-ref`. */
  readonly rule: string;
  /** The file it points at, as deno printed it (a path, or a URL for remote modules). */
  readonly file: string;
  /** The report as deno printed it, less trailing blank lines. */
  readonly text: string;
}

/** What a `deno doc --lint` run printed. */
export interface DocLintReports {
  /** Every report, in the order printed. */
  readonly reports: readonly DocLintReport[];
  /**
   * How many reports deno said it found (`error: Found N documentation lint errors.`),
   * 0 when it printed no such line.
   */
  readonly found: number;
}

/**
 * Splits the ANSI-free output of `deno doc --lint` into its reports. A report starts
 * with a line `error[<rule>]: ...` and runs until the next line that starts with a
 * letter (the next report, a `Download` line or the final count).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { docLintReports } from "./doc_lint_reports.ts";
 * const output = [
 *   "error[missing-jsdoc]: exported symbol is missing JSDoc documentation",
 *   "  --> /p/lib/a.ts:3:14",
 *   "   | ",
 *   " 3 | export const A = 1;",
 *   "",
 *   "",
 *   "error: Found 1 documentation lint error.",
 * ].join("\n");
 * const { reports, found } = docLintReports(output);
 * assert.equal(found, 1);
 * assert.deepEqual(reports.map((r) => [r.rule, r.file]), [["missing-jsdoc", "/p/lib/a.ts"]]);
 * ```
 */
export function docLintReports(output: string): DocLintReports {
  const reports: DocLintReport[] = [];
  let current: string[] | undefined;
  const close = () => {
    if (current === undefined) return;
    const text = current.join("\n").trimEnd();
    const rule = /^error\[([\w-]+)\]/.exec(text)?.[1] ?? "";
    const file = /^\s*-->\s*(.+?):\d+:\d+\s*$/m.exec(text)?.[1] ?? "";
    reports.push({ rule, file, text });
    current = undefined;
  };
  for (const line of output.split("\n")) {
    if (/^error\[[\w-]+\]/.test(line)) {
      close();
      current = [line];
    } else if (/^[A-Za-z]/.test(line)) close();
    else current?.push(line);
  }
  close();
  const found = Number(/^error: Found (\d+) documentation lint errors?\./m.exec(output)?.[1] ?? 0);
  return { reports, found };
}
