/**
 * Crash consistency of sweeps: `deno task sweep` is killed at random points (SIGINT and
 * SIGKILL, to the task process and to the sweep process that runs the workers), then
 * resumed; the file must be the uninterrupted sweep's, byte for byte. The number of kill
 * points is KVMSCHED_CRASH_POINTS (default 4, one of each kind), their times drawn from
 * KVMSCHED_CRASH_SEED (default 12); `deno task fuzz --budget N` runs more.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runSweep } from "../../lib/experiments/sweep.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";

const POINTS = Number(Deno.env.get("KVMSCHED_CRASH_POINTS") ?? "4");
const SEED = Number(Deno.env.get("KVMSCHED_CRASH_SEED") ?? "12");
/** The sweep every kill point interrupts: 40 short runs of native-pipes, 2 workers. */
const ARGS = ["native-pipes", "--seeds", "1", "--duration-ms", "5", "--warmup-ms", "1"];
const quick = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };

/** The uninterrupted sweep's file, made once. */
const reference = (async () => {
  const dir = await Deno.makeTempDir();
  try {
    await runSweep(quick, { seeds: 1, out: join(dir, "ref.csv") });
    return await Deno.readTextFile(join(dir, "ref.csv"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
})();

/** Starts `deno task sweep ARGS --out out --workers 2`. */
function startSweep(out: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "sweep", ...ARGS, "--workers", "2", "--out", out],
    cwd: PROJECT_ROOT,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** The ids of the processes whose parent is `pid` (Linux's /proc). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry.name));
    } catch { /* gone meanwhile */ }
  }
  return found;
}

/** Whether process `pid` still runs (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits until `pid` is gone or `ms` pass; returns whether it is gone. */
async function gone(pid: number, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** A small seeded generator (mulberry32) for the kill times. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `deno task sweep` on `out` to the end and asserts it succeeds. */
async function resume(out: string): Promise<void> {
  const status = await startSweep(out).status;
  assert.equal(status.code, 0, `the resumed sweep of ${out} failed`);
}

type Kill = { target: "task" | "sweep"; signal: "SIGINT" | "SIGKILL" };
const KINDS: Kill[] = [
  { target: "task", signal: "SIGKILL" },
  { target: "sweep", signal: "SIGKILL" },
  { target: "task", signal: "SIGINT" },
  { target: "sweep", signal: "SIGINT" },
];

/** Kills a sweep of `out` after `delayMs` as `kind` says; returns the sweep process, if seen. */
async function interrupt(out: string, delayMs: number, kind: Kill): Promise<number | undefined> {
  const task = startSweep(out);
  await new Promise((r) => setTimeout(r, delayMs));
  const sweep = childrenOf(task.pid)[0];
  try {
    Deno.kill(kind.target === "task" || sweep === undefined ? task.pid : sweep, kind.signal);
  } catch { /* it had finished */ }
  await task.status;
  return sweep;
}

Deno.test("deno task sweep killed at random points, then resumed, writes the uninterrupted file byte for byte", async () => {
  const expected = await reference;
  const next = random(SEED);
  const dir = await Deno.makeTempDir();
  const counts: Record<string, number> = {};
  try {
    for (let point = 0; point < POINTS; point++) {
      const kind = KINDS[point % KINDS.length]!;
      const delayMs = 300 + Math.floor(next() * 2500);
      const out = join(dir, `p${point}.csv`);
      const sweep = await interrupt(out, delayMs, kind);
      if (sweep !== undefined) {
        const stopped = await gone(sweep, 5000);
        if (!stopped) Deno.kill(sweep, "SIGKILL");
        assert.ok(
          stopped,
          `sweep process ${sweep} still runs after ${kind.signal} to the ${kind.target}`,
        );
      }
      await resume(out);
      assert.equal(
        await Deno.readTextFile(out),
        expected,
        `kill point ${point}: ${kind.signal} to the ${kind.target} after ${delayMs} ms`,
      );
      assert.throws(() => Deno.statSync(`${out}.lock`), Deno.errors.NotFound);
      const key = `${kind.signal} to ${kind.target}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  console.log(`crash test: ${POINTS} kill points (${JSON.stringify(counts)}), seed ${SEED}`);
});

Deno.test("deno task sweep leaves no sweep writing on its own when the task process is SIGKILLed", async () => {
  const expected = await reference;
  const dir = await Deno.makeTempDir();
  const out = join(dir, "x.csv");
  const task = startSweep(out);
  let orphan: number | undefined;
  try {
    // Wait for a few rows, so the kill lands mid-sweep.
    for (let i = 0; i < 200; i++) {
      const text = await Deno.readTextFile(out).catch(() => "");
      if (text.split("\n").length > 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const sweep = childrenOf(task.pid)[0];
    assert.ok(sweep !== undefined, "the sweep process runs");
    orphan = sweep;
    task.kill("SIGKILL");
    await task.status;
    assert.ok(await gone(sweep, 3000), `sweep process ${sweep} went on after its task was killed`);
    const size = (await Deno.stat(out)).size;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await Deno.stat(out)).size, size, "nothing writes the file any more");
    await resume(out);
    assert.equal(await Deno.readTextFile(out), expected);
  } finally {
    for (const pid of [task.pid, orphan]) {
      try {
        if (pid !== undefined && alive(pid)) Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await task.status;
    await Deno.remove(dir, { recursive: true });
  }
});
