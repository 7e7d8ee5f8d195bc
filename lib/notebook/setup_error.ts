/**
 * The error of a set-up step (Jupyter, the Deno kernel, the Debian tools of a test).
 *
 * @module
 */

/**
 * Setup could not be completed; the message says what to do. The task scripts catch
 * it, print the message and exit non-zero.
 */
export class SetupError extends Error {
  /** Creates the error with a message that says what to do. */
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}
