/**
 * The host of a scenario, built from the parameters every scenario shares: the machine,
 * the kernel release, the wakeup features and the tick.
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import { HostScheduler } from "../host/host_scheduler.ts";
import type { KernelVersion } from "../host/kernel.ts";
import { TOPOLOGY_PRESETS, type TopologyPresetName } from "../host/topology.ts";
import type { Params } from "./params.ts";
import type { ScenarioRunOptions } from "./scenario.ts";

/**
 * A host scheduler for parameters `host`, `kernel`, `affineWakeups`, `syncWakeups` and
 * (if present) `hz`, recording a trace in `trace`'s window if asked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { scenarioHost } from "./scenario_host.ts";
 * const host = scenarioHost(new Simulation(), {
 *   host: "host-2cpu", kernel: "2.6.33", affineWakeups: "off", syncWakeups: "on",
 * });
 * assert.equal(host.features.AFFINE_WAKEUPS, false);
 * ```
 */
export function scenarioHost(
  sim: Simulation,
  p: Params,
  trace?: ScenarioRunOptions["trace"],
): HostScheduler {
  const kernel = p.kernel as KernelVersion;
  return new HostScheduler(sim, {
    topology: TOPOLOGY_PRESETS[p.host as TopologyPresetName],
    kernel,
    // 2.6.35 no longer has the switches (the scenarios refuse "off" there).
    features: kernel === "2.6.33"
      ? { AFFINE_WAKEUPS: p.affineWakeups === "on", SYNC_WAKEUPS: p.syncWakeups === "on" }
      : {},
    ...(p.hz === undefined ? {} : { tunables: { hz: Number(p.hz) } }),
    ...(trace === undefined
      ? {}
      : { trace: { fromNs: trace.fromMs * NS_PER_MS, toNs: trace.toMs * NS_PER_MS } }),
  });
}
