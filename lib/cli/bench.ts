/**
 * `deno task bench`: the speed of the model on this machine. Per scenario: events per
 * simulated second, events per unit of work (response or message), ns per event and
 * simulated seconds per wall second; then the engine's hold model against a plain
 * typed-array heap drawing the same random stream, and against SimPy (Debian's
 * `python3-simpy3` under `/usr/bin/python3`), in the same run.
 *
 * `--compare DIR` measures the tree at DIR (a git worktree of another commit) against
 * this one inside this process, alternating runs of the same scenario (A B B A A B ...),
 * and prints medians with quartiles: separate processes on a shared machine vary by 2
 * to 3x, interleaved runs in one process do not.
 *
 * @module
 */

import { runScenario } from "../scenarios/registry.ts";
import { Simulation } from "../engine/simulation.ts";
import { RandomStream } from "../engine/random.ts";
import { parseCommandLine } from "./parse_command.ts";

/** What the bench needs of a tree of the project (this one, or one at `--compare`). */
interface Tree {
  readonly label: string;
  readonly runScenario: typeof runScenario;
  readonly Simulation: typeof Simulation;
  readonly RandomStream: typeof RandomStream;
  /** The simulation of the last scenario run. */
  lastSim(): Simulation | undefined;
}

/** Wraps `Simulation.prototype.run` to remember the last simulation run (for its events). */
function makeTree(
  label: string,
  modules: {
    runScenario: typeof runScenario;
    Simulation: typeof Simulation;
    RandomStream: typeof RandomStream;
  },
): Tree {
  let last: Simulation | undefined;
  const proto = modules.Simulation.prototype;
  const run = proto.run;
  proto.run = function (this: Simulation, options) {
    last = this;
    return run.call(this, options);
  };
  return { label, ...modules, lastSim: () => last };
}

async function loadTree(dir: string): Promise<Tree> {
  const root = new URL(`file://${Deno.realPathSync(dir)}/lib/`);
  const [registry, simulation, random] = await Promise.all([
    import(new URL("scenarios/registry.ts", root).href),
    import(new URL("engine/simulation.ts", root).href),
    import(new URL("engine/random.ts", root).href),
  ]);
  return makeTree(dir, {
    runScenario: registry.runScenario,
    Simulation: simulation.Simulation,
    RandomStream: random.RandomStream,
  });
}

/** One scenario of the table. */
interface BenchScenario {
  readonly name: string;
  readonly scenario: string;
  readonly params: Readonly<Record<string, string>>;
  readonly durationMs: number;
  readonly warmupMs: number;
}

let SCENARIOS: readonly BenchScenario[] = [
  {
    name: "thread-2x2 default",
    scenario: "thread-2x2",
    params: {},
    durationMs: 10000,
    warmupMs: 200,
  },
  {
    name: "thread-2x2 pinned",
    scenario: "thread-2x2",
    params: { placement: "pinned" },
    durationMs: 5000,
    warmupMs: 200,
  },
  {
    name: "overcommit 1 vCPU/pCPU",
    scenario: "overcommit",
    params: { vms: "8" },
    durationMs: 500,
    warmupMs: 50,
  },
  {
    name: "overcommit 2 vCPU/pCPU",
    scenario: "overcommit",
    params: {},
    durationMs: 1000,
    warmupMs: 50,
  },
  {
    name: "native pipes 8 pairs",
    scenario: "native-pipes",
    params: { host: "server-16cpu", pairs: "8" },
    durationMs: 600,
    warmupMs: 20,
  },
  {
    name: "native pipes 16 pairs",
    scenario: "native-pipes",
    params: { host: "server-16cpu", pairs: "16" },
    durationMs: 300,
    warmupMs: 20,
  },
];

/** Pending events of the hold model. */
let HOLD_SIZES: readonly number[] = [1_000, 100_000];

/** What one run of a scenario measured. */
interface ScenarioSample {
  readonly events: number;
  readonly simSeconds: number;
  readonly wallSeconds: number;
  readonly workPerSimSecond: number;
}

function runOnce(tree: Tree, s: BenchScenario, scale: number): ScenarioSample {
  const durationMs = Math.max(1, Math.round(s.durationMs * scale));
  const start = performance.now();
  const result = tree.runScenario(s.scenario, s.params, { durationMs, warmupMs: s.warmupMs });
  const wallSeconds = (performance.now() - start) / 1000;
  const sim = tree.lastSim();
  if (sim === undefined) throw new Error(`Cannot bench ${s.name} as no simulation ran`);
  return {
    events: sim.eventsProcessed,
    simSeconds: (durationMs + s.warmupMs) / 1000,
    wallSeconds,
    workPerSimSecond: result.metrics.throughputRps,
  };
}

/**
 * The hold model: `n` pending timers; each fired one is re-armed at now plus a rounded
 * exponential delay of mean 1 ms. Returns events per wall second.
 */
