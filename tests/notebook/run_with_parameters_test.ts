import assert from "node:assert/strict";
import { join } from "node:path";
import { joinLines, type NotebookCell, parseNotebook } from "../../lib/notebook/notebook.ts";
import { runWithParameters } from "../../lib/notebook/run_with_parameters.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";

const QUICKSTART = join(PROJECT_ROOT, "notebooks", "00_quickstart.ipynb");

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(PROJECT_ROOT, "lib/cli/notebooks.ts"), "run", ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "notebooks-run-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names;
}

Deno.test("deno task notebooks run refuses an unknown key or a wrong type before running, and writes nothing", () =>
  withTempDir(async (dir) => {
    const out = join(dir, "run.ipynb");
    const unknown = await runCli(["00_quickstart", "--param", "sed=2", "--out", out]);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /Cannot run notebooks\/00_quickstart\.ipynb as 'sed' is not a parameter: allowed are seed \(number\)/,
    );
    const wrong = await runCli(["00_quickstart", "--param", "seed=abc", "--out", out]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /parameter 'seed' must be a number: current value is "abc"/);
    const none = await runCli(["03_overcommit", "--param", "seed=1", "--out", out]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has no cell tagged 'parameters', so it takes no parameters/);
    assert.deepEqual(await entries(dir), []);
  }));

function outputsOf(cell: NotebookCell | undefined): string {
  return JSON.stringify(cell?.outputs ?? []);
}

Deno.test("runWithParameters() re-runs the quickstart with seed=2: the M/M/1 results change, nothing else", () =>
  withTempDir(async (dir) => {
    const out = join(dir, "seed2.ipynb");
    const outcome = await runWithParameters("00_quickstart", {
      params: ["seed=2"],
      out,
      html: false,
      log: () => {},
    });
    assert.equal(outcome.ok, true, outcome.message);
    const committed = parseNotebook(await Deno.readTextFile(QUICKSTART));
    const run = parseNotebook(await Deno.readTextFile(out));
    const at = committed.cells.findIndex((c) =>
      (c.metadata.tags as string[] | undefined)?.includes("parameters")
    );
    assert.ok(at >= 0, "the quickstart has a parameters cell");
    const injected = run.cells[at + 1];
    assert.deepEqual(injected?.metadata, { tags: ["injected-parameters"] });
    assert.match(joinLines(injected?.source), /^const seed = 2;$/m);
    assert.equal(run.cells.length, committed.cells.length + 1);

    const showsResults = (cell: NotebookCell) =>
      /^(plot|table)\(|confidence intervals contain/m.test(joinLines(cell.source));
    const changed: number[] = [];
    committed.cells.forEach((cell, i) => {
      const after = i > at;
      const twin = run.cells[after ? i + 1 : i];
      assert.equal(joinLines(twin?.source), joinLines(cell.source), `cell ${i} source`);
      if (cell.cell_type !== "code") return;
      if (typeof cell.execution_count === "number") {
        assert.equal(
          twin?.execution_count,
          cell.execution_count + (after ? 1 : 0),
          `cell ${i} count`,
        );
      }
      if (outputsOf(twin) !== outputsOf(cell)) changed.push(i);
    });
    const expected = committed.cells.flatMap((c, i) =>
      (c.cell_type === "code" && showsResults(c) && i > at) ? [i] : []
    );
    assert.ok(expected.length >= 3, "the figure, the table and the summary");
    assert.deepEqual(changed, expected);
    assert.match(outputsOf(run.cells[expected[1]! + 1]), /measured after a 1 s warm-up, seed 2/);
  }));
