/**
 * An SVG document as an HTML `<img>` with a data URL: the one form of a figure that
 * every notebook front end shows, trusted or not.
 *
 * Why not the SVG itself: Jupyter Notebook and JupyterLab sanitise the `text/html`
 * output of a notebook they do not trust, and their sanitisers drop inline `<svg>`
 * elements (their text is left behind as loose words), while a bare `image/svg+xml`
 * output of an untrusted notebook is not shown at all. Both keep an `<img>` whose
 * source is a `data:` URL: Jupyter Notebook's sanitiser allows the data URL of an image,
 * and JupyterLab's does not check `src` attributes. In an `<img>`, the browser renders
 * the SVG as a static picture, scripts and external resources off, which is also why
 * the sanitisers let it through.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { escapeHtml } from "./displayable.ts";

/**
 * The HTML `<img>` element that shows the standalone SVG document `svg` (UTF-8, base64
 * in a `data:image/svg+xml` URL), with `alt` as its text alternative. It has no size
 * attributes: the browser takes the size from the SVG's own `width` and `height`, and a
 * front end that caps image widths scales it without distorting it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgImg } from "./svg_img.ts";
 * const tag = svgImg('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"></svg>', "A & B");
 * assert.match(tag, /^<img src="data:image\/svg\+xml;base64,PHN2Zy[^"]+" alt="A &amp; B">$/);
 * ```
 */
export function svgImg(svg: string, alt: string): string {
  const base64 = Buffer.from(svg, "utf8").toString("base64");
  return `<img src="data:image/svg+xml;base64,${base64}" alt="${escapeHtml(alt)}">`;
}

/**
 * The SVG document inside an `<img>` made by {@linkcode svgImg} (or any `<img>` whose
 * source is a base64 `data:image/svg+xml` URL), or `undefined` when `html` holds none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgFromImg, svgImg } from "./svg_img.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>ρ</text></svg>';
 * assert.equal(svgFromImg(svgImg(svg, "")), svg);
 * assert.equal(svgFromImg("<b>no image</b>"), undefined);
 * ```
 */
export function svgFromImg(html: string): string | undefined {
  const match = /<img\b[^>]*\bsrc="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  return match?.[1] === undefined ? undefined : Buffer.from(match[1], "base64").toString("utf8");
}
