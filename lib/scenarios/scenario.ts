/**
 * What a scenario is: a named, validated configuration that runs one simulation and
 * measures it.
 *
 * @module
 */

import type { RunMetrics } from "../metrics/run_metrics.ts";
import type { RunTrace } from "../host/run_trace.ts";
import type { Params, ParamSpec } from "./params.ts";

/** How long to run and with which seed. */
export interface ScenarioRunOptions {
  /** Seed of every random stream of the run. @default {1} */
  readonly seed?: number;
  /** Measured time, after the warm-up. @default the scenario's */
  readonly durationMs?: number;
  /** Time simulated before measuring. @default the scenario's */
  readonly warmupMs?: number;
  /** Record a trace of which task ran where in this window (ms from the start). */
  readonly trace?: { readonly fromMs: number; readonly toMs: number };
}

/** One task of a run, for reading a trace. */
export interface TaskLabel {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
}

/** The outcome of a run. */
export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly params: Params;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly metrics: RunMetrics;
  /** Present when a trace was asked for. */
  readonly trace?: RunTrace;
  /** Every task of the run (ids match the trace). */
  readonly tasks: readonly TaskLabel[];
}

/** A named configuration. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Measured time when not given. Unit: ms. */
  readonly defaultDurationMs: number;
  /** Warm-up when not given. Unit: ms. */
  readonly defaultWarmupMs: number;
  /** Checks combinations of values the schema alone cannot. @throws {ParamError} */
  validate?(params: Params): void;
  /** Builds the simulation for `params` and runs it. */
  run(
    params: Params,
    options: Required<Omit<ScenarioRunOptions, "trace">> & Pick<ScenarioRunOptions, "trace">,
  ): RunResult;
}
