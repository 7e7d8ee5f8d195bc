/**
 * Standalone SVG files from Plot figure markup.
 *
 * @module
 */

import { DOMParser } from "linkedom";
import { type MarkupNode, serializeMarkup, SVG_NS, XHTML_NS } from "./serialize_markup.ts";

/**
 * Fixed sizes for the HTML parts of a figure, so that the height of the SVG that wraps
 * it can be computed without a layout engine (browsers' defaults vary).
 */
const FIGURE_STYLE = [
  "figure{margin:0}",
  "h2,h3{margin:0 0 4px 0}",
  "h2{font-size:20px;line-height:24px;font-weight:600}",
  "h3{font-size:14px;line-height:20px;font-weight:normal}",
  "figcaption{margin-top:4px;font-size:12px;line-height:18px}",
].join("");

/** Heights (px, with margins) of a figure's HTML parts under {@linkcode FIGURE_STYLE}. */
const PART_HEIGHT: Readonly<Record<string, number>> = { h2: 28, h3: 24, figcaption: 22 };
/** Plot's swatch legend: a 33 px line per row (plus a 5 px margin). */
const SWATCH_LINE = 33;
/** Rough width of a swatch: 15 px square, 5 px gap, 6 px per character, 10 px after. */
const swatchWidth = (label: string) => 30 + 6 * label.length;

/**
 * Turns Plot figure markup (as made by `plot()` and stored in notebooks) into a
 * standalone SVG document.
 *
 * A bare `<svg>` comes back as it is, with its namespace declared. An HTML `<figure>`
 * (Plot makes one for a title, subtitle, caption or legend) is wrapped in an `<svg>`
 * with a `<foreignObject>`: as wide as the widest SVG in the figure, and as high as its
 * parts stacked: the SVGs' own heights, and fixed heights for titles, captions and
 * swatch legends, whose styles the wrapper pins so that the estimate holds.
 *
 * The markup is read with linkedom's lenient XML parser (it keeps SVG's camel-case names
 * and self-closing tags, which an HTML parser would lose); `plot()` makes markup that
 * parses the same as XML and as HTML.
 *
 * @throws {TypeError} when `markup` does not start with an element.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figureSvg } from "./figure_svg.ts";
 * const svg = figureSvg('<figure><h2>Title</h2><svg width="640" height="400"></svg></figure>');
 * assert.ok(svg.includes('width="640" height="428"'));
 * assert.ok(svg.includes("<foreignObject"));
 * ```
 */
export function figureSvg(markup: string): string {
  const root = parseMarkup(markup);
  if ((root.localName ?? "").toLowerCase() === "svg") return `${serializeMarkup(root)}\n`;
  let width = 0;
  let height = 0;
  for (const child of elementChildren(root)) {
    const name = (child.localName ?? "").toLowerCase();
    if (name === "svg") {
      width = Math.max(width, numberAttribute(child, "width") ?? 640);
      height += numberAttribute(child, "height") ?? 0;
    } else if (isSwatches(child)) {
      height += SWATCH_LINE * swatchLines(child, width || 640) + 5;
    } else {
      height += PART_HEIGHT[name] ?? 20;
    }
  }
  width ||= 640;
  const body = serializeMarkup(root);
  return `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<foreignObject x="0" y="0" width="${width}" height="${height}">` +
    `<div xmlns="${XHTML_NS}" style="font-family:system-ui,sans-serif;font-size:10px;background:white">` +
    `<style>${FIGURE_STYLE}</style>${body}</div></foreignObject></svg>\n`;
}

interface ParsedElement extends MarkupNode {
  getAttribute(name: string): string | null;
}

function parseMarkup(markup: string): ParsedElement {
  let root: ParsedElement | null = null;
  try {
    const doc = new DOMParser().parseFromString(markup.trim(), "text/xml");
    root = doc.documentElement as unknown as ParsedElement | null;
  } catch {
    root = null;
  }
  if (root === null || root.nodeType !== 1 || !markup.trim().startsWith("<")) {
    throw new TypeError(
      `Cannot make standalone SVG as 'markup' must start with an element: current value starts ${
        JSON.stringify(markup.slice(0, 40))
      }`,
    );
  }
  return root;
}

function elementChildren(node: MarkupNode): ParsedElement[] {
  return Array.from(node.childNodes).filter((c) => c.nodeType === 1) as ParsedElement[];
}

function numberAttribute(node: ParsedElement, name: string): number | undefined {
  const value = Number.parseFloat(node.getAttribute(name) ?? "");
  return Number.isFinite(value) ? value : undefined;
}

function isSwatches(node: ParsedElement): boolean {
  return /-swatches\b/.test(node.getAttribute("class") ?? "");
}

function swatchLines(node: ParsedElement, width: number): number {
  let lines = 1;
  let x = 0;
  for (const swatch of elementChildren(node)) {
    if ((swatch.localName ?? "").toLowerCase() === "style") continue;
    const w = swatchWidth((swatch.textContent ?? "").trim());
    if (x > 0 && x + w > width) {
      lines++;
      x = 0;
    }
    x += w;
  }
  return lines;
}
