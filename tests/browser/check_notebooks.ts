/**
 * Opens notebooks as users do, in headless Chromium, and checks what the page shows:
 * in Jupyter Notebook (untrusted, as every committed notebook opens), and as nbconvert's
 * HTML export. A screenshot of each page goes to `screenshots` for a person to look at.
 *
 * Also a command, to check other notebooks (an older commit's, say):
 * `deno run -A tests/browser/check_notebooks.ts DIR [SCREENSHOT_DIR]`; with
 * `--lab JUPYTER_LAB` it checks them in JupyterLab instead (not a Debian package, so not
 * part of the test suite: install it in a throw-away virtual environment,
 * `python3 -m venv /tmp/lab && /tmp/lab/bin/pip install jupyterlab`, and pass
 * `/tmp/lab/bin/jupyter-lab`).
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { exportNotebook } from "../../lib/notebook/export_notebook.ts";
import { listNotebooks } from "../../lib/notebook/list_notebooks.ts";
import { parseNotebook } from "../../lib/notebook/notebook.ts";
import { setupJupyter } from "../../lib/notebook/setup_jupyter.ts";
import { Chromium } from "./chromium.ts";
import { startJupyterLab, startJupyterNotebook } from "./jupyter_server.ts";
import { checkPage, figureExpectations, FRONT_ENDS, type PageReport } from "./page_checks.ts";

/** How one notebook's page fared. */
export interface NotebookPageResult {
  /** The notebook's file name. */
  readonly name: string;
  /** Figures the notebook holds. */
  readonly expectedFigures: number;
  /** Whether the front end trusted the notebook (Jupyter Notebook only). */
  readonly trusted: boolean | undefined;
  /** What the page showed. */
  readonly report: PageReport;
}

/** Options of the checks. */
export interface CheckOptions {
  /** Where to write a PNG of each page; none when left out. */
  readonly screenshots?: string;
}

async function readNotebook(path: string) {
  return parseNotebook(await Deno.readTextFile(path), basename(path));
}

/**
 * Serves copies of `paths` with Jupyter Notebook (trusting none) and opens each in
 * headless Chromium; returns what each page showed.
 */
