/**
 * Scheduling domains: the hierarchy of CPU sets the 2.6.33 load balancer and wakeup
 * placement walk, with the x86 initialisers of that kernel (include/linux/topology.h,
 * SD_SIBLING_INIT, SD_MC_INIT, SD_CPU_INIT, and arch/x86 SD_NODE_INIT).
 *
 * @module
 */

import type { Topology } from "./topology.ts";

/** A level of the hierarchy, lowest first. */
export type DomainLevel = "SMT" | "MC" | "CPU" | "NODE";

/** Behaviour flags of a domain (SD_*). */
export interface DomainFlags {
  /** SD_LOAD_BALANCE: balance across this domain at all. */
  readonly loadBalance: boolean;
  /** SD_BALANCE_NEWIDLE: a CPU about to go idle pulls from this domain. */
  readonly balanceNewidle: boolean;
  /** SD_BALANCE_FORK: place new tasks with find_idlest_group. */
  readonly balanceFork: boolean;
  /** SD_BALANCE_WAKE: search for the idlest CPU on wakeup (off in 2.6.33 defaults). */
  readonly balanceWake: boolean;
  /** SD_WAKE_AFFINE: wakeups may be pulled toward the waking CPU. */
  readonly wakeAffine: boolean;
  /** SD_SHARE_CPUPOWER: SMT siblings share one core's throughput. */
  readonly shareCpuPower: boolean;
  /** SD_SHARE_PKG_RESOURCES: CPUs share a cache; enables select_idle_sibling. */
  readonly sharePkgResources: boolean;
  /** SD_PREFER_SIBLING: the parent treats this domain's groups as capacity 1. */
  readonly preferSibling: boolean;
}

/** The parameters of a domain level. Intervals are in ms, as in the kernel. */
export interface DomainParams {
  /** Unit: ms. */
  readonly minIntervalMs: number;
  /** Unit: ms. */
  readonly maxIntervalMs: number;
  /** The balance interval is multiplied by this when the CPU is busy. */
  readonly busyFactor: number;
  /** A group must be this percent busier than the local one to be pulled from. */
  readonly imbalancePct: number;
  /** Failed balance attempts before cache-hot tasks may be moved. */
  readonly cacheNiceTries: number;
  /** cpu_load index for busy periodic balancing. */
  readonly busyIdx: number;
  /** cpu_load index for idle periodic balancing. */
  readonly idleIdx: number;
  /** cpu_load index for newly-idle balancing. */
  readonly newidleIdx: number;
  /** cpu_load index for wake_affine. */
  readonly wakeIdx: number;
  /** cpu_load index for fork placement. */
  readonly forkexecIdx: number;
  /** The SD_* flags of the level. */
  readonly flags: DomainFlags;
}

const BASE_FLAGS: DomainFlags = {
  loadBalance: true,
  balanceNewidle: true,
  balanceFork: true,
  balanceWake: false,
  wakeAffine: true,
  shareCpuPower: false,
  sharePkgResources: false,
  preferSibling: false,
};

/**
 * The values the levels share: SD_MC_INIT of 2.6.33, which SD_CPU_INIT repeats but for
 * idle_idx. The other levels differ from it where noted.
 */
const BASE_PARAMS: DomainParams = {
  minIntervalMs: 1,
  maxIntervalMs: 4,
  busyFactor: 64,
  imbalancePct: 125,
  cacheNiceTries: 1,
  busyIdx: 2,
  idleIdx: 0,
  newidleIdx: 0,
  wakeIdx: 0,
  forkexecIdx: 0,
  flags: BASE_FLAGS,
};

/** 2.6.33 x86 domain initialisers (power savings off, the default). */
export const DOMAIN_DEFAULTS: Readonly<Record<DomainLevel, DomainParams>> = Object.freeze({
  SMT: {
    ...BASE_PARAMS,
    maxIntervalMs: 2,
    imbalancePct: 110,
    cacheNiceTries: 0,
    busyIdx: 0,
    flags: { ...BASE_FLAGS, shareCpuPower: true, sharePkgResources: true },
  },
  MC: {
    ...BASE_PARAMS,
    flags: { ...BASE_FLAGS, sharePkgResources: true, preferSibling: true },
  },
  CPU: {
    ...BASE_PARAMS,
    idleIdx: 1,
    flags: { ...BASE_FLAGS, preferSibling: true },
  },
  NODE: {
    ...BASE_PARAMS,
    minIntervalMs: 8,
    maxIntervalMs: 32,
    busyFactor: 32,
    cacheNiceTries: 2,
    busyIdx: 3,
    idleIdx: 2,
    flags: { ...BASE_FLAGS },
  },
});

/** SCHED_LOAD_SCALE: the power of one full CPU. */
export const SCHED_LOAD_SCALE = 1024;
/** smt_gain: a core with SMT is worth about 15% more than one thread. */
export const SMT_GAIN = 1178;

/**
 * cpu_power of one logical CPU: 1024, or smt_gain shared by the threads of a core.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cpuPowerOf } from "./sched_domains.ts";
 * assert.ok(cpuPowerOf(1) === 1024 && cpuPowerOf(2) === 589);
 * ```
 */
export function cpuPowerOf(threadsPerCore: number): number {
  return threadsPerCore > 1 ? Math.floor(SMT_GAIN / threadsPerCore) : SCHED_LOAD_SCALE;
}

