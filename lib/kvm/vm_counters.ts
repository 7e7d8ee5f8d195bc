/**
 * Per-VM counters: how often the mechanisms fired (exits, kicks, yields, halts) and the
 * latency of IPI acknowledgements. A plain record, like the host's
 * `SchedStats`: the model increments it, and a measurement takes copies and
 * differences them without writing to it.
 *
 * @module
 */

import { Histogram } from "../engine/histogram.ts";

/** Counters of one VM, from its creation on. */
export interface VmCounters {
  /** Pause-loop exits (the PLE window ran out while spinning). */
  pleExits: number;
  /** Long-spin notifications from the guest (Windows 2008 enlightenment). */
  spinNotifications: number;
  /** Spin exits whose directed yield boosted a sibling vCPU. */
  directedYields: number;
  /** Spin exits whose directed yield found no sibling to boost. */
  directedYieldMisses: number;
  /** Halted vCPUs woken by an interrupt (kicks). */
  kicks: number;
  /** Halts of an idle vCPU (HLT that blocked the thread). */
  halts: number;
  /** PV-spinlock waiters that halted. */
  pvHalts: number;
  /** PV-spinlock unlocks that kicked a halted waiter. */
  pvKicks: number;
  /** TLB shootdowns sent. */
  shootdowns: number;
  /** A vCPU thread preempted while its guest held a spinlock. */
  lockHolderPreemptions: number;
  /** Time from a shootdown's IPIs to each acknowledgement. Unit: ns. */
  readonly ipiAckNs: Histogram;
}

/**
 * A fresh set of counters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newVmCounters } from "./vm_counters.ts";
 * const c = newVmCounters();
 * assert.ok(c.pleExits === 0 && c.ipiAckNs.count === 0);
 * ```
 */
export function newVmCounters(): VmCounters {
  return {
    pleExits: 0,
    spinNotifications: 0,
    directedYields: 0,
    directedYieldMisses: 0,
    kicks: 0,
    halts: 0,
    pvHalts: 0,
    pvKicks: 0,
    shootdowns: 0,
    lockHolderPreemptions: 0,
    ipiAckNs: new Histogram(),
  };
}
