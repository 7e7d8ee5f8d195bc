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

import { sourceLoad, targetLoad } from "./cpu_load.ts";
import type { SchedFeatures } from "./features.ts";
import { SCHED_LOAD_SCALE } from "./sched_domains.ts";
import type { SchedDomain, SchedGroup } from "./sched_domains.ts";
import type { PlacementView } from "./select_task_rq.ts";
import type { HostTask } from "./task.ts";
import { MAX_CPUS } from "./topology.ts";

/** Why a balance pass runs (enum cpu_idle_type). */
export type IdleType = "idle" | "notIdle" | "newlyIdle";

/** Why a task was migrated. */
export type MigrationCause = "wakeup" | "periodic" | "newidle" | "active";

/** An exclusion set with nothing in it (shared: balancing runs at every idle entry). */
const NONE_EXCLUDED = new Uint8Array(MAX_CPUS);

/** sysctl_sched_nr_migrate: tasks examined per balance pass. */
export const NR_MIGRATE = 32;
/** MAX_PINNED_INTERVAL: how far the interval may grow when every task is pinned. Unit: ms. */
export const MAX_PINNED_INTERVAL_MS = 512;

/** What the balancer reads from and does to the host. */
export interface BalanceHost extends PlacementView {
  readonly features: SchedFeatures;
  /** rq->clock. Unit: ns. */
  readonly nowNs: number;
  /** The tick frequency, to turn ms intervals into jiffies. Unit: Hz. */
  readonly hz: number;
  /** cpu_power of a CPU (power_of). */
  cpuPower(cpu: number): number;
  /** The CPU runs nothing (idle_cpu). */
  isIdle(cpu: number): boolean;
  /** pull_task: moves a queued task and checks wakeup preemption on the destination. */
  pullTask(task: HostTask, from: number, to: number, cause: MigrationCause): void;
  /**
   * Wakes `busiest`'s migration thread to push its running task to `target`; false when
   * a push is already pending.
   */
  requestActiveBalance(busiest: number, target: number): boolean;
}

/** msecs_to_jiffies, rounding up. */
export function msToJiffies(ms: number, hz: number): number {
  return Math.ceil((ms * hz) / 1000);
}

function loadIdx(sd: SchedDomain, idle: IdleType): number {
  if (idle === "idle") return sd.params.idleIdx;
  if (idle === "newlyIdle") return sd.params.newidleIdx;
  return sd.params.busyIdx;
}

interface GroupStats {
  group: SchedGroup;
  avgLoad: number;
  nrRunning: number;
  capacity: number;
  weightedLoad: number;
  imbalanced: boolean;
}

/** The result of find_busiest_group. */
interface BusiestGroup {
  group: SchedGroup;
  imbalance: number;
}

/**
 * find_busiest_group with update_sd_lb_stats and calculate_imbalance. Returns null when
 * balanced, and sets `state.balance` to false when another CPU of the local group is the
 * designated balancer (periodic balancing only).
 */
function findBusiestGroup(
  host: BalanceHost,
  sd: SchedDomain,
  thisCpu: number,
  idle: IdleType,
  excluded: Uint8Array,
  state: { balance: boolean; sdIdle: boolean },
): BusiestGroup | null {
  const idx = loadIdx(sd, idle);
  const bias = host.features.LB_BIAS;
  const preferSibling = sd.child?.params.flags.preferSibling ?? false;
  let totalLoad = 0;
  let totalPower = 0;
  let local: GroupStats | null = null;
  let busiest: GroupStats | null = null;
  for (const group of sd.groups) {
    const isLocal = group.cpus.includes(thisCpu);
    let balanceCpu = isLocal ? (group.cpus[0] as number) : -1;
    let firstIdle = false;
    let maxCpuLoad = 0;
    let minCpuLoad = Infinity;
    let groupLoad = 0;
    let nrRunning = 0;
    let weightedLoad = 0;
    for (const cpu of group.cpus) {
      if (excluded[cpu] === 1) continue;
      const rq = host.rqOf(cpu);
      if (state.sdIdle && rq.nrRunning > 0) state.sdIdle = false;
      let load: number;
      if (isLocal) {
        if (host.isIdle(cpu) && !firstIdle) {
          firstIdle = true;
          balanceCpu = cpu;
        }
        load = targetLoad(rq, idx, bias);
      } else {
        load = sourceLoad(rq, idx, bias);
        if (load > maxCpuLoad) maxCpuLoad = load;
        if (load < minCpuLoad) minCpuLoad = load;
      }
      groupLoad += load;
      nrRunning += rq.nrRunning;
      weightedLoad += rq.loadWeight;
    }
    if (idle !== "newlyIdle" && isLocal && balanceCpu !== thisCpu) {
      state.balance = false;
      return null;
    }
    const avgLoadPerTask = nrRunning > 0 ? Math.floor(weightedLoad / nrRunning) : 0;
    const stats: GroupStats = {
      group,
      avgLoad: Math.floor((groupLoad * SCHED_LOAD_SCALE) / group.power),
      nrRunning,
      capacity: Math.round(group.power / SCHED_LOAD_SCALE),
      weightedLoad,
      imbalanced: !isLocal && maxCpuLoad - minCpuLoad > 2 * avgLoadPerTask,
    };
    totalLoad += groupLoad;
    totalPower += group.power;
    if (preferSibling) stats.capacity = Math.min(stats.capacity, 1);
    if (isLocal) local = stats;
    else if (
      stats.avgLoad > (busiest?.avgLoad ?? 0) &&
      (stats.nrRunning > stats.capacity || stats.imbalanced)
    ) busiest = stats;
  }
  if (local === null || busiest === null || busiest.nrRunning === 0) return null;
  const thisLoad = local.avgLoad;
  const maxLoad = busiest.avgLoad;
  if (thisLoad >= maxLoad) return null;
  const avgLoad = Math.floor((SCHED_LOAD_SCALE * totalLoad) / totalPower);
  if (thisLoad >= avgLoad) return null;
  if (100 * maxLoad <= sd.params.imbalancePct * thisLoad) return null;
  return {
    group: busiest.group,
    imbalance: calculateImbalance(host, local, busiest, avgLoad, thisCpu),
  };
}

