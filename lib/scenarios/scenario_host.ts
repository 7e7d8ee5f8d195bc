/**
 * The host of a scenario, built from the parameters every scenario shares: the machine,
 * the kernel release, the wakeup features and the tick. Their specs, their checks and
 * the host they build live here together.
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import { HostScheduler } from "../host/host_scheduler.ts";
import { KERNEL_VERSIONS } from "../host/kernel.ts";
import { TOPOLOGY_PRESETS, type TopologyPresetName } from "../host/topology.ts";
import { ParamError, type ParamSpec, type ParamValueOf } from "./params.ts";
import type { ScenarioRunOptions } from "./scenario.ts";

const TOPOLOGY_PRESET_NAMES: readonly TopologyPresetName[] = Object.keys(TOPOLOGY_PRESETS)
  .filter((name): name is TopologyPresetName => name in TOPOLOGY_PRESETS);

/**
 * The specs of the host parameters, shared by every scenario. A scenario lists the ones
 * it has in its own order and may change a default or a description; the key, the kind
 * and the allowed values stay these.
 */
export const HOST_PARAMS = {
  host: {
    key: "host",
    kind: "enum",
    values: TOPOLOGY_PRESET_NAMES,
    default: "server-16cpu",
    description:
      "the machine: the thread's 2-CPU host, or a 2010 2-socket 16-thread Nehalem server",
  },
  kernel: {
    key: "kernel",
    kind: "enum",
    values: KERNEL_VERSIONS,
    default: "2.6.33",
    description: "host kernel release: its scheduler features and tunables",
  },
  hz: {
    key: "hz",
    kind: "enum",
    values: ["100", "250", "300", "1000"],
    default: "1000",
    description: "host scheduler tick (CONFIG_HZ)",
  },
  affineWakeups: {
    key: "affineWakeups",
    kind: "enum",
    values: ["on", "off"],
    default: "on",
    description: "scheduler feature AFFINE_WAKEUPS, for every task (2.6.33 only)",
  },
  syncWakeups: {
    key: "syncWakeups",
    kind: "enum",
    values: ["on", "off"],
    default: "on",
    description: "scheduler feature SYNC_WAKEUPS, for every task (2.6.33 only)",
  },
} as const satisfies Readonly<Record<string, ParamSpec>>;

/** The type of {@linkcode HOST_PARAMS}, key by key. */
export type HostParamSpecs = typeof HOST_PARAMS;

/**
 * The resolved host parameters. `hz` is absent in scenarios that do not offer it; the
 * host then keeps its kernel's tick.
 */
export type HostParams =
  & { readonly [K in Exclude<keyof HostParamSpecs, "hz">]: ParamValueOf<HostParamSpecs[K]> }
  & { readonly hz?: ParamValueOf<HostParamSpecs["hz"]> };

/**
 * Cross-field checks of the host parameters of `scenario`: 2.6.35 has no
 * AFFINE_WAKEUPS or SYNC_WAKEUPS switch, so both must stay "on" there.
 *
 * @throws {ParamError} naming the key, the value and what is allowed with the kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateHostParams } from "./scenario_host.ts";
 * const params = {
 *   host: "host-2cpu", kernel: "2.6.35", affineWakeups: "on", syncWakeups: "off",
 * } as const;
 * assert.throws(() => validateHostParams(params, "x"), /'syncWakeups' of scenario 'x'/);
 * ```
 */
export function validateHostParams(params: HostParams, scenario: string): void {
  if (params.kernel !== "2.6.35") return;
  for (const key of ["affineWakeups", "syncWakeups"] as const) {
    if (params[key] !== "on") {
      throw new ParamError(
        `Invalid value for '${key}' of scenario '${scenario}': ${
          JSON.stringify(params[key])
        } with kernel=2.6.35, where the flag no longer exists; allowed with kernel=2.6.35: on`,
      );
    }
  }
}

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
  params: HostParams,
  trace?: ScenarioRunOptions["trace"],
): HostScheduler {
  const kernel = params.kernel;
  return new HostScheduler(sim, {
    topology: TOPOLOGY_PRESETS[params.host],
    kernel,
    // 2.6.35 no longer has the switches (the scenarios refuse "off" there).
    features: kernel === "2.6.33"
      ? {
        AFFINE_WAKEUPS: params.affineWakeups === "on",
        SYNC_WAKEUPS: params.syncWakeups === "on",
      }
      : {},
    ...(params.hz === undefined ? {} : { tunables: { hz: Number(params.hz) } }),
    ...(trace === undefined
      ? {}
      : { trace: { fromNs: trace.fromMs * NS_PER_MS, toNs: trace.toMs * NS_PER_MS } }),
  });
}
