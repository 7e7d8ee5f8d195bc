/**
 * Seeded random streams. One run seed derives any number of independent streams, one
 * per named component, so that adding a component (or drawing more numbers in one)
 * never changes the numbers another component draws.
 *
 * The generator is xoshiro128** (Blackman and Vigna), seeded through splitmix32 from a
 * hash of the run seed and the stream's name. It is fast on 32-bit integer arithmetic,
 * which is what JavaScript engines do best.
 *
 * @module
 */

/** FNV-1a hash of a string, 32 bits. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One step of splitmix32: advances `state[0]` and returns a well-mixed 32-bit word. */
function splitmix32(state: Uint32Array): number {
  state[0] = ((state[0] as number) + 0x9e3779b9) >>> 0;
  let z = state[0] as number;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Checks a run seed: a safe, non-negative integer.
 *
 * @throws {RangeError} otherwise.
 */
export function checkSeed(seed: number, action = "create random stream"): number {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot ${action} as 'seed' must be a non-negative safe integer: current value is ${seed}`,
    );
  }
  return seed;
}

/**
 * A reproducible stream of random numbers with the distributions the workloads need.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RandomStream } from "./random.ts";
 * const a = RandomStream.derive(42, "arrivals");
 * const b = RandomStream.derive(42, "arrivals");
 * assert.ok(a.next() === b.next());
 * const x = a.exponential(1000);
 * assert.ok(x >= 0);
 * ```
 */
export class RandomStream {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | undefined = undefined;

  /**
   * Derives the stream called `name` from a run seed. The same seed and name always
   * give the same stream; different names give independent streams.
   *
   * @throws {RangeError} when `seed` is not a non-negative safe integer.
   */
  static derive(seed: number, name: string): RandomStream {
    checkSeed(seed);
    const state = new Uint32Array(1);
    // Fold the 53-bit seed and the name's hash into the splitmix state.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4_294_967_296) >>> 0;
    state[0] = lo;
    const a = splitmix32(state);
    state[0] = (a ^ hi) >>> 0;
    const b = splitmix32(state);
    state[0] = (b ^ hashName(name)) >>> 0;
    const words = [splitmix32(state), splitmix32(state), splitmix32(state), splitmix32(state)];
    return new RandomStream(words[0]!, words[1]!, words[2]!, words[3]!);
  }

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    // xoshiro's state must not be all zero.
    this.#s0 = s0 | 1;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#s3 = s3;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = (n3 << 11) | (n3 >>> 21);
    this.#s0 = n0;
    this.#s1 = n1;
    this.#s2 = n2;
    this.#s3 = n3;
    return result;
  }

  /** A uniform number in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67_108_864 + lo) / 9_007_199_254_740_992;
  }

  /** A uniform number in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number {
    return min + Math.floor((maxExclusive - min) * this.next());
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** An exponential variate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A normal variate (Box-Muller, caching the second value). */
  normal(mean: number, sd: number): number {
    const spare = this.#spareNormal;
    if (spare !== undefined) {
      this.#spareNormal = undefined;
      return mean + sd * spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A log-normal variate with the given mean and coefficient of variation (sd / mean),
   * the parametrisation that a workload description states most naturally.
   */
  logNormal(mean: number, cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    const mu = Math.log(mean) - sigma2 / 2;
    return Math.exp(this.normal(mu, Math.sqrt(sigma2)));
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(items.length * this.next())] as T;
  }
}
