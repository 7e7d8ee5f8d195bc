/**
 * The committed notebooks as users open them, in a real browser (headless Chromium):
 * in Jupyter Notebook, where a notebook someone else executed opens untrusted, and as
 * the HTML export. Every figure must be displayed with a size, and no output may show
 * a figure's SVG text as loose words (what Jupyter's sanitiser leaves of an inline
 * <svg>). A screenshot of each page goes to notebooks/html/ (not committed).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { listNotebooks } from "../../lib/notebook/list_notebooks.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import {
  checkHtmlExports,
  checkInJupyterNotebook,
  type NotebookPageResult,
  problemsOf,
} from "./check_notebooks.ts";

const NOTEBOOKS = join(PROJECT_ROOT, "notebooks");
const SCREENSHOTS = join(NOTEBOOKS, "html");

async function committed(): Promise<string[]> {
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  return await listNotebooks(NOTEBOOKS);
}

function assertAllShown(results: readonly NotebookPageResult[], paths: readonly string[]) {
  assert.equal(results.length, paths.length);
  assert.deepEqual(problemsOf(results), []);
  const expected = results.reduce((n, r) => n + r.expectedFigures, 0);
  assert.ok(expected > 0, "the notebooks hold figures");
  assert.equal(results.reduce((n, r) => n + r.report.figuresShown, 0), expected);
}

Deno.test("Jupyter Notebook shows every figure of every committed notebook opened untrusted", async () => {
  const paths = await committed();
  const results = await checkInJupyterNotebook(paths, { screenshots: SCREENSHOTS });
  for (const r of results) assert.equal(r.trusted, false, `${r.name} opened untrusted`);
  assertAllShown(results, paths);
});

Deno.test("the HTML export of every committed notebook shows every figure", async () => {
  const paths = await committed();
  assertAllShown(await checkHtmlExports(paths, { screenshots: SCREENSHOTS }), paths);
});
