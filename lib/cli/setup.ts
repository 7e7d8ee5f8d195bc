/**
 * `deno task setup`: makes sure Jupyter (from Debian's packages) is installed and the
 * Deno kernel is registered for the deno binary that runs this script. Idempotent:
 * a second run changes nothing and says so. The work is
 * {@linkcode setupJupyter}'s, in lib/notebook/; the other task scripts call it before
 * they need Jupyter.
 *
 * @module
 */

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
    return 0;
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
