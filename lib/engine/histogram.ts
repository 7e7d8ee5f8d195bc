/**
 * A log-bucketed histogram for latencies: fixed memory whatever the run length, each
 * bucket 2% wide, so percentiles are within 2% of the exact value.
 *
 * @module
 */

const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);
/** Buckets cover 1 ns to about 2^53 ns. */
const BUCKETS = Math.ceil(Math.log(2 ** 53) / LOG_RATIO) + 1;

/**
 * A histogram of non-negative values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Histogram } from "./histogram.ts";
 * const h = new Histogram();
 * for (let i = 1; i <= 100; i++) h.add(i * 1000);
 * assert.ok(h.count === 100 && h.mean === 50_500);
 * assert.ok(Math.abs(h.percentile(0.5) - 50_000) / 50_000 < 0.02);
 * ```
 */
export class Histogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Number of values added. */
  get count(): number {
    return this.#count;
  }

  /** Exact mean, or NaN when empty. */
  get mean(): number {
    return this.#count === 0 ? NaN : this.#sum / this.#count;
  }

  /** Exact maximum, or 0 when empty. */
  get max(): number {
    return this.#max;
  }

  /** Adds a value (negative values count as 0). */
  add(value: number): void {
    const v = value > 0 ? value : 0;
    const i = v < 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(v) / LOG_RATIO) + 1);
    this.#counts[i]!++;
    this.#count++;
    this.#sum += v;
    if (v > this.#max) this.#max = v;
  }

  /** Adds every value of `other` (same bucketing) to this histogram. */
  merge(other: Histogram): void {
    const theirs = other.#counts;
    for (let i = 0; i < BUCKETS; i++) this.#counts[i]! += theirs[i]!;
    this.#count += other.#count;
    this.#sum += other.#sum;
    if (other.#max > this.#max) this.#max = other.#max;
  }

  /** A copy: values added later to either histogram do not reach the other. */
  copy(): Histogram {
    const h = new Histogram();
    h.merge(this);
    return h;
  }

  /**
   * The values added since `earlier`, a {@linkcode copy} of this histogram taken before.
   * Counts are exact, and so are sum and mean while the values are integers (as times
   * in ns are) summing to less than 2^53; the maximum is this histogram's (an upper
   * bound, so percentiles stay within their bucket's 2%).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Histogram } from "./histogram.ts";
   * const h = new Histogram();
   * h.add(1_000);
   * const before = h.copy();
   * h.add(3_000);
   * h.add(5_000);
   * const window = h.since(before);
   * assert.ok(window.count === 2 && window.mean === 4_000);
   * ```
   */
  since(earlier: Histogram): Histogram {
    const h = new Histogram();
    const mine = this.#counts;
    const theirs = earlier.#counts;
    for (let i = 0; i < BUCKETS; i++) h.#counts[i] = mine[i]! - theirs[i]!;
    h.#count = this.#count - earlier.#count;
    h.#sum = this.#sum - earlier.#sum;
    h.#max = h.#count === 0 ? 0 : this.#max;
    return h;
  }

  /**
   * The value below which a fraction `q` (0..1) of the values lie: the geometric middle
   * of the bucket holding that rank, capped at the maximum. NaN when empty.
   */
  percentile(q: number): number {
    if (this.#count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) {
        if (i === 0) return 0;
        const middle = RATIO ** (i - 1) * Math.sqrt(RATIO);
        return Math.min(middle, this.#max);
      }
    }
    return this.#max;
  }
}
