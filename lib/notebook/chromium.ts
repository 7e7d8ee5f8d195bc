/**
 * Chromium from Debian's packages, for the browser tests of the notebooks and the
 * report: installed by `deno task setup` beside Jupyter (when this process is root),
 * or the exact apt-get line to run.
 *
 * @module
 */

import {
  aptInstallCommand,
  type DebianToolsOptions,
  ensureDebianTools,
  findTool,
} from "./debian_tools.ts";
import { SetupError } from "./setup_error.ts";

/** The executable and the Debian package that provides it. */
export const CHROMIUM_TOOLS = { chromium: "chromium" } as const;

/**
 * Makes sure headless Chromium is installed: when it is missing and this process is
 * root, installs the Debian package `chromium`.
 *
 * @returns the path of the `chromium` executable.
 * @throws {SetupError} with the exact apt-get line when it is missing and this process
 * is not root, or when apt-get fails.
 *
 * @example
 * ```ts ignore
 * import { ensureChromium } from "./chromium.ts";
 * console.log(await ensureChromium());
 * ```
 */
export async function ensureChromium(options?: DebianToolsOptions): Promise<string> {
  const missing = await ensureDebianTools(CHROMIUM_TOOLS, options);
  const path = findTool("chromium");
  if (missing.length > 0 || path === undefined) {
    throw new SetupError(
      `Chromium is missing (Debian package 'chromium'); the browser tests need it.\n` +
        `Install it as root, then run 'deno task setup' again:\n  sudo sh -c '${
          aptInstallCommand(["chromium"])
        }'`,
    );
  }
  return path;
}
