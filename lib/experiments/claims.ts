/**
 * The README's claims as data: what the thread (or the literature) says, which
 * experiments answer it, and how the model's number is computed from their rows. A claim
 * names experiments only: its CSV files and its regenerating command come from
 * `EXPERIMENTS` (`claimSources` in results_rows.ts), and `resultsRows` turns the list
 * into the README's table (`deno task results`).
 *
 * @module
 */

import { Topology, TOPOLOGY_PRESETS, type TopologyPresetName } from "../host/topology.ts";
import {
  formatChange,
  formatPercent,
  formatRatio,
  formatRatioSummary,
  formatStates,
} from "../report/format_summary.ts";
import type { CsvTable } from "../report/parse_csv.ts";
import { ratioByState, type StateSummary, stateSummary } from "../report/state_summary.ts";
import { summarize, type Summary } from "../report/summarize.ts";

/** A claim and how the model answers it. */
export interface Claim {
  /**
   * What is claimed. A function of the experiments' rows (as for
   * {@linkcode Claim.model}) when the text quotes the data, such as where a curve peaks.
   */
  readonly claim: string | ((...tables: CsvTable[]) => string);
  /** What the thread (or the literature it cites) says. */
  readonly thread: string;
  /** The names of the experiments in `EXPERIMENTS` whose rows answer the claim. */
  readonly experiments: readonly string[];
  /**
   * The model's answer as text, with its 95% intervals, from the rows of each of
   * {@linkcode Claim.experiments}, in that order.
   */
  readonly model: (...tables: CsvTable[]) => string;
}

type Row = Readonly<Record<string, unknown>>;

/** The rows whose columns have the given values (compared as text). */
function select(rows: readonly Row[], where: Readonly<Record<string, string | number>>): Row[] {
  return rows.filter((r) => Object.entries(where).every(([k, v]) => String(r[k]) === String(v)));
}

function stat(rows: readonly Row[], metric: string): Summary {
  return summarize(rows.map((r) => r[metric] as number));
}

const tput = (rows: readonly Row[]) => stat(rows, "throughputRps");

/** `metric` of `rows` summarised by each run's state, from its own `stackedShare`. */
function states(rows: readonly Row[], metric: string): StateSummary {
  return stateSummary(
    rows.map((r) => r[metric] as number),
    rows.map((r) => r.stackedShare as number),
  );
}

/** How many runs are in each state: "6 stacked, 1 split, 3 partly stacked of 10". */
function stateCounts(s: StateSummary): string {
  const parts =
    ([["stacked", "stacked"], ["split", "split"], ["partial", "partly stacked"]] as const)
      .filter(([state]) => s[state].k > 0).map(([state, name]) => `${s[state].k} ${name}`);
  return `${parts.join(", ")} of ${s.overall.n}`;
}

/**
 * The throughput of `num` against `den` as {@linkcode formatRatio} writes it, and, when
 * the runs of either fall into states, the runs in each state and the ratio within the
 * stacked and within the split state ({@linkcode ratioByState}). With `numWhole` (a
 * configuration that cannot stack, such as pinned), `num` is taken as a whole against
 * each state of `den`.
 */
function tputRatio(num: readonly Row[], den: readonly Row[], numWhole = false): string {
  const n = states(num, "throughputRps");
  const d = states(den, "throughputRps");
  const all = formatRatio(n.overall, d.overall);
  if (!n.inStates && !d.inStates) return all;
  const r = ratioByState(numWhole ? n.overall : n, d);
  const within = ([["stacked", r.stacked], ["split", r.split]] as const)
    .filter(([, x]) => x !== null).map(([name, x]) => `${name} runs ${formatRatioSummary(x!)}`);
  return `${all} over all runs; runs ${stateCounts(n)} vs ${stateCounts(d)}${
    within.length > 0 ? `: ${within.join(", ")}` : ""
  }`;
}

/** The logical CPUs of the host a row ran on (its `host` column names a topology preset). */
function pcpusOf(row: Row): number {
  const host = String(row.host);
  if (!Object.hasOwn(TOPOLOGY_PRESETS, host)) {
    throw new RangeError(
      `Cannot count a row's pCPUs as 'host' must name a topology preset (${
        Object.keys(TOPOLOGY_PRESETS).join(", ")
      }): current value is ${host}`,
    );
  }
  return Topology.preset(host as TopologyPresetName).ncpus;
}

/** The overcommit of a row: its guests' vCPUs per pCPU of its host. */
function vcpusPerPcpu(row: Row): number {
  return ((row.vms as number) * (row.vcpusPerVm as number)) / pcpusOf(row);
}

/** The pCPUs of the host all `rows` ran on. */
function pcpusOfAll(rows: readonly Row[]): number {
  const counts = new Set(rows.map(pcpusOf));
  if (counts.size !== 1) {
    throw new RangeError(
      `Cannot name one host size as the rows ran on hosts of ${[...counts].join(", ")} pCPUs`,
    );
  }
  return [...counts][0] as number;
}

