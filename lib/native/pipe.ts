/**
 * A pipe between host tasks: a writer wakes a reader blocked in read() with a sync
 * wakeup (pipe_write uses wake_up_interruptible_sync), and messages written while the
 * reader is busy wait in the buffer.
 *
 * @module
 */

import type { HostScheduler } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";

/**
 * A one-directional pipe.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Pipe } from "./pipe.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const pipe = new Pipe(host);
 * const reader = host.spawn({ name: "reader" });
 * const writer = host.spawn({ name: "writer" });
 * let got = 0;
 * host.setWork(reader, 1_000, () => pipe.read(reader, () => got++));
 * host.setWork(writer, 50_000, () => pipe.write(writer));
 * sim.run({ untilNs: 1_000_000 });
 * assert.ok(got === 1);
 * ```
 */
export class Pipe {
  readonly #host: HostScheduler;
  readonly #sync: boolean;
  #buffered = 0;
  #reader: HostTask | null = null;
  #onData: (() => void) | null = null;

  /**
   * An empty pipe between tasks of `host`.
   *
   * @param sync Whether writes wake the reader with the sync hint. @default {true}
   */
  constructor(host: HostScheduler, sync = true) {
    this.#host = host;
    this.#sync = sync;
  }

  /** Messages written and not yet read. */
  get buffered(): number {
    return this.#buffered;
  }

  /** The running `writer` writes one message, waking a blocked reader. */
  write(writer: HostTask): void {
    const reader = this.#reader;
    if (reader !== null) {
      const onData = this.#onData as () => void;
      this.#reader = null;
      this.#onData = null;
      this.#host.setWork(reader, 0, onData);
      this.#host.wake(reader, { waker: writer, sync: this.#sync });
    } else {
      this.#buffered++;
    }
  }

  /**
   * The running `reader` reads one message: at once if one is buffered, otherwise it
   * blocks until a write; then `onData` runs on its CPU.
   */
  read(reader: HostTask, onData: () => void): void {
    if (this.#buffered > 0) {
      this.#buffered--;
      onData();
      return;
    }
    this.#reader = reader;
    this.#onData = onData;
    this.#host.block(reader);
  }
}
