import assert from "node:assert/strict";
import { handleOp, OP_HANDLERS } from "../../lib/kvm/guest_op_handlers.ts";
import { type Frame, newFrame, resetFrame } from "../../lib/kvm/vcpu_frame.ts";
import { acquire, exit, program, ready, release, setup, shootdown, work } from "./helpers.ts";

function threadFrame(): Frame {
  return newFrame(program(), "thread", false);
}

Deno.test("handleOp() posts work and exits on the frame for the interpreter to run", () => {
  const { vm } = setup();
  const v = vm.vcpus[0]!;
  const frame = threadFrame();
  assert.equal(handleOp(v, vm, frame, work(5_000)), "run");
  assert.deepEqual([frame.workLeft, frame.category, frame.afterWork], [5_000, "useful", null]);
  const then = () => {};
  assert.equal(handleOp(v, vm, frame, exit(1_500, then)), "run");
  assert.deepEqual([frame.workLeft, frame.category, frame.afterWork], [1_500, "exit", then]);
});

Deno.test("OP_HANDLERS.acquire() takes a free lock for the frame and spins for a held one", () => {
  const { vm } = setup();
  const [a, b] = [vm.vcpus[0]!, vm.vcpus[1]!];
  const lock = vm.locks[0]!;
  const fa = threadFrame();
  assert.equal(OP_HANDLERS.acquire(a, vm, fa, acquire(lock)), "next");
  assert.equal(fa.locks, 1);
  const fb = threadFrame();
  assert.equal(OP_HANDLERS.acquire(b, vm, fb, acquire(lock)), "spin");
  assert.deepEqual(fb.wait, { kind: "lock", lock, spunNs: 0, notifyNs: 0 });
  assert.equal(fb.locks, 0);
});

Deno.test("OP_HANDLERS.release() hands a ticket lock to the next waiter, with no kick when it is not halted", () => {
  const { vm } = setup({ guest: "linux-pv" });
  const [a, b] = [vm.vcpus[0]!, vm.vcpus[1]!];
  const lock = vm.locks[0]!;
  const frame = threadFrame();
  OP_HANDLERS.acquire(a, vm, frame, acquire(lock));
  lock.tryAcquire(b); // b queues behind a, and is not PV-halted: no kick needed
  assert.equal(OP_HANDLERS.release(a, vm, frame, release(lock)), "next");
  assert.equal(lock.holder, b);
  assert.equal(frame.locks, 0);
  assert.equal(vm.stats.pvKicks, 0);
});

Deno.test("OP_HANDLERS.shootdown() waits for every other vCPU and posts the exit that sends the IPIs", () => {
  const { vm } = setup({ vcpus: 3 });
  const frame = threadFrame();
  assert.equal(OP_HANDLERS.shootdown(vm.vcpus[0]!, vm, frame, shootdown(2_000)), "run");
  assert.equal(vm.stats.shootdowns, 1);
  assert.deepEqual(frame.wait, { kind: "acks", remaining: 2, sentNs: 0 });
  assert.deepEqual([frame.workLeft, frame.category], [vm.kvm.exitNs, "exit"]);
});

Deno.test("OP_HANDLERS.ready() goes on without an IPI when the readying vCPU will take the thread", () => {
  const { vm } = setup();
  const frame = threadFrame();
  assert.equal(OP_HANDLERS.ready(vm.vcpus[0]!, vm, frame, ready(program())), "next");
  assert.equal(vm.queued, 1);
  assert.equal(frame.workLeft, -1);
});

Deno.test("OP_HANDLERS.acquire() reuses the frame's lock wait when it spins again", () => {
  const { vm } = setup();
  const [a, b] = [vm.vcpus[0]!, vm.vcpus[1]!];
  const [l0, l1] = [vm.locks[0]!, vm.locks[1]!];
  OP_HANDLERS.acquire(a, vm, threadFrame(), acquire(l0));
  OP_HANDLERS.acquire(a, vm, threadFrame(), acquire(l1));
  const fb = threadFrame();
  assert.equal(OP_HANDLERS.acquire(b, vm, fb, acquire(l0)), "spin");
  const first = fb.wait;
  if (first?.kind === "lock") first.spunNs = 7;
  fb.wait = null;
  assert.equal(OP_HANDLERS.acquire(b, vm, fb, acquire(l1)), "spin");
  assert.equal(fb.wait, first);
  assert.deepEqual(fb.wait, { kind: "lock", lock: l1, spunNs: 0, notifyNs: 0 });
});

Deno.test("resetFrame() leaves nothing of the frame's last program when it is reused", () => {
  const { vm } = setup();
  const frame = threadFrame();
  handleOp(vm.vcpus[0]!, vm, frame, exit(1_500, () => {}));
  frame.locks = 2;
  frame.sendTo = vm.vcpus[1]!;
  const next = program();
  assert.equal(resetFrame(frame, next, "isr", false), frame);
  const { program: p, level, locks, wait, workLeft, category, afterWork, sendTo, irqToSend } =
    frame;
  assert.deepEqual([p === next, level, locks, wait, workLeft, category, afterWork], [
    true,
    "isr",
    0,
    null,
    -1,
    "useful",
    null,
  ]);
  assert.deepEqual([sendTo, irqToSend], [null, null]);
});
