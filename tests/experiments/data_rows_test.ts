import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import { expectedReadme } from "../../lib/cli/results.ts";
import { expandRuns } from "../../lib/experiments/experiment.ts";
import { EXPERIMENTS } from "../../lib/experiments/registry.ts";
import { experimentColumns, runSpecLine } from "../../lib/experiments/run_spec_line.ts";

for (const experiment of EXPERIMENTS) {
  Deno.test(`data/${experiment.output} is complete and a sample of its rows is reproduced exactly`, async () => {
    const text = await Deno.readTextFile(join(PROJECT_ROOT, "data", experiment.output));
    const [header, ...lines] = text.trimEnd().split("\n");
    assert.equal(header, experimentColumns(experiment).join(","), "the columns of the experiment");
    const specs = expandRuns(experiment);
    assert.equal(lines.length, specs.length, "one row per run");
    // The first run and the middle one.
    for (const index of [0, Math.floor(specs.length / 2)]) {
      const { line } = runSpecLine(experiment, specs[index]!);
      assert.equal(`${lines[index]}\n`, line, `row of run ${index}`);
    }
  });
}

Deno.test("README.md's results table is what data/ says (deno task results --write)", async () => {
  const { current, expected } = await expectedReadme();
  assert.equal(current, expected);
});
