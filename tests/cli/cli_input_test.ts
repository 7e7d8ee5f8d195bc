import assert from "node:assert/strict";
import { join } from "node:path";
import { main as simMain } from "../../lib/cli/sim.ts";
import { main as sweepMain } from "../../lib/cli/sweep.ts";
import { main as mergeMain } from "../../lib/cli/merge.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import { runScenario } from "../../lib/scenarios/registry.ts";
import { parseAssignments } from "../../lib/scenarios/params.ts";
import { writeCsv } from "../../lib/report/write_csv.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runSweep } from "../../lib/experiments/sweep.ts";
import { capture, hasStackTrace } from "./capture.ts";

/** Asserts the command refused its input: exit 2, `pattern` on stderr, no stdout, no stack. */
async function assertRefused(
  main: (args: readonly string[]) => number | Promise<number>,
  args: string[],
  pattern: RegExp,
): Promise<void> {
  const { code, stdout, stderr } = await capture(main, args);
  assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
  assert.match(stderr, pattern, args.join(" "));
  assert.equal(stdout, "", args.join(" "));
  assert.ok(!hasStackTrace(stderr), `a stack trace for ${args.join(" ")}: ${stderr}`);
}

/** Runs `body` in a fresh folder and asserts that nothing was written to it. */
async function inEmptyDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [], "nothing written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("sweep refuses --seeds too large for memory, naming the bound, and writes nothing", async () => {
  await inEmptyDir(async (dir) => {
    await assertRefused(
      sweepMain,
      ["native-pipes", "--seeds", "100000000", "--out", join(dir, "x.csv")],
      /'seeds' must be at most 25000 \(40 grid points x seeds must be at most 1000000 runs\): current value is 100000000/,
    );
  });
});

Deno.test("sweep and merge refuse an empty, directory or unwritable --out with exit 2 and no stack trace", async () => {
  await inEmptyDir(async (dir) => {
    const quick = ["native-pipes", "--seeds", "1", "--duration-ms", "5", "--warmup-ms", "1"];
    await assertRefused(
      sweepMain,
      [...quick, "--out", ""],
      /Invalid --out: must be a file path: current value is ""/,
    );
    await assertRefused(sweepMain, [...quick, "--out", dir], /Cannot write .*: Is a directory/);
    await Deno.writeTextFile(join(dir, "file"), "");
    await assertRefused(
      sweepMain,
      [...quick, "--out", join(dir, "file", "x.csv")],
      /Cannot write .*file\/x\.csv/,
    );
    await assertRefused(mergeMain, [...quick, "--out", "", "a.csv"], /Invalid --out/);
    await Deno.remove(join(dir, "file"));
  });
});

Deno.test("sim refuses --set constructor=1 and __proto__=1 as unknown keys, not as given twice", async () => {
  await assertRefused(
    simMain,
    ["thread-2x2", "--set", "constructor=1"],
    /Unknown key 'constructor' for scenario 'thread-2x2'/,
  );
  await assertRefused(simMain, ["thread-2x2", "--set", "__proto__=1"], /Unknown key '__proto__'/);
  await assertRefused(simMain, ["thread-2x2", "--set", "toString=1"], /Unknown key 'toString'/);
  assert.deepEqual(Object.keys(parseAssignments(["constructor=1", "hasOwnProperty=2"])), [
    "constructor",
    "hasOwnProperty",
  ]);
});

Deno.test("sim accepts plain decimal integers and numbers only", async () => {
  await assertRefused(
    simMain,
    ["thread-2x2", "--set", "vms=0x10"],
    /'vms' of scenario 'thread-2x2': "0x10"; allowed: integer 1..64/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--set", "vms=2.0000000000000001"],
    /'vms'.*"2.0000000000000001"/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--set", "shootdownProbability=1e-1"],
    /'shootdownProbability'.*"1e-1"/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--seed", "1e3"],
    /Invalid --seed: must be an integer from 0 to 9007199254740991: current value is "1e3"/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--duration-ms", "0x10"],
    /--duration-ms.*from 1 to 3600000/,
  );
});

Deno.test("runScenario() refuses values of the wrong type, saying the type, instead of coercing them", () => {
  assert.throws(
    () => runScenario("overcommit", { vms: true }),
    /'vms' of scenario 'overcommit': true \(boolean\), not a number or its decimal text; allowed: integer 1..64/,
  );
  assert.throws(
    () => runScenario("overcommit", { vms: [4] }),
    /'vms'.*\[4\] \(array\), not a number/,
  );
  assert.throws(
    () => runScenario("thread-2x2", { placement: ["pinned"] }),
    /'placement'.*\["pinned"\] \(array\), not a string/,
  );
  assert.throws(() => runScenario("thread-2x2", { vms: null }), /'vms'.*null \(null\)/);
  assert.throws(() => runScenario("thread-2x2", {}, { seed: "3" as never }), /'seed'/);
});

