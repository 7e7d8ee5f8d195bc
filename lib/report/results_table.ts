/**
 * The README's results table as Markdown: the thread's claims against the model's
 * numbers, each with the command that regenerates its data. The claims themselves, and
 * how each number is computed from data/, are in `lib/experiments/claims.ts`.
 *
 * @module
 */

import { escapeHtml } from "./displayable.ts";

/** One row of the table: a claim, what the thread says, what the model says, and the command. */
export interface ResultRow {
  /** What is claimed. */
  readonly claim: string;
  /** What the thread (or the literature it cites) says. */
  readonly thread: string;
  /** What the model says: means and 95% intervals computed from data/. */
  readonly model: string;
  /** The command that regenerates the data behind the row. */
  readonly command: string;
}

/** The sentence above the table: what the numbers are and where they come from. */
export const RESULTS_INTRO =
  "Means over seeds with 95% confidence intervals (Student t; ratios by the delta method on the log scale), computed from the committed files in `data/` by `deno task results`. Where a configuration's runs fall into states, each by its own stacking share (stacked: its guests' vCPUs shared a runqueue at least 80% of the measured time; split: at most 20%; partly stacked: between), the row gives the runs in each state and the value or ratio within each state beside the mean over all runs. Each command regenerates its CSV file.";

/**
 * The table as Markdown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultsMarkdown } from "./results_table.ts";
 * const md = resultsMarkdown([{ claim: "c", thread: "t", model: "m", command: "deno task x" }]);
 * assert.ok(md.includes("| c | t | m | `deno task x` |"));
 * ```
 */
export function resultsMarkdown(rows: readonly ResultRow[]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    RESULTS_INTRO,
    "",
    "| claim | the thread | the model | regenerate with |",
    "|---|---|---|---|",
    ...rows.map((r) =>
      `| ${esc(r.claim)} | ${esc(r.thread)} | ${esc(r.model)} | \`${r.command}\` |`
    ),
  ].join("\n");
}

/**
 * The table as an HTML `<table>`: the same rows as {@linkcode resultsMarkdown}, each
 * command in `<code>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultsHtml } from "./results_table.ts";
 * const html = resultsHtml([{ claim: "a < b", thread: "t", model: "m", command: "deno task x" }]);
 * assert.ok(html.includes("<td>a &lt; b</td><td>t</td><td>m</td><td><code>deno task x</code></td>"));
 * ```
 */
export function resultsHtml(rows: readonly ResultRow[]): string {
  const body = rows.map((r) =>
    `<tr><td>${escapeHtml(r.claim)}</td><td>${escapeHtml(r.thread)}</td><td>${
      escapeHtml(r.model)
    }</td><td><code>${escapeHtml(r.command)}</code></td></tr>`
  );
  return `<table class="results"><thead><tr><th>claim</th><th>the thread</th><th>the model</th>` +
    `<th>regenerate with</th></tr></thead><tbody>${body.join("")}</tbody></table>`;
}
