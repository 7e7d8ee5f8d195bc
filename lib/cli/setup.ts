/**
 * `deno task setup`: makes sure Jupyter (from Debian's packages) is installed and the
 * Deno kernel is registered for the deno binary that runs this script. Idempotent:
 * a second run changes nothing and says so. The other task scripts call
 * {@linkcode setup} before they need Jupyter.
 *
 * @module
 */

import { type CommandRunner, findExecutable, runCommand } from "./run_command.ts";

/** The Debian packages that provide what the notebook tasks need. */
export const JUPYTER_PACKAGES = [
  "jupyter-nbconvert",
  "python3-nbclient",
  "python3-ipykernel",
  "jupyter-notebook",
] as const;

/** The Python modules the notebook tasks import. */
const JUPYTER_MODULES = ["nbclient", "nbconvert", "nbformat", "jupyter_client", "ipykernel"];

/** The name the Deno kernel is registered under. */
export const KERNEL_NAME = "deno";

/**
 * The shell command that installs `packages` (by default all of
 * {@linkcode JUPYTER_PACKAGES}), as shown to users.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { aptInstallCommand } from "./setup.ts";
 * assert.equal(
 *   aptInstallCommand(["python3-nbclient"]),
 *   "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-nbclient",
 * );
 * ```
 */
export function aptInstallCommand(packages: readonly string[] = JUPYTER_PACKAGES): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${
    packages.join(" ")
  }`;
}

/**
 * Setup could not be completed; the message says what to do. The task scripts catch
 * it, print the message and exit non-zero.
 */
export class SetupError extends Error {
  /** Creates the error with a message that says what to do. */
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

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

/** What {@linkcode setup} found and did. */
export interface SetupReport {
  /** The Jupyter installation in use. */
  readonly jupyter: JupyterInstallation;
  /** Debian packages installed by this run (empty when all were present). */
  readonly installed: readonly string[];
  /** The deno binary the kernel runs. */
  readonly kernelDeno: string;
  /** Whether this run (re-)registered the kernel. */
  readonly registeredKernel: boolean;
  /** One or two lines for the user. */
  readonly summary: string;
}

/**
 * The Python interpreter that runs the Jupyter on PATH: the one named on the first
 * line of `jupyter-nbconvert`, or /usr/bin/python3 (Debian's) when there is none.
 * (The `python3` first on PATH may be another one, without Jupyter's modules.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jupyterPython } from "./setup.ts";
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
 * import { findJupyter } from "./setup.ts";
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
 * import { ensureJupyter } from "./setup.ts";
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
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  for (
    const args of [["update"], ["install", "-y", ...toInstall]]
  ) {
    const result = await run("apt-get", args, { env });
    if (result.code !== 0) {
      throw new SetupError(
        `Cannot install Jupyter as 'apt-get ${
          args.join(" ")
        }' failed (exit code ${result.code}):\n${tail(result.stderr || result.stdout)}`,
      );
    }
  }
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

/**
 * Makes sure the Jupyter kernel named {@linkcode KERNEL_NAME} runs `denoPath`: reads the
 * kernel spec that Jupyter would use (its `argv`), and when it is missing or runs
 * another binary (symlinks resolved), registers it with `<denoPath> jupyter --install --force`.
 *
 * @returns whether it (re-)registered the kernel.
 * @throws {SetupError} when the registration fails or does not take effect.
 *
 * @example
 * ```ts ignore
 * import { ensureDenoKernel, jupyterPython } from "./setup.ts";
 * console.log(await ensureDenoKernel(jupyterPython()));
 * ```
 */
export async function ensureDenoKernel(python: string, options?: SetupOptions): Promise<boolean> {
  const { run = runCommand, denoPath = Deno.execPath() } = options ?? {};
  if (sameFile((await kernelArgv(run, python))?.[0], denoPath)) return false;
  const result = await run(denoPath, ["jupyter", "--install", "--force"]);
  if (result.code !== 0) {
    throw new SetupError(
      `Cannot register the Deno kernel as '${denoPath} jupyter --install --force' failed (exit code ${result.code}):\n${
        tail(result.stderr || result.stdout)
      }`,
    );
  }
  const argv = await kernelArgv(run, python);
  if (!sameFile(argv?.[0], denoPath)) {
    throw new SetupError(
      `Cannot register the Deno kernel as Jupyter's '${KERNEL_NAME}' kernel still runs ${
        argv?.[0] ?? "nothing"
      } after 'deno jupyter --install': another kernel spec of that name takes precedence ` +
        `(see 'jupyter kernelspec list')`,
    );
  }
  return true;
}

/**
 * Whether two paths name the same file once symlinks are resolved (`deno jupyter
 * --install` may write the symlink on PATH, /usr/bin/deno, for the binary behind it).
 */
function sameFile(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  try {
    return Deno.realPathSync(a) === Deno.realPathSync(b);
  } catch {
    return false;
  }
}

/** The argv of the kernel spec Jupyter would start, or undefined if there is none. */
async function kernelArgv(run: CommandRunner, python: string): Promise<string[] | undefined> {
  const probe = [
    "import json",
    "from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel",
    "try:",
    `    print(json.dumps(KernelSpecManager().get_kernel_spec(${
      JSON.stringify(KERNEL_NAME)
    }).argv))`,
    "except NoSuchKernel:",
    "    print('null')",
  ].join("\n");
  const result = await run(python, ["-c", probe]);
  if (result.code !== 0) return undefined;
  try {
    return (JSON.parse(result.stdout) as string[] | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs both steps: {@linkcode ensureJupyter}, then {@linkcode ensureDenoKernel}.
 *
 * @throws {SetupError} when either step cannot complete.
 *
 * @example
 * ```ts ignore
 * import { setup } from "./setup.ts";
 * console.log((await setup()).summary);
 * ```
 */
export async function setup(options?: SetupOptions): Promise<SetupReport> {
  const { denoPath = Deno.execPath() } = options ?? {};
  const { jupyter, installed } = await ensureJupyter(options);
  const registeredKernel = await ensureDenoKernel(jupyter.python, options);
  const first = installed.length > 0
    ? `setup: installed ${
      installed.join(", ")
    } (nbconvert ${jupyter.nbconvertVersion}, nbclient ${jupyter.nbclientVersion})`
    : `setup: Jupyter present (nbconvert ${jupyter.nbconvertVersion}, nbclient ${jupyter.nbclientVersion}, ${jupyter.python})`;
  const second = registeredKernel
    ? `setup: registered the '${KERNEL_NAME}' Jupyter kernel for ${denoPath}`
    : `setup: the '${KERNEL_NAME}' Jupyter kernel already runs ${denoPath}`;
  return {
    jupyter,
    installed,
    kernelDeno: denoPath,
    registeredKernel,
    summary: `${first}\n${second}`,
  };
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

if (import.meta.main) {
  try {
    console.log((await setup()).summary);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    Deno.exit(1);
  }
}
