/**
 * find_busiest_group and find_busiest_queue of 2.6.33 (kernel/sched.c), with
 * update_sd_lb_stats, calculate_imbalance and fix_small_imbalance: which group and
 * which CPU a balance pass pulls from, and how much weighted load it should move.
 *
 * @module
 */

import type { BalanceHost, IdleType } from "./balance_host.ts";
import { sourceLoad, targetLoad } from "./cpu_load.ts";
import { SCHED_LOAD_SCALE } from "./sched_domains.ts";
import type { SchedDomain, SchedGroup } from "./sched_domains.ts";

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
export interface BusiestGroup {
  /** The group to pull from. */
  group: SchedGroup;
  /** How much weighted load to move. */
  imbalance: number;
}

/**
 * find_busiest_group with update_sd_lb_stats and calculate_imbalance. Returns null when
 * balanced, and sets `state.balance` to false when another CPU of the local group is the
 * designated balancer (periodic balancing only).
 */
export function findBusiestGroup(
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
export function findBusiestQueue(
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
