/**
 * Ping-pong pairs: two tasks that pass a message back and forth through two pipes,
 * doing a little work on each (hackbench/lmbench lat_pipe style). This is the
 * workload affine and sync wakeups were designed for: the waker sleeps right after the
 * wakeup, so running the wakee on the waker's CPU avoids a cross-CPU wakeup and keeps
 * the message in a warm cache.
 *
 * @module
 */

import { type Distribution, sampleNs } from "../engine/distribution.ts";
import { RandomStream } from "../engine/random.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";
import { Pipe } from "./pipe.ts";

/** Options of {@linkcode startPipePairs}. */
export interface PipePairsOptions {
  /** Number of pairs. @default {1} */
  readonly pairs?: number;
  /** Work per message, at full speed. @default {{ kind: "exponential", mean: 5_000 }} (unit: ns) */
  readonly workNs?: Distribution;
  /** Whether pipe writes are sync wakeups (they are in Linux). @default {true} */
  readonly sync?: boolean;
  /** Seed of the work-time stream. @default {1} */
  readonly seed?: number;
}

/** A running set of pairs and what they have done. */
export interface PipePairs {
  /** The tasks, two per pair: the pinger, then the ponger. */
  readonly tasks: readonly HostTask[];
  /** Messages handled so far (each half of a round trip counts one). */
  messages(): number;
}

/**
 * Spawns `pairs` ping-pong pairs on `host` and starts them.
 *
 * @throws {RangeError} when `pairs` is not a positive integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { startPipePairs } from "./pipe_pairs.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const pp = startPipePairs(host, { pairs: 1 });
 * sim.run({ untilNs: 10_000_000 });
 * assert.ok(pp.messages() > 100);
 * ```
 */
export function startPipePairs(host: HostScheduler, options: PipePairsOptions = {}): PipePairs {
  const {
    pairs = 1,
    workNs = { kind: "exponential", mean: 5_000 },
    sync = true,
    seed = 1,
  } = options;
  if (!Number.isInteger(pairs) || pairs < 1) {
    throw new RangeError(
      `Invalid 'pairs': must be an integer >= 1: current value is ${pairs}`,
    );
  }
  const rng = RandomStream.derive(seed, "pipe-pairs/work");
  const tasks: HostTask[] = [];
  let messages = 0;
  for (let i = 0; i < pairs; i++) {
    const ping = host.spawn({ name: `ping${i}` });
    const pong = host.spawn({ name: `pong${i}` });
    const toPong = new Pipe(host, sync);
    const toPing = new Pipe(host, sync);
    // Each side: work on the message, write it to the other side, read the reply.
    const loop = (self: HostTask, out: Pipe, inp: Pipe) => {
      const step = (): void => {
        host.setWork(self, sampleNs(rng, workNs), () => {
          messages++;
          out.write(self);
          inp.read(self, step);
        });
      };
      return step;
    };
    const pingStep = loop(ping, toPong, toPing);
    const pongStep = loop(pong, toPing, toPong);
    pingStep();
    // pong starts by waiting for the first message.
    host.setWork(pong, 0, () => toPong.read(pong, pongStep));
    tasks.push(ping, pong);
  }
  return { tasks, messages: () => messages };
}
