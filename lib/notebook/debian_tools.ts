/**
 * Debian packages for the project's tools: which executables are missing, and installing
 * their packages with apt-get when this process is root. Jupyter's set-up and the
 * distributed-sweep tests (GNU parallel, sshd, Slurm) use it; a user without root gets
 * the exact apt-get line instead.
 *
 * @module
 */

import { type CommandRunner, findExecutable, outputTail, runCommand } from "./run_command.ts";
import { SetupError } from "./setup_error.ts";

/** Options of {@linkcode ensureDebianTools} and {@linkcode aptInstall}. */
export interface DebianToolsOptions {
  /** Runs apt-get. @default {runCommand} */
  readonly run?: CommandRunner;
  /** Whether this process may install packages. @default whether the uid is 0 */
  readonly isRoot?: boolean;
}

/** Directories searched besides PATH: daemons live in sbin, often not on a user's PATH. */
const SBIN = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/**
 * The full path of executable `name` on PATH or in the sbin directories, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTool } from "./debian_tools.ts";
 * assert.equal(findTool("surely-no-such-program-here"), undefined);
 * assert.ok(findTool("sh")?.endsWith("/sh"));
 * ```
 */
export function findTool(name: string): string | undefined {
  return findExecutable(name) ?? findExecutable(name, SBIN);
}

/**
 * The Debian packages of `tools` (executable name -> package) whose executable is
 * missing, each package once, in the order given.
 */
export function missingPackages(tools: Readonly<Record<string, string>>): string[] {
  const missing = Object.entries(tools).filter(([exe]) => findTool(exe) === undefined);
  return [...new Set(missing.map(([, pkg]) => pkg))];
}

/**
 * The shell line that installs `packages`, to print for a user who is not root.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { aptInstallCommand } from "./debian_tools.ts";
 * assert.equal(
 *   aptInstallCommand(["parallel"]),
 *   "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y parallel",
 * );
 * ```
 */
export function aptInstallCommand(packages: readonly string[]): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${
    packages.join(" ")
  }`;
}

/**
 * Runs `apt-get update` and `apt-get install -y packages`, non-interactively.
 *
 * @throws {SetupError} naming the failed apt-get command and the end of its output.
 */
export async function aptInstall(
  packages: readonly string[],
  options?: DebianToolsOptions,
): Promise<void> {
  const { run = runCommand } = options ?? {};
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", ...packages]]) {
    const result = await run("apt-get", args, { env });
    if (result.code !== 0) {
      throw new SetupError(
        `Cannot install ${packages.join(", ")} as 'apt-get ${
          args.join(" ")
        }' failed (exit code ${result.code}):\n${outputTail(result.stderr || result.stdout)}`,
      );
    }
  }
}

/**
 * Makes sure every executable of `tools` (executable name -> Debian package) is there:
 * when some are missing and this process is root, installs their packages.
 *
 * @returns the packages still missing afterwards (empty when all is there); a caller
 * that needs them prints {@linkcode aptInstallCommand} of this list.
 * @throws {SetupError} when apt-get fails.
 */
export async function ensureDebianTools(
  tools: Readonly<Record<string, string>>,
  options?: DebianToolsOptions,
): Promise<string[]> {
  const { isRoot = Deno.uid() === 0 } = options ?? {};
  const missing = missingPackages(tools);
  if (missing.length === 0 || !isRoot) return missing;
  await aptInstall(missing, options);
  return missingPackages(tools);
}
