/**
 * A host task: a thread as the host scheduler sees it (a CFS sched entity plus the
 * work it is doing). vCPU threads, the QEMU I/O thread and native workloads are all
 * host tasks.
 *
 * @module
 */

import type { Timer } from "../engine/simulation.ts";
import { checkTaskOverrides, type SchedFeatures, type TaskFeatureOverrides } from "./features.ts";
import type { RunSegment } from "./run_segment.ts";

/** Load weight of a nice-0 task (NICE_0_LOAD). */
export const NICE_0_LOAD = 1024;

/** prio_to_weight[]: the load weight of nice levels -20 .. 19. */
export const PRIO_TO_WEIGHT: readonly number[] = Object.freeze([
  88761,
  71755,
  56483,
  46273,
  36291,
  29154,
  23254,
  18705,
  14949,
  11916,
  9548,
  7620,
  6100,
  4904,
  3906,
  3121,
  2501,
  1991,
  1586,
  1277,
  1024,
  820,
  655,
  526,
  423,
  335,
  272,
  215,
  172,
  137,
  110,
  87,
  70,
  56,
  45,
  36,
  29,
  23,
  18,
  15,
]);

/**
 * What a task is doing, as the scheduler sees it: on a CPU, waiting in a runqueue, or
 * asleep (blocked or halted) until someone wakes it.
 */
export type TaskState = "running" | "runnable" | "sleeping";

/** What a task is, for reports and for policies that treat vCPU threads specially. */
export type TaskKind = "native" | "vcpu" | "iothread";

/** Options of a host task. */
export interface HostTaskOptions {
  /** Shown in traces and reports. */
  readonly name: string;
  /** Nice level, -20 .. 19. @default {0} */
  readonly nice?: number;
  /** CPUs the task may run on. @default every CPU */
  readonly affinity?: readonly number[];
  /** What the task is. @default {"native"} */
  readonly kind?: TaskKind;
  /** Per-task overrides of wakeup features (the thread's patch). @default {{}} */
  readonly features?: TaskFeatureOverrides;
}

/**
 * Checks the options of a new task on a machine of `ncpus` CPUs.
 *
 * @throws {RangeError} on a nice level that is not an integer from -20 to 19, or an
 * affinity mask that is empty or names a CPU that does not exist.
 * @throws {TypeError} on a feature override other than AFFINE_WAKEUPS or SYNC_WAKEUPS, or
 * a non-boolean one.
 */
export function checkTaskOptions(options: HostTaskOptions, ncpus: number): void {
  const { affinity, nice = 0 } = options;
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) {
    throw new RangeError(
      `Invalid 'task.nice' of ${options.name}: must be an integer from -20 to 19: current value is ${nice}`,
    );
  }
  if (affinity !== undefined) {
    if (affinity.length === 0) {
      throw new RangeError(
        `Invalid 'task.affinity' of ${options.name}: the mask has no CPU; allowed: CPU ids 0..${
          ncpus - 1
        }`,
      );
    }
    for (const c of affinity) {
      if (!Number.isInteger(c) || c < 0 || c >= ncpus) {
        throw new RangeError(
          `Invalid 'task.affinity' of ${options.name}: CPU ${c} does not exist; allowed: 0..${
            ncpus - 1
          }`,
        );
      }
    }
  }
  checkTaskOverrides(options.features as Record<string, unknown> | undefined);
}

/** Where a task's time went, in ns. */
export interface TaskTimes {
  /** On a CPU, including context switch and cache-refill overhead. */
  readonly runNs: number;
  /** Useful progress made (run time minus overhead, with cold stretches slowed). */
  readonly progressNs: number;
  /** Runnable but waiting for a CPU. */
  readonly waitNs: number;
  /** Asleep. */
  readonly sleepNs: number;
}

/**
 * A host task. Create it with {@linkcode HostScheduler.spawn}; its fields are managed
 * by the scheduler and are read-only for everyone else.
 */
