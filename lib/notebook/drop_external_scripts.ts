/**
 * Makes an exported notebook page self-contained: nbconvert's page loads require.js and
 * MathJax from outside (a CDN, or /usr/share/javascript on Debian), which a page opened
 * from another machine or a static host cannot reach. The project's notebooks need
 * neither (no widgets, no LaTeX), and everything else nbconvert writes is inline.
 *
 * @module
 */

const EXTERNAL_SCRIPT =
  /[ \t]*<script\b[^>]*\bsrc="(?:[a-zA-Z][\w+.-]*:|\/\/)[^"]*"[^>]*>\s*<\/script>\n?/g;

/**
 * Removes every `<script src="...">` element whose source is an absolute URL (`file:`,
 * `https:`, `//host/...`); inline scripts and relative sources stay.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dropExternalScripts } from "./drop_external_scripts.ts";
 * const page = '<head>\n<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>\n' +
 *   '<script>init()</script><script src="local.js"></script></head>';
 * assert.equal(dropExternalScripts(page), '<head>\n<script>init()</script><script src="local.js"></script></head>');
 * ```
 */
export function dropExternalScripts(html: string): string {
  return html.replace(EXTERNAL_SCRIPT, "");
}
