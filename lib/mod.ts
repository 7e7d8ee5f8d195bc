/**
 * kvmsched: a laboratory for simulating how a Linux 2.6.33 host scheduler treats the
 * virtual CPUs of KVM guests. Notebooks and tasks import only from this module.
 *
 * @module
 */

export * from "./engine/mod.ts";
export * from "./host/mod.ts";
export * from "./kvm/mod.ts";
export * from "./guest/mod.ts";
export * from "./native/mod.ts";
export * from "./workloads/mod.ts";
export * from "./metrics/mod.ts";
export * from "./scenarios/mod.ts";
export * from "./experiments/mod.ts";
export * from "./report/mod.ts";