function holdModel(tree: Tree, n: number, events: number): number {
  const sim = new tree.Simulation();
  const rng = tree.RandomStream.derive(1, "hold");
  for (let i = 0; i < n; i++) {
    const timer = sim.timer(() => timer.after(Math.round(rng.exponential(1_000_000))));
    timer.after(Math.round(rng.exponential(1_000_000)));
  }
  for (let i = 0; i < Math.min(events, 100_000); i++) sim.step(); // warm up the JIT
  const start = performance.now();
  for (let i = 0; i < events; i++) sim.step();
  return events / ((performance.now() - start) / 1000);
}

/**
 * The reference: the same hold model on a plain binary heap of (time, sequence) in typed
 * arrays, with the same random stream and the same callback-per-event shape.
 */
function referenceHeap(n: number, events: number): number {
  const times = new Float64Array(n);
  const seqs = new Float64Array(n);
  const ids = new Int32Array(n);
  const callbacks: (() => void)[] = [];
  const rng = RandomStream.derive(1, "hold");
  let size = 0;
  let seq = 0;
  let now = 0;
  const push = (id: number, time: number): void => {
    const s = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < time || (times[p] === time && seqs[p]! < s)) break;
      times[i] = times[p]!;
      seqs[i] = seqs[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = time;
    seqs[i] = s;
    ids[i] = id;
  };
  const pop = (): number => {
    const top = ids[0]!;
    now = times[0]!;
    const last = --size;
    const time = times[last]!;
    const s = seqs[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (
        c + 1 < size &&
        (times[c + 1]! < times[c]! || (times[c + 1] === times[c] && seqs[c + 1]! < seqs[c]!))
      ) c++;
      if (time < times[c]! || (time === times[c] && s < seqs[c]!)) break;
      times[i] = times[c]!;
      seqs[i] = seqs[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    times[i] = time;
    seqs[i] = s;
    ids[i] = ids[last]!;
    return top;
  };
  for (let id = 0; id < n; id++) {
    callbacks.push(() => push(id, now + Math.round(rng.exponential(1_000_000))));
    push(id, Math.round(rng.exponential(1_000_000)));
  }
  const step = () => callbacks[pop()]!();
  for (let i = 0; i < Math.min(events, 100_000); i++) step();
  const start = performance.now();
  for (let i = 0; i < events; i++) step();
  return events / ((performance.now() - start) / 1000);
}

const SIMPY_HOLD = `
import random, sys, time, simpy
n, events = int(sys.argv[1]), int(sys.argv[2])
env = simpy.Environment()
rng = random.Random(1)
def holder(env):
    while True:
        yield env.timeout(round(rng.expovariate(1e-6)))
for _ in range(n):
    env.process(holder(env))
for _ in range(min(events, 100000)):
    env.step()
start = time.perf_counter()
for _ in range(events):
    env.step()
print(events / (time.perf_counter() - start))
`;

/** SimPy's events per wall second on the hold model, or a note on why it did not run. */
function simpyHold(n: number, events: number): number | string {
  try {
    const out = new Deno.Command("/usr/bin/python3", {
      args: ["-c", SIMPY_HOLD, String(n), String(events)],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    if (!out.success) {
      return `SimPy not run (${new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)}; ` +
        "install Debian's python3-simpy3)";
    }
    return Number(new TextDecoder().decode(out.stdout).trim());
  } catch (error) {
    return `SimPy not run (${(error as Error).message})`;
  }
}

function quartiles(values: readonly number[]): [number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const x = q * (s.length - 1);
    const lo = Math.floor(x);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (x - lo);
  };
  return [at(0.25), at(0.5), at(0.75)];
}

function fmtQ(values: readonly number[], digits: number): string {
  const [q1, m, q3] = quartiles(values);
  return `${m.toFixed(digits)} [${q1.toFixed(digits)}, ${q3.toFixed(digits)}]`;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
  console.log();
}

function benchTable(tree: Tree, rounds: number, scale: number): void {
  const rows = [[
    "scenario",
    "events/sim s",
    "events/work",
    "ns/event",
    "sim s/wall s (median [q1, q3])",
  ]];
  for (const s of SCENARIOS) {
    runOnce(tree, s, 0.2); // warm up the JIT
    const samples = Array.from({ length: rounds }, () => runOnce(tree, s, scale));
    const a = samples[0]!;
    const eventsPerSimS = a.events / a.simSeconds;
    rows.push([
      s.name,
      eventsPerSimS.toFixed(0),
      (eventsPerSimS / a.workPerSimSecond).toFixed(1),
      fmtQ(samples.map((x) => (x.wallSeconds * 1e9) / x.events), 0),
      fmtQ(samples.map((x) => x.simSeconds / x.wallSeconds), 2),
    ]);
  }
  printTable(rows);
}

function holdTable(tree: Tree, rounds: number, events: number): void {
  const rows = [[
    "hold model, pending",
    "engine M events/s",
    "typed-array heap M events/s",
    "engine / heap",
    "SimPy M events/s",
  ]];
  for (const n of HOLD_SIZES) {
    const engine: number[] = [];
    const heap: number[] = [];
    const ratio: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const e = holdModel(tree, n, events);
      const h = referenceHeap(n, events);
      engine.push(e / 1e6);
      heap.push(h / 1e6);
      ratio.push(e / h);
    }
    const simpy = simpyHold(n, Math.min(events, 300_000));
    rows.push([
      String(n),
      fmtQ(engine, 2),
      fmtQ(heap, 2),
      fmtQ(ratio, 2),
      typeof simpy === "number" ? (simpy / 1e6).toFixed(2) : simpy,
    ]);
  }
  printTable(rows);
}

/** Runs `a` and `b` alternately (A B B A ...) and reports both and the per-pair ratio b / a. */
function compare(a: Tree, b: Tree, rounds: number, scale: number, events: number): void {
  console.log(`A = ${a.label}, B = ${b.label}; ${rounds} interleaved pairs`);
  const rows = [[
    "scenario",
    "A sim s/wall s",
    "B sim s/wall s",
    "B / A per pair",
    "A ns/event",
    "B ns/event",
  ]];
  const pair = (measure: (t: Tree) => number) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let x: number, y: number;
      if (r % 2 === 0) {
        x = measure(a);
        y = measure(b);
      } else {
        y = measure(b);
        x = measure(a);
      }
      xs.push(x);
      ys.push(y);
      ratios.push(y / x);
    }
    return { xs, ys, ratios };
  };
  for (const s of SCENARIOS) {
    runOnce(a, s, 0.2);
    runOnce(b, s, 0.2);
    const nsA: number[] = [];
    const nsB: number[] = [];
    const { xs, ys, ratios } = pair((t) => {
      const x = runOnce(t, s, scale);
      (t === a ? nsA : nsB).push((x.wallSeconds * 1e9) / x.events);
      return x.simSeconds / x.wallSeconds;
    });
    rows.push([s.name, fmtQ(xs, 2), fmtQ(ys, 2), fmtQ(ratios, 3), fmtQ(nsA, 0), fmtQ(nsB, 0)]);
  }
  for (const n of HOLD_SIZES) {
    const { xs, ys, ratios } = pair((t) => holdModel(t, n, events) / 1e6);
    rows.push([
      `hold model, ${n} pending (M ev/s)`,
      fmtQ(xs, 2),
      fmtQ(ys, 2),
      fmtQ(ratios, 3),
      "",
      "",
    ]);
  }
  printTable(rows);
}

