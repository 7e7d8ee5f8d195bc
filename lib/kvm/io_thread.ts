/**
 * QEMU's I/O thread: a host task that sleeps in select() until a device needs it,
 * then does the device emulation work (copying packets between the tap device and the
 * virtqueues) and injects interrupts into the guest, kicking vCPUs from its own CPU.
 *
 * @module
 */

import type { HostScheduler, WakeSource } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";

/** One piece of I/O-thread work: CPU time, then an action in the thread's context. */
export interface IoJob {
  /** CPU time of the device emulation. Unit: ns. */
  readonly workNs: number;
  /** What happens then, in the I/O thread's context (it gets the thread). */
  readonly then: (thread: HostTask) => void;
}

/**
 * The I/O thread of one VM.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { IoThread } from "./io_thread.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const io = new IoThread(host, "vm0/io");
 * let done = 0;
 * sim.after(1_000_000, () => io.post({ workNs: 10_000, then: () => done++ }, { cpu: 0 }));
 * sim.run({ untilNs: 2_000_000 });
 * assert.ok(done === 1 && io.task.state === "sleeping");
 * ```
 */
export class IoThread {
  /** The I/O thread: a host task. */
  readonly task: HostTask;
  readonly #host: HostScheduler;
  readonly #queue: IoJob[] = [];
  #busy = false;

  /** Spawns the thread `name` on `host` (on the CPUs of `affinity`, if given), asleep in select(). */
  constructor(host: HostScheduler, name: string, affinity?: readonly number[]) {
    this.#host = host;
    this.task = host.spawn(
      affinity === undefined ? { name, kind: "iothread" } : {
        name,
        kind: "iothread",
        affinity,
      },
    );
    // Start in select(): block at once.
    host.setWork(this.task, 0, () => this.#next());
  }

  /**
   * Hands the thread a job. If it sleeps in select(), it is woken from `source`: a
   * device interrupt on a host CPU (a packet from the tap device) or a vCPU thread
   * (a virtqueue notification), with the sync hint as given.
   */
  post(job: IoJob, source: WakeSource): void {
    this.#queue.push(job);
    if (!this.#busy && this.task.state === "sleeping") {
      this.#next(); // takes the job: its work waits for the thread to run
      this.#host.wake(this.task, source);
    }
  }

  #next(): void {
    const job = this.#queue.shift();
    if (job === undefined) {
      this.#busy = false;
      this.#host.block(this.task);
      return;
    }
    this.#busy = true;
    this.#host.setWork(this.task, job.workNs, () => {
      job.then(this.task);
      this.#next();
    });
  }
}
