/**
 * `deno task sim <scenario> [--set key=value ...] [--seed N] [--duration-ms N]
 * [--warmup-ms N] [--format table|json|csv]`: runs one simulation and prints its
 * metrics. Bad input exits with status 2 and a message naming the key, the value and
 * what is allowed; nothing is printed to stdout then.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { integerFlag } from "./flags.ts";
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

/** The command: returns the exit status. */
export function main(args: readonly string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        set: { type: "string", multiple: true },
        seed: { type: "string" },
        "duration-ms": { type: "string" },
        "warmup-ms": { type: "string" },
        format: { type: "string", default: "table" },
      },
      allowPositionals: true,
      strict: true,
    });
    // `--set a=1 b=2` leaves b=2 as a positional: take key=value positionals as settings.
    const settings = [
      ...(values.set ?? []),
      ...positionals.slice(1).filter((p) => p.includes("=")),
    ];
    const others = positionals.slice(1).filter((p) => !p.includes("="));
    if (positionals.length === 0 || others.length > 0) {
      throw new ParamError(
        `Expected one scenario name: deno task sim <scenario> [--set key=value ...]; see deno task scenarios`,
      );
    }
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) {
      throw new ParamError(
        `Invalid --format: ${JSON.stringify(values.format)}; allowed: ${FORMATS.join("|")}`,
      );
    }
    getScenario(positionals[0]!);
    const seed = integerFlag("seed", values.seed);
    const durationMs = integerFlag("duration-ms", values["duration-ms"]);
    const warmupMs = integerFlag("warmup-ms", values["warmup-ms"]);
    const result = runScenario(positionals[0]!, parseAssignments(settings), {
      ...(seed === undefined ? {} : { seed }),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(warmupMs === undefined ? {} : { warmupMs }),
    });
    Deno.stdout.writeSync(new TextEncoder().encode(formatRun(result, format)));
    return 0;
  } catch (error) {
    if (
      error instanceof ParamError || error instanceof RangeError ||
      (error instanceof TypeError && /parseArgs|option/i.test(error.message))
    ) {
      console.error(`sim: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(main(Deno.args));
