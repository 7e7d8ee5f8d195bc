import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { MeasurementWindow } from "../../lib/metrics/run_metrics.ts";
import { startPipePairs } from "../../lib/native/pipe_pairs.ts";
import { measureRun } from "../../lib/scenarios/measure_run.ts";
import { NATIVE_PIPES_PARAMS } from "../../lib/scenarios/native_pipes.ts";
import {
  checkParams,
  ParamError,
  type ParamSpec,
  resolveParams,
  withDefaults,
} from "../../lib/scenarios/params.ts";
import { runScenario, SCENARIOS } from "../../lib/scenarios/registry.ts";
import { HOST_PARAMS } from "../../lib/scenarios/scenario_host.ts";
import { VM_PARAMS } from "../../lib/scenarios/vm_params.ts";

Deno.test("resolveParams() returns complete values typed by the specs when given some keys as text", () => {
  const params = resolveParams(VM_PARAMS, { ple: "sleep", vms: "4" });
  // Each line below compiles only while the type is derived from the specs.
  const ple: "none" | "sleep" | "directed-yield" = params.ple;
  const vms: number = params.vms;
  // @ts-expect-error "fast" is not a value of ple, so the comparison cannot be true
  const fast = params.ple === "fast";
  // @ts-expect-error vms is a number, not text
  const vmsText: string = params.vms;
  // @ts-expect-error no such key
  const missing = params.placment;
  assert.equal(ple, "sleep");
  assert.equal(vms, 4);
  assert.equal(fast, false);
  assert.equal(typeof vmsText, "number");
  assert.equal(missing, undefined);
  assert.deepEqual(Object.keys(params), VM_PARAMS.map((s) => s.key));
  assert.equal(params.host, "host-2cpu");
  assert.equal(params.shootdownProbability, 0.1);
  assert.ok(Object.isFrozen(params));
});

Deno.test("resolveParams() refuses a bad value, naming the key, the value and what is allowed", () => {
  const resolve = (given: Record<string, unknown>) =>
    resolveParams(NATIVE_PIPES_PARAMS, given, "native-pipes");
  assert.throws(() => resolve({ kernel: "2.6.32" }), {
    name: "ParamError",
    message:
      `Invalid value for 'kernel' of scenario 'native-pipes': "2.6.32"; allowed: 2.6.33|2.6.35`,
  });
  assert.throws(() => resolve({ pairs: 2.5 }), {
    message: "Invalid value for 'pairs' of scenario 'native-pipes': 2.5; allowed: integer 1..256",
  });
  assert.throws(() => resolve({ workUs: "-1" }), {
    message:
      `Invalid value for 'workUs' of scenario 'native-pipes': "-1"; allowed: number 0..100000 (us)`,
  });
  assert.throws(() => resolve({ hz: "100" }), {
    message:
      "Unknown key 'hz' for scenario 'native-pipes'; allowed keys: host, kernel, affineWakeups, syncWakeups, pairs, workUs",
  });
});

Deno.test("resolveParams() refuses a default that its spec does not allow", () => {
  const specs = [
    { key: "vms", kind: "int", min: 1, max: 4, default: 8, description: "" },
  ] as const satisfies readonly ParamSpec[];
  assert.throws(() => resolveParams(specs, {}), {
    message: "Invalid value for 'vms': 8; allowed: integer 1..4",
  });
  assert.equal(resolveParams(specs, { vms: 3 }).vms, 3);
});

