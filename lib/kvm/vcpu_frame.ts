/**
 * The vCPU interpreter's stack frames. A frame is one guest program in execution (a
 * guest thread, a deferred procedure call or an interrupt handler) with what it spins
 * for, the spinlocks it holds, and the work an interrupt cut short.
 *
 * @module
 */

import type { GuestLock, LockContender } from "../guest/guest_lock.ts";
import type { ExitAction, GuestProgram } from "../guest/guest_program.ts";
import type { Category } from "./vcpu_accounts.ts";
import type { GuestInterrupt, VcpuRef } from "./vcpu_ref.ts";

/** A spin for a lock, with the spin time the PV and notification budgets count. */
export interface LockWait {
  /** The kind. */
  readonly kind: "lock";
  /** The lock spun for (a frame reuses its one lock wait from one acquire to the next). */
  lock: GuestLock;
  /** Spin time since the wait began or the last PV halt. Unit: ns. */
  spunNs: number;
  /** Spin time since the wait began or the last spin notification. Unit: ns. */
  notifyNs: number;
}

/** A spin for the acknowledgements of a TLB shootdown's IPIs. */
export interface AckWait {
  /** The kind. */
  readonly kind: "acks";
  /** Acknowledgements still to come. */
  remaining: number;
  /** When the IPIs were sent. Unit: ns. */
  readonly sentNs: number;
}

/** What a frame spins for. */
export type Wait = LockWait | AckWait;

/** Where a frame runs: an interrupt handler, a DPC or a thread (the lowest). */
export type FrameLevel = "isr" | "dpc" | "thread";

/**
 * One guest program in execution on a vCPU. A vCPU keeps its frames from one program to
 * the next ({@linkcode resetFrame}), so that a push allocates nothing.
 */
export interface Frame {
  /** The program. */
  program: GuestProgram;
  /** Its level. */
  level: FrameLevel;
  /** The idle loop (a thread frame that only halts). */
  idle: boolean;
  /** Spinlocks taken by this frame and not yet released. */
  locks: number;
  /** What the frame spins for, if anything. */
  wait: Wait | null;
  /**
   * Host time posted to run next: an operation's work or exit, or what an interrupt
   * left of one; -1 when none. Unit: ns.
   */
  workLeft: number;
  /** What the frame's current (or posted) stretch of host time counts as. */
  category: Category;
  /** What runs on the host side when the current work or exit completes. */
  afterWork: ExitAction | null;
  /**
   * The vCPU to send {@linkcode Frame.irqToSend} when the current exit completes (after
   * {@linkcode Frame.afterWork}), kicked from the vCPU's thread; or null.
   */
  sendTo: VcpuRef | null;
  /** The interrupt to send to {@linkcode Frame.sendTo}, or null. */
  irqToSend: GuestInterrupt | null;
  /** The frame's lock wait, reused by each contended acquire (at most one at a time). */
  readonly lockWait: LockWait;
}

/** A frame for `program` at `level`, about to start. */
export function newFrame(program: GuestProgram, level: FrameLevel, idle: boolean): Frame {
  return {
    program,
    level,
    idle,
    locks: 0,
    wait: null,
    workLeft: -1,
    category: "useful",
    afterWork: null,
    sendTo: null,
    irqToSend: null,
    lockWait: { kind: "lock", lock: null as unknown as GuestLock, spunNs: 0, notifyNs: 0 },
  };
}

/** Makes `frame` (done with its program) a new frame for `program` at `level`, about to start. */
export function resetFrame(
  frame: Frame,
  program: GuestProgram,
  level: FrameLevel,
  idle: boolean,
): Frame {
  frame.program = program;
  frame.level = level;
  frame.idle = idle;
  frame.locks = 0;
  frame.wait = null;
  frame.workLeft = -1;
  frame.category = "useful";
  frame.afterWork = null;
  frame.sendTo = null;
  frame.irqToSend = null;
  return frame;
}

/**
 * Posts `ns` of host time counted as `category` on `frame`, and `then` to run on the host
 * side after it. The interpreter starts it before the frame's next operation.
 */
export function postHostTime(
  frame: Frame,
  ns: number,
  category: Category,
  then: ExitAction | null,
): void {
  frame.workLeft = ns;
  frame.category = category;
  frame.afterWork = then;
  frame.sendTo = null;
  frame.irqToSend = null;
}

/**
 * Posts an exit of `ns` on `frame` after which the vCPU sends `irq` to `target` (an APIC
 * write: an IPI or a PV kick), with no closure to allocate.
 */
export function postSend(frame: Frame, ns: number, target: VcpuRef, irq: GuestInterrupt): void {
  frame.workLeft = ns;
  frame.category = "exit";
  frame.afterWork = null;
  frame.sendTo = target;
  frame.irqToSend = irq;
}

/** Whether what `wait` spins for has happened, for the waiting vCPU `self`. */
export function waitDone(wait: Wait, self: LockContender): boolean {
  return wait.kind === "lock" ? wait.lock.availableTo(self) : wait.remaining === 0;
}
