/**
 * What the Deno Jupyter kernel needs to show a value richly: a method under
 * `Symbol.for("Jupyter.display")` that returns a MIME bundle.
 *
 * @module
 */

/**
 * The key the Deno Jupyter kernel looks up on a cell's value to display it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JUPYTER_DISPLAY } from "./displayable.ts";
 * assert.ok(JUPYTER_DISPLAY === Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/**
 * A MIME bundle: one representation of a value per MIME type, such as
 * `{"text/html": "<table>...</table>", "text/plain": "..."}`.
 */
export type MimeBundle = Record<string, string>;

/**
 * A value that the Deno Jupyter kernel displays with its own MIME bundle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Displayable, JUPYTER_DISPLAY } from "./displayable.ts";
 * const hello: Displayable = {
 *   [JUPYTER_DISPLAY]: () => ({ "text/plain": "hello" }),
 * };
 * assert.ok(hello[JUPYTER_DISPLAY]()["text/plain"] === "hello");
 * ```
 */
export interface Displayable {
  /** Returns the MIME bundle the kernel shows. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * Escapes the five characters that are special in HTML text and attribute values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./displayable.ts";
 * assert.ok(escapeHtml(`a<b & "c"`) === "a&lt;b &amp; &quot;c&quot;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
