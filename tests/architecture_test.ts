/**
 * The layers of `lib/` point one way. Each folder may import only from folders below it:
 *
 *   engine < host < guest < kvm < native, workloads < metrics < scenarios < report
 *   < experiments < notebook < cli
 *
 * `report` sits beside the model (it reads traces and rows, never runs a simulation) and
 * below `experiments`, which write their rows with it. `lib/project_root.ts` imports
 * nothing; `lib/mod.ts` is the top. Besides the direction, no set of files may import
 * each other in a circle, type-only imports included.
 */

import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), "..", "lib");

/** The rank of each layer; a file may import from a rank not above its own. */
const LAYERS: Record<string, number> = {
  "project_root.ts": 0,
  engine: 1,
  host: 2,
  guest: 3,
  kvm: 4,
  native: 5,
  workloads: 5,
  metrics: 6,
  scenarios: 7,
  report: 8,
  experiments: 9,
  notebook: 10,
  cli: 11,
  "mod.ts": 12,
};

/** Every `.ts` file under `dir`, as paths relative to `lib/`. */
function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...listTs(path));
    else if (entry.name.endsWith(".ts")) out.push(relative(LIB, path));
  }
  return out.sort();
}

/**
 * The relative module specifiers a file imports or re-exports, static ones only. Lines of
 * doc comments (` * import ...`) are not imports.
 */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const re = /^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gm;
  for (const m of source.matchAll(re)) found.push(m[1] as string);
  const bare = /^import\s+"(\.[^"]+)"/gm;
  for (const m of source.matchAll(bare)) found.push(m[1] as string);
  return found;
}

function layerOf(file: string): string {
  const top = file.split("/")[0] as string;
  if (!(top in LAYERS)) throw new Error(`lib/${file} is in no layer: add '${top}' to LAYERS`);
  return top;
}

/** The import graph of `lib/`: file -> files it imports (relative to `lib/`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listTs(LIB)) {
    const source = Deno.readTextFileSync(join(LIB, file));
    const targets = importsOf(source).map((spec) =>
      relative(LIB, resolve(LIB, dirname(file), spec))
    );
    graph.set(file, targets);
  }
  return graph;
}

/** Upward imports: `from -> to` where the target's layer ranks above the importer's. */
export function upwardImports(graph: Map<string, string[]>): string[] {
  const bad: string[] = [];
  for (const [file, targets] of graph) {
    const rank = LAYERS[layerOf(file)] as number;
    for (const target of targets) {
      if (target.startsWith("..")) {
        bad.push(`lib/${file} -> ${target} (outside lib/)`);
        continue;
      }
      const targetRank = LAYERS[layerOf(target)] as number;
      if (targetRank > rank) bad.push(`lib/${file} -> lib/${target}`);
    }
  }
  return bad;
}

/** The circles of the graph (strongly connected components with more than one file). */
export function importCircles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a graph of a few hundred files.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
        circles.push(component.sort());
      }
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return circles;
}

Deno.test("lib/ imports point down the layers (engine < host < ... < cli)", () => {
  const bad = upwardImports(importGraph());
  assert.deepEqual(bad, [], `imports toward a higher layer:\n${bad.join("\n")}`);
});

Deno.test("lib/ has no import circle, type-only imports included", () => {
  const circles = importCircles(importGraph());
  assert.deepEqual(
    circles,
    [],
    `import circles:\n${circles.map((c) => c.join(" <-> ")).join("\n")}`,
  );
});

Deno.test("upwardImports() and importCircles() find what they look for", () => {
  const graph = new Map<string, string[]>([
    ["host/a.ts", ["metrics/b.ts"]],
    ["metrics/b.ts", ["host/a.ts"]],
    ["engine/c.ts", []],
  ]);
  assert.deepEqual(upwardImports(graph), ["lib/host/a.ts -> lib/metrics/b.ts"]);
  assert.deepEqual(importCircles(graph), [["host/a.ts", "metrics/b.ts"]]);
});

Deno.test("importsOf() reads multi-line and re-exports, not doc examples", () => {
  const source = [
    "/**",
    ' * import { x } from "../kvm/vm.ts";',
    " */",
    "import {",
    "  a,",
    '} from "./a.ts";',
    'export * from "../engine/b.ts";',
    'import type { C } from "./c.ts";',
  ].join("\n");
  assert.deepEqual(importsOf(source), ["./a.ts", "../engine/b.ts", "./c.ts"]);
});
