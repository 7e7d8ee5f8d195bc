/**
 * Makes sure Jupyter is installed and the Deno kernel registered for the deno binary
 * that runs this process. Idempotent: a second run changes nothing and says so. The
 * notebook runner and the task scripts call it before they need Jupyter.
 *
 * @module
 */

import { ensureJupyter, type JupyterInstallation, type SetupOptions } from "./jupyter.ts";
import { ensureDenoKernel, KERNEL_NAME } from "./deno_kernel.ts";

/** What {@linkcode setupJupyter} found and did. */
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
 * Runs both steps: {@linkcode ensureJupyter}, then {@linkcode ensureDenoKernel}.
 *
 * @throws {SetupError} when either step cannot complete.
 *
 * @example
 * ```ts ignore
 * import { setupJupyter } from "./setup_jupyter.ts";
 * console.log((await setupJupyter()).summary);
 * ```
 */
export async function setupJupyter(options?: SetupOptions): Promise<SetupReport> {
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
