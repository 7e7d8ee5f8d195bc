/**
 * What a vCPU and its VM see of each other: the VM's services (run queue, statistics,
 * configuration), interrupts, and the vCPU's time accounts.
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import type { GuestProgram } from "../guest/guest_program.ts";
import type { GuestProfile } from "../guest/profiles.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { KvmConfig } from "./kvm_config.ts";
import type { Vcpu } from "./vcpu.ts";
import type { VmStats } from "./vm_stats.ts";

/** An interrupt for a vCPU: its handler runs as soon as the vCPU runs guest code. */
export interface GuestInterrupt {
  /** What it is, for statistics. */
  readonly kind: "timer" | "ipi" | "tlb" | "device";
  /** The interrupt service routine. */
  isr(vcpu: Vcpu): GuestProgram;
}

/** What a vCPU needs from its VM. */
export interface VcpuContext {
  readonly host: HostScheduler;
  readonly sim: Simulation;
  readonly kvm: KvmConfig;
  readonly profile: GuestProfile;
  readonly vcpus: readonly Vcpu[];
  readonly stats: VmStats;
  /** The next item of the guest's run queue, or null. */
  takeWork(vcpu: Vcpu): GuestProgram | null;
  /** Whether the run queue holds work. */
  hasWork(): boolean;
  /**
   * Queues a ready guest thread from `by`; returns a halted vCPU that `by` should wake
   * with a reschedule IPI, or null.
   */
  ready(program: GuestProgram, by: Vcpu): Vcpu | null;
  /** Index of the vCPU that directed yield boosted last (kvm->last_boosted_vcpu). */
  lastBoosted: number;
}

/** Why a vCPU thread sleeps in the host. */
export type HaltReason = "idle" | "ple" | "pv";

/** What vCPU time went to, in ns. Adds up to the vCPU's lifetime. */
export interface VcpuTimes {
  /** Guest work: requests, handlers, critical sections. */
  readonly usefulNs: number;
  /** Spinning on locks and on IPI acknowledgements. */
  readonly spinNs: number;
  /** Exits, context switches and cache refills. */
  readonly overheadNs: number;
  /** Runnable but waiting for a pCPU. */
  readonly preemptedNs: number;
  /** Halted because the guest had nothing to do. */
  readonly haltedNs: number;
  /** Asleep while waiting: PLE sleep or PV-lock halt. */
  readonly blockedNs: number;
}