const USAGE = `Usage: deno task bench [--compare DIR] [--rounds N] [--scale X] [--events N]
Measures the model on this machine and prints tables (nothing is enforced).
  --compare DIR  also load the tree at DIR (e.g. a git worktree of an older commit) and
                 alternate runs of it (A) and of this tree (B) in this process; given
                 twice, alternate the two trees named
  --rounds N     runs per scenario (default 5; 9 with --compare)
  --scale X      multiply each scenario's measured duration (default 1)
  --events N     events per hold-model run (default 2000000)
  --only TEXT    only the scenarios whose name contains TEXT ("hold" for the hold model)`;

if (import.meta.main) {
  const line = parseCommandLine({
    name: "bench",
    usage: USAGE,
    options: {
      compare: { type: "string", multiple: true },
      rounds: { type: "string" },
      scale: { type: "string" },
      events: { type: "string" },
      only: { type: "string" },
    },
  }, Deno.args);
  if (typeof line === "number") Deno.exit(line);
  const dirs = line.lists.compare ?? [];
  const { rounds: roundsText, scale: scaleText, events: eventsText } = line.values;
  const only = line.values.only;
  if (typeof only === "string") {
    SCENARIOS = SCENARIOS.filter((s) => s.name.includes(only));
    HOLD_SIZES = HOLD_SIZES.filter((n) => `hold ${n}`.includes(only));
  }
  const rounds = Number(roundsText ?? (dirs.length === 0 ? 5 : 9));
  const scale = Number(scaleText ?? 1);
  const events = Number(eventsText ?? 2_000_000);
  for (const [key, value] of [["rounds", rounds], ["scale", scale], ["events", events]] as const) {
    if (!(value > 0) || !Number.isFinite(value)) {
      console.error(`bench: '--${key}' must be a positive number: current value is ${value}`);
      Deno.exit(2);
    }
  }
  const self = makeTree("this tree", { runScenario, Simulation, RandomStream });
  if (dirs.length > 2) {
    console.error("bench: '--compare' may be given at most twice");
    Deno.exit(2);
  }
  if (dirs.length > 0) {
    const [a, b] = await Promise.all(dirs.map(loadTree));
    compare(a!, b ?? self, rounds, scale, events);
  } else {
    benchTable(self, rounds, scale);
    holdTable(self, rounds, events);
  }
}
