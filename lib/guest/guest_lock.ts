/**
 * Guest spinlocks. A test-and-set lock (what Windows 2003 uses) goes to whichever
 * waiter grabs it first once it is free, so a preempted waiter costs nothing; a ticket
 * lock (FIFO, Linux) hands the lock to the next waiter in line even when that waiter's
 * vCPU is not running, so everyone behind it waits too (lock-waiter preemption).
 *
 * The lock only keeps the state; the vCPU interpreter does the spinning, halting and
 * kicking, and asks the lock what it may do.
 *
 * @module
 */

/** The kinds of guest spinlock. */
export type LockKind = "test-and-set" | "ticket";

/** The allowed lock kinds. */
export const LOCK_KINDS: readonly LockKind[] = ["test-and-set", "ticket"];

/** What a lock needs to know of a contender: whether it is on a pCPU right now. */
export interface LockContender {
  /** A stable id within the VM, for deterministic choices. */
  readonly index: number;
  /** Whether the contender's vCPU is executing guest code now. */
  isRunning(): boolean;
}

/** Counters of one lock. */
export interface LockStats {
  /** Acquisitions, contended or not. */
  acquisitions: number;
  /** Acquisitions that had to wait. */
  contended: number;
  /** Ticket grants to a waiter whose vCPU was not running (lock-waiter preemption). */
  grantsToPreempted: number;
}

/**
 * A guest spinlock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GuestLock } from "./guest_lock.ts";
 * const running = (index: number) => ({ index, isRunning: () => true });
 * const lock = new GuestLock("tcp", "ticket");
 * const [a, b] = [running(0), running(1)];
 * assert.ok(lock.tryAcquire(a) && !lock.tryAcquire(b));
 * assert.ok(lock.release(a) === b && lock.holder === b);
 * ```
 */
export class GuestLock<C extends LockContender = LockContender> {
  /** Names the lock in messages. */
  readonly name: string;
  /** Test-and-set or ticket. */
  readonly kind: LockKind;
  /** The holder, or null when free. */
  holder: C | null = null;
  /** Waiters: spinning (or halted, with PV locks), in arrival order. */
  readonly waiters: C[] = [];
  /** Counters of the lock. */
  readonly stats: LockStats = { acquisitions: 0, contended: 0, grantsToPreempted: 0 };

  /** A free lock named `name`, of `kind`. */
  constructor(name: string, kind: LockKind) {
    this.name = name;
    this.kind = kind;
  }

  /**
   * Takes the lock if `c` may have it now: it is free and (for a ticket lock) nobody is
   * queued ahead; or it was already handed to `c`. Otherwise registers `c` as a waiter
   * (once) and returns false.
   */
  tryAcquire(c: C): boolean {
    if (this.holder === c) return true; // granted while waiting (ticket hand-off)
    if (this.holder === null && (this.kind === "test-and-set" || this.waiters.length === 0)) {
      this.holder = c;
      this.stats.acquisitions++;
      this.#leave(c);
      return true;
    }
    if (!this.waiters.includes(c)) {
      this.waiters.push(c);
      this.stats.contended++;
    }
    return false;
  }

  /** Whether waiter `c` could take the lock at once (it is free for it, or handed to it). */
  availableTo(c: C): boolean {
    if (this.holder === c) return true;
    return this.holder === null && (this.kind === "test-and-set" || this.waiters[0] === c);
  }

  /**
   * Releases the lock held by `c`. A ticket lock is handed to the first waiter, who
   * becomes the holder at once; a test-and-set lock goes to the first waiter that is
   * running, or stays free until a waiter runs. Returns the waiter that now holds the
   * lock, or null.
   *
   * @throws {Error} when `c` does not hold the lock.
   */
  release(c: C): C | null {
    if (this.holder !== c) {
      throw new Error(`Cannot release guest lock '${this.name}' as the caller does not hold it`);
    }
    this.holder = null;
    const next = this.kind === "ticket" ? this.waiters[0] : this.waiters.find((w) => w.isRunning());
    if (next === undefined) return null;
    this.holder = next;
    this.stats.acquisitions++;
    if (!next.isRunning()) this.stats.grantsToPreempted++;
    this.#leave(next);
    return next;
  }

  /** Takes `c` off the waiter list (it acquired, or gave up). */
  #leave(c: C): void {
    const i = this.waiters.indexOf(c);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