export class HostTask {
  /** Unique id, in creation order. */
  readonly id: number;
  /** Its name, for traces and reports. */
  readonly name: string;
  /** What it is. */
  readonly kind: TaskKind;
  /** Load weight from the nice level. */
  readonly weight: number;
  /** Allowed CPUs as a membership array indexed by CPU id. */
  readonly allowed: Uint8Array;
  /** Allowed CPUs in increasing order. */
  readonly affinity: readonly number[];
  /** Per-task feature overrides. */
  readonly features: TaskFeatureOverrides;

  /** Scheduler state. */
  state: TaskState = "sleeping";
  /** CPU it runs or waits on, or last ran on; -1 before it first ran. */
  cpu: number = -1;
  /** CPU whose cache holds its working set, -1 if none. */
  cacheCpu: number = -1;

  // --- CFS sched entity ---
  /** Virtual runtime. Unit: weighted ns. */
  vruntime = 0;
  /** Total CPU time received (sum_exec_runtime). Unit: ns. */
  sumExecNs = 0;
  /** sum_exec_runtime when it was last picked. Unit: ns. */
  prevSumExecNs = 0;
  /** Start of the current accounting interval while running (exec_start). Unit: ns. */
  execStartNs = 0;
  /** How long it keeps running after waking someone (avg_overlap). Unit: ns. */
  avgOverlapNs = 0;
  /** Average run time between the wakeups it does (avg_wakeup). Unit: ns. */
  avgWakeupNs = 0;
  /** sum_exec_runtime at its last wakeup of another task, 0 if none since it slept. */
  lastWakeupNs = 0;
  /** sum_exec_runtime when it last became runnable (start_runtime). Unit: ns. */
  startRuntimeNs = 0;
  /** On a runqueue (running or waiting). */
  onRq = false;
  /** Order of enqueueing, for the balancer's list walk. */
  enqueueSeq = 0;

  // --- work ---
  /** Work left in the current activity, in progress ns; Infinity runs until replaced. */
  workLeft: number = Infinity;
  /** What to do when the activity's work is done. */
  onDone: (() => void) | null = null;
  /** The stint in progress while running. */
  readonly segment: RunSegment = { startNs: 0, overheadNs: 0, coldNs: 0, coldRate: 1 };
  /** Cold CPU time still owed after a migration. Unit: ns. */
  coldNs = 0;
  /** Fires when the activity's work completes. */
  doneTimer: Timer | null = null;
  /** @internal Wakes the task after a timed sleep (its hrtimer), made at its first sleep. */
  sleepTimer: Timer | null = null;
  /** @internal The host's flags with this task's overrides, resolved at its first wakeup. */
  wakeFeatures: SchedFeatures | null = null;

  // --- accounting ---
  // Closed periods only; HostScheduler.timesOf adds the open one.
  /** @internal Time on a CPU in closed stints. Unit: ns. */
  runNs = 0;
  /** @internal Useful progress up to the last checkpoint. Unit: ns. */
  progressNs = 0;
  /** @internal Time runnable but waiting, in closed periods. Unit: ns. */
  waitNs = 0;
  /** @internal Time asleep, in closed periods. Unit: ns. */
  sleepNs = 0;
  /** @internal Since when the task is in its current state. Unit: ns. */
  stateSinceNs = 0;
  /** Migrations between CPUs. */
  migrations = 0;
  /** Called after any change of the task's state or CPU (the owner's hook, e.g. a vCPU). */
  onChange: ((task: HostTask) => void) | null = null;

  /** @internal Use {@linkcode HostScheduler.spawn}. */
  constructor(id: number, ncpus: number, options: HostTaskOptions) {
    const { name, nice = 0, affinity, kind = "native", features = {} } = options;
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.weight = PRIO_TO_WEIGHT[nice + 20] as number;
    this.features = features;
    const list = affinity === undefined
      ? Array.from({ length: ncpus }, (_, i) => i)
      : [...new Set(affinity)].sort((a, b) => a - b);
    this.affinity = Object.freeze(list);
    this.allowed = new Uint8Array(ncpus);
    for (const cpu of list) this.allowed[cpu] = 1;
  }

  /** Whether the task may run on `cpu`. */
  canRunOn(cpu: number): boolean {
    return this.allowed[cpu] === 1;
  }
}
