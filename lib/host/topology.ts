/**
 * CPU topology: sockets x cores x SMT threads, and the cache distance between CPUs.
 *
 * @module
 */

/** The shape of a machine. */
export interface TopologySpec {
  /** Physical packages. @default {1} */
  readonly sockets: number;
  /** Cores per package. @default {2} */
  readonly coresPerSocket: number;
  /** Hardware threads per core (2 with Hyper-Threading). @default {1} */
  readonly threadsPerCore: number;
  /**
   * How logical CPU ids are assigned. `compact`: package by package, core by core, SMT
   * siblings adjacent. `threads-last`: the first thread of every core of every package,
   * then the second threads (the usual Nehalem-EP BIOS order, where the sibling of CPU
   * n is n + ncpus/2). The order matters where the kernel scans CPUs by id, as
   * select_idle_sibling does.
   * @default {"compact"}
   */
  readonly numbering: CpuNumbering;
  /**
   * Whether each package is a NUMA node (CONFIG_NUMA with one node per socket, as on
   * Nehalem-EP). It decides the top sched-domain level: NODE when true, CPU when false.
   * @default {false}
   */
  readonly numa: boolean;
}

/** How logical CPU ids are assigned; see {@linkcode TopologySpec.numbering}. */
export type CpuNumbering = "compact" | "threads-last";

/** The allowed values of {@linkcode TopologySpec.numbering}. */
export const CPU_NUMBERINGS: readonly CpuNumbering[] = ["compact", "threads-last"];

/** Where a logical CPU sits. */
export interface CpuPlace {
  /** The logical CPU id. */
  readonly id: number;
  /** Its package. */
  readonly socket: number;
  /** Its core within the package. */
  readonly core: number;
  /** Its hardware thread within the core. */
  readonly thread: number;
}

/**
 * How far apart two CPUs are in the cache hierarchy: 0 the same CPU, 1 SMT siblings
 * (shared L1 and L2), 2 the same package (shared last-level cache), 3 different
 * packages.
 */
export type CacheDistance = 0 | 1 | 2 | 3;

/** The largest machine the model accepts. */
export const MAX_CPUS = 256;

/** The name of a topology preset. */
export type TopologyPresetName = "host-2cpu" | "server-16cpu";

/**
 * Named machines. `host-2cpu` is the thread's host: two cores of one package sharing
 * the last-level cache, no SMT. `server-16cpu` is a 2010 two-socket server: two
 * quad-core Nehalem-EP (Xeon 5500) packages with Hyper-Threading, 16 logical CPUs.
 */
export const TOPOLOGY_PRESETS: Readonly<Record<TopologyPresetName, TopologySpec>> = Object.freeze({
  "host-2cpu": Object.freeze({
    sockets: 1,
    coresPerSocket: 2,
    threadsPerCore: 1,
    numbering: "compact",
    numa: false,
  }),
  "server-16cpu": Object.freeze({
    sockets: 2,
    coresPerSocket: 4,
    threadsPerCore: 2,
    numbering: "threads-last",
    numa: true,
  }),
});

/**
 * A machine's CPUs, numbered as {@linkcode TopologySpec.numbering} says; pinning is
 * expressed in these ids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Topology } from "./topology.ts";
 * const t = new Topology({ sockets: 2, coresPerSocket: 4, threadsPerCore: 2 });
 * assert.ok(t.ncpus === 16);
 * assert.ok(t.distance(0, 1) === 1 && t.distance(0, 2) === 2 && t.distance(0, 8) === 3);
 * const nehalem = Topology.preset("server-16cpu");
 * assert.ok(nehalem.distance(0, 8) === 1 && nehalem.distance(0, 4) === 3);
 * ```
 */
export class Topology {
  /** The validated shape. */
  readonly spec: TopologySpec;
  /** Number of logical CPUs. */
  readonly ncpus: number;
  /** Every CPU's place, indexed by id. */
  readonly cpus: readonly CpuPlace[];

  /**
   * A machine of the given shape, with defaults for what is left out.
   *
   * @throws {RangeError} when a count is not a positive integer, the machine has more
   * than {@linkcode MAX_CPUS} CPUs or the numbering is unknown.
   * @throws {TypeError} when `numa` is not a boolean.
   */
  constructor(spec: Partial<TopologySpec> = {}) {
    const {
      sockets = 1,
      coresPerSocket = 2,
      threadsPerCore = 1,
      numbering = "compact",
      numa = false,
    } = spec;
    for (const [name, value] of Object.entries({ sockets, coresPerSocket, threadsPerCore })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(
          `Invalid 'topology.${name}': must be an integer >= 1: current value is ${value}`,
        );
      }
    }
    const ncpus = sockets * coresPerSocket * threadsPerCore;
    if (ncpus > MAX_CPUS) {
      throw new RangeError(
        `Invalid 'topology': at most ${MAX_CPUS} CPUs are supported: current value is ${ncpus} (${sockets} x ${coresPerSocket} x ${threadsPerCore})`,
      );
    }
    if (!CPU_NUMBERINGS.includes(numbering)) {
      throw new RangeError(
        `Invalid 'topology.numbering': must be one of ${
          CPU_NUMBERINGS.join(", ")
        }: current value is ${String(numbering)}`,
      );
    }
    if (typeof numa !== "boolean") {
      throw new TypeError(
        `Invalid 'topology.numa': must be true or false: current value is ${String(numa)}`,
      );
    }
    this.spec = Object.freeze({ sockets, coresPerSocket, threadsPerCore, numbering, numa });
    this.ncpus = ncpus;
    const cpus: CpuPlace[] = [];
    for (let socket = 0; socket < sockets; socket++) {
      for (let core = 0; core < coresPerSocket; core++) {
        for (let thread = 0; thread < threadsPerCore; thread++) {
          const id = numbering === "compact"
            ? (socket * coresPerSocket + core) * threadsPerCore + thread
            : (thread * sockets + socket) * coresPerSocket + core;
          cpus.push(Object.freeze({ id, socket, core, thread }));
        }
      }
    }
    cpus.sort((a, b) => a.id - b.id);
    this.cpus = Object.freeze(cpus);
  }

  /** A machine from a preset name. */
  static preset(name: TopologyPresetName): Topology {
    return new Topology(TOPOLOGY_PRESETS[name]);
  }

  /** The cache distance between CPUs `a` and `b`. */
  distance(a: number, b: number): CacheDistance {
    if (a === b) return 0;
    const pa = this.cpus[a] as CpuPlace;
    const pb = this.cpus[b] as CpuPlace;
    if (pa.socket !== pb.socket) return 3;
    return pa.core === pb.core ? 1 : 2;
  }

  /** The SMT siblings of `cpu`, itself included, in id order. */
  smtSiblings(cpu: number): number[] {
    const { socket, core } = this.cpus[cpu] as CpuPlace;
    return this.cpus.filter((c) => c.socket === socket && c.core === core).map((c) => c.id);
  }

  /** The CPUs of `cpu`'s package, in id order. */
  packageCpus(cpu: number): number[] {
    const { socket } = this.cpus[cpu] as CpuPlace;
    return this.cpus.filter((c) => c.socket === socket).map((c) => c.id);
  }

  /** All CPU ids. */
  allCpus(): number[] {
    return Array.from({ length: this.ncpus }, (_, i) => i);
  }
}
