/**
 * `deno task check`: `deno fmt --check`, `deno lint`, `deno check` on lib/ and tests/,
 * `deno doc --lint` over the public modules, a check of the notebook driver
 * (lib/notebook/driver.py) as Python, and a type check of every notebook's code cells
 * (the Deno kernel runs them unchecked). Prints a summary line and exits non-zero when
 * anything fails.
 *
 * The documentation lint covers every folder's mod.ts, every lib/cli/ file and
 * lib/project_root.ts, in one run (so that a type exported by any of them counts as
 * public). Its reports about files outside the project are left out: they come from
 * Observable Plot's declarations, which lib/report/plot.ts re-exports as `Plot`.
 *
 * Each notebook's code cells become one module under notebooks/.check/ (gitignored,
 * removed afterwards), with relative imports rewritten to resolve from there;
 * diagnostics are reported against the notebook and cell.
 *
 * @module
 */

import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DRIVER_URL } from "../notebook/execute_notebook.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import {
  cellAt,
  type ExtractedCode,
  extractNotebookCode,
} from "../notebook/extract_notebook_code.ts";
import { listNotebooks } from "../notebook/list_notebooks.ts";
import { parseNotebook } from "../notebook/notebook.ts";
import { stripAnsi } from "../notebook/normalize_notebook.ts";
import { jupyterPython } from "../notebook/jupyter.ts";
import { runCommand } from "../notebook/run_command.ts";
import { docLintReports } from "./doc_lint_reports.ts";
import { parseCommandLine } from "./parse_command.ts";

/** The outcome of one step of the check. */
export interface CheckStep {
  /** The step's name. */
  readonly name: string;
  /** Whether it passed. */
  readonly ok: boolean;
  /** What it printed (ANSI-free), for the user when it failed. */
  readonly output: string;
  /** What it could not check, for the user even when it passed. */
  readonly note?: string;
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
 * The modules whose documentation `deno doc --lint` checks, relative to `root`: each
 * `lib/<folder>/mod.ts`, each `lib/cli/*.ts` (the task scripts have no mod.ts) and
 * `lib/project_root.ts`, sorted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { docEntryPoints } from "./check.ts";
 * const entries = await docEntryPoints();
 * assert.ok(entries.includes("lib/notebook/mod.ts") && entries.includes("lib/cli/check.ts"));
 * assert.ok(!entries.includes("lib/mod.ts"));
 * ```
 */
export async function docEntryPoints(root: string = PROJECT_ROOT): Promise<string[]> {
  const entries = ["lib/project_root.ts"];
  for await (const entry of Deno.readDir(join(root, "lib"))) {
    if (!entry.isDirectory) continue;
    const dir = join(root, "lib", entry.name);
    for await (const file of Deno.readDir(dir)) {
      const path = `lib/${entry.name}/${file.name}`;
      if (
        file.isFile && (file.name === "mod.ts" || (entry.name === "cli" && /\.ts$/.test(file.name)))
      ) {
        entries.push(path);
      }
    }
  }
  return entries.sort();
}

/**
 * Runs `deno doc --lint` over {@linkcode docEntryPoints} and passes when it reports
 * nothing about the project's own files (reports about dependencies, which come from
 * the `Plot` re-export, are counted and left out).
 *
 * @example
 * ```ts ignore
 * import { checkDocs } from "./check.ts";
 * console.log((await checkDocs()).output);
 * ```
 */
export async function checkDocs(root: string = PROJECT_ROOT): Promise<CheckStep> {
  const entries = await docEntryPoints(root);
  const result = await runCommand(Deno.execPath(), ["doc", "--lint", ...entries], {
    cwd: root,
    env: NO_COLOR,
  });
  const output = stripAnsi(result.stderr + result.stdout);
  const { reports, found } = docLintReports(output);
  if (result.code !== 0 && (reports.length === 0 || found !== reports.length)) {
    // deno failed for another reason than documentation (a module it cannot load, ...).
    return { name: "docs", ok: false, output: clean(output) };
  }
  const lib = join(root, "lib", "/");
  const own = reports.filter((report) =>
    (report.file.startsWith("file:") ? fileURLToPath(report.file) : report.file).startsWith(lib)
  );
  const left = reports.length - own.length;
  const summary = `${own.length} report(s) in the project's files; ${left} about dependencies ` +
    "left out (Plot's re-export)";
  return {
    name: "docs",
    ok: own.length === 0,
    output: [...own.map((report) => report.text), summary].join("\n\n"),
  };
}

/** Options of {@linkcode checkDriver}. */
export interface CheckDriverOptions {
  /**
   * The Python interpreter to check with.
   * @default {jupyterPython(), the one that runs the driver}
   */
  python?: string;
  /**
   * The Python file to check.
   * @default {lib/notebook/driver.py}
   */
  driver?: string;
}

/**
 * Checks the notebook driver, lib/notebook/driver.py, with the Python that runs it:
 * pyflakes when that Python has it (Debian's python3-pyflakes), else a compile, with a
 * note; when the Python cannot run at all, the step is skipped with a note.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDriver } from "./check.ts";
 * const step = await checkDriver({ python: "/no/such/python3" });
 * assert.ok(step.ok && step.note?.startsWith("skipped"));
 * ```
 */
export async function checkDriver(options?: CheckDriverOptions): Promise<CheckStep> {
  const { python = jupyterPython(), driver = fileURLToPath(DRIVER_URL) } = options ?? {};
  const name = "python";
  const probe = await runCommand(python, ["-c", "import pyflakes"]);
  if (probe.code === 0) {
    const result = await runCommand(python, ["-m", "pyflakes", driver], { env: NO_COLOR });
    return { name, ok: result.code === 0, output: result.stdout + result.stderr };
  }
  const compile =
    "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')";
  const result = await runCommand(python, ["-c", compile, driver]);
  if (result.code === 127) {
    return {
      name,
      ok: true,
      output: "",
      note: `skipped: ${python} cannot run (${result.stderr.trim()})`,
    };
  }
  return {
    name,
    ok: result.code === 0,
    output: result.stdout + result.stderr,
    note: `pyflakes is not installed for ${python}, so driver.py was only compiled, not ` +
      "linted (apt-get install -y python3-pyflakes)",
  };
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
    await checkDocs(),
    await checkDriver(),
    await checkNotebooks(),
  ];
}

const USAGE = `Usage: deno task check
Runs deno fmt --check, deno lint, deno check, deno doc --lint, and checks the notebook
driver and the notebooks' code cells; exits non-zero when anything fails.`;

if (import.meta.main) {
  const line = parseCommandLine({ name: "check", usage: USAGE }, Deno.args);
  if (typeof line === "number") Deno.exit(line);
  const steps = await check();
  for (const step of steps.filter((s) => s.note !== undefined)) {
    console.log(`--- ${step.name}: ${step.note}`);
  }
  for (const step of steps.filter((s) => !s.ok)) {
    console.log(`--- ${step.name} failed:\n${step.output.trimEnd()}\n`);
  }
  const failed = steps.filter((s) => !s.ok).length;
  console.log(
    `check: ${steps.map((s) => `${s.name} ${s.ok ? "ok" : "FAILED"}`).join(", ")}`,
  );
  if (failed > 0) Deno.exit(1);
}
