/**
 * What each kind of guest operation does, one handler per kind, as KVM has one handler
 * per exit reason (`kvm_vmx_exit_handlers[]`).
 *
 * A handler acts on the VM and on the frame that runs the operation, and tells the vCPU
 * interpreter what comes next, as KVM's handlers return whether to re-enter the guest:
 * the next operation (`"next"`), the host time it posted on the frame (`"run"`: work or
 * an exit, with what runs on the host side after it), or a spin for the wait it set on
 * the frame (`"spin"`). Handlers never start host time themselves: the interpreter does.
 *
 * @module
 */

import type { ExitAction, GuestOp, GuestOpKind, GuestOpOf } from "../guest/guest_program.ts";
import { KICK, RESCHED_IPI, tlbFlushIpi } from "./guest_interrupts.ts";
import type { Category } from "./vcpu_accounts.ts";
import type { VcpuContext } from "./vcpu_context.ts";
import { type AckWait, type Frame, postHostTime, postSend } from "./vcpu_frame.ts";
import type { VcpuRef } from "./vcpu_ref.ts";

/** What the interpreter does after a handler: the next operation, the posted host time, or a spin. */
export type Verdict = "next" | "run" | "spin";

/** The handler of operations of kind `K`, run by `vcpu` of `vm` for its top `frame`. */
export type OpHandler<K extends GuestOpKind> = (
  vcpu: VcpuRef,
  vm: VcpuContext,
  frame: Frame,
  op: GuestOpOf<K>,
) => Verdict;

/** Posts host time on `frame` (see {@linkcode postHostTime}) for the interpreter to run. */
function post(frame: Frame, ns: number, category: Category, then: ExitAction | null): "run" {
  postHostTime(frame, ns, category, then);
  return "run";
}

/** The handler of each kind of guest operation. */
export const OP_HANDLERS: { readonly [K in GuestOpKind]: OpHandler<K> } = {
  work: (_vcpu, _vm, frame, op) => post(frame, op.ns, "useful", null),
  exit: (_vcpu, _vm, frame, op) => post(frame, op.ns, "exit", op.fn),
  call(vcpu, _vm, _frame, op) {
    op.fn(vcpu);
    return "next";
  },
  ready(vcpu, vm, frame, op) {
    const target = vm.ready(op.program, vcpu);
    if (target === null) return "next";
    // The IPI is an APIC write: an exit, then the kick from this thread.
    postSend(frame, vm.kvm.exitNs, target, RESCHED_IPI);
    return "run";
  },
  acquire(vcpu, _vm, frame, op) {
    const lock = op.lock;
    if (lock.tryAcquire(vcpu)) {
      frame.locks++;
      return "next";
    }
    const wait = frame.lockWait;
    wait.lock = lock;
    wait.spunNs = 0;
    wait.notifyNs = 0;
    frame.wait = wait;
    return "spin";
  },
  release(vcpu, vm, frame, op) {
    const granted = op.lock.release(vcpu);
    frame.locks--;
    if (granted === null) return "next";
    const next = vm.vcpus[granted.index];
    if (next !== granted) {
      throw new Error(
        `Cannot hand guest lock '${op.lock.name}' over as its waiter is not a vCPU of this VM`,
      );
    }
    if (next.haltReason === "pv") {
      // The unlocker kicks the halted waiter with a hypercall.
      vm.stats.pvKicks++;
      postSend(frame, vm.kvm.exitNs, next, KICK);
      return "run";
    }
    next.waitSatisfiedElsewhere();
    return "next";
  },
  shootdown(vcpu, vm, frame, op) {
    const targets = vm.vcpus.filter((t) => t !== vcpu);
    vm.stats.shootdowns++;
    if (targets.length === 0) return "next";
    const acks: AckWait = { kind: "acks", remaining: targets.length, sentNs: vm.sim.now };
    frame.wait = acks;
    // Sending the IPIs is an APIC write: an exit, then the kicks from this thread.
    return post(frame, vm.kvm.exitNs, "exit", () => {
      for (const t of targets) t.deliver(tlbFlushIpi(op.ns, acks, vcpu, vm), { waker: vcpu.task });
    });
  },
};

/**
 * Runs `op` through its handler. The switch calls each handler directly, so V8 can
 * inline it; a call through `OP_HANDLERS[op.op]` measured about 8% slower on a whole
 * simulation.
 */
export function handleOp(vcpu: VcpuRef, vm: VcpuContext, frame: Frame, op: GuestOp): Verdict {
  switch (op.op) {
    case "work":
      return OP_HANDLERS.work(vcpu, vm, frame, op);
    case "exit":
      return OP_HANDLERS.exit(vcpu, vm, frame, op);
    case "call":
      return OP_HANDLERS.call(vcpu, vm, frame, op);
    case "ready":
      return OP_HANDLERS.ready(vcpu, vm, frame, op);
    case "acquire":
      return OP_HANDLERS.acquire(vcpu, vm, frame, op);
    case "release":
      return OP_HANDLERS.release(vcpu, vm, frame, op);
    case "shootdown":
      return OP_HANDLERS.shootdown(vcpu, vm, frame, op);
  }
}
