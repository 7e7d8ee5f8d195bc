/**
 * How long a vCPU spins before it leaves guest mode, why it leaves, and what KVM does
 * then: a PV halt, or kvm_vcpu_on_spin (the 2010 sleep, or directed yield).
 *
 * A spin ends by itself when the lock or the acknowledgements arrive; otherwise the
 * first of three budgets runs out: the PLE window (any PAUSE loop longer than
 * ple_window cycles exits), the PV-spinlock threshold (the waiter halts and waits for
 * a kick), or the Windows 2008 retry count (the guest reports the long spin).
 *
 * @module
 */

import type { LockContender } from "../guest/guest_lock.ts";
import type { ExitAction } from "../guest/guest_program.ts";
import type { GuestProfile } from "../guest/profiles.ts";
import type { HostTask } from "../host/task.ts";
import { cyclesToNs, type KvmConfig } from "./kvm_config.ts";
import { type Wait, waitDone } from "./vcpu_frame.ts";
import type { VmCounters } from "./vm_counters.ts";

/** What a spin waits for, as far as the budgets care. */
export type SpinWait =
  | { readonly kind: "lock"; readonly spunNs: number; readonly notifyNs: number }
  | { readonly kind: "acks" };

/** Why a spin left guest mode. */
export type SpinExitCause = "pv-halt" | "notification" | "ple";

function iterationNs(kvm: KvmConfig): number {
  return kvm.spinIterationCycles / kvm.cpuGhz;
}

/**
 * The spin time left before the first budget runs out (Infinity when none applies:
 * no PLE, and not a lock wait with PV spinlocks or spin notification).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_KVM } from "./kvm_config.ts";
 * import { GUEST_PROFILES } from "../guest/profiles.ts";
 * import { spinBudgetNs } from "./spin_exit.ts";
 * const kvm = { ...DEFAULT_KVM, ple: true };
 * // 4096 cycles at 2.93 GHz.
 * assert.equal(spinBudgetNs({ kind: "acks" }, kvm, GUEST_PROFILES.windows2003), 1398);
 * assert.equal(spinBudgetNs({ kind: "acks" }, DEFAULT_KVM, GUEST_PROFILES.windows2003), Infinity);
 * ```
 */
export function spinBudgetNs(wait: SpinWait, kvm: KvmConfig, profile: GuestProfile): number {
  let budget = kvm.ple ? cyclesToNs(kvm.pleWindowCycles, kvm.cpuGhz) : Infinity;
  if (wait.kind === "lock") {
    const iteration = iterationNs(kvm);
    if (profile.pvSpinlocks) {
      budget = Math.min(
        budget,
        Math.max(0, Math.round(profile.pvSpinIterations * iteration) - wait.spunNs),
      );
    }
    if (profile.spinNotifyIterations !== null) {
      budget = Math.min(
        budget,
        Math.max(0, Math.round(profile.spinNotifyIterations * iteration) - wait.notifyNs),
      );
    }
  }
  return budget;
}

/**
 * Which budget ran out: the PV threshold first, then the spin notification, else the
 * PLE window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_KVM } from "./kvm_config.ts";
 * import { GUEST_PROFILES } from "../guest/profiles.ts";
 * import { spinExitCause } from "./spin_exit.ts";
 * const wait = { kind: "lock", spunNs: 400_000, notifyNs: 0 } as const;
 * assert.equal(spinExitCause(wait, DEFAULT_KVM, GUEST_PROFILES["linux-pv"]), "pv-halt");
 * ```
 */
export function spinExitCause(
  wait: SpinWait,
  kvm: KvmConfig,
  profile: GuestProfile,
): SpinExitCause {
  if (wait.kind === "lock") {
    const iteration = iterationNs(kvm);
    if (profile.pvSpinlocks && wait.spunNs >= Math.round(profile.pvSpinIterations * iteration)) {
      return "pv-halt";
    }
    if (
      profile.spinNotifyIterations !== null &&
      wait.notifyNs >= Math.round(profile.spinNotifyIterations * iteration)
    ) return "notification";
  }
  return "ple";
}

/** What directed yield reads of a vCPU. */
export interface YieldCandidate {
  /** The vCPU thread. */
  readonly task: HostTask;
  /** Whether the vCPU runs guest code now. */
  isRunning(): boolean;
}

/** What directed yield uses of the VM and the host. */
export interface YieldContext {
  /** The host's yield_to. */
  readonly host: { yieldTo(from: HostTask, to: HostTask): boolean };
  /** Index of the vCPU boosted last (kvm->last_boosted_vcpu); updated on a yield. */
  lastBoosted: number;
  /** The VM's vCPUs, by index. */
  readonly vcpus: readonly YieldCandidate[];
}

/**
 * kvm_vcpu_on_spin with directed yield (2011): walk the VM's vCPUs round-robin from the
 * one after the last boosted, skipping the spinner, halted vCPUs (on their wait queue)
 * and vCPUs in guest mode, and `yield_to` the first that accepts. Returns whether a
 * yield happened (and then updates `lastBoosted`).
 */
export function directedYield(self: YieldCandidate, ctx: YieldContext): boolean {
  const n = ctx.vcpus.length;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      if (pass === 0 && i <= ctx.lastBoosted) continue;
      if (pass === 1 && i > ctx.lastBoosted) break;
      const v = ctx.vcpus[i]!;
      if (v === self || v.task.state === "sleeping" || v.isRunning()) continue;
      if (ctx.host.yieldTo(self.task, v.task)) {
        ctx.lastBoosted = i;
        return true;
      }
    }
  }
  return false;
}

/** What a spin exit uses of the VM: directed yield's view, the settings and the counters. */
export interface SpinExitContext extends YieldContext {
  /** KVM settings. */
  readonly kvm: KvmConfig;
  /** The guest profile (its PV and notification thresholds). */
  readonly profile: GuestProfile;
  /** The VM's counters. */
  readonly stats: VmCounters;
}

/**
 * Puts the spinning vCPU's thread to sleep: until a kick for a PV halt (`"pv"`), for
 * the PLE sleep time for the 2010 handler (`"ple"`).
 */
export type HaltThread = (reason: "pv" | "ple") => void;

/**
 * A spin budget of `self` ran out while it waited for `wait`: counts the exit and
 * returns what runs on the host after it. A PV waiter halts until the unlocker's kick
 * (unless the lock came meanwhile); a pause-loop exit or a spin notification goes to
 * kvm_vcpu_on_spin, which sleeps (2010) or yields to a preempted sibling (2011).
 */
export function spinExit(
  wait: Wait,
  self: YieldCandidate & LockContender,
  vm: SpinExitContext,
  halt: HaltThread,
): ExitAction {
  const cause = spinExitCause(wait, vm.kvm, vm.profile);
  if (cause === "pv-halt") {
    vm.stats.pvHalts++;
    return () => {
      if (wait.kind === "lock") wait.spunNs = 0;
      if (waitDone(wait, self)) return;
      halt("pv");
    };
  }
  if (cause === "notification") {
    if (wait.kind === "lock") wait.notifyNs = 0;
    vm.stats.spinNotifications++;
  } else {
    vm.stats.pleExits++;
  }
  return () => {
    if (waitDone(wait, self)) return;
    if (vm.kvm.spinExitHandler === "sleep") halt("ple");
    else if (directedYield(self, vm)) vm.stats.directedYields++;
    else vm.stats.directedYieldMisses++;
  };
}