Deno.test("sim refuses --seed or --format given twice, like a --set key given twice", async () => {
  await assertRefused(
    simMain,
    ["thread-2x2", "--seed", "1", "--seed", "2"],
    /--seed given twice \("1", "2"\)/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--format", "csv", "--format", "json"],
    /--format given twice/,
  );
  await assertRefused(
    simMain,
    ["thread-2x2", "--set", "vms=1", "--set", "vms=2"],
    /key 'vms' given twice/,
  );
  await assertRefused(
    sweepMain,
    ["native-pipes", "--workers", "1", "--workers", "2"],
    /--workers given twice/,
  );
});

Deno.test("sim says the range of --seed when it is past the largest safe integer", async () => {
  await assertRefused(
    simMain,
    ["thread-2x2", "--seed", "9007199254740992"],
    /must be an integer from 0 to 9007199254740991: current value is "9007199254740992"/,
  );
  await assertRefused(simMain, ["thread-2x2", "--seed=-1"], /from 0 to/);
});

Deno.test("runScenario() refuses a reversed, negative, NaN or late trace window", () => {
  const run = (fromMs: number, toMs: number) =>
    runScenario("native-pipes", {}, { durationMs: 10, warmupMs: 1, trace: { fromMs, toMs } });
  assert.throws(
    () => run(5, 2),
    /'trace\.toMs' must be a number greater than 'trace\.fromMs' \(5\): current value is 2/,
  );
  assert.throws(
    () => run(-1, 2),
    /'trace\.fromMs' must be a number from 0 to below the run's end \(11 ms\): current value is -1/,
  );
  assert.throws(() => run(NaN, 2), /'trace\.fromMs'.*current value is NaN/);
  assert.throws(() => run(1, NaN), /'trace\.toMs'.*current value is NaN/);
  assert.throws(() => run(11, 20), /'trace\.fromMs'.*current value is 11/);
  assert.ok(run(1, 5).trace !== undefined);
});

Deno.test("a symbolic link as --out is written through: the link stays, its target gets the rows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const quick = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
    await Deno.mkdir(join(dir, "real"));
    await Deno.symlink("real/target.csv", join(dir, "link.csv"));
    await runSweep(quick, { seeds: 1, shard: "1/8", out: join(dir, "link.csv") });
    assert.ok(Deno.lstatSync(join(dir, "link.csv")).isSymlink, "the link is still a link");
    assert.equal(
      (await Deno.readTextFile(join(dir, "real", "target.csv"))).split("\n").length,
      1 + 5 + 1,
    );
    await Deno.symlink("real/rows.csv", join(dir, "rows-link.csv"));
    await writeCsv(join(dir, "rows-link.csv"), [{ a: 1 }]);
    assert.ok(Deno.lstatSync(join(dir, "rows-link.csv")).isSymlink);
    assert.equal(await Deno.readTextFile(join(dir, "real", "rows.csv")), "a\n1\n");
    assert.deepEqual([...Deno.readDirSync(join(dir, "real"))].map((e) => e.name).sort(), [
      "rows.csv",
      "target.csv",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every task's --help prints its usage and exits 0", async () => {
  const tasks = Object.keys(
    JSON.parse(await Deno.readTextFile(join(PROJECT_ROOT, "deno.json"))).tasks,
  )
    // notebooks and report belong to the notebook tooling, which has its own test.
    .filter((task) => task !== "notebooks" && task !== "report");
  const results = await Promise.all(tasks.map(async (task) => {
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", task, "--help"],
      cwd: PROJECT_ROOT,
      stdin: "null",
      stderr: "null",
    }).output();
    return { task, code, stdout: new TextDecoder().decode(stdout) };
  }));
  for (const { task, code, stdout } of results) {
    assert.equal(code, 0, `deno task ${task} --help`);
    assert.match(stdout, new RegExp(`^Usage: deno task ${task}`), `deno task ${task} --help`);
  }
});

Deno.test("an extra positional argument is named in the error", async () => {
  await assertRefused(simMain, ["thread-2x2", "extra"], /unexpected argument 'extra'/);
  await assertRefused(
    sweepMain,
    ["native-pipes", "more", "--seeds", "1"],
    /unexpected argument 'more'/,
  );
  await assertRefused(simMain, [], /expected at least 1 argument, got 0/);
});
