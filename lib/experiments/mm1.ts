/**
 * An M/M/1 queue on the engine: the smallest stochastic model with a closed-form
 * answer, used to check the engine's timers and random streams end to end, and as the
 * quickstart's example of a simulation with an honest confidence interval.
 *
 * @module
 */

import { checkSeed, RandomStream } from "../engine/random.ts";
import { Priority, Simulation } from "../engine/simulation.ts";
import { checkNs, NS_PER_S, seconds } from "../engine/time.ts";
import type { Displayable } from "../report/displayable.ts";
import { summarize } from "../report/summarize.ts";
import { withTableDisplay } from "../report/with_table_display.ts";

/** Options of {@linkcode simulateMm1}. */
export interface Mm1Options {
  /**
   * Offered load ρ = λ/μ (arrival rate over service rate), from 0 (exclusive) to 1
   * (exclusive).
   * @default {0.5}
   */
  rho?: number;
  /**
   * Mean service time 1/μ. The mean time between arrivals is `meanServiceNs / rho`.
   * @default {1_000_000} (unit: ns, that is 1 ms)
   */
  meanServiceNs?: number;
  /**
   * Length of the measured part of the run, after the warm-up.
   * @default {200_000_000_000} (unit: ns, that is 200 s of simulated time)
   */
  durationNs?: number;
  /**
   * Length of the warm-up, which starts from an empty queue and is not measured.
   * @default {1_000_000_000} (unit: ns, that is 1 s)
   */
  warmupNs?: number;
  /**
   * Number of batches for the batch-means confidence interval: an integer from 2 to
   * 1000.
   * @default {20}
   */
  batches?: number;
  /**
   * Run seed; the streams "mm1/arrivals" and "mm1/service" are derived from it.
   * @default {1}
   */
  seed?: number;
}

/** What {@linkcode simulateMm1} measured, with its inputs (so a row is self-describing). */
export interface Mm1Result {
  /** Offered load ρ. */
  readonly rho: number;
  /** Mean service time, ns. */
  readonly meanServiceNs: number;
  /** Arrival rate λ, per second. */
  readonly arrivalRatePerS: number;
  /** Service rate μ, per second. */
  readonly serviceRatePerS: number;
  /** Run seed. */
  readonly seed: number;
  /** Measured span, ns. */
  readonly durationNs: number;
  /** Warm-up, ns. */
  readonly warmupNs: number;
  /** Number of batches. */
  readonly batches: number;
  /** Time-average number in system over the measured span. */
  readonly meanInSystem: number;
  /** Half-width of the 95% confidence interval of {@linkcode Mm1Result.meanInSystem}. */
  readonly ciHalfWidth: number;
  /** Lower end of the 95% confidence interval. */
  readonly ciLow: number;
  /** Upper end of the 95% confidence interval. */
  readonly ciHigh: number;
  /** The textbook value ρ/(1-ρ), from {@linkcode mm1MeanInSystem}. */
  readonly theoryMeanInSystem: number;
  /** Arrivals during the measured span. */
  readonly arrivals: number;
  /** Departures during the measured span. */
  readonly departures: number;
  /** The time-average number in system of each batch, in order. */
  readonly batchMeans: readonly number[];
}

/**
 * The mean number in system of an M/M/1 queue in steady state, ρ/(1-ρ).
 *
 * @throws {RangeError} when `rho` is not a number from 0 (inclusive) to 1 (exclusive).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mm1MeanInSystem } from "./mm1.ts";
 * assert.ok(mm1MeanInSystem(0.5) === 1);
 * assert.ok(mm1MeanInSystem(0.9) > 8.99 && mm1MeanInSystem(0.9) < 9.01);
 * ```
 */
export function mm1MeanInSystem(rho: number): number {
  if (typeof rho !== "number" || !(rho >= 0 && rho < 1)) {
    throw new RangeError(
      `Cannot compute M/M/1 mean in system as 'rho' must be a number from 0 (inclusive) to 1 (exclusive): current value is ${rho}`,
    );
  }
  return rho / (1 - rho);
}

/**
 * Simulates an M/M/1 queue (Poisson arrivals, exponential service, one server, FIFO)
 * and estimates the time-average number in system, L.
 *
 * Method: the queue starts empty; the warm-up is discarded; the measured span is cut
 * into `batches` consecutive batches of equal length, and the time-average number in
 * system of each batch is one observation. L is the average over the whole span; its
 * 95% confidence interval is L ± t(0.975, batches-1) · s / √batches, where s is the
 * standard deviation of the batch means and t comes from Student's table (the
 * half-width {@linkcode summarize} gives; the method of batch means, as in Law,
 * "Simulation Modeling and Analysis", section 9.5.3). It is honest when a batch is much
 * longer than the queue's relaxation time, about meanServiceNs / (1-√ρ)²: at ρ = 0.9
 * that is 0.38 s for a 1 ms service, against 10 s batches by default.
 *
 * Inter-arrival and service times are drawn from the streams "mm1/arrivals" and
 * "mm1/service" of `seed`, and rounded to whole nanoseconds. The same options give the
 * same result, bit for bit. The result shows as a one-row table in notebooks.
 *
 * @throws {RangeError} when an option is out of range (the message names it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateMm1 } from "./mm1.ts";
 * const result = simulateMm1({ rho: 0.5, durationNs: 20e9, seed: 7 });
 * assert.ok(Math.abs(result.meanInSystem - result.theoryMeanInSystem) < 0.1);
 * assert.ok(result.ciLow < result.meanInSystem && result.meanInSystem < result.ciHigh);
 * ```
 */