Deno.test("checkParams() refuses a missing key, text for a number and a word outside the list", () => {
  const specs = [
    { key: "ple", kind: "enum", values: ["none", "sleep"], default: "none", description: "" },
    { key: "vms", kind: "int", min: 1, max: 64, default: 2, description: "" },
  ] as const satisfies readonly ParamSpec[];
  assert.throws(() => checkParams(specs, { ple: "none" }, "s"), {
    message: "Missing key 'vms' for scenario 's'; required keys: ple, vms",
  });
  assert.throws(() => checkParams(specs, { ple: "none", vms: "2" }), {
    message: `Invalid value for 'vms': "2"; allowed: integer 1..64`,
  });
  assert.throws(() => checkParams(specs, { ple: "yield", vms: 2 }), {
    message: `Invalid value for 'ple': "yield"; allowed: none|sleep`,
  });
  assert.throws(() => checkParams(specs, { ple: "none", vms: 2, hz: "100" }), ParamError);
  const values: Record<string, unknown> = { ple: "sleep", vms: 2 };
  checkParams(specs, values);
  const ple: "none" | "sleep" = values.ple;
  assert.equal(ple, "sleep");
});

Deno.test("withDefaults() changes only the defaults, and refuses a default the spec does not allow", () => {
  const specs = withDefaults(VM_PARAMS, { host: "server-16cpu", vms: 16 });
  assert.deepEqual(
    specs.map(({ default: _, ...rest }) => rest),
    VM_PARAMS.map(({ default: _, ...rest }) => rest),
  );
  assert.deepEqual(
    specs.filter((s, i) => s.default !== VM_PARAMS[i]?.default).map((s) => [s.key, s.default]),
    [["host", "server-16cpu"], ["vms", 16]],
  );
  assert.throws(() => withDefaults(VM_PARAMS, { vms: 100 }), {
    message: "Invalid value for 'vms': 100; allowed: integer 1..64",
  });
  // @ts-expect-error pairs is not a key of a VM scenario
  assert.throws(() => withDefaults(VM_PARAMS, { pairs: 2 }), /Unknown key 'pairs'/);
});

Deno.test("HOST_PARAMS gives native-pipes and the VM scenarios the same host keys, values and checks", () => {
  const shared = ["host", "kernel", "affineWakeups", "syncWakeups"];
  const messages: string[] = [];
  for (const scenario of SCENARIOS.values()) {
    const keys = scenario.params.map((s) => s.key);
    for (const key of shared) assert.ok(keys.includes(key), `${scenario.name} lacks ${key}`);
    for (const spec of scenario.params) {
      const host = Object.values(HOST_PARAMS).find((s) => s.key === spec.key);
      if (host === undefined) continue;
      assert.equal(spec.kind, host.kind, `${scenario.name} ${spec.key}`);
      assert.deepEqual(spec.kind === "enum" ? spec.values : [], host.values);
    }
    assert.throws(
      () => runScenario(scenario.name, { kernel: "2.6.35", syncWakeups: "off" }),
      (error: Error) => {
        messages.push(error.message.replace(scenario.name, "S"));
        return error instanceof ParamError;
      },
    );
  }
  assert.equal(messages.length, SCENARIOS.size);
  assert.deepEqual(new Set(messages), new Set([messages[0]]));
  assert.match(messages[0]!, /'syncWakeups' of scenario 'S': "off" with kernel=2.6.35/);
});

Deno.test("measureRun() counts work from the end of the warm-up unless the meter already does", () => {
  const run = (countsFromWarmupEnd: boolean) => {
    const sim = new Simulation();
    const host = new HostScheduler(sim);
    startPipePairs(host, { pairs: 1 });
    const elapsedMs = () => sim.now / 1e6;
    return measureRun(sim, host, new MeasurementWindow(host, []), {
      count: elapsedMs,
      countsFromWarmupEnd,
    }, { scenario: "pipes", seed: 3, params: { pairs: 1 }, durationMs: 20, warmupMs: 5 });
  };
  const differenced = run(false);
  assert.equal(differenced.metrics.throughputRps, 1000); // 20 ms of work in 0.02 s
  assert.equal(run(true).metrics.throughputRps, 1250); // 25 ms of work in 0.02 s
  assert.deepEqual(
    { ...differenced, metrics: null },
    {
      scenario: "pipes",
      seed: 3,
      params: { pairs: 1 },
      durationMs: 20,
      warmupMs: 5,
      metrics: null,
      tasks: [{ id: 0, name: "ping0", kind: "native" }, { id: 1, name: "pong0", kind: "native" }],
    },
  );
});
