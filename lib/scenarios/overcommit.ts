/**
 * `overcommit`: the 2010 16-thread server with a growing number of webbench guests,
 * from well under one vCPU per pCPU to beyond 2.5 (the thread's "vcpu/pcpu > 2").
 *
 * @module
 */

import type { Scenario } from "./scenario.ts";
import type { VmParams } from "./vm_params.ts";
import { vmScenario } from "./vm_scenario.ts";

/** The overcommit scenario: set `vms` (and `vcpusPerVm`) to move along the axis. */
export const OVERCOMMIT: Scenario<VmParams> = vmScenario(
  "overcommit",
  "a 2-socket 16-thread Nehalem server with N webbench guests (default 16 x 2 vCPUs: 2 vCPUs per pCPU)",
  { host: "server-16cpu", vms: 16, vcpusPerVm: 2, workload: "webbench" },
  { durationMs: 3_000, warmupMs: 500 },
);
