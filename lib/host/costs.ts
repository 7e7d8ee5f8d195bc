/**
 * The costs that make co-location matter. The 2.6.33 heuristics (affine wakeups,
 * cache-hot tasks, migration_cost) exist because moving work between CPUs is not free;
 * without these costs the model would have no reason to prefer any placement.
 *
 * @module
 */

import type { CacheDistance } from "./topology.ts";

/** Costs of switching, migrating and waking across CPUs. */
export interface HostCosts {
  /**
   * CPU time a context switch takes before the incoming task makes progress (direct
   * cost: kernel entry, switch_mm, register and FPU state). Li, Ding and Shen ("Quantifying
   * the cost of context switch", ExpCS 2007) measured about 3.8 us on a 2007 Xeon; a
   * vCPU thread adds a VMCS load and a VM entry. Charged whenever a CPU starts running a
   * task other than the one it ran last.
   * @default {3_000} (unit: ns)
   */
  readonly contextSwitchNs: number;
  /**
   * CPU time, after a migration to a CPU of the same package (shared last-level cache),
   * during which the task runs at {@linkcode coldRate} while it refills its private caches
   * (L1 and L2: 256 KiB on Nehalem, refilled from the shared L3).
   * @default {20_000} (unit: ns)
   */
  readonly refillSamePackageNs: number;
  /**
   * Likewise after a migration to another package: the working set (a few MiB for a
   * guest or a server thread) comes from the other package's cache or from memory. The
   * same study reports indirect costs of hundreds of microseconds for MiB working sets.
   * @default {200_000} (unit: ns)
   */
  readonly refillOtherPackageNs: number;
  /**
   * Progress per ns of CPU while the cache is cold, in (0, 1].
   * @default {0.5}
   */
  readonly coldRate: number;
  /**
   * Delay between a wakeup or preemption decided on one CPU and the target CPU acting on
   * it: a reschedule IPI.
   * @default {2_000} (unit: ns)
   */
  readonly reschedIpiNs: number;
  /**
   * Extra delay when the target CPU is idle: leaving the idle state (C1/C1E on 2010
   * Xeons: a few us; deeper C-states more).
   * @default {5_000} (unit: ns)
   */
  readonly idleExitNs: number;
}

/** The defaults, with their sources in {@linkcode HostCosts}. */
export const DEFAULT_COSTS: HostCosts = Object.freeze({
  contextSwitchNs: 3_000,
  refillSamePackageNs: 20_000,
  refillOtherPackageNs: 200_000,
  coldRate: 0.5,
  reschedIpiNs: 2_000,
  idleExitNs: 5_000,
});

/**
 * Validates a partial set of costs and fills in the defaults.
 *
 * @throws {RangeError} when a duration is negative or not an integer, or `coldRate` is
 * not in (0, 1].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveCosts } from "./costs.ts";
 * assert.ok(resolveCosts({ contextSwitchNs: 0 }).reschedIpiNs === 2_000);
 * ```
 */
export function resolveCosts(partial: Partial<HostCosts> = {}, field = "costs"): HostCosts {
  const costs = { ...DEFAULT_COSTS, ...partial };
  for (const [name, value] of Object.entries(costs)) {
    if (!(name in DEFAULT_COSTS)) {
      throw new TypeError(
        `Invalid '${field}.${name}': unknown cost; allowed: ${
          Object.keys(DEFAULT_COSTS).join(", ")
        }`,
      );
    }
    if (name === "coldRate") {
      if (typeof value !== "number" || !(value > 0 && value <= 1)) {
        throw new RangeError(
          `Invalid '${field}.coldRate': must be in (0, 1]: current value is ${String(value)}`,
        );
      }
    } else if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new RangeError(
        `Invalid '${field}.${name}': must be an integer number of ns >= 0: current value is ${
          String(value)
        }`,
      );
    }
  }
  return Object.freeze(costs);
}

/** The cold CPU time a task owes after moving across `distance`. */
export function refillNs(costs: HostCosts, distance: CacheDistance): number {
  switch (distance) {
    case 0:
    case 1:
      return 0; // SMT siblings share L1 and L2
    case 2:
      return costs.refillSamePackageNs;
    case 3:
      return costs.refillOtherPackageNs;
  }
}
