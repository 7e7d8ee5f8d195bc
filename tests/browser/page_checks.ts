/**
 * What a page showing a notebook must display, and the check of it in the browser:
 * every figure of every cell displayed with a size, and no figure's SVG text left as
 * loose text by a sanitiser (the functions that run in the page are in in_page.js).
 *
 * @module
 */

import { DOMParser } from "linkedom";
import type { Notebook } from "../../lib/notebook/notebook.ts";
import { notebookFigures } from "../../lib/notebook/notebook_figures.ts";
import type { Page } from "./chromium.ts";

/** How a front end lays out a notebook: the elements of its cells and of their outputs. */
export const FRONT_ENDS = {
  /** Jupyter Notebook 6 (the classic front end). */
  "jupyter-notebook": {
    cellSelector: "#notebook-container > .cell",
    outputSelector: ".output_area",
  },
  /** JupyterLab 4 (and Notebook 7, which is built from it). */
  jupyterlab: {
    cellSelector: ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell",
    outputSelector: ".jp-OutputArea-child",
  },
  /** nbconvert's HTML export (the `lab` template). */
  "html-export": { cellSelector: ".jp-Cell", outputSelector: ".jp-OutputArea-child" },
} as const;

/** The name of a front end of {@linkcode FRONT_ENDS}. */
export type FrontEnd = keyof typeof FRONT_ENDS;

/** What one cell of a notebook must show. */
export interface CellExpectations {
  /** Figures among its outputs. */
  readonly figures: number;
  /** For each figure, the start of the text of its SVG, whitespace removed. */
  readonly signatures: readonly string[];
}

/** What the page of a notebook must show. */
export interface FigureExpectations {
  /** By cell index. */
  readonly cells: readonly CellExpectations[];
  /** Figures in all. */
  readonly figures: number;
}

/** The result of the check in the page. */
export interface PageReport {
  /** Cells found on the page. */
  readonly cells: number;
  /** Outputs that display a figure. */
  readonly figuresShown: number;
  /** What is wrong, one line each; empty when the page is right. */
  readonly problems: readonly string[];
}

const IN_PAGE = await Deno.readTextFile(new URL("./in_page.js", import.meta.url));

/** Evaluates `call` (an expression using the functions of in_page.js) in `page`. */
export function inPage<R>(page: Page, call: string): Promise<R> {
  return page.evaluate<R>(`${IN_PAGE}\n;${call}`);
}

/** The figures of `notebook` per cell, and the text signature of each. */
export function figureExpectations(notebook: Notebook): FigureExpectations {
  const cells = notebook.cells.map(() => ({ figures: 0, signatures: [] as string[] }));
  const figures = notebookFigures(notebook);
  for (const figure of figures) {
    const cell = cells[figure.cell];
    if (cell === undefined) continue;
    cell.figures++;
    const signature = svgTextSignature(figure.svg);
    if (signature !== undefined) cell.signatures.push(signature);
  }
  return { cells, figures: figures.length };
}

/**
 * The text of the `<text>` elements of `svg` (tick and axis labels), whitespace removed,
 * cut to 32 characters; `undefined` when shorter than 8 (too little to recognise).
 */
export function svgTextSignature(svg: string): string | undefined {
  const doc = new DOMParser().parseFromString(svg, "text/xml");
  const texts = Array.from(doc.querySelectorAll("text") as ArrayLike<{ textContent: string }>);
  const text = texts.map((t) => t.textContent).join("").replace(/\s+/g, "");
  return text.length < 8 ? undefined : text.slice(0, 32);
}

/** Waits until every image of the page has loaded (or failed to). */
export async function waitForImages(page: Page): Promise<void> {
  await page.waitUntil(`${IN_PAGE}\n;imagesSettled()`, "the page's images to load");
}

/** Waits for the page's images to load, then checks it against `expected`. */
export async function checkPage(
  page: Page,
  frontEnd: FrontEnd,
  expected: FigureExpectations,
): Promise<PageReport> {
  await waitForImages(page);
  const spec = { ...FRONT_ENDS[frontEnd], cells: expected.cells };
  return await inPage<PageReport>(page, `checkFigures(${JSON.stringify(spec)})`);
}
