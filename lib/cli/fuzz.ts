/**
 * `deno task fuzz [--budget N] [--kill-points N] [--seed S]`: the standing checks of bad
 * input and crash consistency with a larger budget than the test command gives them.
 * Runs tests/cli/fuzz_test.ts (N generated cases per property: bad command lines and
 * library calls must be refused with exit 2, the field named, nothing on stdout, no file
 * written, no stack trace) and tests/experiments/sweep_crash_test.ts (a sweep killed at
 * random points, then resumed, must write the uninterrupted file byte for byte). The
 * seed is random unless given, and printed, so that a failure can be replayed.
 *
 * @module
 */

import { integerFlag } from "./flags.ts";
import { parseCommandLine } from "./parse_command.ts";
import { PROJECT_ROOT } from "../project_root.ts";

const USAGE = `Usage: deno task fuzz [--budget N] [--kill-points N] [--seed S]
Runs the bad-input properties with N cases each (default 2000) and the sweep crash test
with N kill points (default 24), from seed S (default: random, printed).`;

/** The command line of `deno task fuzz`. */
const COMMAND = {
  name: "fuzz",
  usage: USAGE,
  options: {
    budget: { type: "string" },
    "kill-points": { type: "string" },
    seed: { type: "string" },
  },
} as const;

/** The command: returns the exit status of the tests it runs. */
export async function main(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, args);
  if (typeof parsed === "number") return parsed;
  const values = parsed.values as Readonly<Record<string, string | undefined>>;
  let budget: number;
  let killPoints: number;
  let seed: number;
  try {
    budget = integerFlag("budget", values.budget, { min: 1, max: 1_000_000 }) ?? 2000;
    killPoints = integerFlag("kill-points", values["kill-points"], { min: 0, max: 10_000 }) ?? 24;
    seed = integerFlag("seed", values.seed, { max: 2 ** 31 - 1 }) ??
      Math.floor(Math.random() * 2 ** 31);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    console.error(`fuzz: ${error.message}`);
    return 2;
  }
  console.error(`fuzz: ${budget} cases per property, ${killPoints} kill points, seed ${seed}`);
  const files = [
    "tests/cli/fuzz_test.ts",
    ...(killPoints > 0 ? ["tests/experiments/sweep_crash_test.ts"] : []),
  ];
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...files],
    cwd: PROJECT_ROOT,
    env: {
      KVMSCHED_FUZZ_RUNS: String(budget),
      KVMSCHED_FUZZ_SEED: String(seed),
      KVMSCHED_CRASH_POINTS: String(killPoints),
      KVMSCHED_CRASH_SEED: String(seed),
    },
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return code;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
