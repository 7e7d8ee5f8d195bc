/**
 * `deno task scenarios`: lists every scenario and every key with its default, unit
 * and allowed values.
 *
 * @module
 */

import { allowedText } from "../scenarios/params.ts";
import { SCENARIOS } from "../scenarios/registry.ts";
import { parseCommandLine } from "./parse_command.ts";

/** The listing, as text. */
export function listScenarios(): string {
  const lines: string[] = [];
  for (const s of SCENARIOS.values()) {
    lines.push(`${s.name}: ${s.description}`);
    lines.push(
      `  run: deno task sim ${s.name} [--set key=value ...] [--seed N] [--duration-ms N (default ${s.defaultDurationMs})] [--warmup-ms N (default ${s.defaultWarmupMs})] [--format table|json|csv]`,
    );
    const width = Math.max(...s.params.map((p) => p.key.length));
    for (const p of s.params) {
      lines.push(
        `  ${p.key.padEnd(width)}  default ${String(p.default).padEnd(11)} allowed ${
          allowedText(p)
        }`,
      );
      lines.push(`  ${"".padEnd(width)}  ${p.description}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

const USAGE = `Usage: deno task scenarios
Lists every scenario and every key with its default, unit and allowed values.`;

if (import.meta.main) {
  const line = parseCommandLine({ name: "scenarios", usage: USAGE }, Deno.args);
  if (typeof line === "number") Deno.exit(line);
  console.log(listScenarios());
}
