/**
 * Guest code as data: a guest program is a generator of operations that a vCPU
 * executes one after another: compute, take and release spinlocks, send IPIs, exit to
 * the host. Interrupt handlers, deferred procedure calls and request processing are all
 * guest programs; the vCPU interpreter (lib/kvm/vcpu.ts) stacks them as interrupts
 * preempt one another.
 *
 * @module
 */

import type { HostTask } from "../host/task.ts";
import type { GuestLock } from "./guest_lock.ts";

/** Who executes guest operations, as the operations see it. */
export interface GuestCpu {
  /** The vCPU's index in its VM. */
  readonly index: number;
}

/** What an exit runs on the host side, in the vCPU thread's context. */
export type ExitAction = (thread: HostTask) => void;

/**
 * Compute for `ns` of CPU time at full speed (useful work). Built by {@linkcode work}.
 *
 * Every operation has the same five fields, unused ones null or 0: V8 then sees one
 * object shape, which keeps the interpreter's property accesses monomorphic (fast),
 * while TypeScript narrows a {@linkcode GuestOp} on its `op` field.
 */
export interface WorkOp {
  /** The kind. */
  readonly op: "work";
  /** CPU time of the work. Unit: ns. */
  readonly ns: number;
  /** Unused. */
  readonly lock: null;
  /** Unused. */
  readonly fn: null;
  /** Unused. */
  readonly program: null;
}

/** Take a spinlock. Built by {@linkcode acquire}. */
export interface AcquireOp {
  /** The kind. */
  readonly op: "acquire";
  /** Unused (0). */
  readonly ns: number;
  /** The lock. */
  readonly lock: GuestLock;
  /** Unused. */
  readonly fn: null;
  /** Unused. */
  readonly program: null;
}

/** Release a spinlock. Built by {@linkcode release}. */
export interface ReleaseOp {
  /** The kind. */
  readonly op: "release";
  /** Unused (0). */
  readonly ns: number;
  /** The lock. */
  readonly lock: GuestLock;
  /** Unused. */
  readonly fn: null;
  /** Unused. */
  readonly program: null;
}

/** TLB shootdown of every other vCPU. Built by {@linkcode shootdown}. */
export interface ShootdownOp {
  /** The kind. */
  readonly op: "shootdown";
  /** The flush handler's duration on each target. Unit: ns. */
  readonly ns: number;
  /** Unused. */
  readonly lock: null;
  /** Unused. */
  readonly fn: null;
  /** Unused. */
  readonly program: null;
}

/** Exit to the host, then act there. Built by {@linkcode exit}. */
export interface ExitOp {
  /** The kind. */
  readonly op: "exit";
  /** Duration of the exit (VM exit, emulation, re-entry). Unit: ns. */
  readonly ns: number;
  /** Unused. */
  readonly lock: null;
  /** What runs on the host side after the exit, or null. */
  readonly fn: ExitAction | null;
  /** Unused. */
  readonly program: null;
}

/** A zero-time guest action. Built by {@linkcode call}. */
export interface CallOp {
  /** The kind. */
  readonly op: "call";
  /** Unused (0). */
  readonly ns: number;
  /** Unused. */
  readonly lock: null;
  /** The action, run in the vCPU's context. */
  readonly fn: (cpu: GuestCpu) => void;
  /** Unused. */
  readonly program: null;
}

/** Make a guest thread ready. Built by {@linkcode ready}. */
export interface ReadyOp {
  /** The kind. */
  readonly op: "ready";
  /** Unused (0). */
  readonly ns: number;
  /** Unused. */
  readonly lock: null;
  /** Unused. */
  readonly fn: null;
  /** The thread made ready. */
  readonly program: GuestProgram;
}

/**
 * One operation of guest code. Build operations with the functions below ({@linkcode work},
 * {@linkcode acquire}, ...): they give every operation the same shape.
 */
export type GuestOp = WorkOp | AcquireOp | ReleaseOp | ShootdownOp | ExitOp | CallOp | ReadyOp;

/** The kinds of guest operation. */
export type GuestOpKind = GuestOp["op"];

/** The operation of kind `K`, as a handler of that kind receives it. */
export type GuestOpOf<K extends GuestOpKind> = Extract<GuestOp, { readonly op: K }>;

/** A guest program: a generator of operations. */
export type GuestProgram = Generator<GuestOp, void, void>;

/** The one place operations are allocated: one site, one hidden class for all kinds. */
function op<O extends GuestOp>(
  kind: O["op"],
  ns: number,
  lock: O["lock"],
  fn: O["fn"],
  program: O["program"],
): O {
  return { op: kind, ns, lock, fn, program } as O;
}

/** Compute for `ns` of CPU time at full speed (useful work). */
export function work(ns: number): WorkOp {
  return op<WorkOp>("work", ns, null, null, null);
}

/** Take a spinlock, spinning (or halting, with PV locks) until it is ours. */
export function acquire(lock: GuestLock): AcquireOp {
  return op<AcquireOp>("acquire", 0, lock, null, null);
}

/** Release a spinlock we hold. */
export function release(lock: GuestLock): ReleaseOp {
  return op<ReleaseOp>("release", 0, lock, null, null);
}

/**
 * TLB shootdown: IPI every other vCPU of the VM (each runs a flush handler of `flushNs`)
 * and spin until all have acknowledged.
 */
export function shootdown(flushNs: number): ShootdownOp {
  return op<ShootdownOp>("shootdown", flushNs, null, null, null);
}

/**
 * Exit to the host for `ns` (VM exit, emulation and re-entry: overhead, not guest work),
 * then run `then` on the host side, in the vCPU thread's context (it gets the thread).
 */
export function exit(ns: number, then: ExitAction | null = null): ExitOp {
  return op<ExitOp>("exit", ns, null, then, null);
}

/** A zero-time guest action, run in the vCPU's context. */
export function call(fn: (cpu: GuestCpu) => void): CallOp {
  return op<CallOp>("call", 0, null, fn, null);
}

/**
 * Make a guest thread ready: queue `program` in the guest's run queue and, if this vCPU
 * will not get to it soon and another vCPU is halted, send that vCPU a reschedule IPI.
 */
export function ready(program: GuestProgram): ReadyOp {
  return op<ReadyOp>("ready", 0, null, null, program);
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
