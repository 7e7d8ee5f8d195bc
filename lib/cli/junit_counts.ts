/**
 * Counts test results in a JUnit XML report, as `deno test --junit-path` writes it.
 *
 * @module
 */

/** Test counts from a JUnit report. */
export interface JunitCounts {
  /** Test cases that passed. */
  readonly passed: number;
  /** Test cases that failed or errored. */
  readonly failed: number;
  /** Test cases that were skipped (ignored). */
  readonly skipped: number;
  /** How many of the passed and failed ones are documentation examples. */
  readonly docTests: number;
}

/**
 * Counts the `<testcase>` elements of a JUnit report: those with a `<failure>` or
 * `<error>` failed, those with `<skipped>` were skipped, the rest passed. A test case
 * whose class name ends in `#<from>-<to>.<ext>` is a documentation example (that is
 * how `deno test --doc` names them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countJunit } from "./junit_counts.ts";
 * const xml = `<testsuites>
 *   <testcase name="a" classname="./tests/a_test.ts"></testcase>
 *   <testcase name="b" classname="./lib/a.ts#10-14.ts"><failure message="x"/></testcase>
 *   <testcase name="c" classname="./tests/a_test.ts"><skipped/></testcase>
 * </testsuites>`;
 * assert.deepEqual(countJunit(xml), { passed: 1, failed: 1, skipped: 1, docTests: 1 });
 * ```
 */
export function countJunit(xml: string): JunitCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let docTests = 0;
  const testcase = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const attributes = match[1] ?? "";
    const body = match[2] ?? "";
    if (/<skipped\b/.test(body)) {
      skipped++;
      continue;
    }
    if (/<(?:failure|error)\b/.test(body)) failed++;
    else passed++;
    const classname = /\bclassname="([^"]*)"/.exec(attributes)?.[1] ?? "";
    if (/#\d+-\d+\.\w+$/.test(classname)) docTests++;
  }
  return { passed, failed, skipped, docTests };
}
