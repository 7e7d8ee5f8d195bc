/**
 * The README's results table: the thread's claims against the model's numbers, each
 * computed from the committed CSV files in data/ with its confidence interval and the
 * command that regenerates it.
 *
 * @module
 */

import { join } from "node:path";
import type { CsvTable } from "./parse_csv.ts";
import { readCsv } from "./read_csv.ts";
import { ratioSummary, summarize, type Summary } from "./summarize.ts";

/** One claim and what the model says. */
export interface ResultRow {
  readonly claim: string;
  readonly thread: string;
  readonly model: string;
  readonly command: string;
}

type Row = Record<string, unknown>;

function select(rows: CsvTable, where: Readonly<Record<string, string | number>>): Row[] {
  return rows.filter((r) => Object.entries(where).every(([k, v]) => String(r[k]) === String(v)));
}

function stat(rows: Row[], metric: string): Summary {
  return summarize(rows.map((r) => r[metric] as number));
}

function pct(s: Summary): string {
  const digits = Math.abs(s.mean) < 0.01 ? 2 : 1;
  return `${(100 * s.mean).toFixed(digits)}% ± ${(100 * s.ci95).toFixed(digits)}`;
}

function ratio(a: Summary, b: Summary): string {
  const r = ratioSummary(a, b);
  return `${r.ratio.toFixed(2)}x (${r.low.toFixed(2)}-${r.high.toFixed(2)})`;
}

function change(a: Summary, b: Summary): string {
  const r = ratioSummary(a, b);
  const f = (x: number) => `${x >= 1 ? "+" : ""}${(100 * (x - 1)).toFixed(0)}%`;
  return `${f(r.ratio)} (${f(r.low)} to ${f(r.high)})`;
}

/** The peak of a throughput curve (by mean) and the summary at `ratio` vCPUs per pCPU. */
function curve(rows: Row[], at: number): { peak: Summary; peakRatio: number; there: Summary } {
  const byRatio = new Map<number, Row[]>();
  for (const r of rows) {
    const x = ((r.vms as number) * (r.vcpusPerVm as number)) / 16;
    byRatio.set(x, [...(byRatio.get(x) ?? []), r]);
  }
  let peak: Summary | null = null;
  let peakRatio = NaN;
  for (const [x, list] of byRatio) {
    const s = stat(list, "throughputRps");
    if (peak === null || s.mean > peak.mean) {
      peak = s;
      peakRatio = x;
    }
  }
  return { peak: peak!, peakRatio, there: stat(byRatio.get(at) ?? [], "throughputRps") };
}

/**
 * Computes the results table from the CSV files under `dataDir`.
 *
 * @throws {Error} when a file is missing (run `deno task reproduce`).
 */
