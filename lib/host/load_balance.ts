/**
 * Load balancing of 2.6.33 (kernel/sched.c): periodic balancing per domain
 * (rebalance_domains, load_balance), balancing by a CPU about to go idle
 * (idle_balance, load_balance_newidle), and the helpers that find the busiest group
 * and queue and move tasks.
 *
 * The trade-off: balancing evens out *weighted load*, so it keeps every CPU busy, but
 * it knows nothing about which tasks belong together. Two vCPUs of one guest on CPU0
 * and two of another on CPU1 look perfectly balanced. Cache-hot tasks (ran within
 * migration_cost) are left alone until balancing has failed cache_nice_tries times.
 *
 * @module
 */

import { type BalanceHost, type MigrationCause, msToJiffies } from "./balance_host.ts";
import { findBusiestGroup, findBusiestQueue } from "./find_busiest.ts";
import type { SchedDomain } from "./sched_domains.ts";
import type { HostTask } from "./task.ts";
import { MAX_CPUS } from "./topology.ts";

/** An exclusion set with nothing in it (shared: balancing runs at every idle entry). */
const NONE_EXCLUDED = new Uint8Array(MAX_CPUS);

/** sysctl_sched_nr_migrate: tasks examined per balance pass. */
export const NR_MIGRATE = 32;
/** MAX_PINNED_INTERVAL: how far the interval may grow when every task is pinned. Unit: ms. */
export const MAX_PINNED_INTERVAL_MS = 512;

/**
 * task_hot: the task ran within migration_cost, or (CACHE_HOT_BUDDY) it is a buddy on
 * its runqueue while the balancing CPU has work.
 */
export function taskHot(
  host: BalanceHost,
  task: HostTask,
  thisCpu: number,
): boolean {
  const rq = host.rqOf(task.cpu);
  if (
    host.features.CACHE_HOT_BUDDY && host.rqOf(thisCpu).nrRunning > 0 &&
    (rq.next === task || rq.last === task)
  ) return true;
  const cost = host.tunables.migrationCostNs;
  if (cost === 0) return false;
  return host.nowNs - task.execStartNs < cost;
}

/**
 * balance_tasks / move_tasks: pulls tasks from `busiest` to `thisCpu`, most recently
 * enqueued first, until `maxLoadMove` weighted load has moved. Running, pinned and
 * (unless balancing keeps failing) cache-hot tasks stay.
 */
function moveTasks(
  host: BalanceHost,
  thisCpu: number,
  busiest: number,
  maxLoadMove: number,
  sd: SchedDomain,
  cause: MigrationCause,
): { moved: boolean; allPinned: boolean } {
  if (maxLoadMove <= 0) return { moved: false, allPinned: false };
  let remaining = maxLoadMove;
  let pinned = true;
  let moved = false;
  let loops = 0;
  const rq = host.rqOf(busiest);
  for (const task of rq.balanceOrder()) {
    if (loops++ > NR_MIGRATE) break;
    if (task.weight >> 1 > remaining) continue;
    if (task.allowed[thisCpu] !== 1) continue;
    pinned = false;
    if (rq.curr === task) continue;
    if (taskHot(host, task, thisCpu) && sd.nrBalanceFailed <= sd.params.cacheNiceTries) {
      continue;
    }
    host.pullTask(task, busiest, thisCpu, cause);
    moved = true;
    remaining -= task.weight;
    if (remaining <= 0) break;
  }
  return { moved, allPinned: pinned };
}

/**
 * load_balance: one periodic balance pass of `sd` for `thisCpu`. Returns the kernel's
 * ld_moved: positive when tasks moved, -1 for "an SMT sibling is busy", 0 otherwise;
 * `state.balance` becomes false when this CPU is not its group's designated balancer.
 */
export function loadBalance(
  host: BalanceHost,
  thisCpu: number,
  sd: SchedDomain,
  idle: "idle" | "notIdle",
  state: { balance: boolean },
): number {
  const smt = sd.params.flags.shareCpuPower;
  const flags = { balance: state.balance, sdIdle: idle !== "notIdle" && smt };
  let excluded = NONE_EXCLUDED;
  let allPinned = false;
  let activeBalance = false;
  let moved = false;
  for (;;) {
    const found = findBusiestGroup(host, sd, thisCpu, idle, excluded, flags);
    state.balance = flags.balance;
    if (!state.balance || found === null) return outBalanced(sd, allPinned, flags.sdIdle);
    const busiest = findBusiestQueue(host, found.group, found.imbalance, excluded);
    if (busiest < 0) return outBalanced(sd, allPinned, flags.sdIdle);
    if (host.rqOf(busiest).nrRunning > 1) {
      const result = moveTasks(host, thisCpu, busiest, found.imbalance, sd, "periodic");
      moved = result.moved;
      allPinned = result.allPinned;
      if (allPinned) {
        // Try again without that CPU; each retry excludes one more, so this ends.
        if (excluded === NONE_EXCLUDED) excluded = new Uint8Array(MAX_CPUS);
        excluded[busiest] = 1;
        continue;
      }
    }
    if (!moved) {
      sd.nrBalanceFailed++;
      if (sd.nrBalanceFailed > sd.params.cacheNiceTries + 2) {
        const curr = host.rqOf(busiest).curr;
        if (curr !== null && curr.allowed[thisCpu] !== 1) {
          return outOnePinned(sd, true, flags.sdIdle);
        }
        activeBalance = host.requestActiveBalance(busiest, thisCpu);
        sd.nrBalanceFailed = sd.params.cacheNiceTries + 1;
      }
    } else {
      sd.nrBalanceFailed = 0;
    }
    if (!activeBalance) sd.balanceIntervalMs = sd.params.minIntervalMs;
    else if (sd.balanceIntervalMs < sd.params.maxIntervalMs) sd.balanceIntervalMs *= 2;
    if (!moved && !flags.sdIdle && smt) return -1;
    return moved ? 1 : 0;
  }
}

