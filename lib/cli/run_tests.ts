/**
 * `deno task test`, the project's test command: sets up Jupyter and the Deno kernel,
 * runs `deno test -A --doc lib/ tests/`, then checks that every notebook's committed
 * outputs are what the code produces now (each notebook counts as one test). Its last
 * line is always `tests: N passed, M failed`, totalling everything it ran; it exits
 * non-zero when anything failed.
 *
 * @module
 */

import { join } from "node:path";
import { countJunit } from "./junit_counts.ts";
import { parseCommandLine } from "./parse_command.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { SetupError } from "../notebook/setup_error.ts";
import { listNotebooks } from "../notebook/list_notebooks.ts";
import { runCommand } from "../notebook/run_command.ts";
import { runNotebooks } from "../notebook/run_notebooks.ts";
import { setupJupyter } from "../notebook/setup_jupyter.ts";

/** Totals of a test run. */
export interface TestTotals {
  /** Tests that passed. */
  passed: number;
  /** Tests that failed, plus steps that could not run their tests. */
  failed: number;
}

/** Runs `deno test` with a JUnit report and adds its counts to `totals`. */
async function unitTests(totals: TestTotals): Promise<void> {
  const junit = await Deno.makeTempFile({ prefix: "deno-test-", suffix: ".xml" });
  try {
    const result = await runCommand(
      Deno.execPath(),
      ["test", "-A", "--doc", `--junit-path=${junit}`, "lib/", "tests/"],
      { cwd: PROJECT_ROOT, inherit: true },
    );
    const xml = await Deno.readTextFile(junit);
    const counts = countJunit(xml);
    if (counts.passed + counts.failed === 0 && result.code !== 0) {
      console.log(`deno test: could not run (exit code ${result.code}); counted as 1 failure`);
      totals.failed++;
      return;
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    let line = `deno test: ${counts.passed} passed (${counts.docTests} of them documentation ` +
      `examples), ${counts.failed} failed, ${counts.skipped} ignored`;
    if (result.code !== 0 && counts.failed === 0) {
      line += `; exit code ${result.code} with no failing test, counted as 1 failure`;
      totals.failed++;
    }
    console.log(line);
  } finally {
    await Deno.remove(junit).catch(() => {});
  }
}

/** Checks the committed notebooks and adds one test per notebook to `totals`. */
async function notebookTests(totals: TestTotals, setupOk: boolean): Promise<void> {
  const dir = join(PROJECT_ROOT, "notebooks");
  if (!setupOk) {
    const count = (await listNotebooks(dir)).length;
    console.log(`notebooks: not checked as setup failed; ${count} counted as failed`);
    totals.failed += count;
    return;
  }
  try {
    const outcomes = await runNotebooks({ check: true, dir });
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`notebooks: ${outcomes.length - failed} up to date, ${failed} failed`);
    totals.passed += outcomes.length - failed;
    totals.failed += failed;
  } catch (error) {
    console.log(`notebooks: could not run: ${(error as Error).message}`);
    totals.failed++;
  }
}

/**
 * Runs setup, the unit and documentation tests, and the notebook check; returns the
 * totals. Prints progress, not the final line.
 *
 * @example
 * ```ts ignore
 * import { runTests } from "./run_tests.ts";
 * const { passed, failed } = await runTests();
 * console.log(passed, failed);
 * ```
 */
export async function runTests(): Promise<TestTotals> {
  const totals: TestTotals = { passed: 0, failed: 0 };
  let setupOk = true;
  try {
    console.log((await setupJupyter()).summary);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.log(`setup failed:\n${error.message}`);
    setupOk = false;
    totals.failed++;
  }
  await unitTests(totals);
  await notebookTests(totals, setupOk);
  return totals;
}

const USAGE = `Usage: deno task test
Sets up Jupyter, runs deno test -A --doc lib/ tests/, then checks every notebook's outputs;
the last line is "tests: N passed, M failed".`;

if (import.meta.main) {
  const line = parseCommandLine({ name: "test", usage: USAGE }, Deno.args);
  if (typeof line === "number") Deno.exit(line);
  let totals: TestTotals;
  try {
    totals = await runTests();
  } catch (error) {
    console.log(`test run aborted: ${(error as Error).stack ?? error}`);
    totals = { passed: 0, failed: 1 };
  }
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
  Deno.exit(totals.failed > 0 ? 1 : 0);
}
