import assert from "node:assert/strict";
import { join } from "node:path";
import type { Experiment } from "../../lib/experiments/experiment.ts";
import { mergeShards, MissingRunsError } from "../../lib/experiments/merge_shards.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { experimentColumns } from "../../lib/experiments/run_spec_line.ts";
import { runSweep, SweepError } from "../../lib/experiments/sweep.ts";
import { main as mergeMain } from "../../lib/cli/merge.ts";

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

Deno.test("mergeShards() refuses a run repeated within one file", async () => {
  await withShards(async (dir, _all, shards) => {
    const lines = (await Deno.readTextFile(shards[1]!)).split("\n");
    lines.splice(3, 0, lines[2]!);
    await Deno.writeTextFile(shards[1]!, lines.join("\n"));
    await assertRefused(
      dir,
      shards,
      SweepError,
      /s2\.csv:4: run 4 appears again \(first at .*s2\.csv:3\)/,
    );
  });
});

Deno.test("mergeShards() refuses a metric that is not a number and an unclosed quote, naming file and line", async () => {
  await withShards(async (dir, _all, shards) => {
    const column = experimentColumns(quick).indexOf("throughputRps");
    const lines = (await Deno.readTextFile(shards[2]!)).split("\n");
    const cells = lines[5]!.split(",");
    cells[column] = "12abc";
    lines[5] = cells.join(",");
    lines[6] = lines[6]!.replace(/,/, ',"');
    await Deno.writeTextFile(shards[2]!, lines.join("\n"));
    await assertRefused(dir, shards, SweepError, /s3\.csv:6: metric 'throughputRps' is '12abc'/);
    await assertRefused(dir, shards, SweepError, /s3\.csv:7: an unclosed quote/);
  });
});

Deno.test("mergeShards() refuses the shard of another experiment with the same columns", async () => {
  await withShards(async (dir, _all, shards) => {
    const text = await Deno.readTextFile(shards[1]!);
    await Deno.writeTextFile(
      shards[1]!,
      text.replaceAll(",native-pipes,16 pCPUs,", ",other,16 pCPUs,"),
    );
    await assertRefused(
      dir,
      shards,
      SweepError,
      /s2\.csv:2: 'experiment' is 'other' where run 1 of 'native-pipes' has 'native-pipes'/,
    );
  });
});

Deno.test("mergeShards() takes shards with a byte-order mark and CRLF line ends, and writes the plain file", async () => {
  await withShards(async (dir, all, shards) => {
    const text = await Deno.readTextFile(shards[0]!);
    await Deno.writeTextFile(shards[0]!, `\ufeff${text.replaceAll("\n", "\r\n")}`);
    const out = join(dir, "merged.csv");
    await mergeShards(quick, shards, { seeds: 1, out });
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(all));
  });
});

/** Runs `deno task merge`'s main on `args`, returning its status and what it printed. */
async function mergeCli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const log = console.log;
  const error = console.error;
  let stdout = "";
  let stderr = "";
  console.log = (...a: unknown[]) => void (stdout += `${a.join(" ")}\n`);
  console.error = (...a: unknown[]) => void (stderr += `${a.join(" ")}\n`);
  try {
    return { code: await mergeMain(args), stderr, stdout };
  } finally {
    console.log = log;
    console.error = error;
  }
}

Deno.test("deno task merge exits 1 naming missing runs, 2 on a damaged shard, 0 when whole; writes only then", async () => {
  await withShards(async (dir, all, shards) => {
    const out = join(dir, "merged.csv");
    const common = ["native-pipes", "--seeds", "1", "--duration-ms", "5", "--warmup-ms", "1"];
    const missing = await mergeCli([...common, "--out", out, shards[0]!, shards[2]!]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /merge: Missing 13 of 40 runs of 'native-pipes': 1, 4, 7/);
    assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
    await Deno.writeTextFile(
      shards[1]!,
      (await Deno.readTextFile(shards[1]!)).replace(/\n[^\n]*\n$/, "\n1,\n"),
    );
    const damaged = await mergeCli([...common, "--out", out, ...shards]);
    assert.equal(damaged.code, 2);
    assert.match(damaged.stderr, /s2\.csv:14: 2 cells where the header has/);
    assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
    assert.equal(damaged.stdout, "");
    const { shards: clean } = await sweeps;
    await Deno.writeTextFile(shards[1]!, clean[1]!);
    const ok = await mergeCli([...common, "--out", out, ...shards]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(all));
  });
});
