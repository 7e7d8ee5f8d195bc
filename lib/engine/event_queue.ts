/**
 * An indexed binary min-heap of scheduled entries, ordered by (time, priority,
 * insertion sequence). Each entry remembers its own position so that it can be
 * cancelled or moved in O(log n) without a search; this is what makes re-arming the
 * scheduler's slice and tick timers cheap.
 *
 * @module
 */

/** The largest priority an entry may have; lower priorities run first. */
export const MAX_PRIORITY = 255;

/** 2^44: the sequence number occupies the low 44 bits of an entry's ordering key. */
const SEQ_SPAN = 17_592_186_044_416;

/**
 * What the heap needs of an entry. `key` packs priority and sequence into one number
 * (`priority * 2^44 + seq`) so that one comparison settles equal-time ties.
 */
export interface QueueEntry {
  /** When the entry is due, in simulated nanoseconds. */
  time: number;
  /** Packed priority and insertion sequence. */
  key: number;
  /** Position in the heap array, or -1 when the entry is not queued. */
  index: number;
}

/**
 * The event queue behind {@linkcode Simulation}. Exposed for tests and for code that
 * wants a bare priority queue; simulations use timers instead.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventQueue } from "./event_queue.ts";
 * const queue = new EventQueue<{ time: number; key: number; index: number }>();
 * const a = { time: 0, key: 0, index: -1 };
 * const b = { time: 0, key: 0, index: -1 };
 * queue.push(a, 20, 1);
 * queue.push(b, 10, 1);
 * assert.ok(queue.pop() === b);
 * ```
 */
export class EventQueue<E extends QueueEntry> {
  #heap: E[] = [];
  #seq = 0;

  /** How many entries are queued. */
  get size(): number {
    return this.#heap.length;
  }

  /** The earliest entry, or `undefined` when the queue is empty. */
  peek(): E | undefined {
    return this.#heap[0];
  }

  /**
   * Queues `entry` at `time` with `priority`, or moves it there when it is already
   * queued. A moved entry counts as newly inserted: it runs after entries already
   * queued for the same time and priority.
   */
  push(entry: E, time: number, priority: number): void {
    const key = priority * SEQ_SPAN + this.#seq++;
    if (entry.index >= 0) {
      const before = entry.time < time || (entry.time === time && entry.key < key);
      entry.time = time;
      entry.key = key;
      if (before) this.#siftDown(entry.index);
      else this.#siftUp(entry.index);
      return;
    }
    entry.time = time;
    entry.key = key;
    const heap = this.#heap;
    entry.index = heap.length;
    heap.push(entry);
    this.#siftUp(entry.index);
  }

  /** Removes and returns the earliest entry, or `undefined` when the queue is empty. */
  pop(): E | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as E;
    top.index = -1;
    if (last !== top) {
      heap[0] = last;
      last.index = 0;
      this.#siftDown(0);
    }
    return top;
  }

  /** Removes `entry` if it is queued; returns whether it was. */
  remove(entry: E): boolean {
    const i = entry.index;
    if (i < 0) return false;
    const heap = this.#heap;
    const last = heap.pop() as E;
    entry.index = -1;
    if (last !== entry) {
      heap[i] = last;
      last.index = i;
      this.#siftDown(i);
      this.#siftUp(last.index);
    }
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    for (const entry of this.#heap) entry.index = -1;
    this.#heap = [];
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    const entry = heap[start] as E;
    const time = entry.time;
    const key = entry.key;
    let i = start;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as E;
      if (parent.time < time || (parent.time === time && parent.key < key)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = entry;
    entry.index = i;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const entry = heap[start] as E;
    const time = entry.time;
    const key = entry.key;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let c = heap[child] as E;
      const right = child + 1;
      if (right < n) {
        const r = heap[right] as E;
        if (r.time < c.time || (r.time === c.time && r.key < c.key)) {
          child = right;
          c = r;
        }
      }
      if (time < c.time || (time === c.time && key < c.key)) break;
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
