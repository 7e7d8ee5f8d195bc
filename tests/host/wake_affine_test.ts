import assert from "node:assert/strict";
import { wakeAffine, type WakeAffineInput } from "../../lib/host/wake_affine.ts";

const base: WakeAffineInput = {
  thisLoad: 1024,
  prevLoad: 2048,
  prevTargetLoad: 2048,
  thisNrRunning: 1,
  currWeight: 1024,
  currAvgOverlapNs: 0,
  wakeeWeight: 1024,
  wakeeAvgOverlapNs: 0,
  sync: false,
  imbalancePct: 125,
  migrationCostNs: 500_000,
  syncLess: true,
  syncMore: false,
};

Deno.test("wakeAffine() pulls in the facts sheet's worked case (prev CPU holds two tasks)", () => {
  const r = wakeAffine(base);
  assert.equal(r.affine, true);
  assert.equal(r.attempted, true);
});

Deno.test("wakeAffine() keeps the wakee when prev CPU holds one task and the wakeup is not sync", () => {
  // 100 * (1024 + 1024) = 204800 > 112 * 1024 = 114688; 1024 + 1024 > 1024 per task.
  assert.equal(wakeAffine({ ...base, prevLoad: 1024, prevTargetLoad: 1024 }).affine, false);
});

Deno.test("wakeAffine() pulls on a sync wakeup by discounting the waker's own weight", () => {
  const r = wakeAffine({ ...base, prevLoad: 1024, prevTargetLoad: 1024, sync: true });
  assert.equal(r.affine, true);
  assert.equal(r.sync, true);
  assert.equal(r.attempted, false);
});

Deno.test("wakeAffine() drops the sync hint when an avg_overlap exceeds migration_cost (SYNC_LESS)", () => {
  for (const overlap of [{ currAvgOverlapNs: 600_000 }, { wakeeAvgOverlapNs: 600_000 }]) {
    const r = wakeAffine({ ...base, prevLoad: 1024, prevTargetLoad: 1024, sync: true, ...overlap });
    assert.equal(r.sync, false);
    assert.equal(r.affine, false);
  }
  // Exactly migration_cost is not "greater": the hint survives.
  const edge = wakeAffine({
    ...base,
    prevLoad: 1024,
    prevTargetLoad: 1024,
    sync: true,
    currAvgOverlapNs: 500_000,
  });
  assert.equal(edge.sync, true);
});

Deno.test("wakeAffine() without SYNC_LESS keeps the hint whatever the overlap", () => {
  const r = wakeAffine({
    ...base,
    prevLoad: 1024,
    prevTargetLoad: 1024,
    sync: true,
    currAvgOverlapNs: 10_000_000,
    syncLess: false,
  });
  assert.equal(r.affine, true);
});

Deno.test("wakeAffine() with SYNC_MORE turns a wakeup between short-overlap tasks into sync", () => {
  const r = wakeAffine({ ...base, prevLoad: 1024, prevTargetLoad: 1024, syncMore: true });
  assert.equal(r.sync, true);
  assert.equal(r.affine, true);
});

Deno.test("wakeAffine() always pulls to an empty waking CPU (this_load 0)", () => {
  const r = wakeAffine({
    ...base,
    thisLoad: 0,
    thisNrRunning: 0,
    currWeight: 0,
    prevLoad: 0,
    prevTargetLoad: 0,
  });
  assert.equal(r.affine, true);
});

Deno.test("wakeAffine() uses half the SMT imbalance_pct (110 -> 105)", () => {
  // 100 * (1024 + 1024) <= 105 * load needs load >= 1951: 1950 fails, 1951 passes.
  const at = (prevLoad: number) =>
    wakeAffine({ ...base, imbalancePct: 110, prevLoad, prevTargetLoad: prevLoad }).affine;
  assert.equal(at(1950), false);
  assert.equal(at(1951), true);
});
