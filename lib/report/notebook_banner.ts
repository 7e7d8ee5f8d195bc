/**
 * The line that heads each notebook's page in the report (`deno task report`): what to
 * cite it by and how to regenerate it.
 *
 * @module
 */

import { escapeHtml } from "./displayable.ts";
import { commitText, notebookCommand, type SiteNotebook } from "./site_index.ts";

/** The banner's own style: the page around it is nbconvert's, with its own. */
const BANNER_STYLE = ".site-banner{font:13px/1.5 system-ui,sans-serif;background:#f4f6fa;" +
  "border-bottom:1px solid #dde;padding:8px 16px}.site-banner a{color:#1a5fb4}" +
  ".site-banner code{background:#fff;padding:1px 3px}";

/**
 * The line that heads a notebook's page in the site: a link back to the index, the
 * commit, the command that re-runs the notebook, its data files (with the command that
 * regenerates each) and its parameters. Links are relative to `notebooks/`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notebookBanner } from "./notebook_banner.ts";
 * const banner = notebookBanner(
 *   { stem: "01_x", title: "X", page: "notebooks/01_x.html", dataFiles: ["x.csv"], parameters: ["seed=1"] },
 *   "abc123", false, (file) => `deno task sweep ${file}`,
 * );
 * assert.ok(banner.includes('<a href="../index.html">'));
 * assert.ok(banner.includes('<a href="../data/x.csv">x.csv</a>'));
 * ```
 */
export function notebookBanner(
  notebook: SiteNotebook,
  commit: string,
  dirty: boolean,
  dataCommand: (file: string) => string,
): string {
  const data = notebook.dataFiles.map((f) =>
    `<a href="../data/${escapeHtml(f)}">${escapeHtml(f)}</a> (<code>${
      escapeHtml(dataCommand(f))
    }</code>)`
  );
  const parts = [
    `<a href="../index.html">kvmsched report</a>`,
    `commit ${commitText(commit, dirty)}`,
    `re-run: <code>${escapeHtml(notebookCommand(notebook.stem))}</code>`,
    ...(data.length > 0 ? [`data: ${data.join(", ")}`] : []),
    ...(notebook.parameters.length > 0
      ? [`parameters: ${notebook.parameters.map((p) => `<code>${escapeHtml(p)}</code>`).join(" ")}`]
      : []),
  ];
  return `<nav class="site-banner"><style>${BANNER_STYLE}</style>${parts.join(" · ")}</nav>`;
}
