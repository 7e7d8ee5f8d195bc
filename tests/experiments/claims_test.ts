import assert from "node:assert/strict";
import { type Claim, CLAIMS } from "../../lib/experiments/claims.ts";
import { claimSources, resultsRows } from "../../lib/experiments/results_rows.ts";
import { EXPERIMENTS } from "../../lib/experiments/registry.ts";
import { parseCsv } from "../../lib/report/parse_csv.ts";
import { readCsv } from "../../lib/report/read_csv.ts";
import { STATE_BOUNDS, stateSummary } from "../../lib/report/state_summary.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";
import { join } from "node:path";

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

Deno.test("resultsRows() reports both states for the configurations whose runs fall into states", async () => {
  const rows = await resultsRows(join(PROJECT_ROOT, "data"));
  const model = (start: string) => {
    const row = rows.find((r) => r.claim.startsWith(start));
    assert.ok(row, start);
    return row.model;
  };
  assert.match(
    model("Co-scheduling share, unpinned without affine wakeups"),
    /^7 of 20 runs stacked at 0\.00% ± 0\.00, 13 split at 49\.8% ± 0\.8$/,
  );
  assert.match(
    model("The same gap without TLB shootdowns"),
    /at 30%: 2\.11x \S+ over all runs; runs 10 split of 10 vs 8 stacked, 2 split of 10: stacked runs 2\.99x/,
  );
  assert.match(model("The thread's patch"), /runs 6 stacked, 1 split, 3 partly stacked of 10/);
  assert.match(model("PV spinlocks vs plain ticket locks"), /stacked runs 1\.98x/);
  assert.match(model("Windows 2008 spin notification"), /stacked runs 1\.07x/);
  // Rows whose runs do not fall into states keep the overall mean alone.
  assert.equal(model("Pinning vCPU0"), "2.57x (2.52-2.61)");
  assert.equal(model("Co-scheduling share, pinned (CPU-hog guests)"), "49.6% ± 0.8");
});

Deno.test("stateSummary() gives the committed 2-pCPU runs the same states for any bounds in the empty stretches", async () => {
  const files = ["thread_2x2", "thread_2x2_sensitivity", "coscheduling", "mitigations_2x2"];
  const shares: number[] = [];
  for (const f of files) {
    const table = await readCsv(join(PROJECT_ROOT, "data", `${f}.csv`));
    shares.push(...table.map((r) => r.stackedShare as number));
  }
  const ids = shares.map((_, i) => i);
  const states = (splitAtMost: number, stackedAtLeast: number) => {
    const s = stateSummary(ids, shares, { splitAtMost, stackedAtLeast });
    return [s.stacked.k, s.split.k, s.partial.k];
  };
  const reference = states(STATE_BOUNDS.splitAtMost, STATE_BOUNDS.stackedAtLeast);
  assert.ok(reference[2]! > 0 && reference[2]! < 0.05 * shares.length, `${reference}`);
  for (const splitAtMost of [0.045, 0.1, 0.25, 0.29]) {
    for (const stackedAtLeast of [0.785, 0.8, 0.82]) {
      assert.deepEqual(states(splitAtMost, stackedAtLeast), reference);
    }
  }
});
