import assert from "node:assert/strict";
import { RandomStream } from "../../lib/engine/random.ts";
import { checkDistribution, meanOf, sampleNs } from "../../lib/engine/distribution.ts";

Deno.test("sampleNs() draws integers whose average approaches meanOf()", () => {
  const rng = RandomStream.derive(2, "dist");
  for (
    const dist of [
      { kind: "constant", value: 1234 },
      { kind: "exponential", mean: 5000 },
      { kind: "uniform", min: 1000, max: 3000 },
      { kind: "lognormal", mean: 4000, cv: 1 },
    ] as const
  ) {
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = sampleNs(rng, dist);
      assert.ok(Number.isInteger(x) && x >= 0);
      sum += x;
    }
    const mean = meanOf(dist);
    assert.ok(Math.abs(sum / n - mean) / mean < 0.02, `${dist.kind}: ${sum / n} vs ${mean}`);
  }
});

Deno.test("checkDistribution() names the field, the value and what is allowed", () => {
  assert.throws(() => checkDistribution("work", { kind: "gamma", mean: 1 }), {
    name: "TypeError",
    message: /'work.kind'.*constant, exponential, uniform, lognormal.*"gamma"/,
  });
  assert.throws(() => checkDistribution("work", { kind: "uniform", min: 5, max: 2 }), {
    name: "RangeError",
    message: /'work.max'.*current value is 2/,
  });
  assert.throws(() => checkDistribution("work", { kind: "exponential", mean: NaN }), {
    name: "RangeError",
    message: /'work.mean'.*NaN/,
  });
  assert.throws(() => checkDistribution("work", 5), { name: "TypeError" });
  assert.deepEqual(checkDistribution("work", { kind: "constant", value: 0 }), {
    kind: "constant",
    value: 0,
  });
});
