import assert from "node:assert/strict";
import { RandomStream } from "../../lib/engine/random.ts";

function draws(stream: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

Deno.test("RandomStream.derive() gives the same numbers for the same seed and name", () => {
  assert.deepEqual(
    draws(RandomStream.derive(7, "vm0"), 100),
    draws(RandomStream.derive(7, "vm0"), 100),
  );
});

Deno.test("RandomStream.derive() streams differ by seed and by name", () => {
  const base = draws(RandomStream.derive(7, "vm0"), 10);
  assert.notDeepEqual(draws(RandomStream.derive(8, "vm0"), 10), base);
  assert.notDeepEqual(draws(RandomStream.derive(7, "vm1"), 10), base);
  // Seeds that differ only above 32 bits still give different streams.
  assert.notDeepEqual(
    draws(RandomStream.derive(2 ** 40 + 7, "vm0"), 10),
    base,
  );
});

Deno.test("RandomStream streams are independent: drawing from one never shifts another", () => {
  const alone = draws(RandomStream.derive(3, "clients"), 50);
  const other = RandomStream.derive(3, "guest");
  draws(other, 1000);
  const again = draws(RandomStream.derive(3, "clients"), 50);
  assert.deepEqual(again, alone);
});

Deno.test("RandomStream.next() is uniform on [0, 1): mean, variance and bucket counts", () => {
  const rng = RandomStream.derive(11, "uniform");
  const n = 200_000;
  const buckets = new Array<number>(10).fill(0);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    sumSq += x * x;
    buckets[Math.floor(x * 10)]!++;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1 / 12) < 0.002);
  // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% critical value.
  const chi = buckets.reduce((acc, b) => acc + (b - n / 10) ** 2 / (n / 10), 0);
  assert.ok(chi < 27.9, `chi-square ${chi}`);
});

Deno.test("RandomStream.exponential() has the requested mean and a memoryless tail", () => {
  const rng = RandomStream.derive(5, "exp");
  const n = 200_000;
  let sum = 0;
  let above1 = 0;
  let above2 = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.exponential(1000);
    sum += x;
    if (x > 1000) above1++;
    if (x > 2000) above2++;
  }
  assert.ok(Math.abs(sum / n - 1000) < 10);
  // P(X > 2m | X > m) = P(X > m) = e^-1
  assert.ok(Math.abs(above2 / above1 - Math.exp(-1)) < 0.01);
});

Deno.test("RandomStream.logNormal() matches the requested mean and coefficient of variation", () => {
  const rng = RandomStream.derive(9, "lognormal");
  const n = 400_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.logNormal(200, 0.5);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean - 200) < 1, `mean ${mean}`);
  assert.ok(Math.abs(sd / mean - 0.5) < 0.01, `cv ${sd / mean}`);
});

Deno.test("RandomStream.int() covers [min, max) and nothing else", () => {
  const rng = RandomStream.derive(1, "int");
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) seen.add(rng.int(3, 7));
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6]);
});

Deno.test("RandomStream.derive() refuses a negative or fractional seed", () => {
  assert.throws(() => RandomStream.derive(-1, "x"), {
    name: "RangeError",
    message: /'seed'.*current value is -1/,
  });
  assert.throws(() => RandomStream.derive(1.5, "x"), { name: "RangeError" });
});
