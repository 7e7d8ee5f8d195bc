/**
 * The discrete-event simulation loop: a clock, timers on an indexed heap, and small
 * generator processes in the style of SimPy for tests and notebooks.
 *
 * @module
 */

import { EventQueue, MAX_PRIORITY, type QueueEntry } from "./event_queue.ts";
import { checkNs } from "./time.ts";

/** Priorities for events due at the same instant; lower runs first. */
export const Priority = {
  /** Runs before anything else due at the same time. */
  URGENT: 0,
  /** The default. */
  NORMAL: 1,
  /** Runs after normal events due at the same time (for example, sampling). */
  LATE: 2,
} as const;

/** Options of a timer. */
export interface TimerOptions {
  /**
   * Order among events due at the same instant: an integer from 0 to 255, lower first.
   * @default {1} (`Priority.NORMAL`)
   */
  priority?: number;
}

/**
 * A re-armable event: a callback and, while armed, the instant it is due. Creating a
 * timer once and re-arming it avoids an allocation per event, which keeps memory flat
 * in long runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "./simulation.ts";
 * const sim = new Simulation();
 * const fired: number[] = [];
 * const tick = sim.timer(() => {
 *   fired.push(sim.now);
 *   if (sim.now < 30) tick.after(10);
 * });
 * tick.at(10);
 * sim.run();
 * assert.ok(fired.join() === "10,20,30");
 * ```
 */
export class Timer implements QueueEntry {
  /** @internal Due time while armed. */
  time = 0;
  /** @internal Packed priority and sequence while armed, -1 when not armed. */
  key = -1;
  readonly #sim: Simulation;
  readonly #queue: EventQueue<Timer>;
  /** What runs when the timer fires. */
  readonly callback: () => void;
  /** Order among events due at the same instant, lower first. */
  readonly priority: number;

  /** @internal Use {@linkcode Simulation.timer}. */
  constructor(
    sim: Simulation,
    queue: EventQueue<Timer>,
    callback: () => void,
    priority: number,
  ) {
    this.#sim = sim;
    this.#queue = queue;
    this.callback = callback;
    this.priority = priority;
  }

  /** Whether the timer is armed. */
  get armed(): boolean {
    return this.key >= 0;
  }

  /** The instant the timer is due, in ns; only meaningful while {@linkcode armed}. */
  get dueNs(): number {
    return this.time;
  }

  /**
   * Arms the timer at absolute time `timeNs`, moving it if it was already armed.
   *
   * @throws {TypeError} when `timeNs` is not a number.
   * @throws {RangeError} when `timeNs` is not an integer or is before `now`.
   */
  at(timeNs: number): this {
    if (!Number.isSafeInteger(timeNs) || timeNs < this.#sim.now) {
      checkNs("timeNs", timeNs, "arm timer");
      throw new RangeError(
        `Cannot arm timer as 'timeNs' must not be in the past (now is ${this.#sim.now}): current value is ${timeNs}`,
      );
    }
    this.#queue.push(this, timeNs, this.priority);
    return this;
  }

  /**
   * Arms the timer `delayNs` after now, moving it if it was already armed.
   *
   * @throws {TypeError} when `delayNs` is not a number.
   * @throws {RangeError} when `delayNs` is negative or not an integer.
   */
  after(delayNs: number): this {
    if (!Number.isSafeInteger(delayNs) || delayNs < 0) {
      checkNs("delayNs", delayNs, "arm timer");
    }
    this.#queue.push(this, this.#sim.now + delayNs, this.priority);
    return this;
  }

  /** Disarms the timer; returns whether it was armed. */
  cancel(): boolean {
    return this.#queue.remove(this);
  }
}

/** Something a process can wait for, such as a {@linkcode Signal}. */
export interface Waitable {
  /** Registers `resume`, to be called with a value when the wait is over. */
  wait(resume: (value: unknown) => void): void;
}

/** A step a process may yield: a delay in ns, or something to wait for. */
export type ProcessStep = number | Waitable;

/** A generator run by {@linkcode Simulation.process}. */
export type ProcessGenerator = Generator<ProcessStep, void, unknown>;

/**
 * A condition processes can wait for. {@linkcode Signal.fire} resumes every waiting
 * process at the current instant, in the order they started waiting, and hands them
 * the value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Signal, Simulation } from "./simulation.ts";
 * const sim = new Simulation();
 * const done = new Signal<string>(sim);
 * const log: string[] = [];
 * sim.process(function* () {
 *   const value = yield done;
 *   log.push(`${sim.now}:${value}`);
 * });
 * sim.process(function* () {
 *   yield 7;
 *   done.fire("ok");
 * });
 * sim.run();
 * assert.ok(log[0] === "7:ok");
 * ```
 */
export class Signal<T> implements Waitable {
  readonly #sim: Simulation;
  #waiting: Array<(value: T) => void> = [];

