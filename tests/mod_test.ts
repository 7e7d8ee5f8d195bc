/**
 * lib/mod.ts is the public entry that notebooks import: these tests fail when a name
 * they use is gone, when any folder's mod.ts stops re-exporting one of its files, or
 * when a mod.ts points at a module that does not exist (the import fails).
 */

import assert from "node:assert/strict";
import { join, relative } from "node:path";
import * as lib from "../lib/mod.ts";
import { PROJECT_ROOT } from "../lib/project_root.ts";

/** The names the notebooks use, and what each is. */
const NOTEBOOK_NAMES: Record<string, "function" | "object" | "number"> = {
  NS_PER_MS: "number",
  Plot: "object",
  Signal: "function",
  Simulation: "function",
  coschedulingPinned: "function",
  coschedulingStacked: "function",
  coschedulingUniform: "function",
  groupSummary: "function",
  mm1MeanInSystem: "function",
  ms: "function",
  plot: "function",
  ratioSummary: "function",
  readCsv: "function",
  readExperimentCsv: "function",
  runScenario: "function",
  seconds: "function",
  simulateMm1: "function",
  summarize: "function",
  table: "function",
  timelineBars: "function",
};

/** The folders that lib/mod.ts re-exports, each through its own mod.ts. */
const FOLDERS = [
  "engine",
  "host",
  "guest",
  "kvm",
  "native",
  "workloads",
  "metrics",
  "scenarios",
  "experiments",
  "report",
];

/**
 * Files whose exports are internal to their folder (helpers of one file, or a worker's
 * entry point that must not be imported on the main thread).
 */
const INTERNAL = new Set([
  "report/serialize_markup.ts",
  "experiments/sweep_worker.ts",
  "experiments/worker_pool.ts",
]);

Deno.test("lib/mod.ts exports every name the notebooks use, each of its kind", () => {
  const exported: Record<string, unknown> = lib;
  for (const [name, kind] of Object.entries(NOTEBOOK_NAMES)) {
    assert.ok(name in exported, `lib/mod.ts no longer exports '${name}'`);
    assert.equal(typeof exported[name], kind, `'${name}' is not a ${kind}`);
  }
});

Deno.test("lib/mod.ts exports every export of every file of its folders (but the internal ones)", async () => {
  const exported = new Set(Object.keys(lib));
  const lost: string[] = [];
  for (const folder of FOLDERS) {
    const dir = join(PROJECT_ROOT, "lib", folder);
    for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
      const file = `${folder}/${entry.name}`;
      if (!entry.name.endsWith(".ts") || entry.name === "mod.ts" || INTERNAL.has(file)) continue;
      const module = await import(join(dir, entry.name));
      for (const name of Object.keys(module)) {
        if (!exported.has(name)) lost.push(`${name} (lib/${file})`);
      }
    }
  }
  assert.deepEqual(
    lost,
    [],
    `not exported by lib/mod.ts: re-export them from their folder's mod.ts, or list the file in INTERNAL of ${
      relative(PROJECT_ROOT, new URL(import.meta.url).pathname)
    }`,
  );
});
