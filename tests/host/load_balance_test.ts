import assert from "node:assert/strict";
import type { BalanceHost, MigrationCause } from "../../lib/host/balance_host.ts";
import { CfsRunqueue } from "../../lib/host/cfs_runqueue.ts";
import { FEATURES_2_6_33 } from "../../lib/host/features.ts";
import { findBusiestGroup } from "../../lib/host/find_busiest.ts";
import { loadBalance } from "../../lib/host/load_balance.ts";
import { buildSchedDomains, type SchedDomain } from "../../lib/host/sched_domains.ts";
import { HostTask } from "../../lib/host/task.ts";
import { Topology } from "../../lib/host/topology.ts";
import { scaleTunables } from "../../lib/host/tunables.ts";

/** A pull the balancer asked for. */
interface Pull {
  task: string;
  from: number;
  to: number;
  cause: MigrationCause;
}

/**
 * Two CPUs of one package with runqueues filled by hand: `queued[cpu]` tasks wait on
 * each CPU, and CPU `cpu` runs one more when `running[cpu]`. Every task last ran at 0
 * and the clock reads `nowNs`. Pulls are carried out and logged.
 */
function fakeHost(queued: [number, number], running: [boolean, boolean], nowNs: number) {
  const ncpus = 2;
  const domains = buildSchedDomains(Topology.preset("host-2cpu"));
  const rqs = [new CfsRunqueue(0), new CfsRunqueue(1)];
  let id = 0;
  for (const cpu of [0, 1]) {
    const rq = rqs[cpu]!;
    if (running[cpu]) {
      const curr = new HostTask(id++, ncpus, { name: `cpu${cpu}-running` });
      rq.account(curr);
      rq.curr = curr;
    }
    for (let i = 0; i < queued[cpu]!; i++) {
      const task = new HostTask(id++, ncpus, { name: `cpu${cpu}-queued${i}` });
      rq.insert(task);
      rq.account(task);
    }
  }
  const pulls: Pull[] = [];
  const host: BalanceHost = {
    features: FEATURES_2_6_33,
    tunables: scaleTunables({}, ncpus),
    nowNs,
    hz: 1000,
    domainsOf: (cpu) => domains[cpu]!,
    rqOf: (cpu) => rqs[cpu]!,
    cpuPower: () => 1024,
    isIdle: (cpu) => rqs[cpu]!.curr === null,
    pullTask(task, from, to, cause) {
      pulls.push({ task: task.name, from, to, cause });
      rqs[from]!.remove(task);
      rqs[from]!.unaccount(task);
      rqs[to]!.insert(task);
      rqs[to]!.account(task);
    },
    requestActiveBalance: () => false,
  };
  const mc = domains[0]![0] as SchedDomain;
  return { host, rqs, pulls, mc };
}

Deno.test("loadBalance() moves the waiting task to an idle CPU when its CPU runs another", () => {
  // 1 ms after they last ran: past migration_cost (0.5 ms), so the task is cache-cold.
  const { host, rqs, pulls, mc } = fakeHost([0, 1], [false, true], 1_000_000);
  const moved = loadBalance(host, 0, mc, "idle", { balance: true });
  assert.equal(moved, 1);
  assert.deepEqual(pulls, [{ task: "cpu1-queued0", from: 1, to: 0, cause: "periodic" }]);
  assert.equal(rqs[0]!.nrRunning, 1);
  assert.equal(rqs[1]!.nrRunning, 1, "the running task stays");
  assert.equal(mc.nrBalanceFailed, 0);
});

Deno.test("loadBalance() moves no cache-hot task when balancing has not failed yet", () => {
  // 0.1 ms after they last ran: within migration_cost, and nr_balance_failed is 0.
  const { host, pulls, mc } = fakeHost([0, 1], [false, true], 100_000);
  const moved = loadBalance(host, 0, mc, "idle", { balance: true });
  assert.equal(moved, 0);
  assert.deepEqual(pulls, []);
  assert.equal(mc.nrBalanceFailed, 1, "the failure is counted");
});

Deno.test("loadBalance() moves two of three tasks when an idle CPU balances a busy one", () => {
  // imbalance = 1536: the first pull leaves 512 to move, and a task of weight 1024 still
  // fits (weight / 2 <= 512), as in the kernel's balance_tasks.
  const { host, rqs, pulls, mc } = fakeHost([0, 2], [false, true], 1_000_000);
  assert.equal(loadBalance(host, 0, mc, "idle", { balance: true }), 1);
  assert.deepEqual(pulls.map((p) => p.task), ["cpu1-queued1", "cpu1-queued0"]);
  assert.deepEqual(rqs.map((rq) => rq.nrRunning), [2, 1]);
});

Deno.test("findBusiestGroup() returns null when the busiest group is within imbalance_pct", () => {
  // MC imbalance_pct 125: 5 tasks against 4 is exactly 125%, not more.
  const even = fakeHost([3, 4], [true, true], 1_000_000);
  const state = { balance: true, sdIdle: false };
  assert.equal(
    findBusiestGroup(even.host, even.mc, 0, "newlyIdle", new Uint8Array(2), state),
    null,
  );
  const uneven = fakeHost([2, 4], [true, true], 1_000_000);
  const found = findBusiestGroup(uneven.host, uneven.mc, 0, "newlyIdle", new Uint8Array(2), state);
  assert.deepEqual(found?.group.cpus, [1]);
});
