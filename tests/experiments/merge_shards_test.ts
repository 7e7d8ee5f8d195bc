import assert from "node:assert/strict";
import { join } from "node:path";
import type { Experiment } from "../../lib/experiments/experiment.ts";
import { mergeShards, MissingRunsError } from "../../lib/experiments/merge_shards.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runSweep, SweepError } from "../../lib/experiments/sweep.ts";

/** A registered experiment (workers look it up by name) with short runs. */
const quick: Experiment = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };

/** The whole sweep of `quick` and its 3 shards, computed once for every test. */
const sweeps = (async () => {
  const dir = await Deno.makeTempDir();
  try {
    await runSweep(quick, { seeds: 1, out: join(dir, "all.csv") });
    const shards: string[] = [];
    for (const k of [1, 2, 3]) {
      await runSweep(quick, { seeds: 1, shard: `${k}/3`, out: join(dir, `s${k}.csv`) });
      shards.push(await Deno.readTextFile(join(dir, `s${k}.csv`)));
    }
    return { all: await Deno.readTextFile(join(dir, "all.csv")), shards };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
})();

/** Writes the whole sweep and the shards to a fresh directory, then runs `body`. */
async function withShards(
  body: (dir: string, all: string, shards: string[]) => Promise<void>,
): Promise<void> {
  const { all, shards } = await sweeps;
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "all.csv"), all);
    const paths: string[] = [];
    for (const [i, text] of shards.entries()) {
      paths.push(join(dir, `s${i + 1}.csv`));
      await Deno.writeTextFile(paths[i]!, text);
    }
    await body(dir, join(dir, "all.csv"), paths);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Asserts that merging `files` rejects with `kind` and a message matching `pattern`, writing nothing. */
async function assertRefused(
  dir: string,
  files: string[],
  kind: typeof SweepError,
  pattern: RegExp,
): Promise<void> {
  const out = join(dir, "merged.csv");
  await assert.rejects(
    () => mergeShards(quick, files, { seeds: 1, out }),
    (e: Error) => e instanceof kind && pattern.test(e.message),
  );
  await assert.rejects(() => Deno.stat(out), Deno.errors.NotFound, "nothing written");
}

Deno.test("mergeShards() of --shard k/n files is byte-identical to an unsharded sweep", async () => {
  await withShards(async (dir, all, shards) => {
    const out = join(dir, "merged.csv");
    assert.equal(await mergeShards(quick, [...shards].reverse(), { seeds: 1, out }), 40);
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(all));
  });
});

Deno.test("mergeShards() names the missing runs when a shard is left out", async () => {
  await withShards(async (dir, _all, shards) => {
    const out = join(dir, "merged.csv");
    const error = await mergeShards(quick, [shards[0]!, shards[2]!], { seeds: 1, out }).then(
      () => null,
      (e: Error) => e,
    );
    assert.ok(error instanceof MissingRunsError, String(error));
    const shard2 = [...Array(40).keys()].filter((i) => i % 3 === 1);
    assert.deepEqual(error.missing, shard2);
    assert.match(
      error.message,
      new RegExp(`Missing 13 of 40 runs of 'native-pipes': ${shard2.slice(0, 3).join(", ")},`),
    );
    await assert.rejects(() => Deno.stat(out), Deno.errors.NotFound);
  });
});

Deno.test("mergeShards() does not take a last row without its newline: the run is missing", async () => {
  await withShards(async (dir, _all, shards) => {
    const text = await Deno.readTextFile(shards[1]!);
    await Deno.writeTextFile(shards[1]!, text.slice(0, -1));
    const out = join(dir, "merged.csv");
    const error = await mergeShards(quick, shards, { seeds: 1, out }).then(() => null, (e) => e);
    assert.ok(error instanceof MissingRunsError, String(error));
    assert.deepEqual(error.missing, [37]);
    assert.match(error.message, /s2\.csv:14: the last line has no newline/);
  });
});

Deno.test("mergeShards() refuses a run that appears twice, naming both places", async () => {
  await withShards(async (dir, _all, shards) => {
    await assertRefused(
      dir,
      [...shards, shards[0]!],
      SweepError,
      /run 0 appears again \(first at .*s1\.csv:2\)/,
    );
  });
});

Deno.test("mergeShards() refuses rows with a missing or extra cell, naming file and line", async () => {
  await withShards(async (dir, _all, shards) => {
    const lines = (await Deno.readTextFile(shards[0]!)).split("\n");
    lines[2] = lines[2]!.replace(/,[^,]*$/, "");
    lines[3] = `${lines[3]},extra`;
    await Deno.writeTextFile(shards[0]!, lines.join("\n"));
    await assertRefused(dir, shards, SweepError, /s1\.csv:3: \d+ cells where the header has \d+/);
    await assertRefused(dir, shards, SweepError, /s1\.csv:4: \d+ cells where the header has \d+/);
  });
});

Deno.test("mergeShards() refuses shards of another experiment that shares the columns", async () => {
  await withShards(async (dir, _all, shards) => {
    // Same scenario and columns, other timing: rows of another experiment.
    const other = join(dir, "other.csv");
    await runSweep({ ...quick, durationMs: 6 }, { seeds: 1, shard: "2/3", out: other });
    await assertRefused(
      dir,
      [shards[0]!, other, shards[2]!],
      SweepError,
      /other\.csv:2: 'durationMs' is '6' where run 1 of 'native-pipes' has '5'/,
    );
  });
});

Deno.test("mergeShards() refuses a missing file and a file with other columns", async () => {
  await withShards(async (dir, _all, shards) => {
    await assertRefused(
      dir,
      [shards[0]!, join(dir, "nope.csv")],
      SweepError,
      /nope\.csv does not exist/,
    );
    const text = await Deno.readTextFile(shards[2]!);
    await Deno.writeTextFile(shards[2]!, text.replace(/^run,/, "index,"));
    await assertRefused(dir, shards, SweepError, /s3\.csv:1: the columns are not those/);
  });
});

Deno.test("mergeShards() with other seeds than the shards were run with names what differs", async () => {
  await withShards(async (dir, _all, shards) => {
    const out = join(dir, "merged.csv");
    await assert.rejects(
      () => mergeShards(quick, shards, { seeds: 2, out }),
      (e: Error) =>
        e instanceof SweepError &&
        /'seed' is '1' where run \d+ of 'native-pipes' has '2'/.test(e.message),
    );
  });
});
