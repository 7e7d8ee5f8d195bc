/**
 * The named scenarios, and the one entry point that validates and runs them.
 *
 * @module
 */

import { checkSeed } from "../engine/random.ts";
import { NATIVE_PIPES } from "./native_pipes.ts";
import { OVERCOMMIT } from "./overcommit.ts";
import { ParamError, resolveParams } from "./params.ts";
import type { RunResult, Scenario, ScenarioRunOptions } from "./scenario.ts";
import { THREAD_2X2 } from "./thread_2x2.ts";

/** Every scenario, by name. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [THREAD_2X2, OVERCOMMIT, NATIVE_PIPES].map((s) => [s.name, s]),
);

/**
 * The scenario called `name`.
 *
 * @throws {ParamError} for an unknown name, listing the known ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getScenario } from "./registry.ts";
 * assert.equal(getScenario("thread-2x2").name, "thread-2x2");
 * assert.throws(() => getScenario("nope"), /Unknown scenario 'nope'; allowed: thread-2x2/);
 * ```
 */
export function getScenario(name: string): Scenario {
  const scenario = SCENARIOS.get(name);
  if (scenario === undefined) {
    throw new ParamError(
      `Unknown scenario '${name}'; allowed: ${[...SCENARIOS.keys()].join(", ")}`,
    );
  }
  return scenario;
}

/**
 * Validates `given` parameters and options for `scenario` and runs it. Everything is
 * checked before the simulation starts, the trace window included (it must start at
 * 0 ms or later, before the run ends, and end after it starts).
 *
 * @throws {ParamError} naming the key or option, the value and what is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runScenario } from "./registry.ts";
 * const r = runScenario("native-pipes", { pairs: "1" }, { durationMs: 10, warmupMs: 1 });
 * assert.ok(r.metrics.throughputRps > 10_000);
 * ```
 */
export function runScenario(
  name: string,
  given: Readonly<Record<string, unknown>> = {},
  options: ScenarioRunOptions = {},
): RunResult {
  const scenario = getScenario(name);
  const params = resolveParams(scenario.params, given, name);
  scenario.validate?.(params);
  const {
    seed = 1,
    durationMs = scenario.defaultDurationMs,
    warmupMs = scenario.defaultWarmupMs,
    trace,
  } = options;
  try {
    checkSeed(seed, `run scenario '${name}'`);
  } catch (error) {
    throw new ParamError((error as Error).message);
  }
  for (const [key, value] of [["durationMs", durationMs], ["warmupMs", warmupMs]] as const) {
    const min = key === "durationMs" ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < min || value > 3_600_000) {
      throw new ParamError(
        `Cannot run scenario '${name}' as '${key}' must be an integer from ${min} to 3600000: current value is ${value}`,
      );
    }
  }
  if (trace !== undefined) checkTraceWindow(name, trace, warmupMs + durationMs);
  return scenario.run(params, { seed, durationMs, warmupMs, ...(trace ? { trace } : {}) });
}

/** Refuses a trace window that would record nothing: reversed, negative, NaN or after the run. */
function checkTraceWindow(
  name: string,
  trace: NonNullable<ScenarioRunOptions["trace"]>,
  endMs: number,
): void {
  const { fromMs, toMs } = trace as { fromMs: unknown; toMs: unknown };
  const refuse = (key: string, rule: string, value: unknown): never => {
    throw new ParamError(
      `Cannot run scenario '${name}' as 'trace.${key}' must be ${rule}: current value is ${
        typeof value === "number" ? value : `${JSON.stringify(value)} (${typeof value})`
      }`,
    );
  };
  if (typeof fromMs !== "number" || !Number.isFinite(fromMs) || fromMs < 0 || fromMs >= endMs) {
    refuse("fromMs", `a number from 0 to below the run's end (${endMs} ms)`, fromMs);
  }
  if (typeof toMs !== "number" || !Number.isFinite(toMs) || toMs <= (fromMs as number)) {
    refuse("toMs", `a number greater than 'trace.fromMs' (${fromMs})`, toMs);
  }
}
