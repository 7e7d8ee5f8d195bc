/**
 * Writes a text file atomically: a temporary file beside it, then a rename.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

let tempCounter = 0;

/**
 * Writes `text` to `path` so that readers see the old file or the new one, never half
 * of one; a failure leaves no temporary file behind. Missing parent directories are
 * created.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeTextAtomic } from "./write_text_atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeTextAtomic(`${dir}/a/b.txt`, "hello\n");
 * assert.equal(await Deno.readTextFile(`${dir}/a/b.txt`), "hello\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${Deno.pid}-${++tempCounter}.tmp`);
  try {
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
