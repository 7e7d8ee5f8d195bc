import assert from "node:assert/strict";
import { Simulation } from "../../lib/engine/simulation.ts";
import { resolveWebbench } from "../../lib/workloads/webbench.ts";
import { HostScheduler } from "../../lib/host/host_scheduler.ts";
import { Vm, type VmOptions } from "../../lib/kvm/vm.ts";

const make = (options: Partial<VmOptions>) => {
  const host = new HostScheduler(new Simulation());
  return () => new Vm(host, { name: "bad", ...options });
};

Deno.test("Vm refuses 0 vCPUs, naming the field, the value and what is allowed", () => {
  assert.throws(make({ vcpus: 0 }), {
    name: "RangeError",
    message: "Invalid 'vcpus' of VM bad: must be an integer from 1 to 256: current value is 0",
  });
});

Deno.test("Vm refuses pinning to CPUs the host lacks, or more pins than vCPUs", () => {
  assert.throws(make({ vcpus: 2, pinning: [0, 5] }), {
    message: /'pinning' of VM bad: pCPU 5 does not exist; allowed: 0..1/,
  });
  assert.throws(make({ vcpus: 2, pinning: [0, 1, 0] }), {
    message: /one pCPU per vCPU \(2\): current value is \[0, 1, 0\]/,
  });
});

Deno.test("Vm refuses an unknown guest profile and lists the known ones", () => {
  assert.throws(make({ guest: "windows7" as never }), {
    message:
      /'guest': unknown guest profile; allowed: windows2003, windows2008, linux-pv: current value is "windows7"/,
  });
});

Deno.test("Vm refuses bad KVM settings", () => {
  assert.throws(make({ kvm: { spinExitHandler: "spin" as never } }), {
    message: /'kvm.spinExitHandler': must be one of sleep, directed-yield/,
  });
  assert.throws(make({ kvm: { exitNs: -1 } }), { message: /'kvm.exitNs'.*-1/ });
});

Deno.test("resolveWebbench() refuses a negative critical-section length and bad counts", () => {
  assert.throws(() => resolveWebbench({ lockHoldNs: { kind: "constant", value: -2 } }, 2, 2), {
    message: /'webbench.lockHoldNs.value': must be a finite number >= 0: current value is -2/,
  });
  assert.throws(() => resolveWebbench({ irqVcpu: 2 }, 2, 2), {
    message: /'webbench.irqVcpu': must be an integer from 0 to 1: current value is 2/,
  });
  assert.throws(() => resolveWebbench({ clients: 0 }, 2, 2), { message: /'webbench.clients'/ });
  assert.throws(() => resolveWebbench({ shootdownProbability: 2 }, 2, 2), {
    message: /'webbench.shootdownProbability': must be in \[0, 1\]: current value is 2/,
  });
  assert.throws(() => resolveWebbench({ bogus: 1 } as never, 2, 2), {
    message: /'webbench.bogus': unknown option/,
  });
});
