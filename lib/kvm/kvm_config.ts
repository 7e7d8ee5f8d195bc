/**
 * KVM's side of a VM: exit costs, interrupt latency, pause-loop exiting and what the
 * host does on a spin exit. Each default states where it comes from.
 *
 * @module
 */

/** What the host does when a vCPU exits because it spins (PLE or a spin notification). */
export type SpinExitHandler = "sleep" | "directed-yield";

/** The allowed spin-exit handlers. */
export const SPIN_EXIT_HANDLERS: readonly SpinExitHandler[] = ["sleep", "directed-yield"];

/** KVM parameters of a VM. */
export interface KvmConfig {
  /**
   * TSC rate, to turn PLE cycles into time. 2.93 GHz: a Xeon X5570 (Nehalem-EP, 2009).
   * @default {2.93} (unit: GHz)
   */
  readonly cpuGhz: number;
  /**
   * A VM exit, its handling in KVM and the re-entry: the cost of HLT, of an IPI sent
   * through the emulated APIC (no APIC virtualisation in 2010), of an interrupt
   * injected into a running vCPU, of a PLE exit. Nehalem round trips were about 1000
   * cycles before any handling.
   * @default {1_500} (unit: ns)
   */
  readonly exitNs: number;
  /**
   * Delay for an interrupt to reach a vCPU running on another pCPU: the host IPI that
   * forces the VM exit.
   * @default {2_000} (unit: ns)
   */
  readonly ipiLatencyNs: number;
  /** Pause-loop exiting on (VMX PLE / SVM pause filter). @default {false} */
  readonly ple: boolean;
  /** PAUSEs closer than this belong to one spin loop (VMX ple_gap). @default {41} (unit: cycles) */
  readonly pleGapCycles: number;
  /** A spin loop longer than this exits (VMX ple_window). @default {4096} (unit: cycles) */
  readonly pleWindowCycles: number;
  /**
   * What the host does on a spin exit: the 2010 kvm_vcpu_on_spin slept 100 us; directed
   * yield (2011) yields to a preempted sibling vCPU.
   * @default {"sleep"}
   */
  readonly spinExitHandler: SpinExitHandler;
  /** The 2010 handler's sleep. @default {100_000} (unit: ns) */
  readonly pleSleepNs: number;
  /**
   * One iteration of a guest spin loop (read, compare, PAUSE), to turn the iteration
   * counts of PV spinlocks and spin notifications into time.
   * @default {30} (unit: cycles)
   */
  readonly spinIterationCycles: number;
}

/** The defaults. */
export const DEFAULT_KVM: KvmConfig = Object.freeze({
  cpuGhz: 2.93,
  exitNs: 1_500,
  ipiLatencyNs: 2_000,
  ple: false,
  pleGapCycles: 41,
  pleWindowCycles: 4096,
  spinExitHandler: "sleep",
  pleSleepNs: 100_000,
  spinIterationCycles: 30,
});

/**
 * Cycles to whole ns at `ghz`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cyclesToNs } from "./kvm_config.ts";
 * assert.ok(cyclesToNs(4096, 2.93) === 1398);
 * ```
 */
export function cyclesToNs(cycles: number, ghz: number): number {
  return Math.round(cycles / ghz);
}

/**
 * Validates a partial KVM configuration and fills in the defaults.
 *
 * @throws {RangeError|TypeError} naming the field, the value and what is allowed.
 */
export function resolveKvmConfig(partial: Partial<KvmConfig> = {}, field = "kvm"): KvmConfig {
  const config: KvmConfig = { ...DEFAULT_KVM, ...partial };
  for (const name of Object.keys(config)) {
    if (!(name in DEFAULT_KVM)) {
      throw new TypeError(
        `Invalid '${field}.${name}': unknown KVM setting; allowed: ${
          Object.keys(DEFAULT_KVM).join(", ")
        }`,
      );
    }
  }
  if (!(config.cpuGhz > 0 && config.cpuGhz < 100)) {
    throw new RangeError(
      `Invalid '${field}.cpuGhz': must be a number of GHz in (0, 100): current value is ${config.cpuGhz}`,
    );
  }
  for (
    const name of [
      "exitNs",
      "ipiLatencyNs",
      "pleGapCycles",
      "pleWindowCycles",
      "pleSleepNs",
      "spinIterationCycles",
    ] as const
  ) {
    const value = config[name];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(
        `Invalid '${field}.${name}': must be an integer >= 0: current value is ${value}`,
      );
    }
  }
  if (config.pleWindowCycles === 0 && config.ple) {
    throw new RangeError(
      `Invalid '${field}.pleWindowCycles': must be > 0 when PLE is on: current value is 0`,
    );
  }
  if (typeof config.ple !== "boolean") {
    throw new TypeError(
      `Invalid '${field}.ple': must be true or false: current value is ${String(config.ple)}`,
    );
  }
  if (!SPIN_EXIT_HANDLERS.includes(config.spinExitHandler)) {
    throw new RangeError(
      `Invalid '${field}.spinExitHandler': must be one of ${
        SPIN_EXIT_HANDLERS.join(", ")
      }: current value is ${JSON.stringify(config.spinExitHandler)}`,
    );
  }
  return Object.freeze(config);
}
