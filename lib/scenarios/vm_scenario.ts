/**
 * The building block of the VM scenarios: a host of 2010 running N identical guests
 * with one workload, with every knob of the thread as a parameter (see `vm_params.ts`).
 *
 * @module
 */

import { Histogram } from "../engine/histogram.ts";
import { RandomStream } from "../engine/random.ts";
import { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import type { HostScheduler } from "../host/host_scheduler.ts";
import { Vm } from "../kvm/vm.ts";
import { MeasurementWindow } from "../metrics/run_metrics.ts";
import { startHostNoise } from "../native/host_noise.ts";
import { startCpuHogGuest } from "../workloads/cpu_hog_guest.ts";
import { startKernbench } from "../workloads/kernbench.ts";
import { startWebbench } from "../workloads/webbench.ts";
import { measureRun, type WorkMeter } from "./measure_run.ts";
import { withDefaults } from "./params.ts";
import type { ResolvedRunOptions, RunResult, Scenario } from "./scenario.ts";
import { scenarioHost } from "./scenario_host.ts";
import { validateVmParams, VM_PARAMS, type VmParams } from "./vm_params.ts";

/** Defaults a VM scenario changes from {@linkcode VM_PARAMS}. */
export type VmScenarioDefaults = Partial<VmParams>;

/** The guests of a VM scenario, started with their workload. */
function startGuests(
  host: HostScheduler,
  params: VmParams,
  seed: number,
  warmupNs: number,
): { vms: Vm[]; work: WorkMeter } {
  const ncpus = host.topology.ncpus;
  const vcpus = params.vcpusPerVm;
  const vms: Vm[] = [];
  const placementRng = RandomStream.derive(seed, "placement");
  for (let v = 0; v < params.vms; v++) {
    vms.push(
      new Vm(host, {
        name: `vm${v}`,
        vcpus,
        guest: params.guest,
        pinning: params.placement === "pinned"
          ? Array.from({ length: vcpus }, (_, i) => (v * vcpus + i) % ncpus)
          : null,
        ...(params.placement === "random"
          ? { startCpus: Array.from({ length: vcpus }, () => placementRng.int(0, ncpus)) }
          : {}),
        vcpuWakeupPatch: params.vcpuWakeupPatch === "on",
        ...(params.pvSpinlocks === "auto" ? {} : { pvSpinlocks: params.pvSpinlocks === "on" }),
        kvm: {
          ple: params.ple !== "none",
          // With PLE off only spin notifications exit; 2.6.34's Hyper-V hypercall handler
          // calls kvm_vcpu_on_spin, which sleeps 100 us.
          spinExitHandler: params.ple === "directed-yield" ? "directed-yield" : "sleep",
        },
        seed,
      }),
    );
  }
  if (params.workload === "webbench") {
    const results = vms.map((vm) =>
      startWebbench(vm, {
        clients: params.clients,
        lockSections: params.lockSections,
        shootdownProbability: params.shootdownProbability,
        rxWakeSync: params.ioWakeSync === "on",
        txWakeSync: params.ioWakeSync === "on",
        warmupNs,
      })
    );
    return {
      vms,
      work: {
        count: () => results.reduce((s, r) => s + r.responses, 0),
        countsFromWarmupEnd: true,
        responses: () => {
          const h = new Histogram();
          for (const r of results) h.merge(r.responseNs);
          return h;
        },
      },
    };
  }
  if (params.workload === "kernbench") {
    const results = vms.map((vm) => startKernbench(vm));
    return { vms, work: { count: () => results.reduce((s, r) => s + r.jobs(), 0) } };
  }
  const results = vms.map((vm) => startCpuHogGuest(vm));
  return { vms, work: { count: () => results.reduce((s, r) => s + r.workNs(), 0) / 1e9 } };
}

/** Runs a VM scenario. */
export function runVmScenario(
  scenario: Scenario<VmParams>,
  params: VmParams,
  options: ResolvedRunOptions,
): RunResult {
  const { seed, durationMs, warmupMs, trace } = options;
  const sim = new Simulation();
  const host = scenarioHost(sim, params, trace);
  if (params.noiseHz > 0) startHostNoise(host, { ratePerCpuHz: params.noiseHz, seed });
  const { vms, work } = startGuests(host, params, seed, warmupMs * NS_PER_MS);
  if (params.competitor === "cpu-hog") {
    startCpuHogGuest(
      new Vm(host, {
        name: "competitor",
        vcpus: params.vcpusPerVm,
        guest: params.guest,
        seed,
      }),
    );
  }
  const window = new MeasurementWindow(host, vms);
  return measureRun(sim, host, window, work, {
    scenario: scenario.name,
    seed,
    params,
    durationMs,
    warmupMs,
  });
}

/**
 * A VM scenario with the given name, description and defaults.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vmScenario } from "./vm_scenario.ts";
 * const s = vmScenario("four", "four guests", { vms: 4 }, { durationMs: 100, warmupMs: 10 });
 * assert.equal(s.params.find((spec) => spec.key === "vms")?.default, 4);
 * ```
 */
export function vmScenario(
  name: string,
  description: string,
  defaults: VmScenarioDefaults,
  timing: { durationMs: number; warmupMs: number },
): Scenario<VmParams> {
  const scenario: Scenario<VmParams> = {
    name,
    description,
    params: withDefaults(VM_PARAMS, defaults),
    defaultDurationMs: timing.durationMs,
    defaultWarmupMs: timing.warmupMs,
    validate: (params) => validateVmParams(params, name),
    run: (params, options) => runVmScenario(scenario, params, options),
  };
  return scenario;
}
