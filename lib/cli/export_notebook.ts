/**
 * Exports an executed notebook: an HTML page (nbconvert) and each figure as a
 * standalone SVG file.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { figureSvg } from "../report/figure_svg.ts";
import { runCommand } from "./run_command.ts";
import { jupyterPython } from "./setup.ts";
import { joinLines, type Notebook } from "./normalize_notebook.ts";

/** A figure found in a notebook's outputs. */
export interface NotebookFigure {
  /** Index of the cell (from 0) among all the notebook's cells. */
  readonly cell: number;
  /** Index of the figure (from 0) among that cell's figures. */
  readonly k: number;
  /** The standalone SVG document. */
  readonly svg: string;
}

/**
 * The figures among a notebook's outputs, as standalone SVG: every `image/svg+xml`
 * output, and every `text/html` output that is an HTML `<figure>` holding an SVG (what
 * `plot()` shows for figures with a title or legend), made standalone by `figureSvg`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notebookFigures } from "./export_notebook.ts";
 * const figures = notebookFigures({
 *   cells: [{
 *     cell_type: "code", source: "", metadata: {}, execution_count: 1,
 *     outputs: [{ output_type: "display_data", data: { "image/svg+xml": '<svg width="1"></svg>' } }],
 *   }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * });
 * assert.ok(figures.length === 1 && figures[0]?.cell === 0 && figures[0]?.k === 0);
 * ```
 */
export function notebookFigures(notebook: Notebook): NotebookFigure[] {
  const figures: NotebookFigure[] = [];
  notebook.cells.forEach((cell, index) => {
    let k = 0;
    for (const output of cell.outputs ?? []) {
      const data = output.data ?? {};
      const svg = data["image/svg+xml"];
      const html = data["text/html"];
      let markup: string | undefined;
      if (svg !== undefined) markup = joinLines(svg as string | string[]);
      else if (html !== undefined) {
        const text = joinLines(html as string | string[]).trim();
        if (/^<figure[\s>]/.test(text) && text.includes("<svg")) markup = text;
      }
      if (markup !== undefined) figures.push({ cell: index, k: k++, svg: figureSvg(markup) });
    }
  });
  return figures;
}

/** Options of {@linkcode exportNotebook}. */
export interface ExportNotebookOptions {
  /**
   * Where the HTML page goes.
   * @default {"html" beside the notebook}
   */
  htmlDir?: string;
  /**
   * Where the SVG figures go.
   * @default {"figures" beside the notebook}
   */
  figuresDir?: string;
  /**
   * The Python interpreter that has nbconvert.
   * @default {jupyterPython()}
   */
  python?: string;
}

/** What {@linkcode exportNotebook} wrote. */
export interface ExportResult {
  /** The HTML page. */
  readonly html: string;
  /** The SVG files, named `<notebook-stem>-<cellIndex>-<k>.svg`. */
  readonly figures: readonly string[];
}

/**
 * Writes the notebook at `path` (already executed, and equal to `notebook`) as HTML
 * with `nbconvert --to html`, and each of its figures as a standalone SVG file named
 * `<notebook-stem>-<cellIndex>-<k>.svg`. Figure files of the notebook left from an
 * earlier export are removed first, so that none is stale.
 *
 * @throws {Error} when nbconvert fails.
 *
 * @example
 * ```ts ignore
 * import { exportNotebook } from "./export_notebook.ts";
 * import { parseNotebook } from "./normalize_notebook.ts";
 * const path = "notebooks/00_quickstart.ipynb";
 * await exportNotebook(path, parseNotebook(await Deno.readTextFile(path)));
 * ```
 */
export async function exportNotebook(
  path: string,
  notebook: Notebook,
  options?: ExportNotebookOptions,
): Promise<ExportResult> {
  const dir = resolve(path, "..");
  const {
    htmlDir = join(dir, "html"),
    figuresDir = join(dir, "figures"),
    python = jupyterPython(),
  } = options ?? {};
  const stem = basename(path).replace(/\.ipynb$/, "");
  await Deno.mkdir(htmlDir, { recursive: true });
  const result = await runCommand(python, [
    "-m",
    "nbconvert",
    "--to",
    "html",
    "--output-dir",
    htmlDir,
    "--log-level",
    "WARN",
    resolve(path),
  ]);
  if (result.code !== 0) {
    throw new Error(
      `Cannot export ${path} to HTML as nbconvert failed (exit code ${result.code}):\n${
        result.stderr.trimEnd().split("\n").slice(-15).join("\n")
      }`,
    );
  }
  await Deno.mkdir(figuresDir, { recursive: true });
  const own = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d+-\\d+\\.svg$`);
  for await (const entry of Deno.readDir(figuresDir)) {
    if (entry.isFile && own.test(entry.name)) await Deno.remove(join(figuresDir, entry.name));
  }
  const figures: string[] = [];
  for (const { cell, k, svg } of notebookFigures(notebook)) {
    const file = join(figuresDir, `${stem}-${cell}-${k}.svg`);
    await Deno.writeTextFile(file, svg);
    figures.push(file);
  }
  return { html: join(htmlDir, `${stem}.html`), figures };
}