/** A group of CPUs inside a domain, with its compute power. */
export interface SchedGroup {
  /** Its CPUs, in id order. */
  readonly cpus: readonly number[];
  /** cpu_power: 1024 per full CPU, 589 per SMT thread of a 2-thread core. */
  readonly power: number;
}

/**
 * One CPU's domain at one level: fixed parameters plus the balancer's running state.
 */
export class SchedDomain {
  /** Its level. */
  readonly level: DomainLevel;
  /** The parameters of its level, with the configuration's overrides. */
  readonly params: DomainParams;
  /** The CPUs it spans, in id order. */
  readonly span: readonly number[];
  /** Membership array of the span, indexed by CPU id. */
  readonly inSpan: Uint8Array;
  /** Its groups; the first one holds the owning CPU. */
  readonly groups: readonly SchedGroup[];
  /** The next level down, or null. */
  child: SchedDomain | null = null;
  /** The next level up, or null. */
  parent: SchedDomain | null = null;

  /** balance_interval: the current periodic balance interval. Unit: ms. */
  balanceIntervalMs: number;
  /** last_balance: jiffy of the last periodic balance. */
  lastBalanceJiffy: number = 0;
  /** nr_balance_failed: consecutive failed balance attempts. */
  nrBalanceFailed: number = 0;

  /** A domain spanning `span`, with its groups, on a machine of `ncpus` CPUs. */
  constructor(
    level: DomainLevel,
    params: DomainParams,
    span: readonly number[],
    groups: readonly SchedGroup[],
    ncpus: number,
  ) {
    this.level = level;
    this.params = params;
    this.span = span;
    this.inSpan = new Uint8Array(ncpus);
    for (const cpu of span) this.inSpan[cpu] = 1;
    this.groups = groups;
    this.balanceIntervalMs = params.minIntervalMs;
  }

  /** Whether `cpu` is in the span. */
  spans(cpu: number): boolean {
    return this.inSpan[cpu] === 1;
  }
}

/** Per-level overrides of the domain parameters. */
export type DomainOverrides = Partial<Record<DomainLevel, Partial<Omit<DomainParams, "flags">>>>;

/**
 * Builds every CPU's domains, lowest level first, as __build_sched_domains does on x86,
 * dropping degenerate levels (a span of one CPU, or the same span as the level below).
 *
 * Levels: SMT (siblings of a core, when there is SMT), MC (the package: the CPUs that
 * share the last-level cache), then CPU (all CPUs, groups = packages) or NODE when the
 * topology is NUMA.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Topology } from "./topology.ts";
 * import { buildSchedDomains } from "./sched_domains.ts";
 * const domains = buildSchedDomains(Topology.preset("server-16cpu"));
 * assert.ok(domains[0]!.map((d) => d.level).join() === "SMT,MC,NODE");
 * const small = buildSchedDomains(Topology.preset("host-2cpu"));
 * assert.ok(small[1]!.map((d) => d.level).join() === "MC");
 * ```
 */
export function buildSchedDomains(
  topology: Topology,
  overrides: DomainOverrides = {},
): SchedDomain[][] {
  const { threadsPerCore, numa } = topology.spec;
  const params = (level: DomainLevel): DomainParams => ({
    ...DOMAIN_DEFAULTS[level],
    ...overrides[level],
  });
  const threadPower = cpuPowerOf(threadsPerCore);
  const powerOf = (cpus: readonly number[]) => cpus.length * threadPower;
  const group = (cpus: readonly number[]): SchedGroup => ({ cpus, power: powerOf(cpus) });
  // Groups of a level, rotated so that the owning CPU's group comes first, as the kernel's
  // circular group list starts at the local group.
  const rotate = (groups: SchedGroup[], cpu: number) => {
    const i = groups.findIndex((g) => g.cpus.includes(cpu));
    return [...groups.slice(i), ...groups.slice(0, i)];
  };
  const packages = uniqueSets(topology.allCpus().map((c) => topology.packageCpus(c)));
  const cores = uniqueSets(topology.allCpus().map((c) => topology.smtSiblings(c)));

  return topology.allCpus().map((cpu) => {
    const candidates: SchedDomain[] = [];
    const siblings = topology.smtSiblings(cpu);
    const pkg = topology.packageCpus(cpu);
    candidates.push(
      new SchedDomain(
        "SMT",
        params("SMT"),
        siblings,
        siblings.map((c) => group([c])),
        topology.ncpus,
      ),
    );
    candidates.push(
      new SchedDomain(
        "MC",
        params("MC"),
        pkg,
        rotate(cores.filter((g) => g.every((c) => pkg.includes(c))).map(group), cpu),
        topology.ncpus,
      ),
    );
    const top: DomainLevel = numa ? "NODE" : "CPU";
    candidates.push(
      new SchedDomain(
        top,
        params(top),
        topology.allCpus(),
        rotate(packages.map(group), cpu),
        topology.ncpus,
      ),
    );
    const kept: SchedDomain[] = [];
    for (const domain of candidates) {
      if (domain.span.length < 2) continue;
      const below = kept[kept.length - 1];
      if (below !== undefined && below.span.length === domain.span.length) continue;
      kept.push(domain);
    }
    kept.forEach((d, i) => {
      d.child = kept[i - 1] ?? null;
      d.parent = kept[i + 1] ?? null;
    });
    return kept;
  });
}

function uniqueSets(sets: number[][]): number[][] {
  const seen = new Map<string, number[]>();
  for (const set of sets) seen.set(set.join(","), set);
  return [...seen.values()];
}