/** The peak of a throughput curve (by mean) and the summary at `at` vCPUs per pCPU. */
function curve(rows: readonly Row[], at: number): {
  peak: Summary;
  peakRatio: number;
  there: Summary;
} {
  const byRatio = new Map<number, Row[]>();
  for (const r of rows) {
    const x = vcpusPerPcpu(r);
    byRatio.set(x, [...(byRatio.get(x) ?? []), r]);
  }
  let peak: Summary | null = null;
  let peakRatio = NaN;
  for (const [x, list] of byRatio) {
    const s = tput(list);
    if (peak === null || s.mean > peak.mean) {
      peak = s;
      peakRatio = x;
    }
  }
  if (peak === null) throw new RangeError("Cannot find the peak of a curve with no rows");
  return { peak, peakRatio, there: tput(byRatio.get(at) ?? []) };
}

// thread-2x2: one configuration of the thread's grid.
const config = (t22: CsvTable, placement: string, affine: string, sync: string, patch: string) =>
  select(t22, { placement, affineWakeups: affine, syncWakeups: sync, vcpuWakeupPatch: patch });
const unpinned = (t22: CsvTable) => config(t22, "unpinned", "on", "on", "off");
const pinned = (t22: CsvTable) => config(t22, "pinned", "on", "on", "off");

// thread-2x2-sensitivity: throughput at a shootdown probability.
const shootdownsAt = (sens: CsvTable, placement: string, p: number) =>
  select(sens, { series: "shootdowns", placement, shootdownProbability: p });
/** Pinned against unpinned at shootdown probability `p`. */
const shootdownGap = (sens: CsvTable, p: number) =>
  tputRatio(shootdownsAt(sens, "pinned", p), shootdownsAt(sens, "unpinned", p), true);

const coscheduled = (cos: CsvTable, series: string, workload: string) =>
  formatStates(states(select(cos, { series, workload }), "coscheduledShare"), formatPercent);

// overcommit: the curve of 2-vCPU guests with AFFINE_WAKEUPS on or off, at 2.5 vCPUs/pCPU.
const overcommit = (oc: CsvTable, affine: string) =>
  select(oc, { series: "2 vCPUs", affineWakeups: affine });
const overcommitCurve = (oc: CsvTable, affine: string) => curve(overcommit(oc, affine), 2.5);

/** Spinning as a share of the guest's running time (useful + spin + overhead). */
const spinOfRunning = (lhp: CsvTable, competitor: string) =>
  summarize(
    select(lhp, { competitor, placement: "unpinned" }).map((r) =>
      (r.spinShare as number) /
      ((r.usefulShare as number) + (r.spinShare as number) + (r.overheadShare as number))
    ),
  );

const pipesAt = (pipes: CsvTable, series: string, pairs: number, flag: string) =>
  tput(select(pipes, { series, pairs, affineWakeups: flag, syncWakeups: flag }));

// mitigations: throughput at 3 vCPUs per pCPU on the server; mitigations-2x2: on the thread's host.
const mitigationAt3 = (mit: CsvTable, series: string) =>
  tput(select(mit, { series }).filter((r) => vcpusPerPcpu(r) === 3));
const mitigation2x2 = (mit22: CsvTable, series: string) => select(mit22, { series });
/**
 * `a` against `b` in both set-ups: "ratio on the server; ratio on the 2x2 host", the
 * latter by state where its runs fall into states.
 */
const inBothSetups = (mit: CsvTable, mit22: CsvTable, a: string, b: string) =>
  `${formatRatio(mitigationAt3(mit, a), mitigationAt3(mit, b))}; ${
    tputRatio(mitigation2x2(mit22, a), mitigation2x2(mit22, b))
  }`;

