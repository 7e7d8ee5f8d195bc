/**
 * The building block of the VM scenarios: a host of 2010 running N identical guests
 * with one workload, with every knob of the thread as a parameter.
 *
 * @module
 */

import { RandomStream } from "../engine/random.ts";
import { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import { GUEST_PROFILE_NAMES } from "../guest/profiles.ts";
import { startCpuHogGuest } from "../workloads/cpu_hog_guest.ts";
import { startKernbench } from "../workloads/kernbench.ts";
import { startWebbench, type WebbenchResult } from "../workloads/webbench.ts";
import { KERNEL_VERSIONS } from "../host/kernel.ts";
import { TOPOLOGY_PRESETS, type TopologyPresetName } from "../host/topology.ts";
import { Vm } from "../kvm/vm.ts";
import { startHostNoise } from "../native/host_noise.ts";
import { Histogram } from "../engine/histogram.ts";
import { MeasurementWindow } from "../metrics/run_metrics.ts";
import { ParamError, type Params, type ParamSpec } from "./params.ts";
import type { RunResult, Scenario, ScenarioRunOptions } from "./scenario.ts";
import { scenarioHost } from "./scenario_host.ts";

const ON_OFF = ["on", "off"] as const;

/** Defaults a VM scenario may change. */
export interface VmScenarioDefaults {
  readonly host: TopologyPresetName;
  readonly vms: number;
  readonly vcpusPerVm: number;
  readonly workload: "webbench" | "cpu-hog" | "kernbench";
}

/** The parameters of a VM scenario, with the given defaults. */
export function vmScenarioParams(d: VmScenarioDefaults): ParamSpec[] {
  return [
    {
      key: "host",
      kind: "enum",
      values: Object.keys(TOPOLOGY_PRESETS),
      default: d.host,
      description:
        "the machine: the thread's 2-CPU host, or a 2010 2-socket 16-thread Nehalem server",
    },
    {
      key: "kernel",
      kind: "enum",
      values: KERNEL_VERSIONS,
      default: "2.6.33",
      description: "host kernel release: its scheduler features and tunables",
    },
    {
      key: "hz",
      kind: "enum",
      values: ["100", "250", "300", "1000"],
      default: "1000",
      description: "host scheduler tick (CONFIG_HZ)",
    },
    {
      key: "placement",
      kind: "enum",
      values: ["unpinned", "pinned", "random"],
      default: "unpinned",
      description:
        "unpinned: vCPU threads start where fork placement puts them (the least loaded CPU); pinned: vCPU i of VM v on pCPU (v * vcpusPerVm + i) mod ncpus (the thread's vCPU0->pCPU0, vCPU1->pCPU1); random: unpinned, each vCPU starting on a uniformly random pCPU",
    },
    {
      key: "affineWakeups",
      kind: "enum",
      values: ON_OFF,
      default: "on",
      description: "scheduler feature AFFINE_WAKEUPS, for every task (2.6.33 only)",
    },
    {
      key: "syncWakeups",
      kind: "enum",
      values: ON_OFF,
      default: "on",
      description: "scheduler feature SYNC_WAKEUPS, for every task (2.6.33 only)",
    },
    {
      key: "vcpuWakeupPatch",
      kind: "enum",
      values: ON_OFF,
      default: "off",
      description: "the thread's patch: affine and sync wakeups off when a vCPU thread is woken",
    },
    {
      key: "ple",
      kind: "enum",
      values: ["none", "sleep", "directed-yield"],
      default: "none",
      description:
        "pause-loop exiting and its handler: the 2010 100 us sleep, or directed yield; Windows 2008 spin notifications use the same handler (the 100 us sleep when PLE is off, as 2.6.34 did)",
    },
    {
      key: "pvSpinlocks",
      kind: "enum",
      values: ["auto", "on", "off"],
      default: "auto",
      description:
        "paravirtual ticket spinlocks; auto: as the guest profile says (on for linux-pv)",
    },
    {
      key: "guest",
      kind: "enum",
      values: GUEST_PROFILE_NAMES,
      default: "windows2003",
      description: "guest OS profile: spinlock kind, PV locks, spin notification, timer tick",
    },
    {
      key: "vms",
      kind: "int",
      min: 1,
      max: 64,
      default: d.vms,
      description: "number of guests",
    },
    {
      key: "vcpusPerVm",
      kind: "int",
      min: 1,
      max: 16,
      default: d.vcpusPerVm,
      description: "vCPUs of each guest",
    },
    {
      key: "workload",
      kind: "enum",
      values: ["webbench", "cpu-hog", "kernbench"],
      default: d.workload,
      description: "what every guest runs",
    },
    {
      key: "competitor",
      kind: "enum",
      values: ["none", "cpu-hog"],
      default: "none",
      description:
        "an extra guest of vcpusPerVm vCPUs running while(1) beside the measured guests (its time is not in the guest metrics)",
    },
    {
      key: "clients",
      kind: "int",
      min: 1,
      max: 10_000,
      default: 16,
      description: "webbench: closed-loop clients per guest, no think time",
    },
    {
      key: "ioWakeSync",
      kind: "enum",
      values: ["off", "on"],
      default: "off",
      description:
        "webbench: wake the I/O thread with the sync hint (as a pipe would) instead of plainly (tap packets and eventfd notifications, as in 2010)",
    },
    {
      key: "lockSections",
      kind: "int",
      min: 0,
      max: 100,
      default: 6,
      description: "webbench: guest spinlock critical sections per request",
    },
    {
      key: "noiseHz",
      kind: "int",
      min: 0,
      max: 100_000,
      default: 100,
      unit: "Hz per CPU",
      description:
        "host background activity: 50 us bursts of a kernel-thread-like task on every CPU at this rate (0: none); breaks lockstep between CPUs",
    },
    {
      key: "shootdownProbability",
      kind: "number",
      min: 0,
      max: 1,
      default: 0.1,
      description: "webbench: chance that a request does a TLB shootdown",
    },
  ];
}

/** Cross-field checks of a VM scenario. */
export function validateVmParams(p: Params, scenario: string): void {
  if (p.kernel === "2.6.35" && p.vcpuWakeupPatch === "on") {
    throw new ParamError(
      `Invalid value for 'vcpuWakeupPatch' of scenario '${scenario}': "on" with kernel=2.6.35, which has no AFFINE_WAKEUPS or SYNC_WAKEUPS switch for the patch to turn off; allowed with kernel=2.6.35: off`,
    );
  }
  if (p.kernel === "2.6.35") {
    for (const key of ["affineWakeups", "syncWakeups"]) {
      if (p[key] !== "on") {
        throw new ParamError(
          `Invalid value for '${key}' of scenario '${scenario}': ${
            JSON.stringify(p[key])
          } with kernel=2.6.35, where the flag no longer exists; allowed with kernel=2.6.35: on`,
        );
      }
    }
  }
}

/** Runs a VM scenario. */
export function runVmScenario(
  scenario: Scenario,
  p: Params,
  options: Required<Omit<ScenarioRunOptions, "trace">> & Pick<ScenarioRunOptions, "trace">,
): RunResult {
  const { seed, durationMs, warmupMs, trace } = options;
  const sim = new Simulation();
  const host = scenarioHost(sim, p, trace);
  const ncpus = host.topology.ncpus;
  const vcpus = p.vcpusPerVm as number;
  if ((p.noiseHz as number) > 0) startHostNoise(host, { ratePerCpuHz: p.noiseHz as number, seed });
  const vms: Vm[] = [];
  const placementRng = RandomStream.derive(seed, "placement");
  for (let v = 0; v < (p.vms as number); v++) {
    vms.push(
      new Vm(host, {
        name: `vm${v}`,
        vcpus,
        guest: p.guest as "windows2003",
        pinning: p.placement === "pinned"
          ? Array.from({ length: vcpus }, (_, i) => (v * vcpus + i) % ncpus)
          : null,
        ...(p.placement === "random"
          ? { startCpus: Array.from({ length: vcpus }, () => placementRng.int(0, ncpus)) }
          : {}),
        vcpuWakeupPatch: p.vcpuWakeupPatch === "on",
        ...(p.pvSpinlocks === "auto" ? {} : { pvSpinlocks: p.pvSpinlocks === "on" }),
        kvm: {
          ple: p.ple !== "none",
          // With PLE off only spin notifications exit; 2.6.34's Hyper-V hypercall handler
          // calls kvm_vcpu_on_spin, which sleeps 100 us.
          spinExitHandler: p.ple === "directed-yield" ? "directed-yield" : "sleep",
        },
        seed,
      }),
    );
  }
  const warmupNs = warmupMs * NS_PER_MS;
  let work: () => number;
  let responses: (() => Histogram) | undefined;
  if (p.workload === "webbench") {
    const results: WebbenchResult[] = vms.map((vm) =>
      startWebbench(vm, {
        clients: p.clients as number,
        lockSections: p.lockSections as number,
        shootdownProbability: p.shootdownProbability as number,
        rxWakeSync: p.ioWakeSync === "on",
        txWakeSync: p.ioWakeSync === "on",
        warmupNs,
      })
    );
    work = () => results.reduce((s, r) => s + r.responses, 0);
    responses = () => {
      const h = new Histogram();
      for (const r of results) h.merge(r.responseNs);
      return h;
    };
  } else if (p.workload === "kernbench") {
    const results = vms.map((vm) => startKernbench(vm));
    work = () => results.reduce((s, r) => s + r.jobs(), 0);
  } else {
    const results = vms.map((vm) => startCpuHogGuest(vm));
    work = () => results.reduce((s, r) => s + r.workNs(), 0) / 1e9;
  }
  if (p.competitor === "cpu-hog") {
    startCpuHogGuest(
      new Vm(host, { name: "competitor", vcpus, guest: p.guest as "windows2003", seed }),
    );
  }
  const window = new MeasurementWindow(host, vms);
  sim.run({ untilNs: warmupNs });
  window.start();
  const workBefore = p.workload === "webbench" ? 0 : work();
  sim.run({ untilNs: warmupNs + durationMs * NS_PER_MS });
  host.flushTrace();
  const metrics = window.finish({
    work: work() - workBefore,
    ...(responses === undefined ? {} : { responses: responses() }),
  });
  return {
    scenario: scenario.name,
    seed,
    params: p,
    durationMs,
    warmupMs,
    metrics,
    ...(host.trace === null ? {} : { trace: host.trace }),
    tasks: host.tasks.map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
  };
}

/** A VM scenario with the given name, description and defaults. */
export function vmScenario(
  name: string,
  description: string,
  defaults: VmScenarioDefaults,
  timing: { durationMs: number; warmupMs: number },
): Scenario {
  const scenario: Scenario = {
    name,
    description,
    params: vmScenarioParams(defaults),
    defaultDurationMs: timing.durationMs,
    defaultWarmupMs: timing.warmupMs,
    validate: (p) => validateVmParams(p, name),
    run: (p, options) => runVmScenario(scenario, p, options),
  };
  return scenario;
}
