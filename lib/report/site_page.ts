/**
 * The HTML shell of the report's own pages (`deno task report`): one self-contained page,
 * its style inline, every link relative, so that the site works opened from the file
 * system and served from any static host.
 *
 * @module
 */

import { escapeHtml } from "./displayable.ts";

/** The report's style: readable text, tables and a grid of figures. */
export const SITE_STYLE: string = [
  "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}",
  "table{border-collapse:collapse;margin:1em 0;font-size:14px}",
  "th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}",
  "code{background:#f4f4f4;padding:1px 3px;border-radius:3px}",
  ".figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1.5em}",
  ".figures figure{margin:0}.figures img{width:100%;height:auto;border:1px solid #eee}",
  ".figures figcaption{font-size:13px}",
].join("\n");

/**
 * A whole HTML page: `title` (escaped) and `body` (HTML, used as it is).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sitePage } from "./site_page.ts";
 * const page = sitePage("A & B", "<p>x</p>");
 * assert.ok(page.startsWith("<!DOCTYPE html>"));
 * assert.ok(page.includes("<title>A &amp; B</title>") && page.includes("<p>x</p>"));
 * ```
 */
export function sitePage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${SITE_STYLE}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * `text` escaped for HTML, with Markdown code spans (`` `x` ``) made `<code>` elements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeSpans } from "./site_page.ts";
 * assert.equal(codeSpans("run `deno task x` & wait"), "run <code>deno task x</code> &amp; wait");
 * ```
 */
export function codeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}
