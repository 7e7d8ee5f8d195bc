import assert from "node:assert/strict";
import fc from "fast-check";
import { RandomStream } from "../../lib/engine/random.ts";
import { coschedulingPinned, coschedulingUniform } from "../../lib/metrics/coscheduling_model.ts";

/** Monte Carlo of the uniform model: draw running sets, count co-scheduled vCPUs. */
function monteCarloUniform(p: number, vms: number, n: number, draws: number): number {
  const rng = RandomStream.derive(1, "mc");
  const total = vms * n;
  let running = 0;
  let cosched = 0;
  const ids = Array.from({ length: total }, (_, i) => i);
  for (let d = 0; d < draws; d++) {
    for (let i = total - 1; i > 0; i--) {
      const j = rng.int(0, i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    const on = new Set(ids.slice(0, Math.min(p, total)));
    for (const v of on) {
      running++;
      const vm = Math.floor(v / n);
      let all = true;
      for (let k = 0; k < n; k++) if (!on.has(vm * n + k)) all = false;
      if (all) cosched++;
    }
  }
  return cosched / running;
}

Deno.test("coschedulingUniform() matches a Monte Carlo of random running sets", () => {
  for (const [p, vms, n] of [[2, 2, 2], [4, 3, 2], [8, 4, 3], [16, 8, 4]] as const) {
    const exact = coschedulingUniform({ pcpus: p, vms, vcpusPerVm: n });
    const mc = monteCarloUniform(p, vms, n, 20_000);
    assert.ok(Math.abs(exact - mc) < 0.01, `${p},${vms},${n}: ${exact} vs ${mc}`);
  }
});

Deno.test("coschedulingUniform() and coschedulingPinned() are 1 without overcommit and in [0, 1] always", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 32 }),
    fc.integer({ min: 1, max: 16 }),
    fc.integer({ min: 1, max: 8 }),
    (pcpus, vms, vcpusPerVm) => {
      const c = { pcpus, vms, vcpusPerVm };
      for (const f of [coschedulingUniform, coschedulingPinned]) {
        const x = f(c);
        assert.ok(x >= 0 && x <= 1);
        if (vms * vcpusPerVm <= pcpus) assert.equal(x, 1);
      }
      if (vcpusPerVm > pcpus) assert.equal(coschedulingUniform(c), 0);
    },
  ));
});

Deno.test("coschedulingPinned() is 0 when a guest has more vCPUs than the host has pCPUs", () => {
  assert.equal(coschedulingPinned({ pcpus: 2, vms: 1, vcpusPerVm: 3 }), 0);
  // Four siblings on four pCPUs that each hold two vCPUs: (1/2)^3.
  assert.equal(coschedulingPinned({ pcpus: 16, vms: 8, vcpusPerVm: 4 }), 0.125);
});

Deno.test("coschedulingUniform() refuses a zero count, naming the field", () => {
  assert.throws(() => coschedulingUniform({ pcpus: 0, vms: 1, vcpusPerVm: 1 }), {
    message: /'pcpus'.*current value is 0/,
  });
});
