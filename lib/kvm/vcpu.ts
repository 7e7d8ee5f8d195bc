/**
 * A vCPU: a host task (the vCPU thread) that executes guest programs. It interprets
 * guest operations, takes interrupts only while it runs, spins on guest locks and IPI
 * acknowledgements (burning its pCPU), halts when the guest is idle, and exits to the
 * host on pause loops, spin notifications and PV halts.
 *
 * Nothing here decides placement: the host scheduler does, from the wakeups this code
 * issues (kicks from the CPU of whoever sends the interrupt).
 *
 * @module
 */

import type { Timer } from "../engine/simulation.ts";
import type { GuestLock, LockContender } from "../guest/guest_lock.ts";
import { call, exit, type GuestCpu, type GuestProgram, work } from "../guest/guest_program.ts";
import type { HostScheduler, WakeSource } from "../host/host_scheduler.ts";
import type { HostTask } from "../host/task.ts";
import { exitThenIsr, KICK, RESCHED_IPI } from "./guest_interrupts.ts";
import { directedYield, spinBudgetNs, spinExitCause } from "./spin_exit.ts";
import { type Category, VcpuAccounts } from "./vcpu_accounts.ts";
import type { GuestInterrupt, HaltReason, VcpuContext, VcpuTimes } from "./vcpu_context.ts";

export type { GuestInterrupt, HaltReason, VcpuContext, VcpuTimes } from "./vcpu_context.ts";

type Wait =
  | { readonly kind: "lock"; readonly lock: GuestLock<Vcpu>; spunNs: number; notifyNs: number }
  | { readonly kind: "acks"; remaining: number; readonly sentNs: number };

interface Frame {
  readonly program: GuestProgram;
  readonly level: "isr" | "dpc" | "thread";
  /** The idle loop (a thread frame that only halts). */
  readonly idle: boolean;
  /** Spinlocks taken by this frame and not yet released. */
  locks: number;
  /** What the frame spins for, if anything. */
  wait: Wait | null;
  /** Work left of an operation interrupted in the middle; -1 when none. */
  workLeft: number;
  workCategory: Category;
  afterWork: ((cpu: GuestCpu) => void) | null;
}

/** A TLB-flush IPI: flush, then acknowledge to the sender. */
function tlbFlush(flushNs: number, wait: Wait & { kind: "acks" }, sender: Vcpu): GuestInterrupt {
  return {
    kind: "tlb",
    *isr(target: Vcpu) {
      yield work(flushNs);
      yield call(() => {
        wait.remaining--;
        target.context.stats.ipiAckNs.add(target.context.sim.now - wait.sentNs);
        if (wait.remaining === 0) sender.waitSatisfiedElsewhere();
      });
    },
  };
}

/**
 * One vCPU of a VM.
 */
export class Vcpu implements LockContender, GuestCpu {
  readonly index: number;
  readonly task: HostTask;
  readonly context: VcpuContext;
  readonly #host: HostScheduler;
  readonly #frames: Frame[] = [];
  readonly #pending: GuestInterrupt[] = [];
  readonly #dpcs: GuestProgram[] = [];
  readonly #own: GuestProgram[] = [];
  #haltReason: HaltReason | null = null;
  #live = false;
  #liveCategory: Category = "useful";
  #locksHeld = 0;
  #started = false;
  // accounting
  #spinMark = 0;
  readonly #accounts: VcpuAccounts;
  // timers
  readonly #irqTimer: Timer;

  constructor(index: number, task: HostTask, context: VcpuContext) {
    this.index = index;
    this.task = task;
    this.context = context;
    this.#host = context.host;
    this.#irqTimer = context.sim.timer(() => this.#takeInterruptsNow());
    this.#accounts = new VcpuAccounts(context.host, task);
    task.onChange = () => this.#onTaskChange();
  }

