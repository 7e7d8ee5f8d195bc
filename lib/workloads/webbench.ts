/**
 * A webbench-like workload: a closed loop of clients outside the host fetching static
 * pages from an IIS 6 server in a Windows guest.
 *
 * Path of a request: the client's packet reaches the host NIC, whose interrupt (on
 * `nicCpu`) wakes the VM's I/O thread through the tap device; the I/O thread copies it
 * into the virtqueue and injects an interrupt into the guest (kicking `irqVcpu`); the
 * ISR queues a DPC that runs the TCP/IP receive path (a critical section on a shared
 * lock) and readies an IIS worker thread; a vCPU runs the request (computation broken
 * by critical sections on shared guest locks, and sometimes a TLB shootdown), then
 * notifies the virtqueue (an exit to QEMU in the vCPU thread, which wakes the I/O
 * thread); the I/O thread writes the response to the tap device and it travels back.
 *
 * @module
 */

import { type Distribution, sampleNs } from "../engine/distribution.ts";
import { checkDistribution } from "../engine/distribution.ts";
import { RandomStream } from "../engine/random.ts";
import type { HostTask } from "../host/task.ts";
import type { Vcpu } from "../kvm/vcpu.ts";
import type { GuestInterrupt, VcpuRef } from "../kvm/vcpu_ref.ts";
import type { Vm } from "../kvm/vm.ts";
import { Histogram } from "../engine/histogram.ts";
import {
  acquire,
  exit,
  type GuestProgram,
  ready,
  release,
  shootdown,
  work,
} from "../guest/guest_program.ts";

/**
 * Parameters of the webbench-like workload, with the reasoning behind each default.
 * Times are CPU time at full speed on a 2010 Xeon core unless said otherwise.
 */
export interface WebbenchOptions {
  /**
   * Closed-loop clients per VM. WebBench 5.0 ran tens of client engines issuing
   * requests back to back; 16 per VM keep a 2-vCPU guest's queue full even while
   * several requests are in the network or the I/O thread, so the host saturates.
   * @default {16}
   */
  readonly clients: number;
  /** Client think time between a response and the next request (WebBench: none). @default {{ kind: "constant", value: 0 }} (unit: ns) */
  readonly thinkNs: Distribution;
  /** One-way latency between a client and the host NIC (GbE, one switch). @default {30_000} (unit: ns) */
  readonly networkNs: number;
  /** Host CPU whose NIC interrupt wakes the I/O thread (2010: IRQs on CPU0 by default). @default {0} */
  readonly nicCpu: number;
  /** I/O thread work per incoming request (tap read, virtqueue copy, interrupt injection). @default {15_000} (unit: ns) */
  readonly ioRxNs: number;
  /** I/O thread work per response (virtqueue to tap for a ~10 KB page, userspace virtio-net of 2010). @default {25_000} (unit: ns) */
  readonly ioTxNs: number;
  /** Whether the tap wakes the I/O thread with the sync hint (tun_net_xmit: no). @default {false} */
  readonly rxWakeSync: boolean;
  /** Whether the vCPU's virtqueue notification wakes the I/O thread with the sync hint (an eventfd: no; a pipe: yes). @default {false} */
  readonly txWakeSync: boolean;
  /** The vCPU the virtio-net interrupt is routed to (a legacy IRQ on Windows 2003 goes to CPU 0). @default {0} */
  readonly irqVcpu: number;
  /** NIC interrupt service routine. @default {3_000} (unit: ns) */
  readonly isrNs: number;
  /** TCP/IP receive path per request, in the DPC; includes one critical section. @default {15_000} (unit: ns) */
  readonly rxDpcNs: number;
  /**
   * IIS processing of one request (HTTP parsing, kernel-cache lookup, send): static
   * pages cost 100-200 us of a 2010 core in all; this is the part on the worker thread.
   * @default {{ kind: "lognormal", mean: 100_000, cv: 0.5 }} (unit: ns)
   */
  readonly serviceNs: Distribution;
  /**
   * Critical sections per request on shared kernel spinlocks (dispatcher, PFN, cache
   * manager, TCP): a handful per request in a 2003-era kernel.
   * @default {6}
   */
  readonly lockSections: number;
  /** Hold time of each. @default {{ kind: "exponential", mean: 2_000 }} (unit: ns) */
  readonly lockHoldNs: Distribution;
  /**
   * Chance that a request triggers a TLB shootdown (the cache manager maps and unmaps
   * system-cache views; each unmap flushes every processor's TLB). Uncertain: a knob.
   * @default {0.1}
   */
  readonly shootdownProbability: number;
  /** Handler of a TLB-flush IPI on each target. @default {2_000} (unit: ns) */
  readonly flushNs: number;
  /** The virtqueue notification: exit to QEMU userspace in the vCPU thread. @default {10_000} (unit: ns) */
  readonly txExitNs: number;
  /** Responses before this instant are not counted (warm-up). @default {0} (unit: ns) */
  readonly warmupNs: number;
}

