/**
 * `thread-2x2`: the thread's experiment. A host with 2 pCPUs runs two 2-vCPU Windows
 * 2003 guests, each serving webbench; the pCPUs are saturated.
 *
 * @module
 */

import type { Scenario } from "./scenario.ts";
import type { VmParams } from "./vm_params.ts";
import { vmScenario } from "./vm_scenario.ts";

/** The thread's 2 x 2 experiment. */
export const THREAD_2X2: Scenario<VmParams> = vmScenario(
  "thread-2x2",
  "the thread's host: 2 pCPUs, two 2-vCPU Windows 2003 guests serving webbench, pCPUs saturated",
  { host: "host-2cpu", vms: 2, vcpusPerVm: 2, workload: "webbench" },
  { durationMs: 10_000, warmupMs: 1_000 },
);
