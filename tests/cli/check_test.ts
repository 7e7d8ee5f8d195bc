import assert from "node:assert/strict";
import { checkDocs, checkDriver, checkNotebooks } from "../../lib/cli/check.ts";
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

/** A throw-away project: `files` maps paths (relative to its root) to their text. */
async function withProject(
  files: Record<string, string>,
  fn: (root: string) => Promise<void>,
): Promise<void> {
  const root = `${await Deno.makeTempDir()}/`;
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${root}${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
      await Deno.writeTextFile(`${root}${path}`, text);
    }
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const MODULE_DOC = "/**\n * A module.\n *\n * @module\n */\n";

Deno.test("checkDocs() fails on an undocumented export of a folder's mod.ts", async () => {
  await withProject({
    "lib/a/mod.ts": `${MODULE_DOC}export * from "./a.ts";\n`,
    "lib/a/a.ts": `${MODULE_DOC}/** Documented. */\nexport const A = 1;\nexport const B = 2;\n`,
    "lib/project_root.ts": `${MODULE_DOC}/** The root. */\nexport const ROOT = "/";\n`,
  }, async (root) => {
    const step = await checkDocs(root);
    assert.equal(step.ok, false, step.output);
    assert.match(step.output, /missing-jsdoc/);
    assert.match(step.output, /lib\/a\/a\.ts:8:14/);
    assert.match(step.output, /1 report\(s\) in the project's files; 0 about dependencies/);
  });
});

Deno.test("checkDocs() leaves out reports about files outside lib/ (a re-exported dependency)", async () => {
  await withProject({
    "lib/a/mod.ts":
      `${MODULE_DOC}/** Documented. */\nexport const A = 1;\nexport * from "../../vendor/dep.ts";\n`,
    "lib/project_root.ts": `${MODULE_DOC}/** The root. */\nexport const ROOT = "/";\n`,
    "vendor/dep.ts": "export const D = 1;\nexport const E = 2;\n",
  }, async (root) => {
    const step = await checkDocs(root);
    assert.equal(step.ok, true, step.output);
    assert.match(step.output, /0 report\(s\) in the project's files; 2 about dependencies/);
  });
});

Deno.test("checkDocs() fails when deno doc cannot parse a module", async () => {
  await withProject({
    "lib/a/mod.ts": `${MODULE_DOC}export const = ;\n`,
    "lib/project_root.ts": `${MODULE_DOC}/** The root. */\nexport const ROOT = "/";\n`,
  }, async (root) => {
    const step = await checkDocs(root);
    assert.equal(step.ok, false);
    assert.match(step.output, /SyntaxError/);
  });
});

Deno.test("checkDriver() passes lib/notebook/driver.py and fails a file with a syntax error", async () => {
  const step = await checkDriver();
  assert.equal(step.ok, true, step.output);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.py`, "def f(:\n    pass\n");
    const bad = await checkDriver({ driver: `${dir}/bad.py` });
    assert.equal(bad.ok, false);
    assert.match(bad.output, /bad\.py/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
