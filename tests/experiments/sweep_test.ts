import assert from "node:assert/strict";
import { join } from "node:path";
import type { Experiment } from "../../lib/experiments/experiment.ts";
import { expandRuns } from "../../lib/experiments/experiment.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runSweep, SweepError } from "../../lib/experiments/sweep.ts";

/** A registered experiment (workers look it up by name) with short runs. */
const quick: Experiment = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };

Deno.test("runSweep() writes one row per run, in run order, whatever the worker count", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await runSweep(quick, { seeds: 1, workers: 1, out: join(dir, "one.csv") });
    await runSweep(quick, { seeds: 1, workers: 3, out: join(dir, "three.csv") });
    const one = await Deno.readTextFile(join(dir, "one.csv"));
    assert.equal(one, await Deno.readTextFile(join(dir, "three.csv")));
    const lines = one.trimEnd().split("\n");
    assert.equal(lines.length, 1 + expandRuns(quick, 1).length);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(",")[0])), [
      ...Array(lines.length - 1).keys(),
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSweep() resumes an interrupted file: skips the rows written, loses none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const full = join(dir, "full.csv");
    await runSweep(quick, { seeds: 1, out: full });
    const text = await Deno.readTextFile(full);
    // Interrupted after 5 rows and half of the 6th.
    const cut = text.split("\n").slice(0, 6).join("\n") + "\n" + text.split("\n")[6]!.slice(0, 20);
    const part = join(dir, "part.csv");
    await Deno.writeTextFile(part, cut);
    const summary = await runSweep(quick, { seeds: 1, out: part });
    assert.equal(summary.skipped, 5);
    assert.equal(await Deno.readTextFile(part), text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSweep() refuses a file from another configuration and leaves it alone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "x.csv");
    await runSweep(quick, { seeds: 1, out });
    const before = await Deno.readTextFile(out);
    await assert.rejects(
      () => runSweep({ ...quick, durationMs: 6 }, { seeds: 1, out }),
      (e: Error) => e instanceof SweepError && /another configuration/.test(e.message),
    );
    assert.equal(await Deno.readTextFile(out), before);
    await assert.rejects(() => runSweep(quick, { shard: "4/3", out }), /Invalid --shard/);
    await assert.rejects(() => runSweep(quick, { workers: 0, out }), /Invalid --workers/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
