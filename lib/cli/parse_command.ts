/**
 * One way for every task to read its command line: `--help` prints the usage (exit 0),
 * and a mistake (an unknown option, a value missing, an option given twice, an extra
 * argument) is named in one line on stderr with the usage (exit 2), never a stack trace.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** An option of a command. */
export interface OptionSpec {
  /** `string` takes a value (`--seed 3` or `--seed=3`); `boolean` is a switch. */
  readonly type: "string" | "boolean";
  /** May be given more than once (the values are collected); otherwise once at most. */
  readonly multiple?: boolean;
}

/** A command's line: its name, usage text, options and how many positionals it takes. */
export interface CommandSpec {
  /** The task's name, as messages start (`sim`, `sweep`, ...). */
  readonly name: string;
  /** The usage text printed by `--help` and after a mistake. */
  readonly usage: string;
  /** The options, by long name (without `--`). `help`/`-h` is always there. */
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** The fewest positional arguments. @default {0} */
  readonly minPositionals?: number;
  /** The most positional arguments. @default {0} */
  readonly maxPositionals?: number;
}

/** A command line read by {@linkcode parseCommandLine}. */
export interface ParsedCommand {
  /** Values of single options (absent when not given). */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** Values of `multiple` options, in order (empty when not given). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** The positional arguments, in order. */
  readonly positionals: readonly string[];
}

/** A mistake on the command line; the message names it. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name = "UsageError";
}

/**
 * Reads `args` by `spec`.
 *
 * @returns the parsed line, or `"help"` when `--help` or `-h` was given.
 * @throws {UsageError} naming the unknown option, the option given twice, the missing
 * value, or the extra argument.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCommand } from "./parse_command.ts";
 * const spec = { name: "x", usage: "x [--seed N]", options: { seed: { type: "string" } } } as const;
 * assert.deepEqual(parseCommand(spec, ["--seed", "3"]), { values: { seed: "3" }, lists: {}, positionals: [] });
 * assert.equal(parseCommand(spec, ["--help"]), "help");
 * assert.throws(() => parseCommand(spec, ["--seed", "1", "--seed", "2"]), /--seed given twice/);
 * assert.throws(() => parseCommand(spec, ["extra"]), /unexpected argument 'extra'/);
 * ```
 */
export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedCommand | "help" {
  const { options = {}, minPositionals = 0, maxPositionals = 0 } = spec;
  const config: Record<string, { type: "string" | "boolean"; multiple: true; short?: string }> = {
    help: { type: "boolean", multiple: true, short: "h" },
  };
  for (const [name, option] of Object.entries(options)) {
    config[name] = { type: option.type, multiple: true };
  }
  let parsed: { values: Record<string, (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: config,
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help !== undefined) return "help";
  const values: Record<string, string | boolean | undefined> = {};
  const lists: Record<string, readonly string[]> = {};
  for (const [name, option] of Object.entries(options)) {
    const given = parsed.values[name];
    if (given === undefined) continue;
    if (option.multiple) {
      lists[name] = given.map(String);
    } else if (given.length > 1) {
      const shown = option.type === "string"
        ? ` (${given.map((v) => JSON.stringify(v)).join(", ")})`
        : "";
      throw new UsageError(`--${name} given twice${shown}; give it once`);
    } else {
      values[name] = given[0];
    }
  }
  const { positionals } = parsed;
  if (positionals.length > maxPositionals) {
    const extra = positionals.slice(maxPositionals).map((p) => `'${p}'`).join(", ");
    throw new UsageError(
      `unexpected argument${positionals.length - maxPositionals > 1 ? "s" : ""} ${extra}`,
    );
  }
  if (positionals.length < minPositionals) {
    throw new UsageError(
      `expected ${minPositionals === maxPositionals ? "" : "at least "}${minPositionals} argument${
        minPositionals === 1 ? "" : "s"
      }, got ${positionals.length}`,
    );
  }
  return { values, lists, positionals };
}

/**
 * {@linkcode parseCommand} for a task's `main`: prints the usage for `--help` (to stdout)
 * and returns 0, prints `name: mistake` and the usage for a mistake (to stderr) and
 * returns 2; otherwise returns the parsed line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCommandLine } from "./parse_command.ts";
 * const spec = { name: "x", usage: "Usage: x" };
 * const log = console.error;
 * console.error = () => {};
 * try {
 *   assert.equal(parseCommandLine(spec, ["--bogus"]), 2);
 * } finally {
 *   console.error = log;
 * }
 * ```
 */
export function parseCommandLine(
  spec: CommandSpec,
  args: readonly string[],
): ParsedCommand | number {
  try {
    const parsed = parseCommand(spec, args);
    if (parsed !== "help") return parsed;
    console.log(spec.usage);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${spec.name}: ${error.message}\n${spec.usage}`);
    return 2;
  }
}
