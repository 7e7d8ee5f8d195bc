/**
 * Gives any result object a compact table display in notebooks.
 *
 * @module
 */

import { type Displayable, JUPYTER_DISPLAY } from "./displayable.ts";
import { table, type TableOptions, type TableRow } from "./table.ts";

/**
 * Attaches a Jupyter display to `value` (a non-enumerable property, so that equality
 * checks, JSON and CSV output do not see it) and returns the same object. The kernel
 * then shows `toRows(value)` as a {@linkcode table}. Without `toRows`, an array is shown
 * one row per element and any other object as one row of its own properties.
 *
 * @throws {TypeError} when `value` is not an object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withTableDisplay } from "./with_table_display.ts";
 * import { JUPYTER_DISPLAY } from "./displayable.ts";
 * const result = withTableDisplay({ rho: 0.5, meanInSystem: 0.998 });
 * const bundle = result[JUPYTER_DISPLAY]();
 * assert.ok(bundle["text/plain"]?.includes("0.998"));
 * assert.ok(JSON.stringify(result) === '{"rho":0.5,"meanInSystem":0.998}');
 * ```
 */
export function withTableDisplay<T extends object>(
  value: T,
  toRows?: (value: T) => readonly TableRow[],
  options?: TableOptions,
): T & Displayable {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(
      `Cannot attach table display as 'value' must be an object: current value is ${String(value)}`,
    );
  }
  const rows = toRows ??
    ((v: T): readonly TableRow[] =>
      Array.isArray(v) ? (v as readonly TableRow[]) : [v as unknown as TableRow]);
  Object.defineProperty(value, JUPYTER_DISPLAY, {
    value: () => table(rows(value), options)[JUPYTER_DISPLAY](),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return value as T & Displayable;
}
