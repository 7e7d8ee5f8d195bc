/**
 * A vCPU: a host task (the vCPU thread) that executes guest programs. It interprets
 * guest operations, takes interrupts only while it runs, spins on guest locks and IPI
 * acknowledgements (burning its pCPU), halts when the guest is idle, and exits to the
 * host on pause loops, spin notifications and PV halts.
 *
 * The interpreter is a loop over a stack of frames (`vcpu_frame.ts`): interrupt handlers
 * above deferred procedure calls above a guest thread. What each guest operation does is
 * in its handler (`guest_op_handlers.ts`); what a spin that runs out of budget does, in
 * `spin_exit.ts`. This class keeps the state, starts host time and reacts to the host.
 *
 * Nothing here decides placement: the host scheduler does, from the wakeups this code
 * issues (kicks from the CPU of whoever sends the interrupt).
 *
 * @module
 */

import type { Timer } from "../engine/simulation.ts";
import type { GuestCpu, GuestProgram } from "../guest/guest_program.ts";
import type { HostScheduler, WakeSource } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";
import { handleOp } from "./guest_op_handlers.ts";
import { spinBudgetNs, spinExit } from "./spin_exit.ts";
import { type HaltReason, VcpuAccounts, type VcpuTimes } from "./vcpu_accounts.ts";
import type { VcpuContext } from "./vcpu_context.ts";
import {
  type Frame,
  type FrameLevel,
  newFrame,
  postHostTime,
  resetFrame,
  type Wait,
  waitDone,
} from "./vcpu_frame.ts";
import type { GuestInterrupt, VcpuRef } from "./vcpu_ref.ts";

/**
 * One vCPU of a VM.
 */
