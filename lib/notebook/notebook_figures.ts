/**
 * The figures among a notebook's outputs, as standalone SVG documents.
 *
 * @module
 */

import { figureSvg } from "../report/figure_svg.ts";
import { svgFromImg } from "../report/svg_img.ts";
import { joinLines, type Notebook } from "./notebook.ts";

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
 * The figures among a notebook's outputs, as standalone SVG documents: every output
 * with `image/svg+xml` (what `plot()` shows carries it, beside the `<img>` of its
 * `text/html`); else every `text/html` output that is an `<img>` of a base64 SVG data
 * URL, or an HTML `<figure>` holding an SVG (what `plot()` showed before it showed
 * images), made standalone by `figureSvg`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notebookFigures } from "./notebook_figures.ts";
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
        else if (text.startsWith("<img")) markup = svgFromImg(text);
      }
      if (markup !== undefined) figures.push({ cell: index, k: k++, svg: figureSvg(markup) });
    }
  });
  return figures;
}
