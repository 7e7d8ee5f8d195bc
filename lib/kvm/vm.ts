/**
 * A KVM virtual machine: N vCPU threads and one QEMU I/O thread, all host tasks, plus
 * the guest's shared state: its spinlocks and its run queue of work items. Workloads
 * (lib/workloads) put work into the run queue and traffic through the I/O thread.
 *
 * @module
 */

import { RandomStream } from "../engine/random.ts";
import type { Simulation, Timer } from "../engine/simulation.ts";
import { GuestLock } from "../guest/guest_lock.ts";
import { type GuestProgram, work } from "../guest/guest_program.ts";
import { type GuestProfile, guestProfile, type GuestProfileName } from "../guest/profiles.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import { IoThread } from "./io_thread.ts";
import { type KvmConfig, resolveKvmConfig } from "./kvm_config.ts";
import { Vcpu } from "./vcpu.ts";
import type { VcpuContext } from "./vcpu_context.ts";
import type { GuestInterrupt, VcpuRef } from "./vcpu_ref.ts";
import { newVmCounters, type VmCounters } from "./vm_counters.ts";

/** Options of a {@linkcode Vm}. */
export interface VmOptions {
  /** Names the VM's tasks and random streams. */
  readonly name: string;
  /** Number of vCPUs. @default {2} */
  readonly vcpus?: number;
  /** Guest profile. @default {"windows2003"} */
  readonly guest?: GuestProfileName;
  /** The pCPU each vCPU is pinned to, or null for no pinning. @default {null} */
  readonly pinning?: readonly number[] | null;
  /** The pCPU each unpinned vCPU starts on. @default the least loaded CPU at creation */
  readonly startCpus?: readonly number[];
  /** The thread's patch: AFFINE_WAKEUPS and SYNC_WAKEUPS off when a vCPU thread is woken. @default {false} */
  readonly vcpuWakeupPatch?: boolean;
  /** Replace the guest's spinlocks by PV ticket spinlocks (what-if for non-Linux guests). @default the profile's */
  readonly pvSpinlocks?: boolean;
  /** Number of shared guest spinlocks. @default {4} */
  readonly locks?: number;
  /** CPUs the I/O thread may run on. @default every CPU */
  readonly ioAffinity?: readonly number[];
  /** KVM settings. @default {@linkcode DEFAULT_KVM} */
  readonly kvm?: Partial<KvmConfig>;
  /** The run seed (each VM derives its own streams from it and its name). @default {1} */
  readonly seed?: number;
}

/** A guest timer interrupt: the clock ISR. */
function timerInterrupt(isrNs: number): GuestInterrupt {
  return {
    kind: "timer",
    *isr() {
      yield work(isrNs);
    },
  };
}

/** Cost of the guest's clock interrupt handler. */
export const TIMER_ISR_NS = 2_000;

/**
 * A virtual machine on a host.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "./vm.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "vm0", vcpus: 2 });
 * sim.run({ untilNs: 100_000_000 });
 * // An idle guest halts: its vCPUs sleep in the host between timer ticks.
 * assert.ok(vm.vcpus.every((v) => v.times().haltedNs > 90_000_000));
 * ```
 */
export class Vm implements VcpuContext {
  /** Names the VM's tasks and random streams. */
  readonly name: string;
  /** The host scheduler that runs the VM's threads. */
  readonly host: HostScheduler;
  /** The simulation (the clock). */
  readonly sim: Simulation;
  /** KVM settings, resolved. */
  readonly kvm: KvmConfig;
  /** The guest operating system's profile. */
  readonly profile: GuestProfile;
  /** The vCPUs, by index. */
  readonly vcpus: Vcpu[] = [];
  /** QEMU's I/O thread. */
  readonly io: IoThread;
  /** The guest's shared spinlocks. */
  readonly locks: GuestLock[];
  /** Counters of the VM's mechanisms, from its creation on. */
  readonly stats: VmCounters = newVmCounters();
  /** The guest's random stream (workloads derive their own from `seed`). */
  readonly rng: RandomStream;
  /** The run seed. */
  readonly seed: number;
  /** Index of the vCPU that directed yield boosted last (kvm->last_boosted_vcpu). */
  lastBoosted: number = -1;
  readonly #runQueue: GuestProgram[] = [];
  readonly #ticks: Timer[] = [];
  readonly #observers: (() => void)[] = [];

