/**
 * Interrupts KVM injects that carry no work of their own, and the wrapper that charges
 * a VM exit to an interrupt taken while the vCPU runs guest code.
 *
 * @module
 */

import { exit, type GuestProgram } from "../guest/guest_program.ts";
import type { Vcpu } from "./vcpu.ts";
import type { GuestInterrupt } from "./vcpu_context.ts";

/** A plain kick (PV unlock): it only wakes the vCPU. */
export const KICK: GuestInterrupt = {
  kind: "ipi",
  *isr() {},
};

/** A reschedule IPI: the target only has to notice the run queue. */
export const RESCHED_IPI: GuestInterrupt = { kind: "ipi", *isr() {} };

/** An interrupt that arrives in guest mode: an exit, then its handler. */
export function* exitThenIsr(exitNs: number, irq: GuestInterrupt, vcpu: Vcpu): GuestProgram {
  yield exit(exitNs);
  yield* irq.isr(vcpu);
}
