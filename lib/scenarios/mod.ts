/**
 * Named, validated scenarios: the thread's 2 x 2 host, overcommit on a 16-thread
 * server, and native pipe pairs.
 *
 * @module
 */

export * from "./params.ts";
export * from "./scenario.ts";
export * from "./registry.ts";
export * from "./vm_scenario.ts";
export * from "./thread_2x2.ts";
export * from "./overcommit.ts";
export * from "./native_pipes.ts";
export * from "./scenario_host.ts";
