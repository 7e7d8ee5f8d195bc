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

/** The committed list of lib/mod.ts's run-time names, one a line, sorted. */
const PUBLIC_NAMES = join(PROJECT_ROOT, "tests", "mod_public_names.txt");

/** lib/mod.ts's run-time names, sorted (types have no run-time name). */
function publicNames(): string[] {
  return Object.keys(lib).sort();
}

Deno.test("lib/mod.ts exports every name the notebooks use, each of its kind", () => {
  const exported: Record<string, unknown> = lib;
  for (const [name, kind] of Object.entries(NOTEBOOK_NAMES)) {
    assert.ok(name in exported, `lib/mod.ts no longer exports '${name}'`);
    assert.equal(typeof exported[name], kind, `'${name}' is not a ${kind}`);
  }
});

Deno.test("lib/mod.ts exports every export of each folder's mod.ts (no name lost to a clash)", async () => {
  // `export *` from two modules that export the same name exports neither, silently.
  const exported = new Set(Object.keys(lib));
  const lost: string[] = [];
  for (const folder of FOLDERS) {
    const module = await import(join(PROJECT_ROOT, "lib", folder, "mod.ts"));
    for (const name of Object.keys(module)) {
      if (!exported.has(name)) lost.push(`${name} (lib/${folder}/mod.ts)`);
    }
  }
  assert.deepEqual(lost, [], "names that lib/mod.ts does not export: a clash between folders?");
});

Deno.test("lib/mod.ts exports exactly the committed public names (tests/mod_public_names.txt)", async () => {
  const committed = (await Deno.readTextFile(PUBLIC_NAMES)).trimEnd().split("\n");
  const now = publicNames();
  const gone = committed.filter((name) => !now.includes(name));
  const added = now.filter((name) => !committed.includes(name));
  assert.deepEqual(
    { gone, added },
    { gone: [], added: [] },
    "the public surface changed; if that is meant, update the list with " +
      "'deno run -A tests/mod_test.ts --update' and say so in the commit",
  );
});

if (import.meta.main && Deno.args.includes("--update")) {
  await Deno.writeTextFile(PUBLIC_NAMES, `${publicNames().join("\n")}\n`);
  console.log(`${relative(PROJECT_ROOT, PUBLIC_NAMES)}: ${publicNames().length} names`);
}
