/**
 * The README's GNU parallel recipe, run for real: four ssh hosts on localhost (each its
 * own sshd and home with its own copy of the repository), the recipe taken from the
 * README with a small experiment, one shard killed on the first pass, and the merged file
 * compared byte for byte with an unsharded sweep.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertNamesShardRuns,
  copyRepo,
  PROJECT_ROOT,
  referenceSweep,
  requireTools,
  SMALL_SWEEP,
} from "./fixtures.ts";
import { killWhenSeen, runScript } from "./processes.ts";
import { readReadme, recipe, withSettings } from "./readme_recipe.ts";
import { startSshHosts } from "./ssh_hosts.ts";

const SETTINGS = SMALL_SWEEP;

Deno.test({
  name:
    "README GNU parallel recipe: shards over ssh merge to the unsharded file, a killed shard is named and re-run",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await requireTools("gnu-parallel");
    const dir = await Deno.makeTempDir({ prefix: "kvmsched-parallel-" });
    const hosts = await startSshHosts(4, join(dir, "ssh"));
    try {
      const local = join(dir, "local");
      await copyRepo(PROJECT_ROOT, local);
      for (const home of hosts.homes) await copyRepo(PROJECT_ROOT, join(home, "kvmsched"));
      const reference = await referenceSweep(SETTINGS, join(dir, "reference.csv"));
      const script = withSettings(recipe(await readReadme(PROJECT_ROOT), "gnu-parallel"), SETTINGS);
      const env = { ...hosts.env, PARALLEL_HOME: join(dir, "parallel-home") };
      await Deno.mkdir(env.PARALLEL_HOME, { recursive: true });
      await Deno.writeTextFile(join(env.PARALLEL_HOME, "will-cite"), "");
      const merged = join(local, "data", `${SETTINGS.exp.replaceAll("-", "_")}.csv`);
      await Deno.remove(merged).catch(() => {});

      // First pass: shard 2 is killed as soon as its sweep starts.
      const stop = new AbortController();
      const killer = killWhenSeen(["task", "sweep", `--shard 2/${SETTINGS.n}`], dir, stop.signal);
      const first = await runScript(script, local, env);
      stop.abort();
      const killed = await killer;
      assert.ok(killed !== undefined, `shard 2 was never seen running:\n${first.output}`);
      assert.notEqual(first.code, 0, `the first pass must fail:\n${first.output}`);
      assertNamesShardRuns(first.output, SETTINGS, 2);

      // Second pass: the same recipe re-runs only the failed shard, and the merge matches.
      const second = await runScript(script, local, env);
      assert.equal(second.code, 0, second.output);
      const joblog = await Deno.readTextFile(
        join(local, "data", "shards", `${SETTINGS.exp}.joblog`),
      );
      const shard2Runs = joblog.split("\n").filter((l) => l.includes(`--shard 2/${SETTINGS.n}`));
      assert.equal(shard2Runs.length, 2, `shard 2 ran twice in all:\n${joblog}`);
      const otherRuns = joblog.split("\n").filter((l) => / --shard [134]\/4 /.test(l));
      assert.equal(otherRuns.length, 3, `shards 1, 3 and 4 ran once:\n${joblog}`);
      assert.equal(await Deno.readTextFile(merged), reference);
    } finally {
      await hosts.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