/** The defaults. */
export const WEBBENCH_DEFAULTS: WebbenchOptions = Object.freeze<WebbenchOptions>({
  clients: 16,
  thinkNs: { kind: "constant", value: 0 },
  networkNs: 30_000,
  nicCpu: 0,
  ioRxNs: 15_000,
  ioTxNs: 25_000,
  rxWakeSync: false,
  txWakeSync: false,
  irqVcpu: 0,
  isrNs: 3_000,
  rxDpcNs: 15_000,
  serviceNs: { kind: "lognormal", mean: 100_000, cv: 0.5 },
  lockSections: 6,
  lockHoldNs: { kind: "exponential", mean: 2_000 },
  shootdownProbability: 0.1,
  flushNs: 2_000,
  txExitNs: 10_000,
  warmupNs: 0,
});

/** What a webbench run measured. */
export interface WebbenchResult {
  /** Responses received after the warm-up. */
  readonly responses: number;
  /** Response times (client send to client receive) after the warm-up. Unit: ns. */
  readonly responseNs: Histogram;
  /** Requests sent over the whole run. */
  readonly sent: number;
  /** Responses received over the whole run (none lost: sent - received = in flight). */
  readonly received: number;
}

/**
 * Validates webbench options against `vcpus` and `ncpus` and fills in the defaults.
 *
 * @throws {RangeError|TypeError} naming the field, the value and what is allowed.
 */
export function resolveWebbench(
  partial: Partial<WebbenchOptions>,
  vcpus: number,
  ncpus: number,
  field = "webbench",
): WebbenchOptions {
  const o: WebbenchOptions = { ...WEBBENCH_DEFAULTS, ...partial };
  for (const name of Object.keys(o)) {
    if (!(name in WEBBENCH_DEFAULTS)) {
      throw new TypeError(
        `Invalid '${field}.${name}': unknown option; allowed: ${
          Object.keys(WEBBENCH_DEFAULTS).join(", ")
        }`,
      );
    }
  }
  const int = (name: keyof WebbenchOptions, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = o[name] as number;
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      throw new RangeError(
        `Invalid '${field}.${name}': must be an integer from ${min} to ${max}: current value is ${v}`,
      );
    }
  };
  int("clients", 1, 100_000);
  int("networkNs", 0);
  int("nicCpu", 0, ncpus - 1);
  int("ioRxNs", 0);
  int("ioTxNs", 0);
  int("irqVcpu", 0, vcpus - 1);
  int("isrNs", 0);
  int("rxDpcNs", 0);
  int("lockSections", 0, 1000);
  int("flushNs", 0);
  int("txExitNs", 0);
  int("warmupNs", 0);
  checkDistribution(`${field}.thinkNs`, o.thinkNs);
  checkDistribution(`${field}.serviceNs`, o.serviceNs);
  checkDistribution(`${field}.lockHoldNs`, o.lockHoldNs);
  if (!(o.shootdownProbability >= 0 && o.shootdownProbability <= 1)) {
    throw new RangeError(
      `Invalid '${field}.shootdownProbability': must be in [0, 1]: current value is ${o.shootdownProbability}`,
    );
  }
  return Object.freeze(o);
}

