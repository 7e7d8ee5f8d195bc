/**
 * The discrete-event engine: simulated time in integer nanoseconds, timers on an
 * indexed heap, SimPy-style processes, seeded random streams, distributions in and histograms out.
 *
 * @module
 */

export * from "./time.ts";
export * from "./event_queue.ts";
export * from "./simulation.ts";
export * from "./random.ts";
export * from "./distribution.ts";
export * from "./histogram.ts";
