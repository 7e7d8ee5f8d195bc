/**
 * Kernel versions the model can stand in for: each fixes the feature flags and the
 * base tunables of that release.
 *
 * @module
 */

import { FEATURES_2_6_33, FEATURES_2_6_35, type SchedFeatures } from "./features.ts";
import { type BaseTunables, TUNABLES_2_6_33, TUNABLES_2_6_35 } from "./tunables.ts";

/** A kernel release the model knows. */
export type KernelVersion = "2.6.33" | "2.6.35";

/** What a release fixes. */
export interface KernelPreset {
  /** Its scheduler feature flags. */
  readonly features: SchedFeatures;
  /** Its base tunables, before scaling by CPU count. */
  readonly tunables: BaseTunables;
  /** Whether the AFFINE_WAKEUPS and SYNC_WAKEUPS switches exist (tested by the code). */
  readonly wakeupSwitches: boolean;
}

/** The known releases. */
export const KERNELS: Readonly<Record<KernelVersion, KernelPreset>> = Object.freeze({
  "2.6.33": { features: FEATURES_2_6_33, tunables: TUNABLES_2_6_33, wakeupSwitches: true },
  "2.6.35": { features: FEATURES_2_6_35, tunables: TUNABLES_2_6_35, wakeupSwitches: false },
});

/** The names of the known releases. */
export const KERNEL_VERSIONS = Object.keys(KERNELS) as KernelVersion[];

/**
 * The preset of a release.
 *
 * @throws {RangeError} for an unknown release.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelPreset } from "./kernel.ts";
 * assert.ok(kernelPreset("2.6.35").tunables.latencyNs === 6_000_000);
 * ```
 */
export function kernelPreset(version: string, field = "kernel"): KernelPreset {
  const preset = KERNELS[version as KernelVersion];
  if (preset === undefined) {
    throw new RangeError(
      `Invalid '${field}': must be one of ${KERNEL_VERSIONS.join(", ")}: current value is ${
        JSON.stringify(version)
      }`,
    );
  }
  return preset;
}