function outBalanced(sd: SchedDomain, allPinned: boolean, sdIdle: boolean): number {
  sd.nrBalanceFailed = 0;
  return outOnePinned(sd, allPinned, sdIdle);
}

function outOnePinned(sd: SchedDomain, allPinned: boolean, sdIdle: boolean): number {
  if (
    (allPinned && sd.balanceIntervalMs < MAX_PINNED_INTERVAL_MS) ||
    sd.balanceIntervalMs < sd.params.maxIntervalMs
  ) sd.balanceIntervalMs *= 2;
  return !sdIdle && sd.params.flags.shareCpuPower ? -1 : 0;
}

/**
 * load_balance_newidle (2.6.33): like load_balance for a CPU about to go idle, with
 * instantaneous loads and no designated balancer. A pass that finds a busiest queue but
 * moves nothing returns -1, which stops idle_balance from trying higher domains.
 */
export function loadBalanceNewidle(host: BalanceHost, thisCpu: number, sd: SchedDomain): number {
  const smt = sd.params.flags.shareCpuPower;
  const flags = { balance: true, sdIdle: smt };
  let excluded = NONE_EXCLUDED;
  for (;;) {
    const found = findBusiestGroup(host, sd, thisCpu, "newlyIdle", excluded, flags);
    const busiest = found === null
      ? -1
      : findBusiestQueue(host, found.group, found.imbalance, excluded);
    if (found === null || busiest < 0) {
      if (!flags.sdIdle && smt) return -1;
      sd.nrBalanceFailed = 0;
      return 0;
    }
    let moved = false;
    if (host.rqOf(busiest).nrRunning > 1) {
      const result = moveTasks(host, thisCpu, busiest, found.imbalance, sd, "newidle");
      moved = result.moved;
      if (result.allPinned) {
        if (excluded === NONE_EXCLUDED) excluded = new Uint8Array(MAX_CPUS);
        excluded[busiest] = 1;
        continue;
      }
    }
    if (!moved) return -1; // sched_mc_power_savings < 2: no failure counting, no active balance
    sd.nrBalanceFailed = 0;
    return 1;
  }
}

/**
 * idle_balance: a CPU about to go idle tries each domain, lowest first, until it pulls
 * something (or a pass says stop). The caller checks avg_idle against migration_cost
 * first. Returns the last pass's result (positive: tasks pulled; -1: stop; 0: nothing)
 * and the jiffy for the next periodic balance.
 */
export function idleBalance(
  host: BalanceHost,
  thisCpu: number,
  jiffies: number,
): { pulled: number; nextBalance: number } {
  let nextBalance = jiffies + host.hz;
  let pulled = 0;
  for (const sd of host.domainsOf(thisCpu)) {
    if (!sd.params.flags.loadBalance) continue;
    if (sd.params.flags.balanceNewidle) pulled = loadBalanceNewidle(host, thisCpu, sd);
    const interval = msToJiffies(sd.balanceIntervalMs, host.hz);
    nextBalance = Math.min(nextBalance, sd.lastBalanceJiffy + interval);
    if (pulled !== 0) break;
  }
  return { pulled, nextBalance };
}

/**
 * rebalance_domains: the periodic pass a tick triggers once `jiffies` reaches the
 * CPU's next_balance. Each domain is balanced when its interval (stretched by
 * busy_factor on a busy CPU) has passed. Returns the jiffy of the next pass.
 */
export function rebalanceDomains(
  host: BalanceHost,
  cpu: number,
  idleAtTick: boolean,
  jiffies: number,
): number {
  let idle: "idle" | "notIdle" = idleAtTick ? "idle" : "notIdle";
  let nextBalance = jiffies + 60 * host.hz;
  const state = { balance: true };
  for (const sd of host.domainsOf(cpu)) {
    if (!sd.params.flags.loadBalance) continue;
    let intervalMs = sd.balanceIntervalMs;
    if (idle !== "idle") intervalMs *= sd.params.busyFactor;
    const interval = Math.max(1, msToJiffies(intervalMs, host.hz));
    if (jiffies >= sd.lastBalanceJiffy + interval) {
      if (loadBalance(host, cpu, sd, idle, state) !== 0) idle = "notIdle";
      sd.lastBalanceJiffy = jiffies;
    }
    nextBalance = Math.min(nextBalance, sd.lastBalanceJiffy + interval);
    if (!state.balance) break;
  }
  return nextBalance;
}
