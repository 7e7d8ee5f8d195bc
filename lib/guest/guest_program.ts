/**
 * Guest code as data: a guest program is a generator of operations that a vCPU
 * executes one after another: compute, take and release spinlocks, send IPIs, exit to
 * the host. Interrupt handlers, deferred procedure calls and request processing are all
 * guest programs; the vCPU interpreter (lib/kvm/vcpu.ts) stacks them as interrupts
 * preempt one another.
 *
 * @module
 */

import type { GuestLock } from "./guest_lock.ts";

/** Who executes guest operations, as the operations see it. */
export interface GuestCpu {
  /** The vCPU's index in its VM. */
  readonly index: number;
}

/** One operation of guest code. */
export type GuestOp =
  /** Compute for `ns` of CPU time at full speed (useful work). */
  | { readonly op: "work"; readonly ns: number }
  /** Take a spinlock, spinning (or halting, with PV locks) until it is ours. */
  | { readonly op: "acquire"; readonly lock: GuestLock }
  /** Release a spinlock we hold. */
  | { readonly op: "release"; readonly lock: GuestLock }
  /** TLB shootdown: IPI every other vCPU of the VM and spin until all acknowledged. */
  | { readonly op: "shootdown"; readonly flushNs: number }
  /**
   * Exit to the host for `ns` (VM exit, emulation and re-entry: overhead, not guest
   * work), then run `then` on the host side, in the vCPU thread's context.
   */
  | { readonly op: "exit"; readonly ns: number; readonly then?: (cpu: GuestCpu) => void }
  /** A zero-time guest action, run in the vCPU's context. */
  | { readonly op: "call"; readonly fn: (cpu: GuestCpu) => void }
  /**
   * Make a guest thread ready: queue `program` in the guest's run queue and, if this
   * vCPU will not get to it soon and another vCPU is halted, send that vCPU a
   * reschedule IPI.
   */
  | { readonly op: "ready"; readonly program: GuestProgram };

/** A guest program: a generator of operations. */
export type GuestProgram = Generator<GuestOp, void, void>;

/** Builds a `work` operation. */
export function work(ns: number): GuestOp {
  return { op: "work", ns };
}

/** Builds a `call` operation. */
export function call(fn: (cpu: GuestCpu) => void): GuestOp {
  return { op: "call", fn };
}

/**
 * A critical section: acquire `lock`, compute `holdNs`, release.
 *
 * @example
 * ```ts
 * import { GuestLock } from "./guest_lock.ts";
 * import { criticalSection } from "./guest_program.ts";
 * const ops = [...criticalSection(new GuestLock("pfn", "test-and-set"), 2_000)];
 * console.assert(ops.map((o) => o.op).join() === "acquire,work,release");
 * ```
 */
export function* criticalSection(lock: GuestLock, holdNs: number): GuestProgram {
  yield { op: "acquire", lock };
  yield { op: "work", ns: holdNs };
  yield { op: "release", lock };
}

/**
 * A program from a fixed list of operations.
 *
 * @example
 * ```ts
 * import { fromOps, work } from "./guest_program.ts";
 * console.assert([...fromOps([work(5), work(7)])].length === 2);
 * ```
 */
export function* fromOps(ops: readonly GuestOp[]): GuestProgram {
  yield* ops;
}