export function simulateMm1(options?: Mm1Options): Mm1Result & Displayable {
  const {
    rho = 0.5,
    meanServiceNs = 1_000_000,
    durationNs = seconds(200),
    warmupNs = seconds(1),
    batches = 20,
    seed = 1,
  } = options ?? {};
  const action = "simulate M/M/1 queue";
  if (typeof rho !== "number" || !(rho > 0 && rho < 1)) {
    throw new RangeError(
      `Cannot ${action} as 'rho' must be a number from 0 to 1 (both exclusive): current value is ${rho}`,
    );
  }
  if (typeof meanServiceNs !== "number" || !Number.isFinite(meanServiceNs) || meanServiceNs <= 0) {
    throw new RangeError(
      `Cannot ${action} as 'meanServiceNs' must be a finite number > 0: current value is ${meanServiceNs}`,
    );
  }
  if (!Number.isInteger(batches) || batches < 2 || batches > 1000) {
    throw new RangeError(
      `Cannot ${action} as 'batches' must be an integer from 2 to 1000: current value is ${batches}`,
    );
  }
  checkNs("durationNs", durationNs, action);
  if (durationNs < batches) {
    throw new RangeError(
      `Cannot ${action} as 'durationNs' must be at least 'batches' (${batches}) ns: current value is ${durationNs}`,
    );
  }
  checkNs("warmupNs", warmupNs, action);
  checkSeed(seed, action);

  const sim = new Simulation();
  const arrivalStream = RandomStream.derive(seed, "mm1/arrivals");
  const serviceStream = RandomStream.derive(seed, "mm1/service");
  const meanInterarrivalNs = meanServiceNs / rho;
  const draw = (stream: RandomStream, mean: number) => Math.round(stream.exponential(mean));

  let inSystem = 0;
  let lastChangeNs = 0;
  let area = 0; // integral of inSystem over time since the current batch began, in ns
  let arrivals = 0;
  let departures = 0;
  const accumulate = () => {
    area += inSystem * (sim.now - lastChangeNs);
    lastChangeNs = sim.now;
  };

  const departure = sim.timer(() => {
    accumulate();
    inSystem--;
    departures++;
    if (inSystem > 0) departure.after(draw(serviceStream, meanServiceNs));
  });
  const arrival = sim.timer(() => {
    accumulate();
    inSystem++;
    arrivals++;
    if (inSystem === 1) departure.after(draw(serviceStream, meanServiceNs));
    arrival.after(draw(arrivalStream, meanInterarrivalNs));
  });
  arrival.after(draw(arrivalStream, meanInterarrivalNs));

  // Batch boundaries run after everything else due at the same instant; the order does
  // not change the areas, as a change at the boundary adds nothing before it.
  const batchMeans: number[] = [];
  let totalArea = 0;
  let batchStartNs = warmupNs;
  let next = 0;
  const boundaryNs = (k: number) => warmupNs + Math.round((k * durationNs) / batches);
  const boundary = sim.timer(() => {
    accumulate();
    if (next === 0) {
      arrivals = 0;
      departures = 0;
    } else {
      batchMeans.push(area / (sim.now - batchStartNs));
      totalArea += area;
    }
    area = 0;
    batchStartNs = sim.now;
    if (next === batches) sim.stop();
    else boundary.at(boundaryNs(++next));
  }, { priority: Priority.LATE });
  boundary.at(warmupNs);
  sim.run();

  const meanInSystem = totalArea / durationNs;
  const ciHalfWidth = summarize(batchMeans).ci95;
  return withTableDisplay<Mm1Result>({
    rho,
    meanServiceNs,
    arrivalRatePerS: (rho * NS_PER_S) / meanServiceNs,
    serviceRatePerS: NS_PER_S / meanServiceNs,
    seed,
    durationNs,
    warmupNs,
    batches,
    meanInSystem,
    ciHalfWidth,
    ciLow: meanInSystem - ciHalfWidth,
    ciHigh: meanInSystem + ciHalfWidth,
    theoryMeanInSystem: mm1MeanInSystem(rho),
    arrivals,
    departures,
    batchMeans,
  }, (r) => [{
    rho: r.rho,
    seed: r.seed,
    meanInSystem: r.meanInSystem,
    ciLow: r.ciLow,
    ciHigh: r.ciHigh,
    theory: r.theoryMeanInSystem,
    arrivals: r.arrivals,
  }]);
}
