/**
 * kvmsched: a laboratory for simulating how a Linux 2.6.33 host scheduler treats the
 * virtual CPUs of KVM guests. Notebooks and tasks import only from this module.
 *
 * @module
 */

export * from "./engine/mod.ts";
export * from "./report/mod.ts";
export * from "./experiments/mm1.ts";
