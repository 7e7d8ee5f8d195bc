/**
 * Scheduler feature flags (`/sys/kernel/debug/sched_features`) with the defaults of
 * Linux 2.6.33, and presets for the kernels the thread compares.
 *
 * Only the flags that change the behaviour of this model are listed. Flags of the
 * 2.6.33 list that concern mechanisms the model does not have (group scheduling
 * shares, hrtick, power-aware balancing) are accepted in neither direction: asking for
 * them is an error rather than a silent no-op.
 *
 * @module
 */

/** The feature flags the model implements, with their meaning in 2.6.33. */
export interface SchedFeatures {
  /** Waking tasks get credit for sleeping (placed behind min_vruntime). */
  readonly FAIR_SLEEPERS: boolean;
  /** Halve the sleeper credit: latency / 2 instead of latency. */
  readonly GENTLE_FAIR_SLEEPERS: boolean;
  /** Scale the sleeper credit by the task's weight. */
  readonly NORMALIZED_SLEEPER: boolean;
  /** New tasks start one virtual slice behind min_vruntime. */
  readonly START_DEBIT: boolean;
  /** A waking task may preempt the current one (wakeup granularity test). */
  readonly WAKEUP_PREEMPT: boolean;
  /** Bound the wakeup granularity by the expected wakeup interval. */
  readonly ADAPTIVE_GRAN: boolean;
  /** Convert the wakeup granularity with the wakee's weight, not the current task's. */
  readonly ASYM_GRAN: boolean;
  /** Honour the waker's "sync" hint (it is about to sleep). Off: the hint is cleared. */
  readonly SYNC_WAKEUPS: boolean;
  /** Consider pulling a waking task to the waking CPU (wake_affine). */
  readonly AFFINE_WAKEUPS: boolean;
  /** Drop the sync hint when either task's avg_overlap exceeds migration_cost. */
  readonly SYNC_LESS: boolean;
  /** Keep the sync hint when both tasks' avg_overlap are below migration_cost. */
  readonly SYNC_MORE: boolean;
  /** A sync wakeup always preempts the waker. */
  readonly WAKEUP_SYNC: boolean;
  /** Preempt when both tasks' avg_overlap are below migration_cost. */
  readonly WAKEUP_OVERLAP: boolean;
  /** Prefer the task preempted by a wakeup when picking the next task. */
  readonly LAST_BUDDY: boolean;
  /** Prefer the woken task when picking the next task. */
  readonly NEXT_BUDDY: boolean;
  /** Buddies count as cache-hot for the load balancer. */
  readonly CACHE_HOT_BUDDY: boolean;
  /** Balance with biased loads: min of decayed and current for a source, max for a target. */
  readonly LB_BIAS: boolean;
}

/** The name of a feature flag. */
export type SchedFeatureName = keyof SchedFeatures;

/** Linux 2.6.33 and 2.6.34 defaults (kernel/sched_features.h). */
export const FEATURES_2_6_33: SchedFeatures = Object.freeze({
  FAIR_SLEEPERS: true,
  GENTLE_FAIR_SLEEPERS: true,
  NORMALIZED_SLEEPER: false,
  START_DEBIT: true,
  WAKEUP_PREEMPT: true,
  ADAPTIVE_GRAN: true,
  ASYM_GRAN: true,
  SYNC_WAKEUPS: true,
  AFFINE_WAKEUPS: true,
  SYNC_LESS: true,
  SYNC_MORE: false,
  WAKEUP_SYNC: false,
  WAKEUP_OVERLAP: false,
  LAST_BUDDY: true,
  NEXT_BUDDY: false,
  CACHE_HOT_BUDDY: true,
  LB_BIAS: true,
});

/**
 * Linux 2.6.35, expressed in the flags of this model: the SYNC_WAKEUPS switch and the
 * avg_overlap heuristics (SYNC_LESS, SYNC_MORE, WAKEUP_OVERLAP) and ADAPTIVE_GRAN were
 * removed, so the waker's sync hint is always honoured; AFFINE_WAKEUPS stayed in the
 * list but was no longer tested, so affine pulls are always considered. A scenario on
 * this kernel must therefore not offer AFFINE_WAKEUPS or SYNC_WAKEUPS as knobs.
 */
export const FEATURES_2_6_35: SchedFeatures = Object.freeze({
  ...FEATURES_2_6_33,
  SYNC_WAKEUPS: true,
  SYNC_LESS: false,
  SYNC_MORE: false,
  WAKEUP_OVERLAP: false,
  ADAPTIVE_GRAN: false,
  AFFINE_WAKEUPS: true,
});

/** Every feature name, in the order of kernel/sched_features.h. */
export const FEATURE_NAMES: readonly SchedFeatureName[] = Object.freeze(
  Object.keys(FEATURES_2_6_33) as SchedFeatureName[],
);

/**
 * Flags a task may override for its own wakeups, as the thread's patch did for vCPU
 * threads (the task being placed decides).
 */
export interface TaskFeatureOverrides {
  /** Override AFFINE_WAKEUPS when this task is woken. */
  readonly AFFINE_WAKEUPS?: boolean;
  /** Override SYNC_WAKEUPS when this task is woken. */
  readonly SYNC_WAKEUPS?: boolean;
}

/** The flags a task may override. */
export const TASK_OVERRIDABLE_FEATURES = ["AFFINE_WAKEUPS", "SYNC_WAKEUPS"] as const;

/**
 * Resolves a partial set of flags against a base, refusing unknown names and
 * non-boolean values.
 *
 * @param field How the caller names the object in errors, e.g. `"host.features"`.
 * @throws {TypeError} on an unknown flag or a non-boolean value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FEATURES_2_6_33, resolveFeatures } from "./features.ts";
 * const f = resolveFeatures(FEATURES_2_6_33, { AFFINE_WAKEUPS: false });
 * assert.ok(f.AFFINE_WAKEUPS === false && f.SYNC_WAKEUPS === true);
 * ```
 */
export function resolveFeatures(
  base: SchedFeatures,
  overrides: Readonly<Record<string, unknown>> | undefined,
  field = "features",
): SchedFeatures {
  if (overrides === undefined) return base;
  const result: Record<string, boolean> = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in base)) {
      throw new TypeError(
        `Invalid '${field}.${name}': unknown scheduler feature; allowed: ${
          FEATURE_NAMES.join(", ")
        }`,
      );
    }
    if (typeof value !== "boolean") {
      throw new TypeError(
        `Invalid '${field}.${name}': must be true or false: current value is ${String(value)}`,
      );
    }
    result[name] = value;
  }
  return Object.freeze(result) as unknown as SchedFeatures;
}

/**
 * Checks a task's feature overrides: only {@linkcode TASK_OVERRIDABLE_FEATURES}, booleans.
 *
 * @throws {TypeError} on any other key or a non-boolean value.
 */
export function checkTaskOverrides(
  overrides: Readonly<Record<string, unknown>> | undefined,
  field = "task.features",
): TaskFeatureOverrides {
  if (overrides === undefined) return {};
  for (const [name, value] of Object.entries(overrides)) {
    if (!(TASK_OVERRIDABLE_FEATURES as readonly string[]).includes(name)) {
      throw new TypeError(
        `Invalid '${field}.${name}': a task may override only ${
          TASK_OVERRIDABLE_FEATURES.join(", ")
        }`,
      );
    }
    if (typeof value !== "boolean") {
      throw new TypeError(
        `Invalid '${field}.${name}': must be true or false: current value is ${String(value)}`,
      );
    }
  }
  return overrides as TaskFeatureOverrides;
}
