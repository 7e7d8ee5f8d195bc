/**
 * `deno task sim <scenario> [--set key=value ...] [--seed N] [--duration-ms N]
 * [--warmup-ms N] [--format table|json|csv]`: runs one simulation and prints its
 * metrics. Bad input exits with status 2 and a message naming the key, the value and
 * what is allowed; nothing is printed to stdout then. `--help` prints the usage.
 *
 * @module
 */

import { integerFlag } from "./flags.ts";
import { parseCommandLine } from "./parse_command.ts";
import { rowColumns, runRow } from "../experiments/run_row.ts";
import { toCsv } from "../report/to_csv.ts";
import { ParamError, parseAssignments } from "../scenarios/params.ts";
import { getScenario, runScenario } from "../scenarios/registry.ts";
import type { RunResult } from "../scenarios/scenario.ts";

/** The output formats. */
export const FORMATS = ["table", "json", "csv"] as const;

/** Renders a run in one of {@linkcode FORMATS}. */
export function formatRun(result: RunResult, format: (typeof FORMATS)[number]): string {
  if (format === "json") {
    const { scenario, seed, params, durationMs, warmupMs, metrics } = result;
    return `${
      JSON.stringify({ scenario, seed, params, durationMs, warmupMs, metrics }, null, 2)
    }\n`;
  }
  const row = runRow(result);
  if (format === "csv") return toCsv([row], rowColumns(Object.keys(result.params)));
  const width = Math.max(...Object.keys(row).map((k) => k.length));
  return Object.entries(row)
    .map(([k, v]) => `${k.padEnd(width)}  ${v === null || v === undefined ? "-" : String(v)}`)
    .join("\n") + "\n";
}

const USAGE = `Usage: deno task sim <scenario> [--set key=value ...] [--seed N] [--duration-ms N]
       [--warmup-ms N] [--format table|json|csv]
Runs one simulation and prints its metrics; deno task scenarios lists the scenarios and keys.`;

/** The command line of `deno task sim`. */
const COMMAND = {
  name: "sim",
  usage: USAGE,
  options: {
    set: { type: "string", multiple: true },
    seed: { type: "string" },
    "duration-ms": { type: "string" },
    "warmup-ms": { type: "string" },
    format: { type: "string" },
  },
  minPositionals: 1,
  maxPositionals: Infinity,
} as const;

/** The command: returns the exit status. */
export function main(args: readonly string[]): number {
  const parsed = parseCommandLine(COMMAND, args);
  if (typeof parsed === "number") return parsed;
  try {
    const { values, lists, positionals } = parsed;
    // `--set a=1 b=2` leaves b=2 as a positional: take key=value positionals as settings.
    const settings = [
      ...(lists.set ?? []),
      ...positionals.slice(1).filter((p) => p.includes("=")),
    ];
    const others = positionals.slice(1).filter((p) => !p.includes("="));
    if (others.length > 0) {
      throw new ParamError(
        `unexpected argument${others.length > 1 ? "s" : ""} ${
          others.map((o) => `'${o}'`).join(", ")
        }: expected one scenario name, then key=value settings; see deno task scenarios`,
      );
    }
    const format = (values.format ?? "table") as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new ParamError(
        `Invalid --format: ${JSON.stringify(values.format)}; allowed: ${FORMATS.join("|")}`,
      );
    }
    getScenario(positionals[0]!);
    const seed = integerFlag("seed", values.seed as string | undefined);
    const durationMs = integerFlag("duration-ms", values["duration-ms"] as string | undefined, {
      min: 1,
      max: 3_600_000,
    });
    const warmupMs = integerFlag("warmup-ms", values["warmup-ms"] as string | undefined, {
      max: 3_600_000,
    });
    const result = runScenario(positionals[0]!, parseAssignments(settings), {
      ...(seed === undefined ? {} : { seed }),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(warmupMs === undefined ? {} : { warmupMs }),
    });
    Deno.stdout.writeSync(new TextEncoder().encode(formatRun(result, format)));
    return 0;
  } catch (error) {
    if (error instanceof ParamError || error instanceof RangeError) {
      console.error(`sim: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(main(Deno.args));
