/**
 * `deno task bench`: speed and memory of the engine, the host scheduler and the KVM
 * model, measured on this machine (one core: every measurement runs in this process,
 * one after another). Figures go to stdout as a table; nothing is enforced.
 *
 * @module
 */

import { RandomStream } from "../engine/random.ts";
import { Simulation } from "../engine/simulation.ts";
import { startWebbench } from "../workloads/webbench.ts";
import { HostScheduler } from "../host/host_scheduler.ts";
import { Topology } from "../host/topology.ts";
import { Vm } from "../kvm/vm.ts";
import { startCpuHogs } from "../native/cpu_hogs.ts";
import { startPipePairs } from "../native/pipe_pairs.ts";
import { parseCommandLine } from "./parse_command.ts";

const MB = 1024 * 1024;

function heapMb(): number {
  return Deno.memoryUsage().heapUsed / MB;
}

/**
 * The hold model: `n` pending timers; each fired one is re-armed at now plus an
 * exponential delay. Returns events per second and the heap before and after.
 */
export function holdModel(
  n: number,
  events: number,
): { eventsPerSecond: number; heapGrowthMb: number } {
  const sim = new Simulation();
  const rng = RandomStream.derive(1, "hold");
  for (let i = 0; i < n; i++) {
    const timer = sim.timer(() => timer.after(Math.round(rng.exponential(1_000_000))));
    timer.after(Math.round(rng.exponential(1_000_000)));
  }
  for (let i = 0; i < Math.min(events, 200_000); i++) sim.step(); // warm up the JIT
  const heap0 = heapMb();
  const start = performance.now();
  for (let i = 0; i < events; i++) sim.step();
  const seconds = (performance.now() - start) / 1000;
  return { eventsPerSecond: events / seconds, heapGrowthMb: heapMb() - heap0 };
}

/** Runs `build`'s simulation for `simSeconds` and returns simulated seconds per wall second. */
export function simRatio(build: (sim: Simulation) => void, simSeconds: number): {
  ratio: number;
  heapMbAtHalf: number;
  heapMbAtEnd: number;
} {
  const sim = new Simulation();
  build(sim);
  sim.run({ untilNs: 500_000_000 }); // warm up
  const start = performance.now();
  sim.run({ untilNs: 500_000_000 + (simSeconds / 2) * 1e9 });
  const heapMbAtHalf = heapMb();
  sim.run({ untilNs: 500_000_000 + simSeconds * 1e9 });
  const wall = (performance.now() - start) / 1000;
  return { ratio: simSeconds / wall, heapMbAtHalf, heapMbAtEnd: heapMb() };
}

function webbench2x2(pinned: boolean) {
  return (sim: Simulation) => {
    const host = new HostScheduler(sim);
    for (const name of ["vm0", "vm1"]) {
      const vm = new Vm(host, { name, pinning: pinned ? [0, 1] : null });
      startWebbench(vm);
    }
  };
}

const USAGE = `Usage: deno task bench
Measures the engine, the host scheduler and the KVM model on this machine; prints a table.`;

if (import.meta.main) {
  const line = parseCommandLine({ name: "bench", usage: USAGE }, Deno.args);
  if (typeof line === "number") Deno.exit(line);
  const rows: string[][] = [["benchmark", "result", "memory"]];
  for (const n of [10, 1_000, 100_000]) {
    const r = holdModel(n, 3_000_000);
    rows.push([
      `engine hold model, N = ${n}`,
      `${(r.eventsPerSecond / 1e6).toFixed(2)} M events/s`,
      `heap ${r.heapGrowthMb >= 0 ? "+" : ""}${r.heapGrowthMb.toFixed(1)} MB over 3 M events`,
    ]);
  }
  const cases: [string, (sim: Simulation) => void, number][] = [
    ["host: 4 CPU hogs on 2 CPUs, HZ 1000", (sim) => {
      startCpuHogs(new HostScheduler(sim), 4);
    }, 60],
    ["host: 8 ping-pong pairs on 16 CPUs, HZ 1000", (sim) => {
      startPipePairs(new HostScheduler(sim, { topology: Topology.preset("server-16cpu") }), {
        pairs: 8,
      });
    }, 4],
    ["kvm: two 2-vCPU webbench VMs on 2 pCPUs, unpinned", webbench2x2(false), 20],
    ["kvm: two 2-vCPU webbench VMs on 2 pCPUs, pinned", webbench2x2(true), 20],
  ];
  for (const [name, build, seconds] of cases) {
    const r = simRatio(build, seconds);
    rows.push([
      name,
      `${r.ratio.toFixed(1)} simulated s per wall s`,
      `heap ${r.heapMbAtHalf.toFixed(0)} MB at ${seconds / 2} s, ${
        r.heapMbAtEnd.toFixed(0)
      } MB at ${seconds} s`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}
