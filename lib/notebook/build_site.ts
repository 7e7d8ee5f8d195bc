/**
 * The publishable report: a static site under `site/` built from the committed
 * notebooks and data, with no server and no external resource. `deno task report` is
 * the command line.
 *
 * ```
 * site/index.html                  results table, notebooks, figures, data, how to cite
 * site/notebooks/<stem>.html       each notebook as committed (nbconvert), headed by what
 *                                  to cite it by and how to regenerate it
 * site/figures/<stem>-<c>-<k>.svg  every figure as a standalone SVG file
 * site/data/<name>.csv             the CSV files the numbers come from
 * ```
 *
 * Every link is relative, so the site works opened from the file system and served from
 * any static host, at any path.
 *
 * @module
 */

import { basename, join, relative, resolve } from "node:path";
import { EXPERIMENTS } from "../experiments/registry.ts";
import { resultsRows } from "../experiments/results_rows.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { notebookBanner } from "../report/notebook_banner.ts";
import {
  type SiteDataFile,
  type SiteFigure,
  siteIndexHtml,
  type SiteNotebook,
} from "../report/site_index.ts";
import { exportNotebook } from "./export_notebook.ts";
import { listNotebooks } from "./list_notebooks.ts";
import { joinLines, type Notebook, parseNotebook } from "./notebook.ts";
import { notebookFigures } from "./notebook_figures.ts";
import { findParameters } from "./notebook_parameters.ts";
import { runCommand } from "./run_command.ts";
import { setupJupyter } from "./setup_jupyter.ts";

/** The file that marks a directory as a site this code built (and may replace). */
export const SITE_MARKER = ".kvmsched-site";

/** Options of {@linkcode buildSite}. */
export interface BuildSiteOptions {
  /**
   * The directory to write; it is replaced when it holds a site built before.
   * @default {site/ under the project root}
   */
  readonly out?: string;
  /**
   * The notebooks.
   * @default {notebooks/ under the project root}
   */
  readonly notebooksDir?: string;
  /**
   * The CSV files.
   * @default {data/ under the project root}
   */
  readonly dataDir?: string;
  /**
   * Where progress lines go.
   * @default {console.log}
   */
  readonly log?: (line: string) => void;
}

/** What {@linkcode buildSite} wrote. */
export interface SiteSummary {
  /** The index page. */
  readonly index: string;
  /** Notebook pages written. */
  readonly notebooks: number;
  /** SVG figures written. */
  readonly figures: number;
  /** CSV files copied. */
  readonly dataFiles: number;
}

/**
 * Builds the site (see the module doc) from the notebooks as committed (they are not
 * executed again) and the CSV files.
 *
 * @throws {Error} when `out` exists, is not empty and is not a site built before (so
 * that no other directory is replaced), or when nbconvert or a CSV file fails.
 * @throws {SetupError} when Jupyter (nbconvert) cannot be set up.
 *
 * @example
 * ```ts ignore
 * import { buildSite } from "./build_site.ts";
 * console.log((await buildSite()).index);
 * ```
 */
