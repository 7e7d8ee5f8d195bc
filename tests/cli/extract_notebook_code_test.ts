import assert from "node:assert/strict";
import { cellAt, extractNotebookCode } from "../../lib/cli/extract_notebook_code.ts";
import { checkNotebooks } from "../../lib/cli/check.ts";
import type { Notebook } from "../../lib/cli/normalize_notebook.ts";

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

Deno.test("extractNotebookCode() rewrites relative imports for a deeper module", () => {
  const { code } = extractNotebookCode(
    notebook([
      'import { a } from "./a.ts";\nimport "../b.ts";\nconst c = await import("../c.ts");\nimport x from "npm:x";',
    ]),
    { depth: 1 },
  );
  assert.equal(
    code,
    '// cell 0\nimport { a } from ".././a.ts";\nimport "../../b.ts";\n' +
      'const c = await import("../../c.ts");\nimport x from "npm:x";\nexport {};\n',
  );
});

Deno.test("extractNotebookCode() maps module lines back to cells", () => {
  const { code, cells } = extractNotebookCode(notebook(["a\nb", "# md", "c\n"]));
  assert.deepEqual(cells, [{ cell: 0, line: 2 }, { cell: 2, line: 5 }]);
  assert.equal(code.split("\n")[4], "c");
  assert.deepEqual(cellAt(cells, 3), { cell: 0, line: 2 });
  assert.deepEqual(cellAt(cells, 5), { cell: 2, line: 1 });
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
