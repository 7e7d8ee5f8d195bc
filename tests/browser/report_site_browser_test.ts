/**
 * `deno task report`'s site, opened in a real browser (headless Chromium) from the file
 * system and from a static HTTP server: from the index, every page, image and link must
 * resolve and every image be displayed.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite } from "../../lib/notebook/build_site.ts";
import { listNotebooks } from "../../lib/notebook/list_notebooks.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import { Chromium } from "./chromium.ts";
import { checkSite, serveStatic } from "./check_site.ts";

Deno.test("buildSite() writes a site whose every page, image and link resolves, from files and over HTTP", async () => {
  const temp = await Deno.makeTempDir({ prefix: "report-site-" });
  try {
    const out = join(temp, "site");
    const summary = await buildSite({ out, log: () => {} });
    const notebooks = await listNotebooks(join(PROJECT_ROOT, "notebooks"));
    assert.equal(summary.notebooks, notebooks.length);
    assert.ok(summary.figures > 0 && summary.dataFiles > 0);
    const browser = await Chromium.launch();
    const server = serveStatic(out);
    try {
      for (const start of [pathToFileURL(summary.index).href, `${server.url}index.html`]) {
        const report = await checkSite(browser, start);
        assert.deepEqual(report.problems, [], start);
        assert.equal(report.pages.length, 1 + notebooks.length, `pages reached from ${start}`);
        // every figure is an SVG file on the index and an image in its notebook's page
        assert.ok(report.images >= 2 * summary.figures, `${report.images} images from ${start}`);
      }
    } finally {
      await browser.close();
      await server.shutdown();
    }
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