export async function buildSite(options?: BuildSiteOptions): Promise<SiteSummary> {
  const {
    out = join(PROJECT_ROOT, "site"),
    notebooksDir = join(PROJECT_ROOT, "notebooks"),
    dataDir = join(PROJECT_ROOT, "data"),
    log = console.log,
  } = options ?? {};
  await prepareOut(out);
  log((await setupJupyter()).summary);
  const { commit, dirty } = await gitState();

  const data: SiteDataFile[] = [];
  await Deno.mkdir(join(out, "data"), { recursive: true });
  for (const name of await csvFiles(dataDir)) {
    const text = await Deno.readTextFile(join(dataDir, name));
    await Deno.writeTextFile(join(out, "data", name), text);
    const experiment = EXPERIMENTS.find((e) => e.output === name);
    data.push({
      file: `data/${name}`,
      rows: text.split("\n").filter((line) => line !== "").length - 1,
      experiment: experiment?.name,
      description: experiment?.description ?? "",
      command: dataCommand(name),
    });
  }

  const notebooks: SiteNotebook[] = [];
  const figures: SiteFigure[] = [];
  for (const path of await listNotebooks(notebooksDir)) {
    const stem = basename(path).replace(/\.ipynb$/, "");
    const notebook = parseNotebook(await Deno.readTextFile(path), relative(PROJECT_ROOT, path));
    const entry: SiteNotebook = {
      stem,
      title: notebookTitle(notebook, stem),
      page: `notebooks/${stem}.html`,
      dataFiles: dataFilesRead(notebook),
      parameters: (findParameters(notebook, stem)?.parameters ?? []).map((p) =>
        `${p.name}=${typeof p.value === "string" ? p.value : JSON.stringify(p.value)}`
      ),
    };
    const exported = await exportNotebook(path, notebook, {
      htmlDir: join(out, "notebooks"),
      figuresDir: join(out, "figures"),
    });
    const page = await Deno.readTextFile(exported.html);
    const banner = notebookBanner(entry, commit, dirty, dataCommand);
    await Deno.writeTextFile(
      exported.html,
      page.replace(/<body[^>]*>/, (tag) => `${tag}\n${banner}`),
    );
    notebooks.push(entry);
    for (const figure of notebookFigures(notebook)) {
      figures.push({
        file: `figures/${stem}-${figure.cell}-${figure.k}.svg`,
        title: figureTitle(figure.svg) ?? `${stem}, cell ${figure.cell}, figure ${figure.k + 1}`,
        notebook: stem,
        cell: figure.cell,
      });
    }
    log(
      `report: ${entry.page} and ${exported.figures.length} figure${
        exported.figures.length === 1 ? "" : "s"
      }`,
    );
  }

  const results = await resultsRows(dataDir);
  const index = join(out, "index.html");
  await Deno.writeTextFile(
    index,
    siteIndexHtml({ commit, dirty, results, notebooks, figures, data }),
  );
  await Deno.writeTextFile(join(out, SITE_MARKER), "built by deno task report\n");
  return { index, notebooks: notebooks.length, figures: figures.length, dataFiles: data.length };
}

/** Empties `out` for a new build, refusing a directory that is not a site built before. */
async function prepareOut(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = [];
    for await (const entry of Deno.readDir(out)) entries.push(entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      await Deno.mkdir(out, { recursive: true });
      return;
    }
    throw error;
  }
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new Error(
      `Cannot build the report in ${out} as it must be empty or a site built before (with ${SITE_MARKER}): current entries are ${
        entries.slice(0, 5).join(", ")
      }`,
    );
  }
  for (const name of entries) await Deno.remove(join(out, name), { recursive: true });
}

/** The commit of the project (or `unknown`) and whether tracked files have changes. */
async function gitState(): Promise<{ commit: string; dirty: boolean }> {
  const head = await runCommand("git", ["rev-parse", "HEAD"], { cwd: PROJECT_ROOT });
  if (head.code !== 0) return { commit: "unknown", dirty: false };
  const status = await runCommand("git", ["status", "--porcelain", "--untracked-files=no"], {
    cwd: PROJECT_ROOT,
  });
  return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== "" };
}

async function csvFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(resolve(dir))) {
    if (entry.isFile && entry.name.endsWith(".csv")) names.push(entry.name);
  }
  return names.sort();
}

/** The command that regenerates data file `name`. */
function dataCommand(name: string): string {
  const experiment = EXPERIMENTS.find((e) => e.output === name);
  return experiment === undefined
    ? "(no experiment writes it)"
    : `deno task sweep ${experiment.name}`;
}

/** The first Markdown heading of the notebook, or `stem`. */
function notebookTitle(notebook: Notebook, stem: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = /^#\s+(.+)$/m.exec(joinLines(cell.source))?.[1];
    if (heading !== undefined) return heading.trim();
  }
  return stem;
}

/** The CSV files under data/ that the notebook's code reads, in order, each once. */
function dataFilesRead(notebook: Notebook): string[] {
  const files = notebook.cells
    .filter((cell) => cell.cell_type === "code")
    .flatMap((cell) =>
      [...joinLines(cell.source).matchAll(/["'`](?:\.\.\/)?data\/([\w.-]+\.csv)["'`]/g)].map((m) =>
        m[1] as string
      )
    );
  return [...new Set(files)];
}

/** The title (`<h2>`) of a figure's SVG, unescaped. */
function figureTitle(svg: string): string | undefined {
  const title = /<h2>([^<]*)<\/h2>/.exec(svg)?.[1];
  return title?.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name] ?? "",
  );
}