export async function checkInJupyterNotebook(
  paths: readonly string[],
  options: CheckOptions = {},
): Promise<NotebookPageResult[]> {
  await setupJupyter();
  const served = await Deno.makeTempDir({ prefix: "notebooks-served-" });
  for (const path of paths) await Deno.copyFile(path, join(served, basename(path)));
  const results: NotebookPageResult[] = [];
  const server = await startJupyterNotebook(served);
  let browser: Chromium | undefined;
  try {
    browser = await Chromium.launch();
    for (const path of paths) {
      const name = basename(path);
      const expected = figureExpectations(await readNotebook(path));
      const page = await browser.newPage();
      try {
        await page.goto(server.notebookUrl(name));
        await page.waitUntil(
          "Boolean(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)",
          `Jupyter Notebook to load ${name}`,
        );
        const trusted = await page.evaluate<boolean>("Jupyter.notebook.trusted");
        const report = await checkPage(page, "jupyter-notebook", expected);
        if (options.screenshots !== undefined) {
          await page.screenshot(
            join(options.screenshots, name.replace(/\.ipynb$/, ".notebook.png")),
          );
        }
        results.push({ name, expectedFigures: expected.figures, trusted, report });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
    await Deno.remove(served, { recursive: true });
  }
  return results;
}

/**
 * Serves copies of `paths` with JupyterLab (`jupyterLab` is its `jupyter-lab`
 * executable), trusting none, and opens each in headless Chromium; returns what each
 * page showed. JupyterLab is not a Debian package: this check is run by hand, with a
 * JupyterLab installed in a throw-away virtual environment (see the module doc).
 */
export async function checkInJupyterLab(
  jupyterLab: string,
  paths: readonly string[],
  options: CheckOptions = {},
): Promise<NotebookPageResult[]> {
  const served = await Deno.makeTempDir({ prefix: "notebooks-served-" });
  for (const path of paths) await Deno.copyFile(path, join(served, basename(path)));
  const results: NotebookPageResult[] = [];
  const server = await startJupyterLab(jupyterLab, served);
  let browser: Chromium | undefined;
  try {
    browser = await Chromium.launch();
    for (const path of paths) {
      const name = basename(path);
      const notebook = await readNotebook(path);
      const expected = figureExpectations(notebook);
      // What the server tells the front end: the trust of each code cell.
      const model = await (await server.api(`/api/contents/${encodeURIComponent(name)}`))
        .json() as {
          content: { cells: { cell_type: string; metadata: { trusted?: boolean } }[] };
        };
      const trusted = model.content.cells.some((c) =>
        c.cell_type === "code" && c.metadata.trusted === true
      );
      // Tall enough that JupyterLab lays out every cell (it skips those out of view).
      const page = await browser.newPage(1200, 16_000);
      try {
        await page.goto(server.notebookUrl(name), 60_000);
        await page.waitUntil(
          `document.querySelectorAll(${
            JSON.stringify(FRONT_ENDS.jupyterlab.cellSelector)
          }).length === ${notebook.cells.length}`,
          `JupyterLab to show the cells of ${name}`,
          60_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000)); // outputs render after cells
        const report = await checkPage(page, "jupyterlab", expected);
        if (options.screenshots !== undefined) {
          await page.screenshot(join(options.screenshots, name.replace(/\.ipynb$/, ".lab.png")));
        }
        results.push({ name, expectedFigures: expected.figures, trusted, report });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
    await Deno.remove(served, { recursive: true });
  }
  return results;
}

/**
 * Exports each notebook of `paths` with nbconvert (as `deno task notebooks` does), opens
 * the page from the file system in headless Chromium, and returns what each showed.
 */
export async function checkHtmlExports(
  paths: readonly string[],
  options: CheckOptions = {},
): Promise<NotebookPageResult[]> {
  await setupJupyter();
  const out = await Deno.makeTempDir({ prefix: "notebooks-html-" });
  const results: NotebookPageResult[] = [];
  let browser: Chromium | undefined;
  try {
    browser = await Chromium.launch();
    for (const path of paths) {
      const name = basename(path);
      const notebook = await readNotebook(path);
      const { html } = await exportNotebook(path, notebook, { htmlDir: out, figures: false });
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(resolve(html)).href);
        const expected = figureExpectations(notebook);
        const report = await checkPage(page, "html-export", expected);
        if (options.screenshots !== undefined) {
          await page.screenshot(join(options.screenshots, name.replace(/\.ipynb$/, ".html.png")));
        }
        results.push({ name, expectedFigures: expected.figures, trusted: undefined, report });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser?.close();
    await Deno.remove(out, { recursive: true });
  }
  return results;
}

/** The problems of all pages, each line prefixed with its notebook's name. */
export function problemsOf(results: readonly NotebookPageResult[]): string[] {
  return results.flatMap((r) => r.report.problems.map((p) => `${r.name}: ${p}`));
}

if (import.meta.main) {
  const { values, positionals: [dir, screenshots] } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { lab: { type: "string" } },
  });
  if (dir === undefined) {
    console.error(
      "usage: deno run -A tests/browser/check_notebooks.ts [--lab JUPYTER_LAB] DIR [SCREENSHOT_DIR]",
    );
    Deno.exit(2);
  }
  if (screenshots !== undefined) await Deno.mkdir(screenshots, { recursive: true });
  const paths = await listNotebooks(dir);
  const options = screenshots === undefined ? {} : { screenshots };
  const checks: [string, NotebookPageResult[]][] = values.lab === undefined
    ? [
      ["Jupyter Notebook", await checkInJupyterNotebook(paths, options)],
      ["HTML export", await checkHtmlExports(paths, options)],
    ]
    : [["JupyterLab", await checkInJupyterLab(values.lab, paths, options)]];
  for (const [label, results] of checks) {
    for (const r of results) {
      const trust = r.trusted === undefined ? "" : r.trusted ? " (trusted)" : " (untrusted)";
      console.log(
        `${label}: ${r.name}${trust}: ${r.report.figuresShown} of ${r.expectedFigures} figures shown`,
      );
      for (const p of r.report.problems) console.log(`  ${p}`);
    }
  }
}