/** calculate_imbalance with fix_small_imbalance: how much weighted load to move. */
function calculateImbalance(
  host: BalanceHost,
  local: GroupStats,
  busiest: GroupStats,
  avgLoad: number,
  thisCpu: number,
): number {
  const S = SCHED_LOAD_SCALE;
  const maxLoad = busiest.avgLoad;
  const thisLoad = local.avgLoad;
  let busiestLpt = Math.floor(busiest.weightedLoad / busiest.nrRunning);
  if (busiest.imbalanced) busiestLpt = Math.min(busiestLpt, avgLoad);
  const fixSmall = (imbalance: number): number => {
    let imbn = 2;
    let thisLpt: number;
    if (local.nrRunning > 0) {
      thisLpt = Math.floor(local.weightedLoad / local.nrRunning);
      if (busiestLpt > thisLpt) imbn = 1;
    } else {
      const rq = host.rqOf(thisCpu);
      thisLpt = rq.nrRunning > 0 ? Math.floor(rq.loadWeight / rq.nrRunning) : 0;
    }
    const scaled = Math.floor((busiestLpt * S) / busiest.group.power);
    if (maxLoad - thisLoad + scaled >= scaled * imbn) return busiestLpt;
    const bp = busiest.group.power;
    const tp = local.group.power;
    const pwrNow = Math.floor(
      (bp * Math.min(busiestLpt, maxLoad) + tp * Math.min(thisLpt, thisLoad)) / S,
    );
    let tmp = Math.floor((busiestLpt * S) / bp);
    let pwrMove = maxLoad > tmp ? bp * Math.min(busiestLpt, maxLoad - tmp) : 0;
    tmp = maxLoad * bp < busiestLpt * S
      ? Math.floor((maxLoad * bp) / tp)
      : Math.floor((busiestLpt * S) / tp);
    pwrMove = Math.floor((pwrMove + tp * Math.min(thisLpt, thisLoad + tmp)) / S);
    return pwrMove > pwrNow ? busiestLpt : imbalance;
  };
  if (maxLoad < avgLoad) return fixSmall(0);
  const aboveCapacity = busiest.imbalanced
    ? Infinity
    : Math.floor(((busiest.nrRunning - busiest.capacity) * S * S) / busiest.group.power);
  // Unsigned arithmetic in the kernel: a negative "above capacity" wraps to huge.
  const maxPull = Math.min(maxLoad - avgLoad, aboveCapacity < 0 ? Infinity : aboveCapacity);
  const imbalance = Math.floor(
    Math.min(maxPull * busiest.group.power, (avgLoad - thisLoad) * local.group.power) / S,
  );
  return imbalance < busiestLpt ? fixSmall(imbalance) : imbalance;
}

/** find_busiest_queue: the most loaded CPU of the group, per unit of power. */
function findBusiestQueue(
  host: BalanceHost,
  group: SchedGroup,
  imbalance: number,
  excluded: Uint8Array,
): number {
  let busiest = -1;
  let maxLoad = 0;
  for (const cpu of group.cpus) {
    if (excluded[cpu] === 1) continue;
    const power = host.cpuPower(cpu);
    const capacity = Math.round(power / SCHED_LOAD_SCALE);
    const rq = host.rqOf(cpu);
    let wl = rq.loadWeight;
    if (capacity > 0 && rq.nrRunning === 1 && wl > imbalance) continue;
    wl = Math.floor((wl * SCHED_LOAD_SCALE) / power);
    if (wl > maxLoad) {
      maxLoad = wl;
      busiest = cpu;
    }
  }
  return busiest;
}

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
