/**
 * KVM: vCPU threads as host tasks, halt and kick, interrupt delivery, the I/O thread,
 * pause-loop exits and their handlers, and per-VM counters.
 *
 * Layout: `vm.ts` is the whole VM (its vCPUs, I/O thread, guest locks and run queue,
 * counters, and the observers that measurements attach). `vcpu.ts` is the vCPU
 * interpreter; its parts depend on the narrow faces in `vcpu_ref.ts` (what others see
 * of a vCPU) and `vcpu_context.ts` (what a vCPU sees of its VM), never on the class:
 * `vcpu_frame.ts` (the interpreter's stack frames), `guest_interrupts.ts` (kicks,
 * reschedule and TLB-flush IPIs), `spin_exit.ts` (spin budgets and directed yield) and
 * `vcpu_accounts.ts` (where vCPU time goes). `vm_counters.ts` holds the counters as a
 * plain record, `io_thread.ts` QEMU's I/O thread, `kvm_config.ts` the settings.
 *
 * This module exports the public surface; the interpreter's parts stay internal.
 *
 * @module
 */

export * from "./kvm_config.ts";
export { TIMER_ISR_NS, Vm, type VmOptions } from "./vm.ts";
export { Vcpu } from "./vcpu.ts";
export type { GuestInterrupt, VcpuRef } from "./vcpu_ref.ts";
export type { VcpuContext } from "./vcpu_context.ts";
export type { HaltReason, VcpuTimes } from "./vcpu_accounts.ts";
export { newVmCounters, type VmCounters } from "./vm_counters.ts";
export { type IoJob, IoThread } from "./io_thread.ts";
export {
  directedYield,
  spinBudgetNs,
  type SpinExitCause,
  spinExitCause,
  type SpinWait,
  type YieldCandidate,
  type YieldContext,
} from "./spin_exit.ts";
