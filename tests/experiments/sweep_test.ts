import assert from "node:assert/strict";
import { join } from "node:path";
import type { Experiment } from "../../lib/experiments/experiment.ts";
import { expandRuns } from "../../lib/experiments/experiment.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { experimentColumns } from "../../lib/experiments/run_spec_line.ts";
import { FileBusyError } from "../../lib/experiments/file_lock.ts";
import { runSweep, SweepError, SweepInterruptedError } from "../../lib/experiments/sweep.ts";

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

Deno.test("runSweep() refuses a second sweep on the same file while one writes it, naming file and process", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "x.csv");
    // The two shards of one experiment pointed at one file, at the same time.
    const first = runSweep(quick, { seeds: 1, shard: "1/2", out });
    // Start the second only once the first holds the lock (its lock file names it): on a
    // loaded machine the first may not have reached its lock after one turn of the loop.
    for (let i = 0; i < 2_000; i++) {
      const holder = await Deno.readTextFile(`${out}.lock`).catch(() => "");
      if (holder.endsWith("\n")) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await assert.rejects(
      () => runSweep(quick, { seeds: 1, shard: "2/2", out }),
      (e: Error) =>
        e instanceof FileBusyError && e.message.includes(out) &&
        e.message.includes(`process ${Deno.pid}`),
    );
    await first;
    const lines = (await Deno.readTextFile(out)).trimEnd().split("\n");
    assert.equal(lines.length, 1 + 20, "the first sweep's 20 rows, none lost");
    // Done: the lock is gone and the file can be swept again.
    await runSweep(quick, { seeds: 1, shard: "1/2", out });
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["x.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `line` (a row of `quick`, no quoted cells) with the cell of `column` set to `cell`. */
function setCell(line: string, column: string, cell: string): string {
  const cells = line.split(",");
  cells[experimentColumns(quick).indexOf(column)] = cell;
  return cells.join(",");
}

/** `text` (a finished sweep's file) with `edit` applied to its lines. */
function damage(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split("\n");
  edit(lines);
  return lines.join("\n");
}

Deno.test("runSweep() resumes a damaged file: names each damaged row by file and line, runs it again", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const full = join(dir, "full.csv");
    await runSweep(quick, { seeds: 1, out: full });
    const text = await Deno.readTextFile(full);
    const part = join(dir, "part.csv");
    await Deno.writeTextFile(
      part,
      damage(text, (lines) => {
        lines[2] = lines[2]!.replace(/,[^,]*$/, ""); // run 1: a cell missing
        lines[4] = `${lines[4]},7`; // run 3: a cell extra
        lines[6] = setCell(lines[6]!, "throughputRps", "x1"); // run 5: a metric that is no number
        lines[8] = setCell(lines[8]!, "throughputRps", '"1'); // run 7: an unclosed quote
        lines.splice(10, 0, lines[10]!); // run 9 twice
      }),
    );
    const problems: string[] = [];
    const summary = await runSweep(quick, {
      seeds: 1,
      out: part,
      onProblem: (m) => problems.push(m),
    });
    assert.equal(await Deno.readTextFile(part), text, "the resumed file is the full one");
    assert.equal(summary.skipped, 40 - 5);
    assert.equal(summary.damaged, 5);
    assert.equal(problems.length, 5, problems.join("\n"));
    assert.match(problems[0]!, /part\.csv:3: damaged row \(\d+ cells where the header has \d+\)/);
    assert.match(problems[1]!, /part\.csv:5: damaged row \(\d+ cells where the header has \d+\)/);
    assert.match(problems[2]!, /part\.csv:7: damaged row \(metric 'throughputRps' is 'x1'/);
    assert.match(problems[3]!, /part\.csv:9: damaged row \(an unclosed quote\)/);
    assert.match(problems[4]!, /part\.csv:12: run 9 appears again \(first on line 11\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSweep() reports an interrupted last line and refuses a file of another shard", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "s.csv");
    await runSweep(quick, { seeds: 1, shard: "1/2", out });
    const text = await Deno.readTextFile(out);
    await Deno.writeTextFile(out, text.slice(0, -5));
    const problems: string[] = [];
    await runSweep(quick, { seeds: 1, shard: "1/2", out, onProblem: (m) => problems.push(m) });
    assert.equal(await Deno.readTextFile(out), text);
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0]!, /s\.csv:21: the last line has no newline/);
    await assert.rejects(
      () => runSweep(quick, { seeds: 1, shard: "2/2", out }),
      /s\.csv:2: a row of another configuration/,
    );
    assert.equal(await Deno.readTextFile(out), text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSweep() stops when its signal aborts, keeps the rows written, and resumes to the same file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const full = join(dir, "full.csv");
    await runSweep(quick, { seeds: 1, out: full });
    const out = join(dir, "x.csv");
    const controller = new AbortController();
    let finished = 0;
    await assert.rejects(
      () =>
        runSweep(quick, {
          seeds: 1,
          out,
          signal: controller.signal,
          onProgress: (p) => {
            finished = p.done;
            if (p.done === 7) controller.abort(new Error("test"));
          },
        }),
      SweepInterruptedError,
    );
    assert.equal(finished, 7);
    assert.equal((await Deno.readTextFile(out)).trimEnd().split("\n").length, 1 + 7);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["full.csv", "x.csv"]);
    const summary = await runSweep(quick, { seeds: 1, out });
    assert.equal(summary.skipped, 7);
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(full));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
