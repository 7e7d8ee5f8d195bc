/**
 * CFS tunables (`/proc/sys/kernel/sched_*`) and their scaling with the number of CPUs.
 *
 * @module
 */

import { NS_PER_MS } from "../engine/time.ts";

/** The CFS tunables, as the kernel holds them after boot-time scaling. */
export interface SchedTunables {
  /** Targeted preemption latency: the period in which every runnable task runs once. Unit: ns. */
  readonly latencyNs: number;
  /** Minimal preemption granularity: the shortest slice. Unit: ns. */
  readonly minGranularityNs: number;
  /** How far ahead in vruntime the current task must be for a wakee to preempt it. Unit: ns. */
  readonly wakeupGranularityNs: number;
  /** Tasks a period holds before it stretches: latency / min_granularity. */
  readonly nrLatency: number;
  /** A task that ran within this long is cache-hot; also the sync-overlap bound. Unit: ns. Not scaled. */
  readonly migrationCostNs: number;
  /** Scheduler tick frequency (CONFIG_HZ). Unit: Hz. */
  readonly hz: number;
}

/** The tunables a configuration may set before scaling. */
export interface BaseTunables {
  /** sched_latency for one CPU. Unit: ns. @default {5_000_000} (2.6.33, before scaling) */
  readonly latencyNs: number;
  /** sched_min_granularity for one CPU. Unit: ns. @default {1_000_000} (2.6.33, before scaling) */
  readonly minGranularityNs: number;
  /** sched_wakeup_granularity for one CPU. Unit: ns. @default {1_000_000} (2.6.33, before scaling) */
  readonly wakeupGranularityNs: number;
  /** sched_migration_cost. Unit: ns. @default {500_000} (never scaled) */
  readonly migrationCostNs: number;
  /** CONFIG_HZ. Unit: Hz. @default {1000} (2010 distributions shipped 1000 or 250) */
  readonly hz: number;
}

/** Linux 2.6.33/2.6.34 base values for one CPU. */
export const TUNABLES_2_6_33: BaseTunables = Object.freeze({
  latencyNs: 5 * NS_PER_MS,
  minGranularityNs: 1 * NS_PER_MS,
  wakeupGranularityNs: 1 * NS_PER_MS,
  migrationCostNs: NS_PER_MS / 2,
  hz: 1000,
});

/** Linux 2.6.35 base values (latency 6 ms, min_granularity 2 ms: nr_latency 3). */
export const TUNABLES_2_6_35: BaseTunables = Object.freeze({
  ...TUNABLES_2_6_33,
  latencyNs: 6 * NS_PER_MS,
  minGranularityNs: 2 * NS_PER_MS,
});

/** The tick frequencies a kernel could be configured with. */
export const ALLOWED_HZ = [100, 250, 300, 1000] as const;

/**
 * The boot-time factor: `1 + floor(log2(min(ncpus, 8)))`, as in the kernel's
 * sched_init_granularity (SCHED_TUNABLESCALING_LOG).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tunableScale } from "./tunables.ts";
 * assert.ok(tunableScale(1) === 1 && tunableScale(2) === 2 && tunableScale(16) === 4);
 * ```
 */
export function tunableScale(ncpus: number): number {
  return 1 + Math.floor(Math.log2(Math.min(ncpus, 8)));
}

/**
 * Validates base tunables and scales them for a machine of `ncpus` CPUs. Latency,
 * min_granularity and wakeup_granularity are multiplied by {@linkcode tunableScale};
 * migration_cost and HZ are not.
 *
 * @throws {RangeError} when a value is negative, not an integer, or HZ is not allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scaleTunables, TUNABLES_2_6_33 } from "./tunables.ts";
 * const t = scaleTunables(TUNABLES_2_6_33, 2);
 * assert.ok(t.latencyNs === 10_000_000 && t.nrLatency === 5);
 * ```
 */
export function scaleTunables(
  base: Partial<BaseTunables>,
  ncpus: number,
  field = "tunables",
): SchedTunables {
  const merged: BaseTunables = { ...TUNABLES_2_6_33, ...base };
  for (const name of ["latencyNs", "minGranularityNs", "wakeupGranularityNs"] as const) {
    const value = merged[name];
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(
        `Invalid '${field}.${name}': must be an integer number of ns > 0: current value is ${value}`,
      );
    }
  }
  if (!Number.isSafeInteger(merged.migrationCostNs) || merged.migrationCostNs < 0) {
    throw new RangeError(
      `Invalid '${field}.migrationCostNs': must be an integer number of ns >= 0: current value is ${merged.migrationCostNs}`,
    );
  }
  if (!(ALLOWED_HZ as readonly number[]).includes(merged.hz)) {
    throw new RangeError(
      `Invalid '${field}.hz': must be one of ${
        ALLOWED_HZ.join(", ")
      }: current value is ${merged.hz}`,
    );
  }
  if (merged.minGranularityNs > merged.latencyNs) {
    throw new RangeError(
      `Invalid '${field}.minGranularityNs': must not exceed latencyNs (${merged.latencyNs}): current value is ${merged.minGranularityNs}`,
    );
  }
  const factor = tunableScale(ncpus);
  const latencyNs = merged.latencyNs * factor;
  const minGranularityNs = merged.minGranularityNs * factor;
  return Object.freeze({
    latencyNs,
    minGranularityNs,
    wakeupGranularityNs: merged.wakeupGranularityNs * factor,
    // sched_nr_latency = DIV_ROUND_UP(latency, min_granularity)
    nrLatency: Math.ceil(latencyNs / minGranularityNs),
    migrationCostNs: merged.migrationCostNs,
    hz: merged.hz,
  });
}
