/**
 * Runs a program and collects what it printed; the one way the notebook tooling and the
 * task scripts start other programs.
 *
 * @module
 */

/** What a finished program left. */
export interface CommandResult {
  /** Exit code (128 + signal number when killed by a signal). */
  readonly code: number;
  /** Everything it printed on stdout (empty when `inherit` was set). */
  readonly stdout: string;
  /** Everything it printed on stderr (empty when `inherit` was set). */
  readonly stderr: string;
}

/** Options of {@linkcode runCommand}. */
export interface RunCommandOptions {
  /**
   * Working directory.
   * @default {the current directory}
   */
  cwd?: string;
  /**
   * Variables added to (or replacing those of) the current environment.
   * @default {none}
   */
  env?: Record<string, string>;
  /**
   * Let the program print straight to this process's stdout and stderr instead of
   * collecting its output.
   * @default {false}
   */
  inherit?: boolean;
}

/** A function with the signature of {@linkcode runCommand}; tests pass fakes. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: RunCommandOptions,
) => Promise<CommandResult>;

/**
 * Runs `command` with `args` (no shell) and waits for it. A program that cannot be
 * started at all gives code 127 and the reason on stderr, as a shell would.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCommand } from "./run_command.ts";
 * const result = await runCommand(Deno.execPath(), ["eval", "console.log(6 * 7)"]);
 * assert.ok(result.code === 0 && result.stdout.trim() === "42");
 * ```
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options?: RunCommandOptions,
): Promise<CommandResult> {
  const { cwd, env, inherit = false } = options ?? {};
  const io = inherit ? "inherit" : "piped";
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command, {
      args: [...args],
      ...(cwd === undefined ? {} : { cwd }),
      ...(env === undefined ? {} : { env }),
      stdin: "null",
      stdout: io,
      stderr: io,
    }).spawn();
  } catch (error) {
    return { code: 127, stdout: "", stderr: `${command}: ${(error as Error).message}\n` };
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.signal === null ? output.code : 128 + signalNumber(output.signal),
    stdout: inherit ? "" : decoder.decode(output.stdout),
    stderr: inherit ? "" : decoder.decode(output.stderr),
  };
}

function signalNumber(signal: Deno.Signal): number {
  const numbers: Partial<Record<Deno.Signal, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGTERM: 15,
  };
  return numbers[signal] ?? 1;
}

/**
 * Finds `name` on `PATH` as a shell would, or in `dirs` when given; returns its full path
 * or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findExecutable } from "./run_command.ts";
 * assert.ok(findExecutable("surely-no-such-program-here") === undefined);
 * ```
 */
export function findExecutable(
  name: string,
  dirs: readonly string[] = (Deno.env.get("PATH") ?? "").split(":"),
): string | undefined {
  for (const dir of dirs) {
    if (dir === "") continue;
    const path = `${dir}/${name}`;
    try {
      const info = Deno.statSync(path);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The last `lines` lines of a program's output, trailing whitespace dropped: what an
 * error message quotes of a failed command.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputTail } from "./run_command.ts";
 * assert.equal(outputTail("a\nb\nc\n", 2), "b\nc");
 * ```
 */
export function outputTail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
