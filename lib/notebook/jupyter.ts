/**
 * Finds Jupyter (from Debian's packages), or installs it when this process may: the
 * first half of `deno task setup`. The Deno kernel is `ensureDenoKernel`'s business;
 * `setupJupyter` runs both.
 *
 * @module
 */

import { aptInstall, aptInstallCommand } from "./debian_tools.ts";
import { type CommandRunner, findExecutable, runCommand } from "./run_command.ts";
import { SetupError } from "./setup_error.ts";

/** The Debian packages that provide what the notebook tasks need. */
export const JUPYTER_PACKAGES = [
  "jupyter-nbconvert",
  "python3-nbclient",
  "python3-ipykernel",
  "jupyter-notebook",
] as const;

/** The Python modules the notebook tasks import. */
const JUPYTER_MODULES = ["nbclient", "nbconvert", "nbformat", "jupyter_client", "ipykernel"];

/** Where Jupyter was found. */
export interface JupyterInstallation {
  /** The Python interpreter that runs Jupyter (from `jupyter-nbconvert`'s first line). */
  readonly python: string;
  /** nbconvert's version. */
  readonly nbconvertVersion: string;
  /** nbclient's version. */
  readonly nbclientVersion: string;
}

/** Options of the setup steps; tests replace the system with fakes. */
export interface SetupOptions {
  /**
   * Runs programs.
   * @default {runCommand}
   */
  run?: CommandRunner;
  /**
   * Whether this process may install Debian packages.
   * @default {whether the user id is 0}
   */
  isRoot?: boolean;
  /**
   * The deno binary the kernel must run.
   * @default {Deno.execPath()}
   */
  denoPath?: string;
  /**
   * The Python interpreter to use for Jupyter.
   * @default {the interpreter named on the first line of `jupyter-nbconvert` on PATH,
   * else /usr/bin/python3}
   */
  python?: string;
}

/**
 * The Python interpreter that runs the Jupyter on PATH: the one named on the first
 * line of `jupyter-nbconvert`, or /usr/bin/python3 (Debian's) when there is none.
 * (The `python3` first on PATH may be another one, without Jupyter's modules.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jupyterPython } from "./jupyter.ts";
 * assert.ok(jupyterPython().length > 0);
 * ```
 */
export function jupyterPython(): string {
  const script = findExecutable("jupyter-nbconvert");
  if (script !== undefined) {
    try {
      const first = Deno.readTextFileSync(script).split("\n", 1)[0] ?? "";
      const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
      if (match?.[1] !== undefined) {
        const python = match[1].endsWith("/env") ? match[2] : match[1];
        if (python !== undefined) return python;
      }
    } catch {
      // unreadable: fall through
    }
  }
  return "/usr/bin/python3";
}

/**
 * Finds a working Jupyter: `python` must import nbclient, nbconvert, nbformat,
 * jupyter_client and ipykernel. Returns `undefined` when it does not.
 *
 * @example
 * ```ts ignore
 * import { findJupyter } from "./jupyter.ts";
 * console.log(await findJupyter());
 * ```
 */
export async function findJupyter(options?: SetupOptions): Promise<
  JupyterInstallation | undefined
> {
  const { run = runCommand, python = jupyterPython() } = options ?? {};
  const probe = [
    "import importlib.util as u, importlib.metadata as m, json, sys",
    `missing = [n for n in ${JSON.stringify(JUPYTER_MODULES)} if u.find_spec(n) is None]`,
    "print(json.dumps({'missing': missing, 'versions': [] if missing else " +
    "[m.version('nbconvert'), m.version('nbclient')]}))",
  ].join("\n");
  const result = await run(python, ["-c", probe]);
  if (result.code !== 0) return undefined;
  try {
    const { missing, versions } = JSON.parse(result.stdout) as {
      missing: string[];
      versions: string[];
    };
    if (missing.length > 0) return undefined;
    return { python, nbconvertVersion: versions[0] ?? "?", nbclientVersion: versions[1] ?? "?" };
  } catch {
    return undefined;
  }
}

/**
 * Makes sure Jupyter is installed: when it is missing and this process is root, installs
 * {@linkcode JUPYTER_PACKAGES} with apt-get (non-interactively); when it is missing and
 * this process is not root, throws a {@linkcode SetupError} that gives the command.
 *
 * @returns the installation, and the packages this call installed.
 * @throws {SetupError} when Jupyter is missing and cannot be installed.
 *
 * @example
 * ```ts ignore
 * import { ensureJupyter } from "./jupyter.ts";
 * const { jupyter } = await ensureJupyter();
 * console.log(jupyter.python);
 * ```
 */
export async function ensureJupyter(options?: SetupOptions): Promise<{
  jupyter: JupyterInstallation;
  installed: string[];
}> {
  const { run = runCommand, isRoot = Deno.uid() === 0 } = options ?? {};
  const found = await findJupyter(options);
  if (found !== undefined) return { jupyter: found, installed: [] };
  const missing = await missingPackages(run);
  const toInstall = missing.length > 0 ? missing : [...JUPYTER_PACKAGES];
  if (!isRoot) {
    throw new SetupError(
      `Jupyter is missing (Debian packages not installed: ${toInstall.join(", ")}).\n` +
        `Install it as root, then run 'deno task setup' again:\n  sudo sh -c '${
          aptInstallCommand(toInstall)
        }'`,
    );
  }
  await aptInstall(toInstall, { run });
  const installed = await findJupyter({ ...options, python: jupyterPython() });
  if (installed === undefined) {
    throw new SetupError(
      `Jupyter is still not usable after 'apt-get install -y ${toInstall.join(" ")}': ` +
        `check that ${jupyterPython()} imports ${JUPYTER_MODULES.join(", ")}`,
    );
  }
  return { jupyter: installed, installed: toInstall };
}

/** The packages of {@linkcode JUPYTER_PACKAGES} that dpkg does not list as installed. */
async function missingPackages(run: CommandRunner): Promise<string[]> {
  const result = await run("dpkg-query", [
    "-W",
    "-f=${Package} ${db:Status-Abbrev}\n",
    ...JUPYTER_PACKAGES,
  ]);
  const installed = new Set(
    result.stdout.split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([, status]) => status?.startsWith("ii"))
      .map(([name]) => name),
  );
  return JUPYTER_PACKAGES.filter((name) => !installed.has(name));
}
