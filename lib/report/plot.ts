/**
 * Observable Plot figures rendered without a browser (on a linkedom document), with
 * byte-stable markup, shown inline by the Deno Jupyter kernel.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { createHash } from "node:crypto";
import { parseHTML } from "linkedom";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./displayable.ts";
import { figureSvg } from "./figure_svg.ts";
import { type MarkupNode, serializeMarkup } from "./serialize_markup.ts";
import { svgImg } from "./svg_img.ts";

/**
 * Observable Plot's own options type, documented by Plot. Marked internal only so that
 * `deno doc --lint` does not ask for it to be public: Plot's types are public through
 * the `Plot` namespace that `mod.ts` re-exports, which the linter does not follow.
 *
 * @internal
 */
type ObservablePlotOptions = Plot.PlotOptions;

/** Plot's options, less `document`, which {@linkcode plot} supplies. */
export type PlotOptions = Omit<ObservablePlotOptions, "document">;

/**
 * A rendered figure: its markup, a standalone SVG of it, and the MIME bundle the Deno
 * Jupyter kernel shows.
 *
 * The bundle shows the standalone SVG (title, subtitle, legend and plot in one picture)
 * as an `<img>` in `text/html` (see {@linkcode svgImg} for why: it is the one form that
 * Jupyter Notebook and JupyterLab show in a notebook they do not trust), and carries the
 * SVG document itself as `image/svg+xml` for front ends that prefer it, and a line of
 * `text/plain`. Every front end that renders HTML picks `text/html` first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Figure } from "./plot.ts";
 * import { JUPYTER_DISPLAY } from "./displayable.ts";
 * const figure = new Figure('<svg width="10" height="10"><rect width="10" height="10" /></svg>');
 * const bundle = figure[JUPYTER_DISPLAY]();
 * assert.equal(bundle["image/svg+xml"], figure.svg);
 * assert.match(bundle["text/html"] ?? "", /^<img src="data:image\/svg\+xml;base64,/);
 * ```
 */
export class Figure implements Displayable {
  /** The figure's markup as shown inline: an `<svg>` or an HTML `<figure>`. */
  readonly html: string;

  /** Wraps markup made by {@linkcode plot} (or any SVG or HTML figure markup). */
  constructor(html: string) {
    this.html = html;
  }

  /** Whether the markup is a bare `<svg>` (rather than an HTML `<figure>`). */
  get isSvg(): boolean {
    return this.html.startsWith("<svg");
  }

  /** The figure as a standalone SVG document (see {@linkcode figureSvg}). */
  get svg(): string {
    return figureSvg(this.html);
  }

  /** The figure's title (Plot's `title` option), or `undefined` when it has none. */
  get title(): string | undefined {
    const title = /<h2>([^<]*)<\/h2>/.exec(this.html)?.[1];
    return title === undefined ? undefined : unescapeHtml(title);
  }

  /**
   * The MIME bundle the Deno Jupyter kernel shows: the standalone SVG as an `<img>` in
   * `text/html`, the SVG document as `image/svg+xml`, and a line of `text/plain`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const title = this.title;
    const plain = title === undefined ? "Plot figure" : `Plot figure: ${title}`;
    const svg = this.svg;
    return { "text/html": svgImg(svg, plain), "image/svg+xml": svg, "text/plain": plain };
  }
}

/**
 * Renders an Observable Plot figure with a linkedom document and returns it as a
 * {@linkcode Figure}, which a notebook cell shows inline when it is the cell's value.
 *
 * The markup is byte-stable: Plot's default class name is already fixed
 * (`plot-d6a7b5`), and the ids Plot numbers from process-wide counters (clip paths,
 * markers, patterns) are renamed `plot-<hash>-<k>`, where `<hash>` digests the figure's
 * own markup and `<k>` counts ids in order of appearance. The same options give the
 * same bytes however many figures were drawn before; different figures in one page get
 * different ids. The markup is also well-formed XML (see `serializeMarkup`).
 *
 * Plot draws continuous color legends on a canvas, which linkedom lacks: a stand-in
 * canvas records the 256 colours and hands Plot an SVG image of them instead of a PNG.
 * Raster marks (`Plot.raster`, `Plot.contour` with a canvas) are not supported.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { plot } from "./plot.ts";
 * const options = { marks: [Plot.lineY([1, 3, 2], { marker: "circle" })] };
 * const a = plot(options);
 * const b = plot(options);
 * assert.ok(a.html === b.html);
 * assert.ok(a.html.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
 * ```
 */
export function plot(options?: PlotOptions): Figure {
  const window = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  const document = (window as unknown as { document: PlotDocument }).document;
  const createElement = document.createElement.bind(document);
  // linkedom has no canvas; Plot paints continuous color legends on one.
  document.createElement =
    ((name: string, ...rest: never[]) =>
      name.toLowerCase() === "canvas"
        ? new RampCanvas()
        : createElement(name, ...rest)) as typeof document.createElement;
  const element = Plot.plot({ ...options, document });
  return new Figure(stableIds(serializeMarkup(element as unknown as MarkupNode)));
}

type PlotDocument = NonNullable<Plot.PlotOptions["document"]>;

/** Ids that Plot draws from process-wide counters, with waffle's `-<i>` suffixes. */
const COUNTED_ID = /\bplot-(?:clip|marker|pattern)-\d+(?:-\d+)*(?![\w-])/g;

function stableIds(markup: string): string {
  const order = new Map<string, number>();
  const canonical = markup.replace(COUNTED_ID, (id) => {
    if (!order.has(id)) order.set(id, order.size);
    return `\uE000${order.get(id)}\uE001`;
  });
  if (order.size === 0) return markup;
  const hash = createHash("sha256").update(canonical).digest("hex").slice(0, 8);
  return canonical.replace(/\uE000(\d+)\uE001/g, `plot-${hash}-$1`);
}

function unescapeHtml(text: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name] ?? "");
}

/**
 * Just enough of a canvas for Plot's ramp legend: `fillRect` of one colour per column,
 * then `toDataURL`, which returns an SVG image of the columns (runs of one colour merged).
 */
class RampCanvas {
  width = 300;
  height = 150;
  readonly #columns: string[] = [];

  getContext(
    kind: string,
  ): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void } | null {
    if (kind !== "2d") return null;
    const columns = this.#columns;
    return {
      fillStyle: "#000000",
      fillRect(x: number, _y: number, w: number, _h: number) {
        for (let i = Math.round(x); i < Math.round(x + w); i++) columns[i] = String(this.fillStyle);
      },
    };
  }

  toDataURL(): string {
    const rects: string[] = [];
    const columns = this.#columns;
    for (let x = 0; x < columns.length;) {
      let end = x + 1;
      while (end < columns.length && columns[end] === columns[x]) end++;
      rects.push(
        `<rect x="${x}" width="${end - x}" height="${this.height}" fill="${
          columns[x] ?? "none"
        }"/>`,
      );
      x = end;
    }
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" ` +
      `viewBox="0 0 ${this.width} ${this.height}" preserveAspectRatio="none" shape-rendering="crispEdges">` +
      `${rects.join("")}</svg>`;
    return `data:image/svg+xml;base64,${btoa(svg)}`;
  }
}
