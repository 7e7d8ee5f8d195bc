/**
 * The error of a sweep or merge that cannot go on.
 *
 * @module
 */

/** A sweep or merge that cannot go on: the message says why and what to do. */
export class SweepError extends Error {
  /** Always `"SweepError"` (subclasses keep it, so callers catch one name). */
  override readonly name: string = "SweepError";
}
