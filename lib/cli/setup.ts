/**
 * `deno task setup`: makes sure Jupyter (from Debian's packages) is installed and the
 * Deno kernel is registered for the deno binary that runs this script, and that
 * headless Chromium (Debian's `chromium`, for the browser tests of the notebooks and the
 * report) is installed. Idempotent: a second run changes nothing and says so. The work
 * is {@linkcode setupJupyter}'s and {@linkcode ensureChromium}'s, in lib/notebook/; the
 * other task scripts call them before they need Jupyter or a browser.
 *
 * @module
 */

import { ensureChromium } from "../notebook/chromium.ts";
import { SetupError } from "../notebook/setup_error.ts";
import { parseCommandLine } from "./parse_command.ts";
import { setupJupyter } from "../notebook/setup_jupyter.ts";

const USAGE = `Usage: deno task setup
Installs Jupyter (Debian's packages) if need be and registers the Deno kernel; idempotent.`;

/** The command: prints what setup found and did, and returns the exit status. */
export async function main(args: readonly string[] = []): Promise<number> {
  const parsed = parseCommandLine({ name: "setup", usage: USAGE }, args);
  if (typeof parsed === "number") return parsed;
  try {
    console.log((await setupJupyter()).summary);
    console.log(`setup: headless Chromium at ${await ensureChromium()}`);
    return 0;
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
