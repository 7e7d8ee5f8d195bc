import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { Topology } from "../../lib/host/topology.ts";

const host = (options: ConstructorParameters<typeof HostScheduler>[1]) =>
  new HostScheduler(new Simulation(), options);

Deno.test("Topology refuses zero CPUs, naming the field and the value", () => {
  assert.throws(() => new Topology({ sockets: 1, coresPerSocket: 0, threadsPerCore: 1 }), {
    name: "RangeError",
    message: "Invalid 'topology.coresPerSocket': must be an integer >= 1: current value is 0",
  });
  assert.throws(() => new Topology({ sockets: 64, coresPerSocket: 8, threadsPerCore: 2 }), {
    name: "RangeError",
    message: /at most 256 CPUs.*1024/,
  });
  assert.throws(
    () => new Topology({ numbering: "random" as "compact" }),
    { message: /'topology.numbering'.*compact, threads-last.*random/ },
  );
});

Deno.test("HostScheduler refuses an unknown feature flag and lists the allowed ones", () => {
  assert.throws(() => host({ features: { AFFINE_WAKEUP: false } as never }), {
    name: "TypeError",
    message: /'features.AFFINE_WAKEUP': unknown scheduler feature; allowed: .*AFFINE_WAKEUPS/,
  });
  assert.throws(() => host({ features: { AFFINE_WAKEUPS: "no" } as never }), {
    name: "TypeError",
    message: /'features.AFFINE_WAKEUPS': must be true or false: current value is no/,
  });
});

Deno.test("HostScheduler refuses a negative tunable, an unsupported HZ and bad costs", () => {
  assert.throws(() => host({ tunables: { latencyNs: -5 } }), {
    name: "RangeError",
    message: /'tunables.latencyNs'.*current value is -5/,
  });
  assert.throws(() => host({ tunables: { hz: 999 } }), {
    name: "RangeError",
    message: /'tunables.hz': must be one of 100, 250, 300, 1000: current value is 999/,
  });
  assert.throws(() => host({ costs: { coldRate: 0 } }), {
    name: "RangeError",
    message: /'costs.coldRate': must be in \(0, 1\]: current value is 0/,
  });
  assert.throws(() => host({ costs: { contextSwitchNs: -1 } }), {
    message: /'costs.contextSwitchNs'.*current value is -1/,
  });
  assert.throws(() => host({ kernel: "2.6.32" as never }), {
    message: /'kernel': must be one of 2.6.33, 2.6.35: current value is "2.6.32"/,
  });
});

Deno.test("HostScheduler.spawn() refuses an empty mask, a CPU that does not exist, a bad override", () => {
  const h = host({});
  assert.throws(() => h.spawn({ name: "t", affinity: [] }), {
    name: "RangeError",
    message: /'task.affinity' of t: the mask has no CPU; allowed: CPU ids 0..1/,
  });
  assert.throws(() => h.spawn({ name: "t", affinity: [0, 2] }), {
    message: /CPU 2 does not exist; allowed: 0..1/,
  });
  assert.throws(() => h.spawn({ name: "t", affinity: [1], cpu: 0 }), {
    message: /'cpu' of t: must be one of its allowed CPUs \(1\): current value is 0/,
  });
  assert.throws(() => h.spawn({ name: "t", features: { LAST_BUDDY: false } as never }), {
    message: /'task.features.LAST_BUDDY': a task may override only AFFINE_WAKEUPS, SYNC_WAKEUPS/,
  });
  assert.throws(() => h.spawn({ name: "t", nice: 25 }), {
    message: /-20 to 19: current value is 25/,
  });
  assert.equal(h.tasks.length, 0, "nothing half-created");
});

Deno.test("HostScheduler refuses to block or yield a task that is not running", () => {
  const h = host({});
  const a = h.spawn({ name: "a", affinity: [0] });
  h.spawn({ name: "b", affinity: [0] });
  const waiting = a.state === "running" ? h.tasks[1]! : a;
  assert.throws(() => h.block(waiting), { message: /Cannot block .* as it is not running/ });
  assert.throws(() => h.setWork(a, -3), { name: "RangeError", message: /'workNs'.*-3/ });
});