/**
 * Starts webbench clients against `vm`. Returns live counters; read them at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../engine/simulation.ts";
 * import { HostScheduler } from "../host/host_scheduler.ts";
 * import { Vm } from "../kvm/vm.ts";
 * import { startWebbench } from "./webbench.ts";
 * const sim = new Simulation();
 * const host = new HostScheduler(sim);
 * const vm = new Vm(host, { name: "vm0" });
 * const result = startWebbench(vm, { clients: 4 });
 * sim.run({ untilNs: 200_000_000 });
 * assert.ok(result.responses > 100);
 * ```
 */
export function startWebbench(vm: Vm, partial: Partial<WebbenchOptions> = {}): WebbenchResult {
  const o = resolveWebbench(partial, vm.vcpus.length, vm.host.topology.ncpus);
  const sim = vm.sim;
  const rng = RandomStream.derive(vm.seed, `${vm.name}/webbench`);
  const result = { responses: 0, responseNs: new Histogram(), sent: 0, received: 0 };
  const rxRing: number[] = []; // send times of requests waiting in the virtqueue
  let dpcQueued = false;
  // Operations are immutable: take and release each lock with the same two objects.
  const lockOps = vm.locks.map((lock) => ({ acquire: acquire(lock), release: release(lock) }));
  const rxLockOps = lockOps[0]!; // the TCP/IP receive lock

  const respond = (sentAt: number) => {
    sim.after(o.networkNs, () => {
      result.received++;
      if (sim.now >= o.warmupNs) {
        result.responses++;
        result.responseNs.add(sim.now - sentAt);
      }
      const think = sampleNs(rng, o.thinkNs);
      if (think === 0) send();
      else sim.after(think, send);
    });
  };

  function* request(sentAt: number): GuestProgram {
    const service = sampleNs(rng, o.serviceNs);
    const chunks = o.lockSections + 1;
    const shootdownAt = rng.bernoulli(o.shootdownProbability) ? rng.int(0, chunks) : -1;
    for (let i = 0; i < chunks; i++) {
      yield work(Math.round(service / chunks));
      if (i === shootdownAt) yield shootdown(o.flushNs);
      if (i < o.lockSections) {
        const ops = rng.pick(lockOps);
        yield ops.acquire;
        yield work(sampleNs(rng, o.lockHoldNs));
        yield ops.release;
      }
    }
    const io = vm.io;
    yield exit(o.txExitNs, (thread) => {
      io.post(
        { workNs: o.ioTxNs, then: () => respond(sentAt) },
        { waker: thread, sync: o.txWakeSync },
      );
    });
  }

  function* rxDpc(): GuestProgram {
    while (rxRing.length > 0) {
      const sentAt = rxRing.shift() as number;
      const half = Math.round(o.rxDpcNs / 2);
      yield work(half);
      yield rxLockOps.acquire;
      yield work(sampleNs(rng, o.lockHoldNs));
      yield rxLockOps.release;
      yield work(o.rxDpcNs - half);
      yield ready(request(sentAt));
    }
    dpcQueued = false;
  }

  const nicInterrupt: GuestInterrupt = {
    kind: "device",
    *isr(vcpu: VcpuRef) {
      yield work(o.isrNs);
      if (!dpcQueued && rxRing.length > 0) {
        dpcQueued = true;
        vcpu.queueDpc(rxDpc());
      }
    },
  };

  const irqVcpu = vm.vcpus[o.irqVcpu] as Vcpu;
  const send = () => {
    const sentAt = sim.now;
    result.sent++;
    sim.after(o.networkNs, () => {
      vm.io.post(
        {
          workNs: o.ioRxNs,
          then: (thread: HostTask) => {
            rxRing.push(sentAt);
            irqVcpu.deliver(nicInterrupt, { waker: thread });
          },
        },
        { cpu: o.nicCpu, sync: o.rxWakeSync },
      );
    });
  };
  for (let c = 0; c < o.clients; c++) sim.after(rng.int(0, 1_000_000), send);
  return result;
}
