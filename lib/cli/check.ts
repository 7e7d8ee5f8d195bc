/**
 * `deno task check`: `deno fmt --check`, `deno lint`, `deno check` on lib/ and tests/,
 * and a type check of every notebook's code cells (the Deno kernel runs them
 * unchecked). Prints a summary line and exits non-zero when anything fails.
 *
 * Each notebook's code cells become one module under notebooks/.check/ (gitignored,
 * removed afterwards), with relative imports rewritten to resolve from there;
 * diagnostics are reported against the notebook and cell.
 *
 * @module
 */

import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../project_root.ts";
import {
  cellAt,
  type ExtractedCode,
  extractNotebookCode,
} from "../notebook/extract_notebook_code.ts";
import { listNotebooks } from "../notebook/list_notebooks.ts";
import { parseNotebook } from "../notebook/notebook.ts";
import { stripAnsi } from "../notebook/normalize_notebook.ts";
import { runCommand } from "../notebook/run_command.ts";

/** The outcome of one step of the check. */
export interface CheckStep {
  /** The step's name. */
  readonly name: string;
  /** Whether it passed. */
  readonly ok: boolean;
  /** What it printed (ANSI-free), for the user when it failed. */
  readonly output: string;
}

const NO_COLOR = { NO_COLOR: "1" };

/** What deno printed, less its progress lines and backtrace stubs. */
function clean(text: string): string {
  return stripAnsi(text)
    .split("\n")
    .filter((line) =>
      !/^(Check|Download) /.test(line) && !/^(Stack backtrace:|\s+\d+: <unknown>)$/.test(line)
    )
    .join("\n");
}

async function denoStep(name: string, args: string[]): Promise<CheckStep> {
  const result = await runCommand(Deno.execPath(), args, { cwd: PROJECT_ROOT, env: NO_COLOR });
  return { name, ok: result.code === 0, output: clean(result.stderr + result.stdout) };
}

/**
 * Type-checks the code cells of every notebook under notebooks/.
 *
 * @example
 * ```ts ignore
 * import { checkNotebooks } from "./check.ts";
 * console.log((await checkNotebooks()).ok);
 * ```
 */
export async function checkNotebooks(
  dir = join(PROJECT_ROOT, "notebooks"),
): Promise<CheckStep> {
  const paths = await listNotebooks(dir);
  if (paths.length === 0) return { name: "notebooks", ok: true, output: "no notebooks" };
  const checkDir = join(dir, ".check");
  await Deno.mkdir(checkDir, { recursive: true });
  try {
    const modules = new Map<string, { notebook: string; extracted: ExtractedCode }>();
    for (const path of paths) {
      const notebook = relative(PROJECT_ROOT, path);
      const extracted = extractNotebookCode(
        parseNotebook(await Deno.readTextFile(path), notebook),
        { depth: 1 },
      );
      const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.ipynb$/, "");
      const file = join(checkDir, `${stem}.ts`);
      await Deno.writeTextFile(file, extracted.code);
      modules.set(file, { notebook, extracted });
    }
    const result = await runCommand(Deno.execPath(), ["check", "--quiet", ...modules.keys()], {
      cwd: PROJECT_ROOT,
      env: NO_COLOR,
    });
    const output = clean(result.stderr + result.stdout).replace(
      /(?:file:\/\/)?(\/[^\s:]+\.ts):(\d+):(\d+)/g,
      (match, file: string, line: string, column: string) => {
        const module = modules.get(file);
        const at = module === undefined ? undefined : cellAt(module.extracted.cells, Number(line));
        return module === undefined || at === undefined
          ? match
          : `${module.notebook} cell ${at.cell}, line ${at.line}:${column}`;
      },
    );
    return { name: "notebooks", ok: result.code === 0, output };
  } finally {
    await Deno.remove(checkDir, { recursive: true });
  }
}

/**
 * Runs every step and returns their outcomes.
 *
 * @example
 * ```ts ignore
 * import { check } from "./check.ts";
 * console.log((await check()).every((step) => step.ok));
 * ```
 */
export async function check(): Promise<CheckStep[]> {
  return [
    await denoStep("fmt", ["fmt", "--check"]),
    await denoStep("lint", ["lint"]),
    await denoStep("types", ["check", "lib/", "tests/"]),
    await checkNotebooks(),
  ];
}

if (import.meta.main) {
  const steps = await check();
  for (const step of steps.filter((s) => !s.ok)) {
    console.log(`--- ${step.name} failed:\n${step.output.trimEnd()}\n`);
  }
  const failed = steps.filter((s) => !s.ok).length;
  console.log(
    `check: ${steps.map((s) => `${s.name} ${s.ok ? "ok" : "FAILED"}`).join(", ")}`,
  );
  if (failed > 0) Deno.exit(1);
}
