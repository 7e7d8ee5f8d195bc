/**
 * Guest operating system profiles: what kind of spinlocks a guest uses, whether it has
 * paravirtual spinlocks or reports long spins to the hypervisor, and its timer tick.
 *
 * @module
 */

import type { LockKind } from "./guest_lock.ts";

/** The profiles the model knows. */
export type GuestProfileName = "windows2003" | "windows2008" | "linux-pv";

/** What a guest profile fixes. */
export interface GuestProfile {
  /** The profile's name. */
  readonly name: GuestProfileName;
  /** Spinlock implementation of the guest kernel. */
  readonly lockKind: LockKind;
  /**
   * Paravirtual spinlocks: a waiter that spun `pvSpinIterations` halts and the unlocker
   * kicks it (Linux pv ticketlocks, merged around 3.12; SPIN_THRESHOLD is 2^15).
   */
  readonly pvSpinlocks: boolean;
  /** Spin iterations before a PV waiter halts. */
  readonly pvSpinIterations: number;
  /**
   * Long-spin notification: after this many spin iterations the guest tells the
   * hypervisor (Hyper-V enlightenment of Windows Server 2008, later KVM's hv_spinlocks;
   * 0x1fff is the value libvirt users commonly set). Null: the guest never reports.
   */
  readonly spinNotifyIterations: number | null;
  /** Guest clock interrupt frequency. Unit: Hz. */
  readonly timerHz: number;
}

/**
 * The profiles. Windows 2003 and 2008 tick at 64 Hz (15.625 ms, the default clock
 * interrupt of the Windows HAL) and use test-and-set spinlocks; Linux of the PV
 * spinlock era uses ticket locks and, in 2010 distributions, HZ = 250.
 */
export const GUEST_PROFILES: Readonly<Record<GuestProfileName, GuestProfile>> = Object.freeze({
  windows2003: {
    name: "windows2003",
    lockKind: "test-and-set",
    pvSpinlocks: false,
    pvSpinIterations: 0,
    spinNotifyIterations: null,
    timerHz: 64,
  },
  windows2008: {
    name: "windows2008",
    lockKind: "test-and-set",
    pvSpinlocks: false,
    pvSpinIterations: 0,
    spinNotifyIterations: 0x1fff,
    timerHz: 64,
  },
  "linux-pv": {
    name: "linux-pv",
    lockKind: "ticket",
    pvSpinlocks: true,
    pvSpinIterations: 1 << 15,
    spinNotifyIterations: null,
    timerHz: 250,
  },
});

/** The names of the profiles. */
export const GUEST_PROFILE_NAMES = Object.keys(GUEST_PROFILES) as GuestProfileName[];

/**
 * The profile called `name`.
 *
 * @throws {RangeError} for an unknown profile, listing the known ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { guestProfile } from "./profiles.ts";
 * assert.ok(guestProfile("windows2003").lockKind === "test-and-set");
 * ```
 */
export function guestProfile(name: string, field = "guest"): GuestProfile {
  const profile = GUEST_PROFILES[name as GuestProfileName];
  if (profile === undefined) {
    throw new RangeError(
      `Invalid '${field}': unknown guest profile; allowed: ${
        GUEST_PROFILE_NAMES.join(", ")
      }: current value is ${JSON.stringify(name)}`,
    );
  }
  return profile;
}
