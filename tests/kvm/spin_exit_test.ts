import assert from "node:assert/strict";
import { type HaltThread, spinExit } from "../../lib/kvm/spin_exit.ts";
import type { AckWait, LockWait } from "../../lib/kvm/vcpu_frame.ts";
import { setup } from "./helpers.ts";

/** A halt callback that records its reasons. */
function recorder(): { halts: string[]; halt: HaltThread } {
  const halts: string[] = [];
  return { halts, halt: (reason) => void halts.push(reason) };
}

Deno.test("spinExit() counts a PV halt and halts the waiter after the exit unless the lock came", () => {
  const { vm } = setup({ guest: "linux-pv" });
  const [a, b] = [vm.vcpus[0]!, vm.vcpus[1]!];
  const lock = vm.locks[0]!;
  lock.tryAcquire(a);
  lock.tryAcquire(b);
  const wait: LockWait = { kind: "lock", lock, spunNs: 400_000, notifyNs: 0 };
  const { halts, halt } = recorder();
  const then = spinExit(wait, b, vm, halt);
  assert.equal(vm.stats.pvHalts, 1);
  then(b.task);
  assert.deepEqual(halts, ["pv"]);
  assert.equal(wait.spunNs, 0, "the PV budget starts again after the halt");
  lock.release(a); // handed to b
  spinExit(wait, b, vm, halt)(b.task);
  assert.deepEqual(halts, ["pv"], "no halt once the lock is b's");
});

Deno.test("spinExit() counts a PLE exit and, with the 2010 handler, puts the spinner to sleep", () => {
  const { vm } = setup({ kvm: { ple: true, spinExitHandler: "sleep" } });
  const wait: AckWait = { kind: "acks", remaining: 1, sentNs: 0 };
  const { halts, halt } = recorder();
  spinExit(wait, vm.vcpus[0]!, vm, halt)(vm.vcpus[0]!.task);
  assert.equal(vm.stats.pleExits, 1);
  assert.deepEqual(halts, ["ple"]);
});

Deno.test("spinExit() with directed yield counts a miss when no sibling can take the pCPU", () => {
  const { vm } = setup({ vcpus: 1, kvm: { ple: true, spinExitHandler: "directed-yield" } });
  const wait: AckWait = { kind: "acks", remaining: 1, sentNs: 0 };
  const { halts, halt } = recorder();
  spinExit(wait, vm.vcpus[0]!, vm, halt)(vm.vcpus[0]!.task);
  assert.deepEqual([vm.stats.pleExits, vm.stats.directedYieldMisses, vm.stats.directedYields], [
    1,
    1,
    0,
  ]);
  assert.deepEqual(halts, []);
});
