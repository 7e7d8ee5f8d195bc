/**
 * The face of a vCPU that its VM, interrupt handlers, workloads and siblings see, and
 * the interrupts they deliver to it. The vCPU class implements this interface; the
 * parts around it depend on the interface, not on the class.
 *
 * @module
 */

import type { LockContender } from "../guest/guest_lock.ts";
import type { GuestProgram } from "../guest/guest_program.ts";
import type { WakeSource } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";
import type { HaltReason } from "./vcpu_accounts.ts";

/** An interrupt for a vCPU: its handler runs as soon as the vCPU runs guest code. */
export interface GuestInterrupt {
  /** What it is, for statistics. */
  readonly kind: "timer" | "ipi" | "tlb" | "device";
  /** The interrupt service routine, run on `vcpu`. */
  isr(vcpu: VcpuRef): GuestProgram;
}

/** What the rest of the model uses of a vCPU. */
export interface VcpuRef extends LockContender {
  /** The vCPU's index in its VM. */
  readonly index: number;
  /** The vCPU thread: the host task that runs the vCPU. */
  readonly task: HostTask;
  /** Why the vCPU thread sleeps, or null. */
  readonly haltReason: HaltReason | null;
  /** Whether a guest thread (not the idle loop) is on this vCPU, below any handlers. */
  readonly busyWithThread: boolean;
  /** Whether the vCPU runs guest code right now (on a pCPU, not in a host exit). */
  isRunning(): boolean;
  /** Raises an interrupt for this vCPU, kicking it from `source` if it is halted. */
  deliver(irq: GuestInterrupt, source: WakeSource): void;
  /** Queues a deferred procedure call, run when the vCPU holds no lock. */
  queueDpc(program: GuestProgram): void;
  /** Tells the vCPU that what it spins for (a lock, acknowledgements) has happened. */
  waitSatisfiedElsewhere(): void;
}
