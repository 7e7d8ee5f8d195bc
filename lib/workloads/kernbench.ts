/**
 * A kernbench-like guest: `make -j J` compiling a tree. Each job is a compiler run:
 * CPU-bound stretches broken by short critical sections on shared kernel locks (page
 * allocator, dentry cache) and, now and then, a TLB shootdown when it unmaps memory.
 * A finished job forks the next one.
 *
 * @module
 */

import { checkDistribution, type Distribution, sampleNs } from "../engine/distribution.ts";
import { RandomStream } from "../engine/random.ts";
import type { Vm } from "../kvm/vm.ts";
import {
  acquire,
  type GuestProgram,
  ready,
  release,
  shootdown,
  work,
} from "../guest/guest_program.ts";

/** Parameters of the kernbench-like workload. */
export interface KernbenchOptions {
  /** Parallel jobs (make -j); kernbench's optimal run uses twice the CPU count. @default 2 x vCPUs */
  readonly jobs?: number;
  /** CPU time of one compiler run (a C file of a kernel tree: tens of ms). @default {{ kind: "lognormal", mean: 30_000_000, cv: 1 }} (unit: ns) */
  readonly jobNs?: Distribution;
  /** CPU time between two kernel critical sections (syscalls, page faults). @default {200_000} (unit: ns) */
  readonly sectionEveryNs?: number;
  /** Hold time of a critical section. @default {{ kind: "exponential", mean: 1_000 }} (unit: ns) */
  readonly lockHoldNs?: Distribution;
  /** Chance that a stretch ends with a TLB shootdown (munmap, exit). @default {0.01} */
  readonly shootdownProbability?: number;
  /** TLB-flush handler on each target. @default {2_000} (unit: ns) */
  readonly flushNs?: number;
}

/** What a kernbench run did. */
export interface KernbenchResult {
  /** Compiler runs completed. */
  jobs(): number;
}

/**
 * Starts `jobs` compiler runs in `vm`; each finished one is replaced.
 *
 * @throws {RangeError} on bad options, naming the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "../kvm/vm.ts";
 * import { startKernbench } from "./kernbench.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "kb", vcpus: 2 });
 * const kb = startKernbench(vm, { jobNs: { kind: "constant", value: 5_000_000 } });
 * sim.run({ untilNs: 200_000_000 });
 * assert.ok(kb.jobs() > 40);
 * ```
 */
export function startKernbench(vm: Vm, options: KernbenchOptions = {}): KernbenchResult {
  const {
    jobs = 2 * vm.vcpus.length,
    jobNs = { kind: "lognormal", mean: 30_000_000, cv: 1 },
    sectionEveryNs = 200_000,
    lockHoldNs = { kind: "exponential", mean: 1_000 },
    shootdownProbability = 0.01,
    flushNs = 2_000,
  } = options;
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RangeError(
      `Invalid 'kernbench.jobs': must be an integer >= 1: current value is ${jobs}`,
    );
  }
  if (!Number.isSafeInteger(sectionEveryNs) || sectionEveryNs < 1) {
    throw new RangeError(
      `Invalid 'kernbench.sectionEveryNs': must be an integer >= 1: current value is ${sectionEveryNs}`,
    );
  }
  if (!(shootdownProbability >= 0 && shootdownProbability <= 1)) {
    throw new RangeError(
      `Invalid 'kernbench.shootdownProbability': must be in [0, 1]: current value is ${shootdownProbability}`,
    );
  }
  checkDistribution("kernbench.jobNs", jobNs);
  checkDistribution("kernbench.lockHoldNs", lockHoldNs);
  const rng = RandomStream.derive(vm.seed, `${vm.name}/kernbench`);
  let done = 0;
  // Operations are immutable: take and release each lock with the same two objects.
  const lockOps = vm.locks.map((lock) => ({ acquire: acquire(lock), release: release(lock) }));
  function* job(): GuestProgram {
    let left = sampleNs(rng, jobNs);
    while (left > 0) {
      const stretch = Math.min(left, Math.max(1, Math.round(rng.exponential(sectionEveryNs))));
      left -= stretch;
      yield work(stretch);
      const ops = rng.pick(lockOps);
      yield ops.acquire;
      yield work(sampleNs(rng, lockHoldNs));
      yield ops.release;
      if (rng.bernoulli(shootdownProbability)) yield shootdown(flushNs);
    }
    done++;
    // The compiler exits; make forks the next one from this vCPU.
    yield ready(job());
  }
  for (let i = 0; i < jobs; i++) vm.enqueue(job());
  return { jobs: () => done };
}