  /** Whether the vCPU runs guest code right now (on a pCPU, not in a host exit). */
  isRunning(): boolean {
    return this.task.state === "running" && !(this.#live && this.#liveCategory === "exit");
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
    return this.#frames.some((f) => f.level === "thread" && !f.idle);
  }

  /** Locks the vCPU holds. */
  get locksHeld(): number {
    return this.#locksHeld;
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
      this.#host.wake(task, { ...source, sync: false });
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

  /** Called by a lock or a shootdown when what this vCPU waits for has happened. */
  waitSatisfiedElsewhere(): void {
    const top = this.#frames[this.#frames.length - 1];
    if (top?.wait == null || !this.#live || this.#liveCategory !== "spin") return;
    if (this.task.state !== "running") return;
    this.#suspendLive(top);
    this.#advance();
  }

  // --- host hooks ---

  #onTaskChange(): void {
    const task = this.task;
    const now = this.context.sim.now;
    if (task.state === "running") {
      this.#wasRunning = true;
      this.context.stats.onVcpuChange();
      this.#onDispatch();
      return;
    } else if (task.state === "runnable") {
      this.#accounts.sleepEnded(now);
      // Woken: whatever it halted for, it has something to do now (the kick's interrupt).
      this.#haltReason = null;
      if (this.#locksHeld > 0 && task.onRq && this.#wasRunning) {
        this.context.stats.lockHolderPreemptions++;
      }
    } else if (task.state === "sleeping") {
      this.#accounts.sleepStarted(this.#haltReason, now);
    }
    this.#wasRunning = false;
    this.context.stats.onVcpuChange();
  }

  #wasRunning = false;

  #onDispatch(): void {
    if (this.task.state !== "running") return;
    this.#haltReason = null;
    if (!this.#started) {
      this.#started = true;
      this.#advance();
      return;
    }
    const top = this.#frames[this.#frames.length - 1];
    if (this.#live) {
      if (this.#liveCategory === "exit") return; // still in the host; the guest resumes after
      const mustStop = (this.#pending.length > 0 && top?.level !== "isr") ||
        (top?.wait != null && this.#liveCategory === "spin" && this.#waitDone(top.wait));
      if (!mustStop) return;
      if (top !== undefined) this.#suspendLive(top);
    }
    this.#advance();
  }

  #takeInterruptsNow(): void {
    if (this.task.state !== "running" || this.#pending.length === 0) return;
    const top = this.#frames[this.#frames.length - 1];
    if (top?.level === "isr") return;
    if (this.#live) {
      if (this.#liveCategory === "exit") return; // injected at the next entry
      if (top !== undefined) this.#suspendLive(top);
    }
    // An interrupt that arrives in guest mode costs an exit and a re-entry.
    this.#pushFrame(exitThenIsr(this.context.kvm.exitNs, this.#pending.shift()!, this), "isr");
    this.#advance();
  }

  // --- the interpreter ---

  #pushFrame(program: GuestProgram, level: Frame["level"], idle = false): void {
    this.#frames.push({
      program,
      level,
      idle,
      locks: 0,
      wait: null,
      workLeft: -1,
      workCategory: "useful",
      afterWork: null,
    });
  }

  /** Stops the live host activity of the top frame, remembering what was left. */
  #suspendLive(top: Frame): void {
    const left = this.#host.suspendWork(this.task);
    if (this.#liveCategory !== "spin") {
      top.workLeft = left;
      top.workCategory = this.#liveCategory;
    } else {
      this.#endSpin(top);
    }
    this.#live = false;
  }

  #advance(): void {
    for (let steps = 0;; steps++) {
      if (steps > 100_000) {
        throw new Error(`vCPU ${this.index}: guest programs made no progress`);
      }
      if (this.task.state !== "running" || this.#live) return;
      const frames = this.#frames;
      let top = frames[frames.length - 1];
      if (this.#pending.length > 0 && top?.level !== "isr") {
        this.#pushFrame(this.#pending.shift()!.isr(this), "isr");
        continue;
      }
      if (
        this.#dpcs.length > 0 &&
        (top === undefined ||
          (top.level === "thread" && this.#locksHeld === 0 && top.wait === null &&
            top.workLeft === -1))
      ) {
        this.#pushFrame(this.#dpcs.shift()!, "dpc");
        continue;
      }
      if (top === undefined) {
        const item = this.#own.shift() ?? this.context.takeWork(this);
        if (item !== null) {
          this.#pushFrame(item, "thread");
          continue;
        }
        this.#pushFrame(this.#idle(), "thread", true);
        top = frames[frames.length - 1]!;
      }
      if (top.workLeft >= 0) {
        const left = top.workLeft;
        top.workLeft = -1;
        this.#startWork(top, left, top.workCategory, top.afterWork);
        return;
      }
      if (top.wait !== null) {
        if (this.#waitDone(top.wait)) {
          this.#finishWait(top);
          continue;
        }
        this.#spin(top);
        return;
      }
      const step = top.program.next();
      if (step.done) {
        if (top.locks !== 0) {
          throw new Error(
            `Guest program on vCPU ${this.index} ended holding ${top.locks} spinlock(s): every acquire needs a release`,
          );
        }
        frames.pop();
        continue;
      }
      const op = step.value;
      switch (op.op) {
        case "work":
          this.#startWork(top, op.ns, "useful", null);
          return;
        case "exit":
          this.#startWork(top, op.ns, "exit", op.fn);
          return;
        case "call":
          op.fn!(this);
          continue;
        case "ready": {
          const target = this.context.ready(op.program!, this);
          if (target === null) continue;
          // The IPI is an APIC write: an exit, then the kick from this thread.
          this.#startWork(top, this.context.kvm.exitNs, "exit", () => {
            target.deliver(RESCHED_IPI, { waker: this.task });
          });
          return;
        }
        case "acquire": {
          const lock = op.lock as GuestLock<Vcpu>;
          if (lock.tryAcquire(this)) {
            this.#locksHeld++;
            top.locks++;
            continue;
          }
          top.wait = { kind: "lock", lock, spunNs: 0, notifyNs: 0 };
          this.#spin(top);
          return;
        }
        case "release": {
          const next = (op.lock as GuestLock<Vcpu>).release(this);
          this.#locksHeld--;
          top.locks--;
          if (next === null) continue;
          if (next.#haltReason === "pv") {
            // The unlocker kicks the halted waiter with a hypercall.
            this.context.stats.pvKicks++;
            this.#startWork(top, this.context.kvm.exitNs, "exit", () => {
              next.deliver(KICK, { waker: this.task });
            });
            return;
          }
          next.waitSatisfiedElsewhere();
          continue;
        }
        case "shootdown": {
          const targets = this.context.vcpus.filter((v) => v !== this);
          this.context.stats.shootdowns++;
          if (targets.length === 0) continue;
          const wait: Wait & { kind: "acks" } = {
            kind: "acks",
            remaining: targets.length,
            sentNs: this.context.sim.now,
          };
          top.wait = wait;
          // Sending the IPIs is an APIC write: an exit, then the kicks from this thread.
          this.#startWork(top, this.context.kvm.exitNs, "exit", () => {
            for (const t of targets) {
              t.deliver(tlbFlush(op.ns, wait, this), { waker: this.task });
            }
          });
          return;
        }
      }
    }
  }

  /** The idle loop: HLT exits to the host, which blocks the thread unless work came in. */
  *#idle(): GuestProgram {
    yield exit(this.context.kvm.exitNs, () => {
      if (
        this.#pending.length > 0 || this.#dpcs.length > 0 || this.#own.length > 0 ||
        this.context.hasWork()
      ) return;
      this.#haltReason = "idle";
      this.context.stats.halts++;
      this.#host.block(this.task);
    });
  }

  #startWork(
    frame: Frame,
    ns: number,
    category: Category,
    then: ((cpu: GuestCpu) => void) | null,
  ): void {
    this.#accounts.switchTo(category);
    this.#live = true;
    this.#liveCategory = category;
    this.#liveFrame = frame;
    frame.afterWork = then;
    this.#host.setWork(this.task, ns, this.#onWorkDone);
  }

  /** The frame whose operation is live on the host. */
  #liveFrame: Frame | null = null;

  /** Completion of a work or exit operation (one bound callback: no allocation per op). */
  readonly #onWorkDone = (): void => {
    this.#live = false;
    const frame = this.#liveFrame as Frame;
    const after = frame.afterWork;
    frame.afterWork = null;
    after?.(this);
    this.#advance();
  };

  /** A spin budget ran out. */
  readonly #onSpinDone = (): void => {
    this.#live = false;
    const frame = this.#liveFrame as Frame;
    this.#endSpin(frame);
    this.#onSpinBudget(frame);
  };

  #waitDone(wait: Wait): boolean {
    return wait.kind === "lock" ? wait.lock.availableTo(this) : wait.remaining === 0;
  }

  #finishWait(frame: Frame): void {
    const wait = frame.wait!;
    frame.wait = null;
    if (wait.kind === "lock") {
      wait.lock.tryAcquire(this);
      this.#locksHeld++;
      frame.locks++;
    }
  }

  /** Spins for the frame's wait, up to the next PLE window, PV threshold or notification. */
  #spin(frame: Frame): void {
    const budget = spinBudgetNs(frame.wait!, this.context.kvm, this.context.profile);
    this.#accounts.switchTo("spin");
    this.#spinMark = this.#host.progressOf(this.task);
    this.#live = true;
    this.#liveCategory = "spin";
    this.#liveFrame = frame;
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

  /** A spin budget ran out: PV halt, spin notification or pause-loop exit. */
  #onSpinBudget(frame: Frame): void {
    const wait = frame.wait!;
    const kvm = this.context.kvm;
    const stats = this.context.stats;
    const cause = spinExitCause(wait, kvm, this.context.profile);
    if (cause === "pv-halt") {
      stats.pvHalts++;
      this.#startWork(frame, kvm.exitNs, "exit", () => {
        if (wait.kind === "lock") wait.spunNs = 0;
        if (this.#waitDone(wait)) return;
        this.#haltReason = "pv";
        this.#host.block(this.task);
      });
      return;
    }
    if (cause === "notification") {
      if (wait.kind === "lock") wait.notifyNs = 0;
      stats.spinNotifications++;
    } else {
      stats.pleExits++;
    }
    this.#startWork(frame, kvm.exitNs, "exit", () => {
      if (this.#waitDone(wait)) return;
      this.#onSpinExit();
    });
  }

  /** kvm_vcpu_on_spin: sleep 100 us (2010) or yield to a preempted sibling (2011). */
  #onSpinExit(): void {
    const ctx = this.context;
    if (ctx.kvm.spinExitHandler === "sleep") {
      this.#haltReason = "ple";
      this.#host.sleep(this.task, ctx.kvm.pleSleepNs);
      return;
    }
    if (directedYield(this, ctx)) ctx.stats.directedYields++;
    else ctx.stats.directedYieldMisses++;
  }
}
