/**
 * Host background activity: on every CPU, a short-lived task (a kernel thread or a
 * daemon) that wakes at random and runs a brief burst. Real hosts always have some;
 * in the model it matters because without it CPU-bound tasks on different CPUs, all
 * switched at the same (aligned) ticks, can stay in lockstep forever.
 *
 * @module
 */

import { RandomStream } from "../engine/random.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";

/** Options of {@linkcode startHostNoise}. */
export interface HostNoiseOptions {
  /** Wakeups per second on each CPU (Poisson). @default {100} (unit: Hz) */
  readonly ratePerCpuHz?: number;
  /** Work of each burst. @default {50_000} (unit: ns) */
  readonly burstNs?: number;
  /** Seed of the arrival stream. @default {1} */
  readonly seed?: number;
}

/**
 * Starts one noise task pinned to each CPU of `host`.
 *
 * @throws {RangeError} on a negative rate or burst.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { startHostNoise } from "./host_noise.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * startHostNoise(host, { ratePerCpuHz: 1000, burstNs: 10_000 });
 * sim.run({ untilNs: 1_000_000_000 });
 * const busy = host.cpuTimes(0).busyNs / 1e9;
 * assert.ok(busy > 0.005 && busy < 0.03, `${busy}`); // about 1000 x (10 us + a context switch)
 * ```
 */
export function startHostNoise(host: HostScheduler, options: HostNoiseOptions = {}): HostTask[] {
  const { ratePerCpuHz = 100, burstNs = 50_000, seed = 1 } = options;
  if (!(ratePerCpuHz > 0 && ratePerCpuHz <= 1e6)) {
    throw new RangeError(
      `Invalid 'ratePerCpuHz' of host noise: must be in (0, 1e6]: current value is ${ratePerCpuHz}`,
    );
  }
  if (!Number.isSafeInteger(burstNs) || burstNs < 0) {
    throw new RangeError(
      `Invalid 'burstNs' of host noise: must be an integer >= 0: current value is ${burstNs}`,
    );
  }
  const meanGapNs = 1e9 / ratePerCpuHz;
  return host.cpus.map((cpu) => {
    const rng = RandomStream.derive(seed, `host-noise/cpu${cpu.id}`);
    const task = host.spawn({ name: `noise/${cpu.id}`, affinity: [cpu.id] });
    const cycle = (): void =>
      host.setWork(task, 0, () => {
        host.sleep(task, Math.max(1, Math.round(rng.exponential(meanGapNs))));
        host.setWork(task, burstNs, cycle);
      });
    cycle();
    return task;
  });
}
