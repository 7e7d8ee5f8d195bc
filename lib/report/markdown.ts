/**
 * Markdown that a notebook cell displays: text built from the data in the cell, so the
 * words and the numbers cannot disagree.
 *
 * @module
 */

import { type Displayable, JUPYTER_DISPLAY } from "./displayable.ts";

/**
 * `text` as a displayable Markdown output (`text/markdown`, with the same text as
 * `text/plain` for front ends that show no Markdown).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JUPYTER_DISPLAY } from "./displayable.ts";
 * import { markdown } from "./markdown.ts";
 * const shown = markdown(`**${7}** of 20 runs`)[JUPYTER_DISPLAY]();
 * assert.equal(shown["text/markdown"], "**7** of 20 runs");
 * assert.equal(shown["text/plain"], "**7** of 20 runs");
 * ```
 */
export function markdown(text: string): Displayable {
  return { [JUPYTER_DISPLAY]: () => ({ "text/markdown": text, "text/plain": text }) };
}
