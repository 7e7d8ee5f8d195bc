import assert from "node:assert/strict";
import { mm1MeanInSystem, simulateMm1 } from "../../lib/experiments/mm1.ts";
import { JUPYTER_DISPLAY } from "../../lib/report/displayable.ts";
import { t95 } from "../../lib/report/summarize.ts";

for (const rho of [0.3, 0.8]) {
  Deno.test(`simulateMm1() agrees with rho/(1-rho) within its 95% CI at rho = ${rho}`, () => {
    const result = simulateMm1({ rho, durationNs: 200e9, seed: 11 });
    const theory = mm1MeanInSystem(rho);
    assert.equal(result.theoryMeanInSystem, theory);
    assert.ok(
      result.ciLow <= theory && theory <= result.ciHigh,
      `${theory} outside [${result.ciLow}, ${result.ciHigh}]`,
    );
    // The interval must also be informative, or agreement means nothing.
    assert.ok(result.ciHalfWidth < 0.1 * theory, `half-width ${result.ciHalfWidth}`);
    // About lambda * duration arrivals were measured.
    const expected = result.arrivalRatePerS * 200;
    assert.ok(Math.abs(result.arrivals - expected) < 5 * Math.sqrt(expected));
  });
}

Deno.test("simulateMm1() gives identical results for the same seed, others for another", () => {
  const options = { rho: 0.6, durationNs: 20e9, warmupNs: 1e9 };
  const a = simulateMm1({ ...options, seed: 3 });
  const b = simulateMm1({ ...options, seed: 3 });
  const c = simulateMm1({ ...options, seed: 4 });
  assert.deepEqual(a, b);
  assert.notEqual(a.meanInSystem, c.meanInSystem);
});

Deno.test("simulateMm1() builds its CI from batch means with t95(batches-1)", () => {
  const result = simulateMm1({ rho: 0.5, durationNs: 10e9, batches: 20, seed: 5 });
  const means = result.batchMeans;
  assert.equal(means.length, 20);
  const average = means.reduce((s, v) => s + v, 0) / means.length;
  assert.ok(Math.abs(average - result.meanInSystem) < 1e-9); // equal batches
  const sd = Math.sqrt(means.reduce((s, v) => s + (v - average) ** 2, 0) / 19);
  const t = result.ciHalfWidth / (sd / Math.sqrt(20));
  assert.ok(Math.abs(t - t95(19)) < 1e-9, `t = ${t}`); // the table's t(0.975, 19) = 2.093
  const two = simulateMm1({ rho: 0.5, durationNs: 10e9, batches: 2, seed: 5 });
  const [m0 = 0, m1 = 0] = two.batchMeans;
  const t1 = two.ciHalfWidth / (Math.abs(m0 - m1) / Math.sqrt(2) / Math.sqrt(2));
  assert.ok(Math.abs(t1 - t95(1)) < 1e-9, `t = ${t1}`); // t(0.975, 1) = 12.706
});

Deno.test("simulateMm1() measures only after the warm-up", () => {
  const result = simulateMm1({ rho: 0.5, durationNs: 1e9, warmupNs: 5e9, seed: 2 });
  assert.ok(result.arrivals < 700, `${result.arrivals} arrivals in 1 s at 500/s`);
  assert.ok(Math.abs(result.arrivals - result.departures) < 30);
});

Deno.test("simulateMm1() shows a one-row table", () => {
  const bundle = simulateMm1({ rho: 0.2, durationNs: 1e9, seed: 1 })[JUPYTER_DISPLAY]();
  assert.ok(bundle["text/plain"]?.startsWith("rho  seed  meanInSystem"));
});

Deno.test("simulateMm1() rejects options out of range, naming the field", () => {
  assert.throws(
    () => simulateMm1({ rho: 1 }),
    /Cannot simulate M\/M\/1 queue as 'rho' must be a number from 0 to 1 \(both exclusive\): current value is 1/,
  );
  assert.throws(
    () => simulateMm1({ meanServiceNs: 0 }),
    /'meanServiceNs' must be .*: current value is 0/,
  );
  assert.throws(() => simulateMm1({ durationNs: -5 }), /'durationNs'.*current value is -5/);
  assert.throws(() => simulateMm1({ durationNs: 3, batches: 4 }), /'durationNs' must be at least/);
  assert.throws(() => simulateMm1({ warmupNs: 0.5 }), /'warmupNs'/);
  assert.throws(() => simulateMm1({ batches: 1 }), /'batches' must be an integer from 2 to 1000/);
  assert.throws(() => simulateMm1({ seed: -1 }), /'seed'/);
  assert.throws(() => mm1MeanInSystem(1.5), RangeError);
});
