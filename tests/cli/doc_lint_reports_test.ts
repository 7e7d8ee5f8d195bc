import assert from "node:assert/strict";
import { docLintReports } from "../../lib/cli/doc_lint_reports.ts";

// What deno 2.9 prints (NO_COLOR), shortened: a report with a hint, a report about
// Plot's declarations in the npm cache, progress lines, and the count.
const OUTPUT =
  `error[private-type-ref]: public type 'PlotOptions' references private type 'PlotOptions'
  --> /p/lib/report/plot.ts:29:1
   | 
29 | export type PlotOptions = Omit<Plot.PlotOptions, "document">;
   | ^
   = hint: make the referenced type public or remove the reference
   | 
 7 | export interface PlotOptions extends ScaleDefaults {
   | - this is the referenced type
   | 

  info: to ensure documentation is complete all types that are exposed in the public API must be public


error[missing-jsdoc]: exported symbol is missing JSDoc documentation
   --> /root/.cache/deno/npm/registry.npmjs.org/@observablehq/plot/0.6.17/src/transforms/window.d.ts:127:17
    | 
127 | export function windowY<T>(windowOptions?: WindowOptions, options?: T): Transformed<T>;
    |                 ^


Download https://registry.npmjs.org/@observablehq%2fplot
error: Found 2 documentation lint errors.

Stack backtrace:
   0: <unknown>
`;

Deno.test("docLintReports() splits reports and reads their rule, file and the count", () => {
  const { reports, found } = docLintReports(OUTPUT);
  assert.equal(found, 2);
  assert.deepEqual(reports.map((r) => [r.rule, r.file]), [
    ["private-type-ref", "/p/lib/report/plot.ts"],
    [
      "missing-jsdoc",
      "/root/.cache/deno/npm/registry.npmjs.org/@observablehq/plot/0.6.17/src/transforms/window.d.ts",
    ],
  ]);
  assert.match(reports[0]?.text ?? "", /this is the referenced type[\s\S]*info: to ensure/);
  assert.ok(!(reports[1]?.text ?? "").includes("Download"), "a progress line ends a report");
});

Deno.test("docLintReports() finds nothing in a clean run", () => {
  assert.deepEqual(docLintReports(""), { reports: [], found: 0 });
});