/** The claims of the README's results table, in its order. */
export const CLAIMS: readonly Claim[] = [
  {
    claim:
      "Pinning vCPU0→pCPU0, vCPU1→pCPU1 vs the default scheduler (2 pCPUs, two 2-vCPU Windows 2003 guests, webbench): throughput",
    thread: "5-10x",
    experiments: ["thread-2x2"],
    model: (t22) => tputRatio(pinned(t22), unpinned(t22), true),
  },
  {
    claim: "... at the same CPU utilisation (pinned vs default)",
    thread: "same",
    experiments: ["thread-2x2"],
    model: (t22) =>
      `${formatPercent(stat(pinned(t22), "hostUtilization"))} vs ${
        formatPercent(stat(unpinned(t22), "hostUtilization"))
      }`,
  },
  {
    claim: "The same gap without TLB shootdowns, and with a shootdown in 30% of requests",
    thread: "-",
    experiments: ["thread-2x2-sensitivity"],
    model: (sens) => `without: ${shootdownGap(sens, 0)}; at 30%: ${shootdownGap(sens, 0.3)}`,
  },
  {
    claim: "The thread's patch (no affine or sync wakeups for vCPU threads) vs default",
    thread: "improved a lot",
    experiments: ["thread-2x2"],
    model: (t22) => tputRatio(config(t22, "unpinned", "on", "on", "on"), unpinned(t22)),
  },
  {
    claim: "SYNC_WAKEUPS off vs on (unpinned)",
    thread: "one of the two culprits",
    experiments: ["thread-2x2"],
    model: (t22) => tputRatio(config(t22, "unpinned", "on", "off", "off"), unpinned(t22)),
  },
  {
    claim: "Co-scheduling share, pinned (CPU-hog guests)",
    thread: "50%",
    experiments: ["coscheduling"],
    model: (cos) => coscheduled(cos, "pinned", "cpu-hog"),
  },
  {
    claim: "Co-scheduling share, unpinned without affine wakeups (random placement, CPU hogs)",
    thread: "33%",
    experiments: ["coscheduling"],
    model: (cos) => coscheduled(cos, "random placement, no affine pulls", "cpu-hog"),
  },
  {
    claim: "Co-scheduling share, unpinned with affine wakeups (webbench guests)",
    thread: "0%",
    experiments: ["coscheduling"],
    model: (cos) => coscheduled(cos, "default", "webbench"),
  },
  {
    claim: (oc) =>
      `Overcommit, ${
        pcpusOfAll(overcommit(oc, "on"))
      } logical CPUs, 2-vCPU guests, AFFINE_WAKEUPS on: throughput at 2.5 vCPUs/pCPU vs the peak (at ${
        overcommitCurve(oc, "on").peakRatio
      })`,
    thread: "-80% when vcpu/pcpu > 2",
    experiments: ["overcommit"],
    model: (oc) => {
      const on = overcommitCurve(oc, "on");
      return formatChange(on.there, on.peak);
    },
  },
  {
    claim: (oc) => `... with AFFINE_WAKEUPS off (peak at ${overcommitCurve(oc, "off").peakRatio})`,
    thread: "keeps rising",
    experiments: ["overcommit"],
    model: (oc) => {
      const off = overcommitCurve(oc, "off");
      return formatChange(off.there, off.peak);
    },
  },
  {
    claim:
      "Share of a 2-vCPU kernbench guest's running time spent spinning: alone; beside a while(1) guest (2 pCPUs)",
    thread: "Friebel & Biemueller (Xen, 2008): 0.2%; 7.6%",
    experiments: ["lock-holder-preemption"],
    model: (lhp) =>
      `${formatPercent(spinOfRunning(lhp, "none"))}; ${
        formatPercent(spinOfRunning(lhp, "cpu-hog"))
      }`,
  },
  {
    claim:
      "Ping-pong pairs (no VM) on 16 CPUs, affine and sync wakeups on vs off: 16 pairs (every CPU busy); 8 pairs (idle CPUs left)",
    thread: "affine wakeups were introduced for a reason",
    experiments: ["native-pipes"],
    model: (pipes) =>
      `${
        formatRatio(pipesAt(pipes, "16 pCPUs", 16, "on"), pipesAt(pipes, "16 pCPUs", 16, "off"))
      }; ${formatRatio(pipesAt(pipes, "16 pCPUs", 8, "on"), pipesAt(pipes, "16 pCPUs", 8, "off"))}`,
  },
  {
    claim: "PLE with the 2010 100 us sleep vs no PLE (3 vCPUs/pCPU on 16 CPUs; 2x2 host)",
    thread: "PLE has the ability to eliminate the issue at some extent",
    experiments: ["mitigations", "mitigations-2x2"],
    model: (mit, mit22) => inBothSetups(mit, mit22, "PLE + sleep", "none"),
  },
  {
    claim: "PLE with directed yield vs PLE with the 2010 sleep (same two set-ups)",
    thread: "with proper directed yield we should be much better",
    experiments: ["mitigations", "mitigations-2x2"],
    model: (mit, mit22) => inBothSetups(mit, mit22, "PLE + directed yield", "PLE + sleep"),
  },
  {
    claim: "PV spinlocks vs plain ticket locks, Linux guests (same two set-ups)",
    thread: "without PLE, we need paravirtualized spinlocks",
    experiments: ["mitigations", "mitigations-2x2"],
    model: (mit, mit22) =>
      inBothSetups(mit, mit22, "PV spinlocks (linux-pv)", "PV spinlocks off (linux ticket)"),
  },
  {
    claim: "Windows 2008 spin notification vs Windows 2003 (same two set-ups)",
    thread: "Windows 2008 can report spinlock spinning through a hypercall",
    experiments: ["mitigations", "mitigations-2x2"],
    model: (mit, mit22) => inBothSetups(mit, mit22, "Windows 2008 notification", "none"),
  },
];
