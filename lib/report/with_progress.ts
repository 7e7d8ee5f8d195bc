/**
 * Runs one job per item with a progress bar in the notebook cell: the way a notebook
 * runs a series of simulations and still shows how far it is.
 *
 * @module
 */

import { CellProgress, type CellProgressOptions } from "./cell_progress.ts";

/**
 * Calls `job` on each item in turn and returns the results in order, showing a
 * {@linkcode CellProgress} bar in the cell (nothing outside a Jupyter kernel). Between
 * two items it waits for the display to be sent, so that a cell whose jobs are
 * synchronous (a simulation is) still updates its bar while it runs. The results are
 * those of a plain `items.map(job)`: the bar only observes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withProgress } from "./with_progress.ts";
 * const squares = await withProgress([1, 2, 3], (x) => x * x, { label: "squares" });
 * assert.deepEqual(squares, [1, 4, 9]);
 * ```
 */
export async function withProgress<T, U>(
  items: readonly T[],
  job: (item: T, index: number) => U | Promise<U>,
  options?: CellProgressOptions,
): Promise<U[]> {
  const bar = new CellProgress(items.length, options);
  await bar.tick(0); // show 0/N before the first job blocks the event loop
  const results: U[] = [];
  for (const [index, item] of items.entries()) {
    results.push(await job(item, index));
    await bar.tick();
  }
  await bar.finish();
  return results;
}
