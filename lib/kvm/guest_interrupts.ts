/**
 * Interrupts KVM injects: those that carry no work of their own (kicks, reschedule
 * IPIs) and the TLB-flush IPI of a shootdown. (The VM exit that an interrupt taken in
 * guest mode costs, the vCPU posts on the handler's frame.)
 *
 * @module
 */

import { call, work } from "../guest/guest_program.ts";
import type { VcpuContext } from "./vcpu_context.ts";
import type { AckWait } from "./vcpu_frame.ts";
import type { GuestInterrupt, VcpuRef } from "./vcpu_ref.ts";

/** A plain kick (PV unlock): it only wakes the vCPU. */
export const KICK: GuestInterrupt = {
  kind: "ipi",
  *isr() {},
};

/** A reschedule IPI: the target only has to notice the run queue. */
export const RESCHED_IPI: GuestInterrupt = { kind: "ipi", *isr() {} };

/**
 * A TLB-flush IPI of a shootdown by `sender`: flush for `flushNs`, then acknowledge.
 * The acknowledgement's latency goes to the VM's counters; the last one ends the
 * sender's spin.
 */
export function tlbFlushIpi(
  flushNs: number,
  acks: AckWait,
  sender: VcpuRef,
  vm: Pick<VcpuContext, "sim" | "stats">,
): GuestInterrupt {
  return {
    kind: "tlb",
    *isr() {
      yield work(flushNs);
      yield call(() => {
        acks.remaining--;
        vm.stats.ipiAckNs.add(vm.sim.now - acks.sentNs);
        if (acks.remaining === 0) sender.waitSatisfiedElsewhere();
      });
    },
  };
}
