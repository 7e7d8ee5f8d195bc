/**
 * Fixtures of the distributed-sweep tests: the Debian packages each needs (installed
 * when missing and root, as `deno task setup` does for Jupyter; otherwise the test stops
 * with the exact apt-get line), a copy of the repository as a remote host would hold it,
 * and the unsharded sweep the merged shards must equal.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import { aptInstallCommand, ensureDebianTools } from "../../lib/notebook/debian_tools.ts";
import { expandRuns } from "../../lib/experiments/experiment.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runOrThrow } from "./processes.ts";
import type { RecipeSettings } from "./readme_recipe.ts";

export { PROJECT_ROOT };

/** The tools each recipe needs: executable -> the Debian package that provides it. */
export const RECIPE_TOOLS = {
  "gnu-parallel": {
    parallel: "parallel",
    sshd: "openssh-server",
    ssh: "openssh-client",
    "ssh-keygen": "openssh-client",
    rsync: "rsync",
  },
  slurm: {
    slurmctld: "slurmctld",
    slurmd: "slurmd",
    sbatch: "slurm-client",
    munged: "munge",
  },
} as const;

/**
 * Makes sure the tools of `recipe` are on this machine: installs their packages with
 * apt-get when missing and root.
 *
 * @throws {Error} with the exact apt-get line when they are missing and this is not root.
 */
export async function requireTools(recipe: keyof typeof RECIPE_TOOLS): Promise<void> {
  const tools: Record<string, string> = RECIPE_TOOLS[recipe];
  const missing = await ensureDebianTools(tools);
  if (missing.length > 0) {
    throw new Error(
      `The ${recipe} test needs ${missing.join(", ")}; as root run: ${aptInstallCommand(missing)}`,
    );
  }
}

/** Copies the repository's files (tracked and untracked, not ignored) to `dest`. */
export async function copyRepo(root: string, dest: string): Promise<void> {
  const list = await runOrThrow("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: root,
  });
  const files = list.split("\0").filter((f) => f !== "");
  for (const file of files) {
    const target = join(dest, file);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    await Deno.copyFile(join(root, file), target).catch((error) => {
      // A file deleted in the work tree but still tracked: skip it.
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }
}

/** The file an unsharded sweep of `settings` writes (run here, one worker). */
export async function referenceSweep(settings: RecipeSettings, out: string): Promise<string> {
  await runOrThrow(Deno.execPath(), [
    "task",
    "sweep",
    settings.exp,
    "--seeds",
    String(settings.seeds),
    "--out",
    out,
  ], { cwd: PROJECT_ROOT });
  return await Deno.readTextFile(out);
}

/** The small sweep both recipe tests run: 4 configurations x 2 seeds in 4 shards. */
export const SMALL_SWEEP: RecipeSettings = { exp: "lock-holder-preemption", seeds: 2, n: 4 };

/**
 * Asserts that `output` (of a merge) says runs are missing and names exactly the runs of
 * shard `k`, in order.
 */
export function assertNamesShardRuns(output: string, settings: RecipeSettings, k: number): void {
  const missing = missingRunsOfShard(settings, k);
  assert.match(output, new RegExp(`missing ${missing.length} of \\d+ runs`, "i"));
  assert.ok(
    output.includes(`: ${missing.join(", ")}`),
    `the merge names runs ${missing.join(", ")}:\n${output}`,
  );
}

/** The run indices shard `k` of `settings.n` holds (index mod n = k - 1). */
export function missingRunsOfShard(settings: RecipeSettings, k: number): number[] {
  const runs = expandRuns(getExperiment(settings.exp), settings.seeds);
  return runs.map((r) => r.index).filter((i) => i % settings.n === k - 1);
}
