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
  /** Measured time, after the warm-up. Unit: ms. @default the scenario's */
  readonly durationMs?: number;
  /** Time simulated before measuring. Unit: ms. @default the scenario's */
  readonly warmupMs?: number;
  /** Record a trace of which task ran where in this window (ms from the start). */
  readonly trace?: { readonly fromMs: number; readonly toMs: number };
}

/**
 * {@linkcode ScenarioRunOptions} once checked, with every default applied: what
 * {@linkcode Scenario.run} receives. Only the trace stays optional.
 */
export type ResolvedRunOptions =
  & Required<Omit<ScenarioRunOptions, "trace">>
  & Pick<ScenarioRunOptions, "trace">;

/** One task of a run, for reading a trace. */
export interface TaskLabel {
  /** The host task id, as in the trace. */
  readonly id: number;
  /** The task's name (`vm0/vcpu1`, `ping3`, ...). */
  readonly name: string;
  /** What the task is: `native`, `vcpu` or `iothread`. */
  readonly kind: string;
}

/** The outcome of a run. */
export interface RunResult {
  /** The scenario's name. */
  readonly scenario: string;
  /** The seed of every random stream of the run. */
  readonly seed: number;
  /** Every parameter of the scenario, in schema order, with its value. */
  readonly params: Params;
  /** Measured time, after the warm-up. Unit: ms. */
  readonly durationMs: number;
  /** Time simulated before measuring. Unit: ms. */
  readonly warmupMs: number;
  /** What the measurement window saw. */
  readonly metrics: RunMetrics;
  /** Present when a trace was asked for. */
  readonly trace?: RunTrace;
  /** Every task of the run (ids match the trace). */
  readonly tasks: readonly TaskLabel[];
}

/**
 * A named configuration whose resolved parameters have the type `P` (`ParamsOf` of its
 * specs). A `Scenario<P>` can stand in the registry's untyped `Scenario`: the registry
 * passes `run` only what `resolveParams` made from the same `params`, which is a `P`.
 */
export interface Scenario<P extends Params = Params> {
  /** The name given to `deno task sim` and experiments. */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /** The parameter specs, in the order of listings and CSV columns. */
  readonly params: readonly ParamSpec[];
  /** Measured time when not given. Unit: ms. */
  readonly defaultDurationMs: number;
  /** Warm-up when not given. Unit: ms. */
  readonly defaultWarmupMs: number;
  /** Checks combinations of values the schema alone cannot. @throws {ParamError} */
  validate?(params: P): void;
  /** Builds the simulation for `params` and runs it. */
  run(params: P, options: ResolvedRunOptions): RunResult;
}
