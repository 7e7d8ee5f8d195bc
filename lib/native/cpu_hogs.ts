/**
 * CPU hogs: host tasks that never block (`while (1)`), the simplest native workload.
 *
 * @module
 */

import type { HostScheduler, SpawnOptions } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";

/**
 * Spawns `count` hogs on `host`; `options` applies to each (affinity, start CPU, nice).
 *
 * @throws {RangeError} when `count` is not a positive integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { startCpuHogs } from "./cpu_hogs.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * startCpuHogs(host, 4, { cpu: 0 });
 * sim.run({ untilNs: 1_000_000_000 });
 * assert.equal(host.cpuTimes(1).busyNs > 0.99e9, true); // the balancer spread them
 * ```
 */
export function startCpuHogs(
  host: HostScheduler,
  count: number,
  options: Omit<SpawnOptions, "name"> = {},
): HostTask[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `Invalid 'count' of CPU hogs: must be an integer >= 1: current value is ${count}`,
    );
  }
  return Array.from({ length: count }, (_, i) => host.spawn({ ...options, name: `hog${i}` }));
}
