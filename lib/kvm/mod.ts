/**
 * KVM: vCPU threads as host tasks, halt and kick, interrupt delivery, the I/O thread,
 * pause-loop exits and their handlers, and per-VM statistics.
 *
 * @module
 */

export * from "./kvm_config.ts";
export * from "./vcpu.ts";
export * from "./io_thread.ts";
export * from "./vm_stats.ts";
export * from "./vm.ts";
export * from "./vcpu_context.ts";
export * from "./guest_interrupts.ts";
export * from "./spin_exit.ts";
export * from "./vcpu_accounts.ts";
