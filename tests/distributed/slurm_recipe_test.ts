/**
 * The README's Slurm job-array recipe, run for real on a one-node cluster on localhost
 * (munged, slurmctld, slurmd): the job script taken from the README with a small
 * experiment, one array task killed on the first pass, the merge naming the missing
 * runs, the failed task re-submitted alone, and the merged file compared byte for byte
 * with an unsharded sweep.
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
import { startSlurmCluster } from "./slurm_cluster.ts";

const SETTINGS = SMALL_SWEEP;

Deno.test({
  name:
    "README Slurm recipe: a job array's shards merge to the unsharded file, a killed task is named and re-run",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await requireTools("slurm");
    const dir = await Deno.makeTempDir({ prefix: "kvmsched-slurm-" });
    const cluster = await startSlurmCluster(join(dir, "cluster"));
    try {
      const readme = await readReadme(PROJECT_ROOT);
      // The shared file system: one copy of the repository, where the job runs.
      const repo = join(dir, "kvmsched");
      await copyRepo(PROJECT_ROOT, repo);
      const reference = await referenceSweep(SETTINGS, join(dir, "reference.csv"));
      const job = withSettings(recipe(readme, "slurm-job"), SETTINGS);
      await Deno.writeTextFile(join(repo, "sweep.sbatch"), job);
      const merge = withSettings(recipe(readme, "slurm-merge"), SETTINGS);
      const env = cluster.env;
      // --wait returns when every task of the array has ended; the array's size on the
      // command line overrides the script's #SBATCH line, as the README says.
      const submit = (array: string) =>
        runScript(`sbatch --wait --array=${array} sweep.sbatch`, repo, env);

      // First pass: task 2 is killed as soon as its sweep starts.
      const stop = new AbortController();
      const killer = killWhenSeen(["task", "sweep", `--shard 2/${SETTINGS.n}`], dir, stop.signal);
      const first = await submit(`1-${SETTINGS.n}`);
      stop.abort();
      assert.ok((await killer) !== undefined, `task 2 was never seen running:\n${first.output}`);
      assert.notEqual(first.code, 0, `sbatch --wait reports the failed task:\n${first.output}`);
      const failedMerge = await runScript(merge, repo, env);
      assert.notEqual(failedMerge.code, 0, failedMerge.output);
      assertNamesShardRuns(failedMerge.output, SETTINGS, 2);

      // Second pass: only task 2 again, then the merge matches the unsharded sweep.
      const second = await submit("2");
      assert.equal(second.code, 0, second.output);
      const merged = await runScript(merge, repo, env);
      assert.equal(merged.code, 0, merged.output);
      const out = join(repo, "data", `${SETTINGS.exp.replaceAll("-", "_")}.csv`);
      assert.equal(await Deno.readTextFile(out), reference);
    } finally {
      await cluster.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
