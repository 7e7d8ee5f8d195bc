/**
 * `native-pipes`: ping-pong pairs of host tasks, no VM: the native side of the
 * trade-off, where affine and sync wakeups are supposed to help.
 *
 * @module
 */

import { Simulation } from "../engine/simulation.ts";
import { MeasurementWindow } from "../metrics/run_metrics.ts";
import { startPipePairs } from "../native/pipe_pairs.ts";
import { measureRun } from "./measure_run.ts";
import type { ParamsOf, ParamSpec } from "./params.ts";
import type { Scenario } from "./scenario.ts";
import { HOST_PARAMS, scenarioHost, validateHostParams } from "./scenario_host.ts";

/** The parameter specs of `native-pipes`, in listing and CSV column order. */
export const NATIVE_PIPES_PARAMS = [
  { ...HOST_PARAMS.host, description: "the machine" },
  { ...HOST_PARAMS.kernel, description: "host kernel release" },
  { ...HOST_PARAMS.affineWakeups, description: "scheduler feature AFFINE_WAKEUPS" },
  { ...HOST_PARAMS.syncWakeups, description: "scheduler feature SYNC_WAKEUPS" },
  {
    key: "pairs",
    kind: "int",
    min: 1,
    max: 256,
    default: 8,
    description: "ping-pong pairs",
  },
  {
    key: "workUs",
    kind: "number",
    min: 0,
    max: 100_000,
    default: 5,
    unit: "us",
    description: "mean work per message (exponential)",
  },
] as const satisfies readonly ParamSpec[];

/** The resolved parameters of `native-pipes`. */
export type NativePipesParams = ParamsOf<typeof NATIVE_PIPES_PARAMS>;

/** Ping-pong pairs on a bare host. */
export const NATIVE_PIPES: Scenario<NativePipesParams> = {
  name: "native-pipes",
  description: "ping-pong pairs of host tasks through pipes (sync wakeups), no VM",
  params: NATIVE_PIPES_PARAMS,
  defaultDurationMs: 1_000,
  defaultWarmupMs: 100,
  validate: (params) => validateHostParams(params, "native-pipes"),
  run(params, { seed, durationMs, warmupMs, trace }) {
    const sim = new Simulation();
    const host = scenarioHost(sim, params, trace);
    const pairs = startPipePairs(host, {
      pairs: params.pairs,
      workNs: { kind: "exponential", mean: params.workUs * 1000 },
      seed,
    });
    const window = new MeasurementWindow(host, []);
    return measureRun(sim, host, window, { count: () => pairs.messages() }, {
      scenario: "native-pipes",
      seed,
      params,
      durationMs,
      warmupMs,
    });
  },
};
