import assert from "node:assert/strict";
import { type Claim, CLAIMS } from "../../lib/experiments/claims.ts";
import { claimSources, resultsRows } from "../../lib/experiments/results_rows.ts";
import { EXPERIMENTS } from "../../lib/experiments/registry.ts";
import { parseCsv } from "../../lib/report/parse_csv.ts";

Deno.test("CLAIMS name only experiments of EXPERIMENTS, and take one table per experiment", () => {
  const names = new Set(EXPERIMENTS.map((e) => e.name));
  for (const claim of CLAIMS) {
    assert.ok(claim.experiments.length > 0, `${claim.thread}: no experiment`);
    for (const name of claim.experiments) {
      assert.ok(names.has(name), `'${name}' is not in EXPERIMENTS (claim: ${claim.thread})`);
    }
    assert.equal(claim.model.length, claim.experiments.length, `model of ${claim.thread}`);
    if (typeof claim.claim === "function") {
      assert.ok(claim.claim.length <= claim.experiments.length, `claim of ${claim.thread}`);
    }
  }
});

Deno.test("claimSources() takes files and commands from EXPERIMENTS", () => {
  for (const claim of CLAIMS) {
    const sources = claimSources(claim);
    const experiments = claim.experiments.map((name) => EXPERIMENTS.find((e) => e.name === name));
    assert.deepEqual(sources.experiments, experiments);
    assert.deepEqual(sources.files, experiments.map((e) => e?.output));
    assert.equal(
      sources.command,
      experiments.map((e) => `deno task sweep ${e?.name}`).join("; "),
    );
  }
  const overcommit = EXPERIMENTS.find((e) => e.name === "overcommit");
  const claim: Claim = { claim: "c", thread: "t", experiments: ["overcommit"], model: () => "" };
  assert.deepEqual(claimSources(claim).files, [overcommit?.output]);
});

Deno.test("claimSources() and resultsRows() refuse a claim of an experiment missing from EXPERIMENTS", async () => {
  const claim: Claim = { claim: "c", thread: "t", experiments: ["no-such-sweep"], model: () => "" };
  assert.throws(() => claimSources(claim), /Unknown experiment 'no-such-sweep'/);
  await assert.rejects(() => resultsRows("/nonexistent", [claim]), RangeError);
});

Deno.test("the overcommit claim counts pCPUs from the rows' host, not a constant", () => {
  const claim = CLAIMS.find((c) => c.thread === "-80% when vcpu/pcpu > 2");
  assert.ok(claim !== undefined && typeof claim.claim === "function");
  const rows = parseCsv(
    [
      "series,host,affineWakeups,vms,vcpusPerVm,throughputRps",
      "2 vCPUs,host-2cpu,on,1,2,100",
      "2 vCPUs,host-2cpu,on,2,2,300",
      "2 vCPUs,host-2cpu,on,3,2,200",
      "2 vCPUs,host-2cpu,off,2,2,999",
    ].join("\n"),
  );
  // 2 pCPUs: the guests' vCPUs per pCPU are 1, 2 and 3, the peak at 2.
  assert.match(claim.claim(rows), /^Overcommit, 2 logical CPUs, .* vs the peak \(at 2\)$/);
  const server = parseCsv(rows.columns.join(",") + "\n2 vCPUs,server-16cpu,on,20,2,50\n");
  assert.match(claim.claim(server), /^Overcommit, 16 logical CPUs, .*\(at 2.5\)$/);
});
