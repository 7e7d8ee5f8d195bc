/**
 * Analytic co-scheduling shares: the chance that, while a vCPU runs, all its siblings
 * run too, for guests whose vCPUs are always runnable. These are the numbers Avi Kivity
 * gave in the thread (pinned 50%, unpinned 33%, stacked 0% on 2 pCPUs with two 2-vCPU
 * guests), generalised to any host and guest sizes, to set the simulation against.
 *
 * @module
 */

/** A host of `pcpus` running `vms` guests of `vcpusPerVm` always-runnable vCPUs. */
export interface CoschedulingConfig {
  /** Physical CPUs of the host. */
  readonly pcpus: number;
  /** Guests. */
  readonly vms: number;
  /** vCPUs of each guest. */
  readonly vcpusPerVm: number;
}

function check(c: CoschedulingConfig): void {
  for (const [key, value] of Object.entries(c)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `Invalid '${key}' of a co-scheduling configuration: must be an integer >= 1: current value is ${value}`,
      );
    }
  }
}

/**
 * Uniform random placement: at any instant the running vCPUs are a uniformly random
 * set of min(P, N) of the N vCPUs. Then P(all n - 1 siblings run | a vCPU runs) =
 * C(N - n, P - n) / C(N - 1, P - 1) = prod over j = 1 .. n - 1 of (P - j) / (N - j).
 *
 * @example Avi's "unpinned, no affine wakeups": 33%
 * ```ts
 * import assert from "node:assert/strict";
 * import { coschedulingUniform } from "./coscheduling_model.ts";
 * assert.equal(coschedulingUniform({ pcpus: 2, vms: 2, vcpusPerVm: 2 }), 1 / 3);
 * ```
 */
export function coschedulingUniform(c: CoschedulingConfig): number {
  check(c);
  const n = c.vcpusPerVm;
  const total = c.vms * n;
  const p = c.pcpus;
  if (total <= p) return 1;
  if (p < n) return 0;
  let prob = 1;
  for (let j = 1; j < n; j++) prob *= (p - j) / (total - j);
  return prob;
}

/**
 * Round-robin pinning: vCPU i of guest v on pCPU (v * n + i) mod P, every pCPU sharing
 * its time equally and independently among its vCPUs. A vCPU with a sibling on its own
 * pCPU is never co-scheduled; otherwise the chance is the product over its siblings of
 * 1 / (vCPUs on the sibling's pCPU), zero if two siblings share a pCPU. Averaged over
 * vCPUs weighted by their running time.
 *
 * @example Avi's "pinned": 50%
 * ```ts
 * import assert from "node:assert/strict";
 * import { coschedulingPinned } from "./coscheduling_model.ts";
 * assert.equal(coschedulingPinned({ pcpus: 2, vms: 2, vcpusPerVm: 2 }), 0.5);
 * ```
 */
export function coschedulingPinned(c: CoschedulingConfig): number {
  check(c);
  const n = c.vcpusPerVm;
  const p = c.pcpus;
  const cpuOf = (v: number, i: number) => (v * n + i) % p;
  const load = new Array<number>(p).fill(0);
  for (let v = 0; v < c.vms; v++) for (let i = 0; i < n; i++) load[cpuOf(v, i)]!++;
  let weighted = 0;
  let weights = 0;
  for (let v = 0; v < c.vms; v++) {
    for (let i = 0; i < n; i++) {
      const mine = cpuOf(v, i);
      const weight = 1 / load[mine]!;
      const cpus = new Set<number>([mine]);
      let prob = 1;
      for (let j = 0; j < n && prob > 0; j++) {
        if (j === i) continue;
        const cpu = cpuOf(v, j);
        if (cpus.has(cpu)) prob = 0;
        else {
          cpus.add(cpu);
          prob /= load[cpu]!;
        }
      }
      weighted += weight * prob;
      weights += weight;
    }
  }
  return weighted / weights;
}

/**
 * Stacked: all of a guest's vCPUs on one pCPU, so they never run together (a
 * single-vCPU guest is trivially co-scheduled).
 *
 * @example Avi's "affine wakeups on": 0%
 * ```ts
 * import assert from "node:assert/strict";
 * import { coschedulingStacked } from "./coscheduling_model.ts";
 * assert.equal(coschedulingStacked({ pcpus: 2, vms: 2, vcpusPerVm: 2 }), 0);
 * ```
 */
export function coschedulingStacked(c: CoschedulingConfig): number {
  check(c);
  return c.vcpusPerVm === 1 ? 1 : 0;
}
