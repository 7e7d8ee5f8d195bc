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

/** The kinds of guest operation. */
export type GuestOpKind = "work" | "acquire" | "release" | "shootdown" | "exit" | "call" | "ready";

/**
 * One operation of guest code. Build operations with the functions below ({@linkcode work},
 * {@linkcode acquire}, ...): they give every operation the same shape, which keeps the
 * interpreter's property accesses monomorphic (fast) in V8.
 */
export interface GuestOp {
  readonly op: GuestOpKind;
  /** work, exit: the duration; shootdown: the flush handler's duration. Unit: ns. */
  readonly ns: number;
  /** acquire, release: the lock. */
  readonly lock: GuestLock | null;
  /** exit: what runs on the host side after it; call: the action. */
  readonly fn: ((cpu: GuestCpu) => void) | null;
  /** ready: the thread made ready. */
  readonly program: GuestProgram | null;
}

/** A guest program: a generator of operations. */
export type GuestProgram = Generator<GuestOp, void, void>;

function op(
  kind: GuestOpKind,
  ns: number,
  lock: GuestLock | null,
  fn: ((cpu: GuestCpu) => void) | null,
  program: GuestProgram | null,
): GuestOp {
  return { op: kind, ns, lock, fn, program };
}

/** Compute for `ns` of CPU time at full speed (useful work). */
export function work(ns: number): GuestOp {
  return op("work", ns, null, null, null);
}

/** Take a spinlock, spinning (or halting, with PV locks) until it is ours. */
export function acquire(lock: GuestLock): GuestOp {
  return op("acquire", 0, lock, null, null);
}

/** Release a spinlock we hold. */
export function release(lock: GuestLock): GuestOp {
  return op("release", 0, lock, null, null);
}

/**
 * TLB shootdown: IPI every other vCPU of the VM (each runs a flush handler of `flushNs`)
 * and spin until all have acknowledged.
 */
export function shootdown(flushNs: number): GuestOp {
  return op("shootdown", flushNs, null, null, null);
}

/**
 * Exit to the host for `ns` (VM exit, emulation and re-entry: overhead, not guest work),
 * then run `then` on the host side, in the vCPU thread's context.
 */
export function exit(ns: number, then: ((cpu: GuestCpu) => void) | null = null): GuestOp {
  return op("exit", ns, null, then, null);
}

/** A zero-time guest action, run in the vCPU's context. */
export function call(fn: (cpu: GuestCpu) => void): GuestOp {
  return op("call", 0, null, fn, null);
}

/**
 * Make a guest thread ready: queue `program` in the guest's run queue and, if this vCPU
 * will not get to it soon and another vCPU is halted, send that vCPU a reschedule IPI.
 */
export function ready(program: GuestProgram): GuestOp {
  return op("ready", 0, null, null, program);
}

/**
 * A critical section: acquire `lock`, compute `holdNs`, release.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GuestLock } from "./guest_lock.ts";
 * import { criticalSection } from "./guest_program.ts";
 * const ops = [...criticalSection(new GuestLock("pfn", "test-and-set"), 2_000)];
 * assert.ok(ops.map((o) => o.op).join() === "acquire,work,release");
 * ```
 */
export function* criticalSection(lock: GuestLock, holdNs: number): GuestProgram {
  yield acquire(lock);
  yield work(holdNs);
  yield release(lock);
}

/**
 * A program from a fixed list of operations.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromOps, work } from "./guest_program.ts";
 * assert.ok([...fromOps([work(5), work(7)])].length === 2);
 * ```
 */
export function* fromOps(ops: readonly GuestOp[]): GuestProgram {
  yield* ops;
}
