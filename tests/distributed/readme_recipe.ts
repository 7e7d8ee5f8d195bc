/**
 * The distributed-sweep recipes, read from README.md itself so the tests run exactly
 * what a reader pastes. A recipe is the first ```sh block after an HTML comment
 * `<!-- recipe:NAME -->`; its settings line (`exp=... seeds=... n=...`) is the one line
 * a test may replace, to run a small experiment.
 *
 * @module
 */

import { join } from "node:path";

/** The settings a recipe's first `exp=` line holds. */
export interface RecipeSettings {
  /** The experiment to sweep. */
  exp: string;
  /** Seeds per grid point. */
  seeds: number;
  /** Number of shards. */
  n: number;
}

/**
 * The text of the recipe `name` in `readme`.
 *
 * @throws {Error} when the marker or its code block is missing.
 */
export function recipe(readme: string, name: string): string {
  const marker = `<!-- recipe:${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no '${marker}'`);
  const match = /```(?:sh|bash)\n([\s\S]*?)```/.exec(readme.slice(at + marker.length));
  if (match === null) throw new Error(`README.md has no sh block after '${marker}'`);
  return match[1] as string;
}

/**
 * `text` with its settings line replaced by `settings`.
 *
 * @throws {Error} when the text has no line starting `exp=` with `seeds=` and `n=`.
 */
export function withSettings(text: string, settings: RecipeSettings): string {
  const lines = text.split("\n");
  const i = lines.findIndex((line) => /^exp=\S+ seeds=\d+ n=\d+(\s|$)/.test(line));
  if (i < 0) throw new Error("The recipe has no settings line 'exp=... seeds=... n=...'");
  lines[i] = `exp=${settings.exp} seeds=${settings.seeds} n=${settings.n}`;
  return lines.join("\n");
}

/** README.md of the repository at `root`. */
export function readReadme(root: string): Promise<string> {
  return Deno.readTextFile(join(root, "README.md"));
}
