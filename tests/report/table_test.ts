import assert from "node:assert/strict";
import { table } from "../../lib/report/table.ts";
import { withTableDisplay } from "../../lib/report/with_table_display.ts";
import { formatNumber } from "../../lib/report/format_number.ts";
import { JUPYTER_DISPLAY as DISPLAY } from "../../lib/report/displayable.ts";

Deno.test("table() displays HTML and aligned plain text", () => {
  const rows = [{ name: "low", rho: 0.1, count: 1200 }, { name: "high", rho: 0.9, count: 7 }];
  const bundle = table(rows)[DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(
    bundle["text/html"],
    '<table><thead><tr><th>name</th><th style="text-align:right">rho</th><th style="text-align:right">count</th></tr></thead>' +
      '<tbody><tr><td>low</td><td style="text-align:right">0.1</td><td style="text-align:right">1200</td></tr>' +
      '<tr><td>high</td><td style="text-align:right">0.9</td><td style="text-align:right">7</td></tr></tbody></table>',
  );
  assert.equal(
    bundle["text/plain"],
    ["name  rho  count", "----  ---  -----", "low   0.1   1200", "high  0.9      7"].join("\n"),
  );
});

Deno.test("table() escapes HTML, shows empty cells and limits rows", () => {
  const rows = [{ a: "<b>", b: null }, { a: "x" }, { a: "y" }];
  const shown = table(rows, { maxRows: 2, caption: "c" });
  const html = shown.html();
  assert.ok(html.includes("<td>&lt;b&gt;</td><td></td>"));
  assert.ok(html.includes("… 1 more rows"));
  assert.ok(html.startsWith("<table><caption>c</caption>"));
  assert.ok(!html.includes(">y<"));
});

Deno.test("table() follows the given columns", () => {
  const shown = table([{ a: 1, b: 2, c: 3 }], { columns: ["c", "a"] });
  assert.deepEqual(shown.columns, ["c", "a"]);
  assert.deepEqual(shown.cells, [["3", "1"]]);
});

Deno.test("table() rejects rows that are not objects and a bad maxRows", () => {
  assert.throws(() => table([1 as never]), /'rows\[0\]' must be an object: current value is 1/);
  assert.throws(() => table([], { maxRows: -1 }), RangeError);
});

Deno.test("formatNumber() is compact and stable", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [-0, "0"],
    [42, "42"],
    [-1234567, "-1234567"],
    [1 / 3, "0.3333"],
    [2.5, "2.5"],
    [9999.6, "10000"],
    [123456.7, "123457"],
    [0.00012345, "0.0001234"],
    [0.000012345, "1.234e-5"],
    [1e20, "1e+20"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
  ];
  for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
  assert.equal(formatNumber(Math.PI, { digits: 2 }), "3.1");
  assert.throws(() => formatNumber(1, { digits: 0 }), /'digits' must be an integer from 1 to 21/);
});

Deno.test("withTableDisplay() attaches a display that JSON and equality do not see", () => {
  const result = withTableDisplay({ rho: 0.5, series: [1, 2, 3] });
  assert.deepEqual(result, { rho: 0.5, series: [1, 2, 3] });
  assert.equal(JSON.stringify(result), '{"rho":0.5,"series":[1,2,3]}');
  const bundle = result[DISPLAY]();
  assert.ok(bundle["text/html"]?.includes("<td>[3 items]</td>"));
});

Deno.test("withTableDisplay() uses toRows when given", () => {
  const runs = withTableDisplay([{ seed: 1 }, { seed: 2 }], (r) => r.map((x) => ({ s: x.seed })));
  assert.equal(runs[DISPLAY]()["text/plain"], "s\n-\n1\n2");
  assert.throws(() => withTableDisplay(5 as never), TypeError);
});
