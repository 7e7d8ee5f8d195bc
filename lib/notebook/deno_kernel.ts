/**
 * Registers the Deno kernel with Jupyter for the deno binary that runs this process:
 * the second half of `deno task setup`.
 *
 * @module
 */

import type { SetupOptions } from "./jupyter.ts";
import { SetupError } from "./setup_error.ts";
import { type CommandRunner, outputTail, runCommand } from "./run_command.ts";

/** The name the Deno kernel is registered under. */
export const KERNEL_NAME = "deno";

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
 * import { ensureDenoKernel } from "./deno_kernel.ts";
 * import { jupyterPython } from "./jupyter.ts";
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
        outputTail(result.stderr || result.stdout)
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
