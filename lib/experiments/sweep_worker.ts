/**
 * A sweep worker: receives runs, answers with their CSV lines.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { getExperiment } from "./registry.ts";
import type { Experiment, RunSpec } from "./experiment.ts";
import { runSpecLine } from "./run_spec_line.ts";

/** What the sweep sends a worker. */
export interface WorkerRequest {
  /** The experiment's name in `EXPERIMENTS` (a worker looks it up there). */
  readonly experiment: string;
  /** Measured time per run, overriding the experiment's (tests use short runs). Unit: ms. */
  readonly durationMs: number;
  /** Warm-up per run, overriding the experiment's. Unit: ms. */
  readonly warmupMs: number;
  /** The run to do. */
  readonly spec: RunSpec;
}

/** What a worker answers. */
export type WorkerReply =
  | { readonly index: number; readonly line: string; readonly simMs: number }
  | { readonly index: number; readonly error: string };

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { experiment, durationMs, warmupMs, spec } = event.data;
  try {
    const e: Experiment = { ...getExperiment(experiment), durationMs, warmupMs };
    const { line, simMs } = runSpecLine(e, spec);
    self.postMessage({ index: spec.index, line, simMs } satisfies WorkerReply);
  } catch (error) {
    self.postMessage(
      { index: spec.index, error: String((error as Error).stack ?? error) } satisfies WorkerReply,
    );
  }
};
