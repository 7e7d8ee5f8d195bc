/**
 * Reporting: CSV in and out, Observable Plot figures rendered without a browser, and
 * display helpers that make results show as figures and tables in Deno notebooks.
 *
 * @module
 */

export * from "./displayable.ts";
export * from "./format_number.ts";
export * from "./table.ts";
export * from "./with_table_display.ts";
export * from "./plot.ts";
export * from "./figure_svg.ts";
export * from "./to_csv.ts";
export * from "./parse_csv.ts";
export * from "./write_csv.ts";
export * from "./read_csv.ts";
export * from "./summarize.ts";
export * from "./format_summary.ts";
export * from "./timeline.ts";
export * from "./results_table.ts";
export * from "./write_text_atomic.ts";
