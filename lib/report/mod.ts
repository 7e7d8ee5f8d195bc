/**
 * Reporting, beside the model: it reads rows and traces and never runs a simulation.
 *
 * - CSV in and out: `to_csv.ts`, `parse_csv.ts`, `read_csv.ts`, `write_csv.ts` and
 *   `write_text_atomic.ts`.
 * - Summaries: `summarize.ts` (means with Student-t 95% intervals, ratios of means),
 *   `state_summary.ts` (runs that settle stacked or split, summarised by state),
 *   `format_summary.ts` (them as text) and `format_number.ts`.
 * - Figures and tables that Deno notebooks display: `plot.ts` (Observable Plot rendered
 *   without a browser, byte-stable), `figure_svg.ts`, `svg_img.ts` (why a figure shows
 *   as an `<img>`), `serialize_markup.ts`, `table.ts`, `with_table_display.ts`,
 *   `displayable.ts` and `timeline.ts`; a progress bar in a cell: `cell_progress.ts`,
 *   `with_progress.ts`.
 * - `results_table.ts`: the README's results table as Markdown and HTML (the claims and
 *   their numbers are in `lib/experiments/claims.ts`).
 * - The report's own pages (`deno task report`): `site_page.ts`, `site_index.ts`,
 *   `notebook_banner.ts`. They, `svg_img.ts` and `serialize_markup.ts` are used by the
 *   site builder and the figures inside lib/ and are not re-exported here.
 *
 * Observable Plot itself is re-exported here as `Plot`, and only here, so that
 * `deno doc --lint` can check every other file of this folder without Plot's own
 * declarations.
 *
 * @module
 */

export * from "./displayable.ts";
export * from "./format_number.ts";
export * from "./table.ts";
export * from "./markdown.ts";
export * from "./with_table_display.ts";
export * from "./cell_progress.ts";
export * from "./with_progress.ts";
export * from "./plot.ts";
/**
 * Observable Plot's API (marks, transforms, scales), re-exported so that notebooks
 * build figures from lib/mod.ts alone; render them with {@linkcode plot}. It is
 * re-exported here rather than in plot.ts so that report's own files can be linted
 * (`deno doc --lint`) without Plot's declarations.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Plot, plot } from "./mod.ts";
 * assert.ok(plot({ marks: [Plot.ruleY([0])] }).isSvg);
 * ```
 */
export * as Plot from "@observablehq/plot";
export * from "./figure_svg.ts";
export * from "./to_csv.ts";
export * from "./parse_csv.ts";
export * from "./write_csv.ts";
export * from "./read_csv.ts";
export * from "./summarize.ts";
export * from "./state_summary.ts";
export * from "./format_summary.ts";
export * from "./timeline.ts";
export * from "./results_table.ts";
export * from "./write_text_atomic.ts";
