import assert from "node:assert/strict";
import { main as simMain } from "../../lib/cli/sim.ts";
import { ParamError } from "../../lib/scenarios/params.ts";
import { runScenario, SCENARIOS } from "../../lib/scenarios/registry.ts";

Deno.test("runScenario() gives byte-identical metrics for the same configuration and seed", () => {
  const a = runScenario("thread-2x2", { vms: 1 }, { durationMs: 200, warmupMs: 50, seed: 4 });
  const b = runScenario("thread-2x2", { vms: 1 }, { durationMs: 200, warmupMs: 50, seed: 4 });
  const c = runScenario("thread-2x2", { vms: 1 }, { durationMs: 200, warmupMs: 50, seed: 5 });
  assert.equal(JSON.stringify(a.metrics), JSON.stringify(b.metrics));
  assert.notEqual(JSON.stringify(a.metrics), JSON.stringify(c.metrics));
});

Deno.test("runScenario() refuses an unknown key or value, naming the key, the value and what is allowed", () => {
  assert.throws(() => runScenario("thread-2x2", { placment: "pinned" }), {
    name: "ParamError",
    message: /Unknown key 'placment' for scenario 'thread-2x2'; allowed keys: host, kernel/,
  });
  assert.throws(() => runScenario("thread-2x2", { vms: "0" }), {
    message: "Invalid value for 'vms' of scenario 'thread-2x2': \"0\"; allowed: integer 1..64",
  });
  assert.throws(() => runScenario("thread-2x2", { ple: "fast" }), {
    message: /'ple'.*"fast"; allowed: none\|sleep\|directed-yield/,
  });
  assert.throws(() => runScenario("thread-2x2", { kernel: "2.6.35", affineWakeups: "off" }), {
    message: /'affineWakeups'.*kernel=2.6.35.*allowed with kernel=2.6.35: on/,
  });
  assert.throws(() => runScenario("thread-2x2", {}, { durationMs: 0 }), {
    message: /'durationMs' must be an integer from 1/,
  });
  assert.throws(() => runScenario("nope"), ParamError);
});

Deno.test("every scenario lists defaults that validate and runs briefly", () => {
  for (const s of SCENARIOS.values()) {
    const r = runScenario(s.name, s.name === "overcommit" ? { vms: 2 } : {}, {
      durationMs: 20,
      warmupMs: 5,
    });
    assert.ok(r.metrics.hostUtilization > 0, s.name);
    assert.equal(r.metrics.usefulShare === null, s.name === "native-pipes");
  }
});

Deno.test("sim exits with 2 and prints nothing to stdout on bad input", () => {
  const originalError = console.error;
  const errors: string[] = [];
  console.error = (m: string) => errors.push(m);
  try {
    assert.equal(simMain(["thread-2x2", "--set", "vms=x"]), 2);
    assert.equal(simMain(["thread-2x2", "--format", "xml"]), 2);
    assert.equal(simMain(["nope"]), 2);
    assert.equal(simMain([]), 2);
  } finally {
    console.error = originalError;
  }
  assert.match(errors[0]!, /'vms'.*"x"; allowed: integer 1..64/);
  assert.match(errors[1]!, /--format.*"xml"; allowed: table\|json\|csv/);
  assert.match(errors[2]!, /Unknown scenario 'nope'/);
});

Deno.test("runScenario() refuses the thread's patch on 2.6.35, which has no switch for it", () => {
  assert.throws(() => runScenario("thread-2x2", { kernel: "2.6.35", vcpuWakeupPatch: "on" }), {
    message: /'vcpuWakeupPatch'.*kernel=2.6.35.*allowed with kernel=2.6.35: off/,
  });
});
