import assert from "node:assert/strict";
import { checkNotebooks } from "../../lib/cli/check.ts";
import type { Notebook } from "../../lib/notebook/notebook.ts";

const notebook = (sources: string[]): Notebook => ({
  cells: sources.map((source, i) =>
    i % 2 === 0
      ? { cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }
      : { cell_type: "markdown", source, metadata: {} }
  ),
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

Deno.test("checkNotebooks() reports a type error by notebook and cell", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const nb = notebook([
      "const ok: number = 1;",
      "# text",
      "const n: number = 2;\nconst s: string = n;",
    ]);
    await Deno.writeTextFile(`${dir}/bad.ipynb`, JSON.stringify(nb));
    const step = await checkNotebooks(dir);
    assert.equal(step.ok, false);
    assert.match(step.output, /bad\.ipynb cell 2, line 2:7/);
    assert.match(step.output, /TS2322/);
    assert.throws(() => Deno.statSync(`${dir}/.check`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkNotebooks() passes well-typed cells with top-level await", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const nb = notebook(["const v = await Promise.resolve(1);", "", "v + 1"]);
    await Deno.writeTextFile(`${dir}/good.ipynb`, JSON.stringify(nb));
    const step = await checkNotebooks(dir);
    assert.equal(step.ok, true, step.output);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
