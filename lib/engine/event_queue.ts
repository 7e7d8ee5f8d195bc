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

/** What the heap needs of an entry: its due time and ordering key while queued. */
export interface QueueEntry {
  /** When the entry is due, in simulated nanoseconds; meaningful while it is queued. */
  time: number;
  /** Packed priority and insertion sequence while queued, -1 when not queued. */
  key: number;
}

/** Below this many records the queue is not compacted (rebuilding would cost more). */
const MIN_COMPACT = 64;

/**
 * The event queue behind {@linkcode Simulation}. Exposed for tests and for code that
 * wants a bare priority queue; simulations use timers instead.
 *
 * The heap holds records: (time, key) side by side in a typed array, and the entry in a
 * plain array, both by heap position; sifting moves records and never touches an entry,
 * and no position is kept per entry. An entry's `key` packs priority and sequence into
 * one number (`priority * 2^44 + seq`) so that one comparison settles equal-time ties,
 * and it is unique: a record whose key is no longer its entry's (the entry was moved or
 * cancelled) is stale, and is dropped when it reaches the top, or all at once when
 * stale records outnumber live ones. Keys being unique, the order in which live
 * entries come out is the same as with an indexed heap.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventQueue } from "./event_queue.ts";
 * const queue = new EventQueue<{ time: number; key: number }>();
 * const a = { time: 0, key: -1 };
 * const b = { time: 0, key: -1 };
 * queue.push(a, 20, 1);
 * queue.push(b, 10, 1);
 * assert.ok(queue.pop() === b && a.time === 20);
 * ```
 */
export class EventQueue<E extends QueueEntry> {
  /** Time and key of the record at heap position i, at 2i and 2i + 1. */
  #keys = new Float64Array(128);
  /** The entry of the record at each heap position. */
  #entries: E[] = [];
  /** Records in the heap, stale ones included. */
  #records = 0;
  /** Stale records in the heap. */
  #stale = 0;
  #seq = 0;

  /** How many entries are queued. */
  get size(): number {
    return this.#records - this.#stale;
  }

  /** The earliest entry, or `undefined` when the queue is empty. */
  peek(): E | undefined {
    this.#dropStaleTop();
    return this.#records === 0 ? undefined : this.#entries[0];
  }

  /** When the earliest entry is due, or Infinity when the queue is empty. */
  peekTime(): number {
    this.#dropStaleTop();
    return this.#records === 0 ? Infinity : this.#keys[0] as number;
  }

  /**
   * Queues `entry` at `time` with `priority`, or moves it there when it is already
   * queued. A moved entry counts as newly inserted: it runs after entries already
   * queued for the same time and priority.
   */
  push(entry: E, time: number, priority: number): void {
    const key = priority * SEQ_SPAN + this.#seq++;
    if (entry.key >= 0) this.#stale++;
    entry.time = time;
    entry.key = key;
    const n = this.#records++;
    if (2 * n === this.#keys.length) this.#grow();
    this.#siftUp(n, time, key, entry);
    if (this.#stale > MIN_COMPACT && 2 * this.#stale > this.#records) this.#compact();
  }

  /** Removes and returns the earliest entry, or `undefined` when the queue is empty. */
  pop(): E | undefined {
    this.#dropStaleTop();
    if (this.#records === 0) return undefined;
    const top = this.#entries[0] as E;
    this.#removeTop();
    top.key = -1;
    return top;
  }

  /** Removes `entry` if it is queued; returns whether it was. */
  remove(entry: E): boolean {
    if (entry.key < 0) return false;
    entry.key = -1;
    this.#stale++;
    if (this.#stale > MIN_COMPACT && 2 * this.#stale > this.#records) this.#compact();
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    const keys = this.#keys;
    for (let i = 0; i < this.#records; i++) {
      const entry = this.#entries[i] as E;
      if (entry.key === keys[2 * i + 1]) entry.key = -1;
    }
    this.#entries = [];
    this.#records = 0;
    this.#stale = 0;
  }

  #dropStaleTop(): void {
    const keys = this.#keys;
    const entries = this.#entries;
    while (this.#records > 0 && (entries[0] as E).key !== keys[1]) {
      this.#removeTop();
      this.#stale--;
    }
  }

  /** Removes the record at the top, moving the last one down into its place. */
  #removeTop(): void {
    const last = --this.#records;
    const entry = this.#entries.pop() as E;
    if (last > 0) {
      const keys = this.#keys;
      this.#siftDown(0, keys[2 * last] as number, keys[2 * last + 1] as number, entry);
    }
  }

  /** Drops every stale record and rebuilds the heap (Floyd's heapify). */
  #compact(): void {
    const keys = this.#keys;
    const entries = this.#entries;
    let n = 0;
    for (let i = 0; i < this.#records; i++) {
      const entry = entries[i] as E;
      const key = keys[2 * i + 1] as number;
      if (entry.key !== key) continue;
      keys[2 * n] = keys[2 * i] as number;
      keys[2 * n + 1] = key;
      entries[n++] = entry;
    }
    entries.length = n;
    this.#records = n;
    this.#stale = 0;
    for (let i = (n >> 1) - 1; i >= 0; i--) {
      this.#siftDown(i, keys[2 * i] as number, keys[2 * i + 1] as number, entries[i] as E);
    }
  }

  #grow(): void {
    const keys = new Float64Array(2 * this.#keys.length);
    keys.set(this.#keys);
    this.#keys = keys;
  }

  /** Places the record (time, key, entry) at position `start` or above. */
  #siftUp(start: number, time: number, key: number, entry: E): void {
    const keys = this.#keys;
    const entries = this.#entries;
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = keys[2 * p] as number;
      if (pt < time || (pt === time && (keys[2 * p + 1] as number) < key)) break;
      keys[2 * i] = pt;
      keys[2 * i + 1] = keys[2 * p + 1] as number;
      entries[i] = entries[p] as E;
      i = p;
    }
    keys[2 * i] = time;
    keys[2 * i + 1] = key;
    entries[i] = entry;
  }

  /** Places the record (time, key, entry) at position `start` or below. */
  #siftDown(start: number, time: number, key: number, entry: E): void {
    const keys = this.#keys;
    const entries = this.#entries;
    const n = this.#records;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = keys[2 * c] as number;
      let ck = keys[2 * c + 1] as number;
      const r = c + 1;
      if (r < n) {
        const rt = keys[2 * r] as number;
        const rk = keys[2 * r + 1] as number;
        if (rt < ct || (rt === ct && rk < ck)) {
          c = r;
          ct = rt;
          ck = rk;
        }
      }
      if (time < ct || (time === ct && key < ck)) break;
      keys[2 * i] = ct;
      keys[2 * i + 1] = ck;
      entries[i] = entries[c] as E;
      i = c;
    }
    keys[2 * i] = time;
    keys[2 * i + 1] = key;
    entries[i] = entry;
  }
}
