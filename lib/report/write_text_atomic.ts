/**
 * Writes a text file atomically: a temporary file beside it, then a rename.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";

let tempCounter = 0;

/**
 * The file that writing `path` should change: `path` itself, or, when it is a symbolic
 * link (or a chain of them), the file it points to, even if that does not exist yet.
 *
 * @throws {Deno.errors.IsADirectory} when the path is (or points to) a directory.
 * @throws {Deno.errors.FilesystemLoop} on a loop of links.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveWritePath } from "./write_text_atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.symlink("real.csv", `${dir}/link.csv`);
 * assert.equal(await resolveWritePath(`${dir}/link.csv`), `${dir}/real.csv`);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resolveWritePath(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(current);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return current;
      throw error;
    }
    if (info.isDirectory) {
      throw new Deno.errors.IsADirectory(`Is a directory: ${JSON.stringify(current)}`);
    }
    if (!info.isSymlink) return current;
    current = resolve(dirname(current), await Deno.readLink(current));
  }
  throw new Deno.errors.FilesystemLoop(`Too many symbolic links: ${JSON.stringify(path)}`);
}

/**
 * Writes `text` to `path` so that readers see the old file or the new one, never half
 * of one; a failure leaves no temporary file behind. Missing parent directories are
 * created. A symbolic link at `path` is written through: the file it points to is
 * replaced and the link stays.
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
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  const path = await resolveWritePath(file);
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
