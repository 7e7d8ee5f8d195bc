/**
 * `native-pipes`: ping-pong pairs of host tasks, no VM: the native side of the
 * trade-off, where affine and sync wakeups are supposed to help.
 *
 * @module
 */

import { Simulation } from "../engine/simulation.ts";
import { NS_PER_MS } from "../engine/time.ts";
import { KERNEL_VERSIONS } from "../host/kernel.ts";
import { TOPOLOGY_PRESETS } from "../host/topology.ts";
import { MeasurementWindow } from "../metrics/run_metrics.ts";
import { startPipePairs } from "../native/pipe_pairs.ts";
import type { Scenario } from "./scenario.ts";
import { scenarioHost } from "./scenario_host.ts";
import { validateVmParams } from "./vm_scenario.ts";

/** Ping-pong pairs on a bare host. */
export const NATIVE_PIPES: Scenario = {
  name: "native-pipes",
  description: "ping-pong pairs of host tasks through pipes (sync wakeups), no VM",
  params: [
    {
      key: "host",
      kind: "enum",
      values: Object.keys(TOPOLOGY_PRESETS),
      default: "server-16cpu",
      description: "the machine",
    },
    {
      key: "kernel",
      kind: "enum",
      values: KERNEL_VERSIONS,
      default: "2.6.33",
      description: "host kernel release",
    },
    {
      key: "affineWakeups",
      kind: "enum",
      values: ["on", "off"],
      default: "on",
      description: "scheduler feature AFFINE_WAKEUPS",
    },
    {
      key: "syncWakeups",
      kind: "enum",
      values: ["on", "off"],
      default: "on",
      description: "scheduler feature SYNC_WAKEUPS",
    },
    {
      key: "pairs",
      kind: "int",
      min: 1,
      max: 256,
      default: 8,
      description: "ping-pong pairs",
    },
    {
      key: "workUs",
      kind: "number",
      min: 0,
      max: 100_000,
      default: 5,
      unit: "us",
      description: "mean work per message (exponential)",
    },
  ],
  defaultDurationMs: 1_000,
  defaultWarmupMs: 100,
  validate: (p) => validateVmParams(p, "native-pipes"),
  run(p, { seed, durationMs, warmupMs, trace }) {
    const sim = new Simulation();
    const host = scenarioHost(sim, p, trace);
    const pairs = startPipePairs(host, {
      pairs: p.pairs as number,
      workNs: { kind: "exponential", mean: (p.workUs as number) * 1000 },
      seed,
    });
    const window = new MeasurementWindow(host, []);
    sim.run({ untilNs: warmupMs * NS_PER_MS });
    window.start();
    const before = pairs.messages();
    sim.run({ untilNs: (warmupMs + durationMs) * NS_PER_MS });
    host.flushTrace();
    return {
      scenario: "native-pipes",
      seed,
      params: p,
      durationMs,
      warmupMs,
      metrics: window.finish({ work: pairs.messages() - before }),
      ...(host.trace === null ? {} : { trace: host.trace }),
      tasks: host.tasks.map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
    };
  },
};