export async function resultsRows(dataDir: string): Promise<ResultRow[]> {
  const load = (file: string) => readCsv(join(dataDir, file));
  const t22 = await load("thread_2x2.csv");
  const sens = await load("thread_2x2_sensitivity.csv");
  const cos = await load("coscheduling.csv");
  const oc = await load("overcommit.csv");
  const mit = await load("mitigations.csv");
  const mit22 = await load("mitigations_2x2.csv");
  const pipes = await load("native_pipes.csv");
  const lhp = await load("lock_holder_preemption.csv");

  const cfg = (placement: string, affine: string, sync: string, patch: string) =>
    select(t22, { placement, affineWakeups: affine, syncWakeups: sync, vcpuWakeupPatch: patch });
  const def = cfg("unpinned", "on", "on", "off");
  const pin = cfg("pinned", "on", "on", "off");
  const tput = (rows: Row[]) => stat(rows, "throughputRps");
  const util = (rows: Row[]) => stat(rows, "hostUtilization");
  const sensAt = (placement: string, p: number) =>
    tput(select(sens, { series: "shootdowns", placement, shootdownProbability: p }));
  const co = (series: string, workload: string) =>
    stat(select(cos, { series, workload }), "coscheduledShare");
  const oc2 = (affine: string) => select(oc, { series: "2 vCPUs", affineWakeups: affine });
  const on = curve(oc2("on"), 2.5);
  const off = curve(oc2("off"), 2.5);
  const mitAt = (series: string) => tput(select(mit, { series, vms: 24 }));
  const m22 = (series: string) => tput(select(mit22, { series }));
  const pipeAt = (series: string, pairs: number, flag: string) =>
    tput(select(pipes, { series, pairs, affineWakeups: flag, syncWakeups: flag }));
  // Spinning as a share of the guest's running time (useful + spin + overhead).
  const spinOfRunning = (competitor: string) =>
    summarize(
      select(lhp, { competitor, placement: "unpinned" }).map((r) =>
        (r.spinShare as number) /
        ((r.usefulShare as number) + (r.spinShare as number) + (r.overheadShare as number))
      ),
    );

  return [
    {
      claim:
        "Pinning vCPU0→pCPU0, vCPU1→pCPU1 vs the default scheduler (2 pCPUs, two 2-vCPU Windows 2003 guests, webbench): throughput",
      thread: "5-10x",
      model: ratio(tput(pin), tput(def)),
      command: "deno task sweep thread-2x2",
    },
    {
      claim: "... at the same CPU utilisation (pinned vs default)",
      thread: "same",
      model: `${pct(util(pin))} vs ${pct(util(def))}`,
      command: "deno task sweep thread-2x2",
    },
    {
      claim: "The same gap without TLB shootdowns, and with a shootdown in 30% of requests",
      thread: "-",
      model: `${ratio(sensAt("pinned", 0), sensAt("unpinned", 0))}; ${
        ratio(sensAt("pinned", 0.3), sensAt("unpinned", 0.3))
      }`,
      command: "deno task sweep thread-2x2-sensitivity",
    },
    {
      claim: "The thread's patch (no affine or sync wakeups for vCPU threads) vs default",
      thread: "improved a lot",
      model: ratio(tput(cfg("unpinned", "on", "on", "on")), tput(def)),
      command: "deno task sweep thread-2x2",
    },
    {
      claim: "SYNC_WAKEUPS off vs on (unpinned)",
      thread: "one of the two culprits",
      model: ratio(tput(cfg("unpinned", "on", "off", "off")), tput(def)),
      command: "deno task sweep thread-2x2",
    },
    {
      claim: "Co-scheduling share, pinned (CPU-hog guests)",
      thread: "50%",
      model: pct(co("pinned", "cpu-hog")),
      command: "deno task sweep coscheduling",
    },
    {
      claim: "Co-scheduling share, unpinned without affine wakeups (random placement, CPU hogs)",
      thread: "33%",
      model: pct(co("random placement, no affine pulls", "cpu-hog")),
      command: "deno task sweep coscheduling",
    },
    {
      claim: "Co-scheduling share, unpinned with affine wakeups (webbench guests)",
      thread: "0%",
      model: pct(co("default", "webbench")),
      command: "deno task sweep coscheduling",
    },
    {
      claim:
        `Overcommit, 16 logical CPUs, 2-vCPU guests, AFFINE_WAKEUPS on: throughput at 2.5 vCPUs/pCPU vs the peak (at ${on.peakRatio})`,
      thread: "-80% when vcpu/pcpu > 2",
      model: change(on.there, on.peak),
      command: "deno task sweep overcommit",
    },
    {
      claim: `... with AFFINE_WAKEUPS off (peak at ${off.peakRatio})`,
      thread: "keeps rising",
      model: change(off.there, off.peak),
      command: "deno task sweep overcommit",
    },
    {
      claim:
        "Share of a 2-vCPU kernbench guest's running time spent spinning: alone; beside a while(1) guest (2 pCPUs)",
      thread: "Friebel & Biemueller (Xen, 2008): 0.2%; 7.6%",
      model: `${pct(spinOfRunning("none"))}; ${pct(spinOfRunning("cpu-hog"))}`,
      command: "deno task sweep lock-holder-preemption",
    },
    {
      claim:
        "Ping-pong pairs (no VM) on 16 CPUs, affine and sync wakeups on vs off: 16 pairs (every CPU busy); 8 pairs (idle CPUs left)",
      thread: "affine wakeups were introduced for a reason",
      model: `${ratio(pipeAt("16 pCPUs", 16, "on"), pipeAt("16 pCPUs", 16, "off"))}; ${
        ratio(pipeAt("16 pCPUs", 8, "on"), pipeAt("16 pCPUs", 8, "off"))
      }`,
      command: "deno task sweep native-pipes",
    },
    {
      claim: "PLE with the 2010 100 us sleep vs no PLE (3 vCPUs/pCPU on 16 CPUs; 2x2 host)",
      thread: "PLE has the ability to eliminate the issue at some extent",
      model: `${ratio(mitAt("PLE + sleep"), mitAt("none"))}; ${
        ratio(m22("PLE + sleep"), m22("none"))
      }`,
      command: "deno task sweep mitigations; deno task sweep mitigations-2x2",
    },
    {
      claim: "PLE with directed yield vs PLE with the 2010 sleep (same two set-ups)",
      thread: "with proper directed yield we should be much better",
      model: `${ratio(mitAt("PLE + directed yield"), mitAt("PLE + sleep"))}; ${
        ratio(m22("PLE + directed yield"), m22("PLE + sleep"))
      }`,
      command: "deno task sweep mitigations; deno task sweep mitigations-2x2",
    },
    {
      claim: "PV spinlocks vs plain ticket locks, Linux guests (same two set-ups)",
      thread: "without PLE, we need paravirtualized spinlocks",
      model: `${
        ratio(mitAt("PV spinlocks (linux-pv)"), mitAt("PV spinlocks off (linux ticket)"))
      }; ${ratio(m22("PV spinlocks (linux-pv)"), m22("PV spinlocks off (linux ticket)"))}`,
      command: "deno task sweep mitigations; deno task sweep mitigations-2x2",
    },
    {
      claim: "Windows 2008 spin notification vs Windows 2003 (same two set-ups)",
      thread: "Windows 2008 can report spinlock spinning through a hypercall",
      model: `${ratio(mitAt("Windows 2008 notification"), mitAt("none"))}; ${
        ratio(m22("Windows 2008 notification"), m22("none"))
      }`,
      command: "deno task sweep mitigations; deno task sweep mitigations-2x2",
    },
  ];
}

/**
 * The table as Markdown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultsMarkdown } from "./results_table.ts";
 * const md = resultsMarkdown([{ claim: "c", thread: "t", model: "m", command: "deno task x" }]);
 * assert.ok(md.includes("| c | t | m | `deno task x` |"));
 * ```
 */
export function resultsMarkdown(rows: readonly ResultRow[]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    "Means over seeds with 95% confidence intervals (Student t; ratios by the delta method on the log scale), computed from the committed files in `data/` by `deno task results`. Each command regenerates its CSV file.",
    "",
    "| claim | the thread | the model | regenerate with |",
    "|---|---|---|---|",
    ...rows.map((r) =>
      `| ${esc(r.claim)} | ${esc(r.thread)} | ${esc(r.model)} | \`${r.command}\` |`
    ),
  ].join("\n");
}