  /**
   * Creates the VM's tasks on `host`: one thread per vCPU and the I/O thread; the
   * guest's timers start ticking.
   *
   * @throws {RangeError|TypeError} for an impossible VM: no vCPU, a pinning that names a
   * CPU the host lacks or does not match the vCPU count, an unknown guest profile, bad
   * KVM settings. The message names the field, the value and what is allowed.
   */
  constructor(host: HostScheduler, options: VmOptions) {
    const {
      name,
      vcpus = 2,
      guest = "windows2003",
      pinning = null,
      startCpus,
      vcpuWakeupPatch = false,
      pvSpinlocks,
      locks = 4,
      ioAffinity,
      kvm,
      seed = 1,
    } = options;
    const ncpus = host.topology.ncpus;
    if (!Number.isInteger(vcpus) || vcpus < 1 || vcpus > 256) {
      throw new RangeError(
        `Invalid 'vcpus' of VM ${name}: must be an integer from 1 to 256: current value is ${vcpus}`,
      );
    }
    if (pinning !== null) {
      if (pinning.length !== vcpus) {
        throw new RangeError(
          `Invalid 'pinning' of VM ${name}: must give one pCPU per vCPU (${vcpus}): current value is [${
            pinning.join(", ")
          }]`,
        );
      }
      for (const cpu of pinning) {
        if (!Number.isInteger(cpu) || cpu < 0 || cpu >= ncpus) {
          throw new RangeError(
            `Invalid 'pinning' of VM ${name}: pCPU ${cpu} does not exist; allowed: 0..${ncpus - 1}`,
          );
        }
      }
    }
    if (startCpus !== undefined) {
      if (
        startCpus.length !== vcpus ||
        startCpus.some((c) => !Number.isInteger(c) || c < 0 || c >= ncpus)
      ) {
        throw new RangeError(
          `Invalid 'startCpus' of VM ${name}: must give one pCPU (0..${
            ncpus - 1
          }) per vCPU (${vcpus}): current value is [${startCpus.join(", ")}]`,
        );
      }
    }
    if (!Number.isInteger(locks) || locks < 1) {
      throw new RangeError(
        `Invalid 'locks' of VM ${name}: must be an integer >= 1: current value is ${locks}`,
      );
    }
    const base = guestProfile(guest);
    const profile: GuestProfile = pvSpinlocks === undefined || pvSpinlocks === base.pvSpinlocks
      ? base
      : pvSpinlocks
      ? { ...base, lockKind: "ticket", pvSpinlocks: true, pvSpinIterations: 1 << 15 }
      : { ...base, pvSpinlocks: false };
    this.kvm = resolveKvmConfig(kvm);
    this.name = name;
    this.host = host;
    this.sim = host.sim;
    this.profile = profile;
    this.seed = seed;
    this.rng = RandomStream.derive(seed, `${name}/guest`);
    this.locks = Array.from(
      { length: locks },
      (_, i) => new GuestLock(`lock${i}`, profile.lockKind),
    );
    this.io = new IoThread(host, `${name}/io`, ioAffinity);
    for (let i = 0; i < vcpus; i++) {
      const pin = pinning?.[i];
      const start = pin ?? startCpus?.[i];
      const task = host.spawn({
        name: `${name}/vcpu${i}`,
        kind: "vcpu",
        ...(pin === undefined ? {} : { affinity: [pin] }),
        ...(start === undefined ? {} : { cpu: start }),
        ...(vcpuWakeupPatch ? { features: { AFFINE_WAKEUPS: false, SYNC_WAKEUPS: false } } : {}),
      });
      this.vcpus.push(new Vcpu(i, task, this));
    }
    const periodNs = Math.round(1e9 / profile.timerHz);
    const ticks = RandomStream.derive(seed, `${name}/timer-phase`);
    for (const vcpu of this.vcpus) {
      const irq = timerInterrupt(TIMER_ISR_NS);
      const tick = this.sim.timer(() => {
        tick.after(periodNs);
        // The guest's timer is an hrtimer on the pCPU the vCPU last ran on.
        vcpu.deliver(irq, { cpu: vcpu.task.cpu });
      });
      tick.after(ticks.int(1, periodNs));
      this.#ticks.push(tick);
    }
  }

  /** The next work item for `vcpu`, or null. */
  takeWork(_vcpu: VcpuRef): GuestProgram | null {
    return this.#runQueue.shift() ?? null;
  }

  /** Whether the run queue holds work. */
  hasWork(): boolean {
    return this.#runQueue.length > 0;
  }

  /** Work items waiting in the run queue. */
  get queued(): number {
    return this.#runQueue.length;
  }

  /** Queues work before any vCPU runs (no IPI needed: every vCPU looks at start). */
  enqueue(program: GuestProgram): void {
    this.#runQueue.push(program);
  }

  /**
   * Queues a ready guest thread from `by`. If `by` will not get to it soon (it is busy
   * with another thread, or more work is queued than it will take next), returns a
   * halted vCPU to wake with a reschedule IPI.
   */
  ready(program: GuestProgram, by: VcpuRef): Vcpu | null {
    this.#runQueue.push(program);
    // `by` takes the first item itself when it has no thread of its own to go back to.
    if (!by.busyWithThread && this.#runQueue.length <= 1) return null;
    return this.vcpus.find((v) => v !== by && v.haltReason === "idle") ?? null;
  }

  /**
   * Calls `observer` each time one of the VM's vCPU threads changes state or CPU: when
   * a vCPU is dispatched, before it reacts; otherwise after it has. Measurements (such
   * as co-scheduling meters) watch the VM through this; an observer must not change the
   * model.
   */
  observe(observer: () => void): void {
    this.#observers.push(observer);
  }

  /** Notifies the observers (called by the vCPUs; see {@linkcode observe}). */
  vcpuChanged(): void {
    for (const observer of this.#observers) observer();
  }

  /** Stops the guest's timers (for tests that want a silent guest). */
  stopTimers(): void {
    for (const tick of this.#ticks) tick.cancel();
  }
}