export class Vcpu implements VcpuRef, GuestCpu {
  /** The vCPU's index in its VM. */
  readonly index: number;
  /** The vCPU thread: the host task that runs this vCPU. */
  readonly task: HostTask;
  /** Its VM, as the vCPU sees it. */
  readonly context: VcpuContext;
  readonly #host: HostScheduler;
  readonly #accounts: VcpuAccounts;
  /** Fires when the IPI of a pending interrupt reaches the pCPU the vCPU runs on. */
  readonly #irqTimer: Timer;
  /**
   * Programs in execution: a thread at the bottom, DPCs and interrupt handlers above.
   * Only the first {@linkcode Vcpu.#depth} are live; those above are kept for reuse.
   */
  readonly #frames: Frame[] = [];
  /** How many frames are live. */
  #depth = 0;
  /** Interrupts raised and not yet taken. */
  readonly #pending: GuestInterrupt[] = [];
  /** Deferred procedure calls queued and not yet started. */
  readonly #dpcs: GuestProgram[] = [];
  /** Guest threads bound to this vCPU, run before the VM's run queue. */
  readonly #own: GuestProgram[] = [];
  /** The frame whose work, exit or spin runs on the host now (always the top), or null. */
  #live: Frame | null = null;
  #haltReason: HaltReason | null = null;
  /** Whether the interpreter has started (at the thread's first dispatch). */
  #started = false;
  /** Whether the thread was running before its latest change. */
  #wasRunning = false;
  /** The thread's host progress when the current spin stretch began. Unit: ns. */
  #spinMark = 0;
  /** Completion of work or an exit (one bound callback: no allocation per operation). */
  readonly #onWorkDone = (): void => this.#workDone();
  /** A spin budget ran out. */
  readonly #onSpinDone = (): void => this.#spinDone();
  /** This vCPU's thread as the waker of the kicks and IPIs it sends (not kept by the host). */
  readonly #asWaker: WakeSource;
  /** A finished program: the idle loop's, whose frame only runs its posted HLT exit. */
  readonly #finished: GuestProgram = (function* (): GuestProgram {})();
  /** What the idle loop's HLT exit does on the host: block the thread unless work came in. */
  readonly #idleExit = (): void => {
    if (
      this.#pending.length > 0 || this.#dpcs.length > 0 || this.#own.length > 0 ||
      this.context.hasWork()
    ) return;
    this.#haltReason = "idle";
    this.context.stats.halts++;
    this.#host.block(this.task);
  };
  /** Halts the thread after a spin exit (see {@linkcode spinExit}). */
  readonly #halt = (reason: "pv" | "ple"): void => {
    this.#haltReason = reason;
    if (reason === "pv") this.#host.block(this.task);
    else this.#host.sleep(this.task, this.context.kvm.pleSleepNs);
  };

  /** The vCPU `index` of `context`'s VM, run by the host task `task`. */
  constructor(index: number, task: HostTask, context: VcpuContext) {
    this.index = index;
    this.task = task;
    this.context = context;
    this.#host = context.host;
    this.#asWaker = { waker: task };
    this.#finished.next();
    this.#irqTimer = context.sim.timer(() => this.#takeInterruptsNow());
    this.#accounts = new VcpuAccounts(context.host, task);
    task.onChange = () => this.#onTaskChange();
  }

  /** Whether the vCPU runs guest code right now (on a pCPU, not in a host exit). */
  isRunning(): boolean {
    return this.task.state === "running" &&
      !(this.#live !== null && this.#live.category === "exit");
  }

  /** Why the vCPU thread sleeps, or null. */
  get haltReason(): HaltReason | null {
    return this.#haltReason;
  }

  /** Whether the guest has something for this vCPU: it is not halted for idleness. */
  get hasWork(): boolean {
    return this.#haltReason !== "idle";
  }

  /** Whether a guest thread (not the idle loop) is on this vCPU, below any handlers. */
  get busyWithThread(): boolean {
    const frames = this.#frames;
    for (let i = 0; i < this.#depth; i++) {
      const f = frames[i] as Frame;
      if (f.level === "thread" && !f.idle) return true;
    }
    return false;
  }

  /** Spinlocks the vCPU holds (taken by its frames and not yet released). */
  get locksHeld(): number {
    const frames = this.#frames;
    let n = 0;
    for (let i = 0; i < this.#depth; i++) n += (frames[i] as Frame).locks;
    return n;
  }

  /**
   * Raises an interrupt for this vCPU. A halted vCPU is kicked: its thread is woken
   * from `source` (a plain wakeup, so the host's placement applies). A running vCPU
   * takes it after the IPI that forces an exit reaches its pCPU (at once if the source
   * is an interrupt on that pCPU). A preempted vCPU takes it when it next runs.
   */
  deliver(irq: GuestInterrupt, source: WakeSource): void {
    this.#pending.push(irq);
    const task = this.task;
    if (task.state === "sleeping") {
      this.context.stats.kicks++;
      // A kick is a plain wakeup; copy the source only when it carries the sync hint.
      this.#host.wake(task, source.sync === true ? { ...source, sync: false } : source);
    } else if (task.state === "running") {
      const local = "cpu" in source && source.cpu === task.cpu;
      const due = this.context.sim.now + (local ? 0 : this.context.kvm.ipiLatencyNs);
      if (!this.#irqTimer.armed || this.#irqTimer.dueNs > due) this.#irqTimer.at(due);
    }
  }

  /**
   * Gives this vCPU a guest thread bound to it (hard affinity), run before the shared
   * run queue. A halted vCPU notices it at its next wakeup.
   */
  assign(program: GuestProgram): void {
    this.#own.push(program);
  }

  /** Queues a deferred procedure call, run when the vCPU holds no lock. */
  queueDpc(program: GuestProgram): void {
    this.#dpcs.push(program);
  }

  /** Where the vCPU's time went, up to now. */
  times(): VcpuTimes {
    return this.#accounts.times(this.context.sim.now);
  }

  /** Called by a lock or a shootdown when what this vCPU spins for has happened. */
  waitSatisfiedElsewhere(): void {
    const live = this.#live;
    if (live === null || live.category !== "spin" || live.wait === null) return;
    if (this.task.state !== "running") return;
    this.#suspendLive(live);
    this.#advance();
  }

  // --- host hooks ---

  #onTaskChange(): void {
    const task = this.task;
    const now = this.context.sim.now;
    if (task.state === "running") {
      this.#wasRunning = true;
      // Observers see the vCPU as it was dispatched, before it reacts.
      this.context.vcpuChanged();
      this.#onDispatch();
      return;
    } else if (task.state === "runnable") {
      this.#accounts.sleepEnded(now);
      // Woken: whatever it halted for, it has something to do now (the kick's interrupt).
      this.#haltReason = null;
      if (this.#wasRunning && task.onRq && this.locksHeld > 0) {
        this.context.stats.lockHolderPreemptions++;
      }
    } else if (task.state === "sleeping") {
      this.#accounts.sleepStarted(this.#haltReason, now);
    }
    this.#wasRunning = false;
    this.context.vcpuChanged();
  }

  #onDispatch(): void {
    if (this.task.state !== "running") return;
    this.#haltReason = null;
    if (!this.#started) {
      this.#started = true;
      this.#advance();
      return;
    }
    const live = this.#live;
    if (live !== null) {
      if (live.category === "exit") return; // still in the host; the guest resumes after
      const mustStop = (this.#pending.length > 0 && live.level !== "isr") ||
        (live.category === "spin" && live.wait !== null && waitDone(live.wait, this));
      if (!mustStop) return;
      this.#suspendLive(live);
    }
    this.#advance();
  }

  #takeInterruptsNow(): void {
    const irq = this.#pending[0];
    if (this.task.state !== "running" || irq === undefined) return;
    const top = this.#depth > 0 ? this.#frames[this.#depth - 1] : undefined;
    if (top?.level === "isr") return;
    const live = this.#live;
    if (live !== null) {
      if (live.category === "exit") return; // injected at the next entry
      this.#suspendLive(live);
    }
    this.#pending.shift();
    // An interrupt that arrives in guest mode costs an exit and a re-entry, then its
    // handler runs.
    postHostTime(this.#pushFrame(irq.isr(this), "isr"), this.context.kvm.exitNs, "exit", null);
    this.#advance();
  }

  // --- the interpreter ---

  /** Runs guest operations until the vCPU waits for the host or stops running. */
  #advance(): void {
    for (let steps = 0;; steps++) {
      if (steps > 100_000) {
        throw new Error(`vCPU ${this.index}: guest programs made no progress`);
      }
      if (this.task.state !== "running" || this.#live !== null) return;
      const top = this.#frameToRun();
      if (top.workLeft >= 0) {
        this.#startWork(top);
        return;
      }
      const wait = top.wait;
      if (wait !== null) {
        if (!waitDone(wait, this)) {
          this.#spin(top);
          return;
        }
        this.#finishWait(top, wait);
        continue;
      }
      const step = top.program.next();
      if (step.done) {
        this.#popFrame(top);
        continue;
      }
      const verdict = handleOp(this, this.context, top, step.value);
      if (verdict === "run") {
        this.#startWork(top);
        return;
      }
      if (verdict === "spin") {
        this.#spin(top);
        return;
      }
    }
  }

  /**
   * The frame to step: a pending interrupt's handler or a DPC when one is due, else the
   * top frame, else (on an empty stack) the next guest thread or the idle loop.
   */
  #frameToRun(): Frame {
    const top = this.#depth > 0 ? this.#frames[this.#depth - 1] : undefined;
    const irq = this.#pending[0];
    if (irq !== undefined && top?.level !== "isr") {
      this.#pending.shift();
      return this.#pushFrame(irq.isr(this), "isr");
    }
    const dpc = this.#dpcs[0];
    if (
      dpc !== undefined &&
      (top === undefined ||
        (top.level === "thread" && top.wait === null && top.workLeft === -1 &&
          this.locksHeld === 0))
    ) {
      this.#dpcs.shift();
      return this.#pushFrame(dpc, "dpc");
    }
    if (top !== undefined) return top;
    const item = this.#own.shift() ?? this.context.takeWork(this);
    if (item !== null) return this.#pushFrame(item, "thread");
    // The idle loop: HLT exits to the host, which blocks the thread unless work came in.
    const idle = this.#pushFrame(this.#finished, "thread", true);
    postHostTime(idle, this.context.kvm.exitNs, "exit", this.#idleExit);
    return idle;
  }

  #pushFrame(program: GuestProgram, level: FrameLevel, idle = false): Frame {
    const frames = this.#frames;
    const kept = frames[this.#depth];
    let frame: Frame;
    if (kept === undefined) {
      frame = newFrame(program, level, idle);
      frames.push(frame);
    } else {
      frame = resetFrame(kept, program, level, idle);
    }
    this.#depth++;
    return frame;
  }

  #popFrame(frame: Frame): void {
    if (frame.locks !== 0) {
      throw new Error(
        `Guest program on vCPU ${this.index} ended holding ${frame.locks} spinlock(s): every acquire needs a release`,
      );
    }
    this.#depth--;
  }

  // --- what runs on the host: work, exits and spins ---

  /** Starts the host time posted on `frame`: work or an exit, new or what was left of one. */
  #startWork(frame: Frame): void {
    const ns = frame.workLeft;
    frame.workLeft = -1;
    this.#accounts.switchTo(frame.category);
    this.#live = frame;
    this.#host.setWork(this.task, ns, this.#onWorkDone);
  }

  #workDone(): void {
    const frame = this.#live;
    if (frame === null) throw new Error(`vCPU ${this.index}: work completed with none live`);
    this.#live = null;
    const after = frame.afterWork;
    frame.afterWork = null;
    after?.(this.task);
    const target = frame.sendTo;
    if (target !== null) {
      const irq = frame.irqToSend as GuestInterrupt;
      frame.sendTo = null;
      frame.irqToSend = null;
      target.deliver(irq, this.#asWaker);
    }
    this.#advance();
  }

  /** Stops the live host activity of `frame` (the top), remembering what was left. */
  #suspendLive(frame: Frame): void {
    const left = this.#host.suspendWork(this.task);
    if (frame.category !== "spin") frame.workLeft = left;
    else this.#endSpin(frame);
    this.#live = null;
  }

  #finishWait(frame: Frame, wait: Wait): void {
    frame.wait = null;
    if (wait.kind === "lock") {
      wait.lock.tryAcquire(this);
      frame.locks++;
    }
  }

  /** Spins for the frame's wait, up to the next PLE window, PV threshold or notification. */
  #spin(frame: Frame): void {
    const wait = frame.wait;
    if (wait === null) throw new Error(`vCPU ${this.index}: a spin with nothing to wait for`);
    const budget = spinBudgetNs(wait, this.context.kvm, this.context.profile);
    this.#accounts.switchTo("spin");
    this.#spinMark = this.#host.progressOf(this.task);
    this.#live = frame;
    frame.category = "spin";
    this.#host.setWork(this.task, budget, this.#onSpinDone);
  }

  #endSpin(frame: Frame): void {
    const spun = this.#host.progressOf(this.task) - this.#spinMark;
    this.#spinMark = this.#host.progressOf(this.task);
    const wait = frame.wait;
    if (wait?.kind === "lock") {
      wait.spunNs += spun;
      wait.notifyNs += spun;
    }
  }

  /** A spin budget ran out: exit to the host (PV halt, spin notification or PLE). */
  #spinDone(): void {
    const frame = this.#live;
    const wait = frame?.wait;
    if (frame === null || wait == null) {
      throw new Error(`vCPU ${this.index}: a spin ended with nothing to wait for`);
    }
    this.#live = null;
    this.#endSpin(frame);
    postHostTime(
      frame,
      this.context.kvm.exitNs,
      "exit",
      spinExit(wait, this, this.context, this.#halt),
    );
    this.#startWork(frame);
  }
}
