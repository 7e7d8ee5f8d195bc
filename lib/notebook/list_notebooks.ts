/**
 * Which notebooks a run covers: those named, or every notebook in a folder.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";

/**
 * Lists the notebooks to run: `names` resolved against `dir`, or every `*.ipynb`
 * directly under `dir`, sorted by name.
 *
 * @throws {RangeError} when a named notebook does not exist.
 *
 * @example
 * ```ts ignore
 * import { listNotebooks } from "./list_notebooks.ts";
 * console.log(await listNotebooks("notebooks"));
 * ```
 */
export async function listNotebooks(dir: string, names?: readonly string[]): Promise<string[]> {
  if (names !== undefined && names.length > 0) {
    return names.map((name) => {
      const file = name.endsWith(".ipynb") ? name : `${name}.ipynb`;
      const candidates = [resolve(file), join(dir, basename(file))];
      const found = candidates.find((path) => {
        try {
          return Deno.statSync(path).isFile;
        } catch {
          return false;
        }
      });
      if (found === undefined) {
        throw new RangeError(
          `Cannot run notebook as 'name' must name a notebook in ${dir}: current value is ${name}`,
        );
      }
      return found;
    });
  }
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) found.push(join(dir, entry.name));
  }
  return found.sort();
}
