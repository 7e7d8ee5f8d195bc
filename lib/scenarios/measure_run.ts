/**
 * The end every scenario shares once its model is built: warm up, measure for the
 * run's duration, and return what was measured as a {@linkcode RunResult}.
 *
 * @module
 */

import type { Histogram } from "../engine/histogram.ts";
import type { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { MeasurementWindow } from "../metrics/run_metrics.ts";
import type { RunResult } from "./scenario.ts";

/** The work a scenario counts: what its throughput is made of. */
export interface WorkMeter {
  /** Work done so far, in the scenario's unit (responses, jobs, messages, CPU-seconds). */
  count(): number;
  /**
   * Whether `count()` counts only from the end of the warm-up (webbench's responses),
   * so that it is not differenced against its value then. @default {false}
   */
  readonly countsFromWarmupEnd?: boolean;
  /** Response times measured in the window, for workloads that have them. */
  responses?(): Histogram;
}

/** What a {@linkcode RunResult} says of the run besides its measurements. */
export type RunHead = Pick<RunResult, "scenario" | "seed" | "params" | "durationMs" | "warmupMs">;

/**
 * Runs `sim` through the warm-up of `head.warmupMs`, starts `window`, runs
 * `head.durationMs` more, flushes the host's trace, and returns the result: `head`, the
 * window's metrics with the work `work` counted in it, the trace if one was recorded,
 * and every task of the host.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { MeasurementWindow } from "../metrics/run_metrics.ts";
 * import { startPipePairs } from "../native/pipe_pairs.ts";
 * import { measureRun } from "./measure_run.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const pairs = startPipePairs(host, { pairs: 1 });
 * const result = measureRun(sim, host, new MeasurementWindow(host, []), {
 *   count: () => pairs.messages(),
 * }, { scenario: "pipes", seed: 1, params: {}, durationMs: 10, warmupMs: 1 });
 * assert.equal(result.tasks.length, 2);
 * assert.ok(result.metrics.throughputRps > 10_000);
 * ```
 */
export function measureRun(
  sim: Simulation,
  host: HostScheduler,
  window: MeasurementWindow,
  work: WorkMeter,
  head: RunHead,
): RunResult {
  const { scenario, seed, params, durationMs, warmupMs } = head;
  const warmupNs = warmupMs * NS_PER_MS;
  sim.run({ untilNs: warmupNs });
  window.start();
  const before = work.countsFromWarmupEnd === true ? 0 : work.count();
  sim.run({ untilNs: warmupNs + durationMs * NS_PER_MS });
  host.flushTrace();
  const metrics = window.finish({
    work: work.count() - before,
    ...(work.responses === undefined ? {} : { responses: work.responses() }),
  });
  return {
    scenario,
    seed,
    params,
    durationMs,
    warmupMs,
    metrics,
    ...(host.trace === null ? {} : { trace: host.trace }),
    tasks: host.tasks.map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
  };
}
