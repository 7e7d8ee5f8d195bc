/**
 * Where the repository is on disk, for the task scripts and tests that read or write
 * its folders (data/, notebooks/, README.md).
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The project's root directory (the parent of lib/), as a path ending in `/`. */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../", import.meta.url));
