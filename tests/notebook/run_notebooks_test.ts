import assert from "node:assert/strict";
import { findJupyter } from "../../lib/notebook/jupyter.ts";
import type { Notebook } from "../../lib/notebook/notebook.ts";
import { runNotebooks } from "../../lib/notebook/run_notebooks.ts";

// These tests start the Deno kernel; `deno task test` sets Jupyter up first.
const ignore = (await findJupyter()) === undefined;
const quiet = () => {};

function notebook(...sources: string[]): Notebook {
  return {
    cells: sources.map((source) => ({
      cell_type: "code" as const,
      source,
      metadata: {},
      outputs: [],
      execution_count: null,
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 4,
  };
}

async function withNotebook(
  nb: Notebook,
  fn: (dir: string, path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/demo.ipynb`, JSON.stringify(nb));
    await fn(dir, `${dir}/demo.ipynb`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "runNotebooks() writes byte-stable outputs, and --check passes, then catches an edit",
  ignore,
  fn: () =>
    withNotebook(
      notebook(
        'console.log("%c red", "color: red"); console.log({ a: [1, 2] });',
        "({ [Symbol.for('Jupyter.display')]: () => ({ 'text/html': '<b>x</b>' }) })",
        "40 + 2",
      ),
      async (dir, path) => {
        const [first] = await runNotebooks({ dir, html: false, log: quiet });
        assert.equal(first?.ok, true, first?.message);
        const once = await Deno.readTextFile(path);
        await runNotebooks({ dir, html: false, log: quiet });
        assert.equal(await Deno.readTextFile(path), once);
        assert.ok(!once.includes("\u001b"));
        assert.ok(!once.includes('"execution": {'));
        assert.ok(once.includes('"text/html": [\n       "<b>x</b>"'));

        const [checked] = await runNotebooks({ dir, check: true, log: quiet });
        assert.equal(checked?.ok, true, checked?.message);

        const edited = once.replace('"42"', '"43"');
        assert.notEqual(edited, once);
        await Deno.writeTextFile(path, edited);
        const [stale] = await runNotebooks({ dir, check: true, log: quiet });
        assert.equal(stale?.ok, false);
        assert.match(
          stale?.message ?? "",
          /demo\.ipynb: committed outputs are stale; first difference in cell 2/,
        );
        assert.equal(await Deno.readTextFile(path), edited, "--check changes no file");
      },
    ),
});

Deno.test({
  name: "runNotebooks() names the notebook, cell and error when a cell throws",
  ignore,
  fn: () =>
    withNotebook(
      notebook("const a = 1;", "a + 1", 'throw new RangeError("boom at " + a);', "a"),
      async (dir, path) => {
        const before = await Deno.readTextFile(path);
        const [outcome] = await runNotebooks({ dir, html: false, log: quiet });
        assert.equal(outcome?.ok, false);
        assert.match(
          outcome?.message ?? "",
          /demo\.ipynb: cell 2 \(throw new RangeError.*\) threw an error/,
        );
        assert.match(outcome?.message ?? "", /RangeError: boom at 1/);
        assert.equal(await Deno.readTextFile(path), before, "a failed run leaves the file alone");
      },
    ),
});

Deno.test({
  name: "runNotebooks() fails a cell that runs past the timeout",
  ignore,
  fn: () =>
    withNotebook(
      notebook("1", "await new Promise((resolve) => setTimeout(resolve, 20_000));"),
      async (dir) => {
        const [outcome] = await runNotebooks({ dir, html: false, cellTimeoutS: 2, log: quiet });
        assert.equal(outcome?.ok, false);
        assert.match(outcome?.message ?? "", /cell 1 .*timed out \(limit 2 s per cell\)/);
      },
    ),
});
