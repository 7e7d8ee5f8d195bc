/**
 * `deno task reproduce [--workers N] [--only NAME ...]`: regenerates every CSV under
 * data/ from its experiment (fresh runs, written to `<file>.partial` first, so an
 * interrupted reproduce resumes where it stopped and the old file stays until the new
 * one is complete), then re-executes the notebooks. Prints the wall time of each step.
 *
 * @module
 */

import { join } from "node:path";
import { EXPERIMENTS, getExperiment } from "../experiments/registry.ts";
import { runSweep, SweepError } from "../experiments/sweep.ts";
import { SetupError } from "../notebook/setup_error.ts";
import { runNotebooks } from "../notebook/run_notebooks.ts";
import { PROJECT_ROOT } from "../project_root.ts";
import { formatDuration, stderrProgress } from "./progress_bar.ts";
import { integerFlag } from "./flags.ts";
import { parseCommandLine } from "./parse_command.ts";

const USAGE = `Usage: deno task reproduce [--workers N] [--only NAME ...] [--no-notebooks]
Regenerates every CSV file under data/ (or those of the experiments named), then
re-executes the notebooks.`;

/** The command line of `deno task reproduce`. */
const COMMAND = {
  name: "reproduce",
  usage: USAGE,
  options: {
    workers: { type: "string" },
    only: { type: "string", multiple: true },
    "no-notebooks": { type: "boolean" },
  },
} as const;

/** The command: returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, args);
  if (typeof parsed === "number") return parsed;
  let workers: number;
  let experiments: typeof EXPERIMENTS;
  try {
    workers = integerFlag("workers", parsed.values.workers as string | undefined, {
      min: 1,
      max: 64,
    }) ?? Math.min(64, Math.max(1, navigator.hardwareConcurrency));
    experiments = parsed.lists.only === undefined
      ? EXPERIMENTS
      : parsed.lists.only.map(getExperiment);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    console.error(`reproduce: ${error.message}`);
    return 2;
  }
  const started = performance.now();
  let simSeconds = 0;
  let sweepMs = 0;
  try {
    for (const experiment of experiments) {
      const final = join(PROJECT_ROOT, "data", experiment.output);
      const partial = `${final}.partial`;
      const summary = await runSweep(experiment, {
        out: partial,
        workers,
        onProgress: stderrProgress(experiment.name),
      });
      await Deno.rename(partial, final);
      simSeconds += summary.simSeconds;
      sweepMs += summary.wallMs;
      console.error(
        `${experiment.name}: ${summary.total} runs, ${
          formatDuration(summary.wallMs)
        } -> data/${experiment.output}`,
      );
    }
  } catch (error) {
    if (error instanceof SweepError) {
      console.error(`reproduce: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.error(
    `sweeps: ${formatDuration(sweepMs)} wall, ${
      sweepMs > 0 ? (simSeconds / (sweepMs / 1000)).toFixed(1) : "-"
    } simulated s per wall s with ${workers} worker(s)`,
  );
  if (parsed.values["no-notebooks"] !== true) {
    const t0 = performance.now();
    try {
      const outcomes = await runNotebooks({});
      const failed = outcomes.filter((o) => !o.ok);
      console.error(
        `notebooks: ${outcomes.length - failed.length} executed, ${failed.length} failed, ${
          formatDuration(performance.now() - t0)
        }`,
      );
      if (failed.length > 0) return 1;
    } catch (error) {
      if (error instanceof SetupError) {
        console.error(`reproduce: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }
  console.error(`reproduce: done in ${formatDuration(performance.now() - started)}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
