/**
 * Named, validated, typed scenarios: the thread's 2 x 2 host, overcommit on a 16-thread
 * server, and native pipe pairs.
 *
 * Each scenario declares its parameter specs as data (`params.ts`); `ParamsOf` derives
 * the type of its resolved values, and `resolveParams` returns them complete and
 * checked. The host parameters every scenario shares, their checks and the host they
 * build are in `scenario_host.ts`; the VM knobs in `vm_params.ts`. A scenario builds its
 * model and hands it to `measureRun`, which warms up, measures and returns a `RunResult`.
 * `registry.ts` names the scenarios and validates and runs one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runScenario } from "./mod.ts";
 * const result = runScenario("native-pipes", { pairs: 2 }, { durationMs: 10, warmupMs: 1 });
 * assert.equal(result.params.pairs, 2);
 * assert.ok(result.metrics.throughputRps > 0);
 * ```
 *
 * @module
 */

export * from "./params.ts";
export * from "./scenario.ts";
export * from "./scenario_host.ts";
export * from "./measure_run.ts";
export * from "./vm_params.ts";
export * from "./vm_scenario.ts";
export * from "./thread_2x2.ts";
export * from "./overcommit.ts";
export * from "./native_pipes.ts";
export * from "./registry.ts";
