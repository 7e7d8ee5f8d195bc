/**
 * What a vCPU needs from its VM: the host and the clock, the KVM settings and guest
 * profile, its siblings, the guest's run queue, the VM's counters, and a way to tell
 * the VM's observers that it changed.
 *
 * @module
 */

import type { Simulation } from "../engine/simulation.ts";
import type { GuestProgram } from "../guest/guest_program.ts";
import type { GuestProfile } from "../guest/profiles.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import type { KvmConfig } from "./kvm_config.ts";
import type { VcpuRef } from "./vcpu_ref.ts";
import type { VmCounters } from "./vm_counters.ts";

/** What a vCPU needs from its VM. */
export interface VcpuContext {
  /** The host scheduler that runs the vCPU threads. */
  readonly host: HostScheduler;
  /** The simulation (the clock). */
  readonly sim: Simulation;
  /** KVM settings. */
  readonly kvm: KvmConfig;
  /** The guest operating system's profile. */
  readonly profile: GuestProfile;
  /** Every vCPU of the VM, by index. */
  readonly vcpus: readonly VcpuRef[];
  /** The VM's counters, which the vCPUs increment. */
  readonly stats: VmCounters;
  /** Index of the vCPU that directed yield boosted last (kvm->last_boosted_vcpu). */
  lastBoosted: number;
  /** The next item of the guest's run queue for `vcpu`, or null. */
  takeWork(vcpu: VcpuRef): GuestProgram | null;
  /** Whether the run queue holds work. */
  hasWork(): boolean;
  /**
   * Queues a ready guest thread from `by`; returns a halted vCPU that `by` should wake
   * with a reschedule IPI, or null.
   */
  ready(program: GuestProgram, by: VcpuRef): VcpuRef | null;
  /**
   * Called by a vCPU when its thread changed state or CPU, at the instant measurement
   * should look: the VM notifies its observers.
   */
  vcpuChanged(): void;
}
