/**
 * Exports an executed notebook: an HTML page (nbconvert) and each figure as a
 * standalone SVG file (see {@linkcode notebookFigures}).
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { dropExternalScripts } from "./drop_external_scripts.ts";
import { jupyterPython } from "./jupyter.ts";
import type { Notebook } from "./notebook.ts";
import { notebookFigures } from "./notebook_figures.ts";
import { outputTail, runCommand } from "./run_command.ts";

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
   * Whether to write the figures as SVG files.
   * @default {true}
   */
  figures?: boolean;
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
 * with `nbconvert --to html`, made self-contained (see {@linkcode dropExternalScripts}),
 * and each of its figures as a standalone SVG file named
 * `<notebook-stem>-<cellIndex>-<k>.svg`. Figure files of the notebook left from an
 * earlier export are removed first, so that none is stale.
 *
 * @throws {Error} when nbconvert fails.
 *
 * @example
 * ```ts ignore
 * import { exportNotebook } from "./export_notebook.ts";
 * import { parseNotebook } from "./notebook.ts";
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
    figures: writeFigures = true,
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
        outputTail(result.stderr)
      }`,
    );
  }
  const html = join(htmlDir, `${stem}.html`);
  await Deno.writeTextFile(html, dropExternalScripts(await Deno.readTextFile(html)));
  if (!writeFigures) return { html, figures: [] };
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
  return { html, figures };
}
