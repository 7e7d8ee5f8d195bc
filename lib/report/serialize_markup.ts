/**
 * Serialises a DOM tree as "polyglot" markup: text that an HTML parser and an XML
 * parser both read as the same tree. Plot figures are stored in notebooks this way so
 * that the notebook runner can re-read them with an XML parser (which keeps SVG's
 * camel-case names and self-closing tags) to make standalone SVG files.
 *
 * @module
 */

/** The SVG namespace. */
export const SVG_NS = "http://www.w3.org/2000/svg";
/** The XLink namespace (of `xlink:href`, which Plot still writes on images). */
export const XLINK_NS = "http://www.w3.org/1999/xlink";
/** The XHTML namespace. */
export const XHTML_NS = "http://www.w3.org/1999/xhtml";

/** The least of a DOM node that the serialiser reads (linkedom's nodes have it). */
export interface MarkupNode {
  /** The DOM node type: 1 (element) and 3 (text) are written, other nodes dropped. */
  readonly nodeType: number;
  /** An element's name as written (SVG's camel case kept), for elements. */
  readonly localName?: string | null;
  /** The text of a text node. */
  readonly textContent: string | null;
  /** The children, in document order. */
  readonly childNodes: ArrayLike<MarkupNode>;
  /** An element's attributes, in document order. */
  readonly attributes?: ArrayLike<{ readonly name: string; readonly value: string }>;
}

const VOID_HTML = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const RAW_TEXT_HTML = new Set(["style", "script"]);

/**
 * Serialises `node` and its subtree. Elements named `svg` (and their subtrees) are
 * SVG, children of `foreignObject` are XHTML; each element that enters a namespace
 * gets its `xmlns` attribute (and an SVG root that uses `xlink:` attributes also
 * `xmlns:xlink`), so the result also stands alone as XML (an HTML root
 * gets none: HTML parsers need none). Empty SVG elements self-close, empty HTML
 * elements get an end tag (void ones self-close). Comments are dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DOMParser } from "linkedom";
 * import { serializeMarkup } from "./serialize_markup.ts";
 * const doc = new DOMParser().parseFromString('<svg width="2"><clipPath id="c"/></svg>', "text/xml");
 * const markup = serializeMarkup(doc.documentElement as never);
 * assert.ok(markup === '<svg xmlns="http://www.w3.org/2000/svg" width="2"><clipPath id="c" /></svg>');
 * ```
 */
export function serializeMarkup(node: MarkupNode): string {
  return serialize(node, "none", false, false);
}

type Namespace = "none" | "svg" | "html";

function serialize(
  node: MarkupNode,
  declared: Namespace,
  parentIsSvg: boolean,
  rawText: boolean,
): string {
  if (node.nodeType === 3) {
    const text = node.textContent ?? "";
    return rawText ? text : escapeText(text);
  }
  if (node.nodeType !== 1) return "";
  const name = node.localName ?? "";
  const ns: Namespace = parentIsSvg || name.toLowerCase() === "svg" ? "svg" : "html";
  const declare = ns !== declared && !(declared === "none" && ns === "html");
  let open = `<${name}`;
  if (declare) open += ` xmlns="${ns === "svg" ? SVG_NS : XHTML_NS}"`;
  if (declare && ns === "svg" && usesXlink(node)) open += ` xmlns:xlink="${XLINK_NS}"`;
  for (const { name: attr, value } of Array.from(node.attributes ?? [])) {
    if (attr !== "xmlns") open += ` ${attr}="${escapeAttribute(value)}"`;
  }
  const children = Array.from(node.childNodes);
  if (children.length === 0) {
    return ns === "svg" || VOID_HTML.has(name.toLowerCase()) ? `${open} />` : `${open}></${name}>`;
  }
  const childrenDeclared = declare ? ns : declared;
  const childrenAreSvg = ns === "svg" && name !== "foreignObject";
  const raw = ns === "html" && RAW_TEXT_HTML.has(name.toLowerCase());
  const inner = children.map((child) => serialize(child, childrenDeclared, childrenAreSvg, raw));
  return `${open}>${inner.join("")}</${name}>`;
}

function usesXlink(node: MarkupNode): boolean {
  if (Array.from(node.attributes ?? []).some((a) => a.name.startsWith("xlink:"))) return true;
  return Array.from(node.childNodes).some((child) => child.nodeType === 1 && usesXlink(child));
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&quot;"));
}