  /** Creates a signal bound to `sim`. */
  constructor(sim: Simulation) {
    this.#sim = sim;
  }

  /** How many processes wait for the signal. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Resumes every waiting process now, in waiting order, with `value`. */
  fire(value: T): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resume of waiting) {
      this.#sim.at(this.#sim.now, () => resume(value), { priority: Priority.URGENT });
    }
  }

  /** @internal Registers a resumption; used by processes. */
  wait(resume: (value: T) => void): void {
    this.#waiting.push(resume);
  }
}

/** Options of {@linkcode Simulation.run}. */
export interface RunOptions {
  /**
   * Stop before the first event due at or after this instant and leave the clock
   * there. Without it the run goes on until no event is left.
   * @default {Infinity} (unit: ns)
   */
  untilNs?: number;
}

/**
 * A discrete-event simulation: a clock in integer nanoseconds and a queue of timers
 * ordered by (time, priority, insertion sequence), so that events due at the same
 * instant run in a defined order and every run is reproducible.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "./simulation.ts";
 * const sim = new Simulation();
 * const log: string[] = [];
 * sim.after(5, () => log.push(`b@${sim.now}`));
 * sim.after(5, () => log.push(`c@${sim.now}`));
 * sim.after(5, () => log.push(`a@${sim.now}`), { priority: 0 });
 * sim.run();
 * assert.ok(log.join() === "a@5,b@5,c@5");
 * ```
 */
export class Simulation {
  #now = 0;
  #events = 0;
  #stopped = false;
  readonly #queue = new EventQueue<Timer>();

  /** The current simulated instant, in ns. */
  get now(): number {
    return this.#now;
  }

  /** How many events have fired so far. */
  get eventsProcessed(): number {
    return this.#events;
  }

  /** How many timers are armed. */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * Creates an unarmed timer that calls `callback` when it fires.
   *
   * @throws {RangeError} when `options.priority` is not an integer from 0 to 255.
   */
  timer(callback: () => void, options?: TimerOptions): Timer {
    const { priority = Priority.NORMAL } = options ?? {};
    if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
      throw new RangeError(
        `Cannot create timer as 'priority' must be an integer from 0 to ${MAX_PRIORITY}: current value is ${priority}`,
      );
    }
    return new Timer(this, this.#queue, callback, priority);
  }

  /** Calls `callback` once at absolute time `timeNs`; returns the armed timer. */
  at(timeNs: number, callback: () => void, options?: TimerOptions): Timer {
    return this.timer(callback, options).at(timeNs);
  }

  /** Calls `callback` once, `delayNs` after now; returns the armed timer. */
  after(delayNs: number, callback: () => void, options?: TimerOptions): Timer {
    return this.timer(callback, options).after(delayNs);
  }

  /**
   * Starts a generator process now. It yields a number to sleep that many ns, or a
   * {@linkcode Signal} to wait until it fires (the value fired is what `yield` returns).
   */
  process(body: () => ProcessGenerator): void {
    const generator = body();
    const resume = (value: unknown): void => {
      const step = generator.next(value);
      if (step.done) return;
      const next = step.value;
      if (typeof next === "number") {
        this.after(next, () => resume(undefined));
      } else if (typeof next?.wait === "function") {
        next.wait(resume);
      } else {
        throw new TypeError(
          `Cannot run process as it yielded ${
            String(next)
          }: a process may yield a delay in ns or a Signal`,
        );
      }
    };
    this.at(this.#now, () => resume(undefined));
  }

  /** Fires the earliest event; returns false when none is left. */
  step(): boolean {
    const queue = this.#queue;
    const time = queue.peekTime();
    const timer = queue.pop();
    if (timer === undefined) return false;
    this.#now = time;
    this.#events++;
    timer.callback();
    return true;
  }

  /** Ends the current {@linkcode run} after the event that is firing. */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Fires events in order until none is left, {@linkcode stop} is called, or the next
   * one is due at or after `options.untilNs` (the clock then moves to `untilNs`).
   *
   * @throws {RangeError} when `untilNs` is before now or not an integer.
   */
  run(options?: RunOptions): void {
    const { untilNs = Infinity } = options ?? {};
    if (untilNs !== Infinity) {
      checkNs("untilNs", untilNs, "run simulation");
      if (untilNs < this.#now) {
        throw new RangeError(
          `Cannot run simulation as 'untilNs' must not be before now (${this.#now}): current value is ${untilNs}`,
        );
      }
    }
    this.#stopped = false;
    const queue = this.#queue;
    for (;;) {
      const time = queue.peekTime();
      if (time >= untilNs) break; // Infinity when the queue is empty
      const next = queue.pop() as Timer;
      this.#now = time;
      this.#events++;
      next.callback();
      if (this.#stopped) return;
    }
    if (untilNs !== Infinity) this.#now = untilNs;
  }
}
