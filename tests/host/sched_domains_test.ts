import assert from "node:assert/strict";
import { buildSchedDomains } from "../../lib/host/sched_domains.ts";
import { Topology } from "../../lib/host/topology.ts";
import { scaleTunables, tunableScale } from "../../lib/host/tunables.ts";

Deno.test("buildSchedDomains() gives the thread's 2-CPU host a single MC domain", () => {
  const domains = buildSchedDomains(Topology.preset("host-2cpu"));
  for (const cpu of [0, 1]) {
    const [mc, ...rest] = domains[cpu]!;
    assert.equal(rest.length, 0);
    assert.equal(mc!.level, "MC");
    assert.deepEqual(mc!.span, [0, 1]);
    assert.deepEqual(mc!.groups.map((g) => g.cpus), cpu === 0 ? [[0], [1]] : [[1], [0]]);
    assert.equal(mc!.params.imbalancePct, 125);
    assert.equal(mc!.params.flags.sharePkgResources, true);
  }
});

Deno.test("buildSchedDomains() gives a NUMA Nehalem-EP SMT -> MC -> NODE with the kernel's values", () => {
  const domains = buildSchedDomains(Topology.preset("server-16cpu"))[0]!;
  assert.deepEqual(domains.map((d) => d.level), ["SMT", "MC", "NODE"]);
  const [smt, mc, node] = domains as [typeof domains[0], typeof domains[0], typeof domains[0]];
  assert.deepEqual(smt.span, [0, 8]);
  assert.deepEqual(smt.groups.map((g) => g.power), [589, 589]);
  assert.deepEqual(mc.span, [0, 1, 2, 3, 8, 9, 10, 11]);
  assert.deepEqual(mc.groups.map((g) => g.power), [1178, 1178, 1178, 1178]);
  assert.equal(node.groups.length, 2);
  assert.equal(node.groups[0]!.power, 4712);
  assert.equal(node.params.busyFactor, 32);
  assert.equal(smt.params.imbalancePct, 110);
  assert.equal(smt.child, null);
  assert.equal(mc.parent, node);
});

Deno.test("buildSchedDomains() without NUMA tops out at the CPU level with package groups", () => {
  const topo = new Topology({ sockets: 2, coresPerSocket: 4, threadsPerCore: 1 });
  const levels = buildSchedDomains(topo)[5]!.map((d) => `${d.level}:${d.span.length}`);
  assert.deepEqual(levels, ["MC:4", "CPU:8"]);
});

Deno.test("scaleTunables() multiplies by 1 + log2(min(ncpus, 8)) and keeps migration_cost", () => {
  assert.deepEqual([1, 2, 3, 4, 7, 8, 16, 64].map(tunableScale), [1, 2, 2, 3, 3, 4, 4, 4]);
  const t = scaleTunables({}, 16);
  assert.equal(t.latencyNs, 20_000_000);
  assert.equal(t.minGranularityNs, 4_000_000);
  assert.equal(t.wakeupGranularityNs, 4_000_000);
  assert.equal(t.migrationCostNs, 500_000);
  assert.equal(t.nrLatency, 5);
});
