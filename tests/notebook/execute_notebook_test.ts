import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { executeNotebook } from "../../lib/notebook/execute_notebook.ts";
import { joinLines } from "../../lib/notebook/notebook.ts";
import { setupJupyter } from "../../lib/notebook/setup_jupyter.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";

const WITH_PROGRESS = pathToFileURL(join(PROJECT_ROOT, "lib/report/with_progress.ts")).href;

Deno.test("executeNotebook() keeps only the final state of a progress bar updated while the cell ran", async () => {
  await setupJupyter();
  const dir = await Deno.makeTempDir({ prefix: "notebook-progress-" });
  try {
    const source = `import { withProgress } from ${JSON.stringify(WITH_PROGRESS)};\n` +
      "const slow = (x: number) => new Promise((resolve) => setTimeout(() => resolve(x), 150));\n" +
      'await withProgress([1, 2, 3, 4], slow, { label: "steps", width: 4, intervalMs: 0 });';
    const path = join(dir, "progress.ipynb");
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        cells: [{ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const { notebook, failure } = await executeNotebook(path);
    assert.equal(failure, undefined);
    const displays = (notebook.cells[0]?.outputs ?? []).filter((o) =>
      o.output_type === "display_data"
    );
    assert.equal(displays.length, 1, "one display, updated in place");
    assert.equal(
      joinLines(displays[0]?.data?.["text/plain"] as string),
      "steps [####] 4/4 done",
    );
    assert.equal(displays[0]?.transient, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
