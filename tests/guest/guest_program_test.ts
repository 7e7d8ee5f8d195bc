import assert from "node:assert/strict";
import { GuestLock } from "../../lib/guest/guest_lock.ts";
import {
  acquire,
  call,
  exit,
  type GuestOp,
  ready,
  release,
  shootdown,
  work,
} from "../../lib/guest/guest_program.ts";

Deno.test("guest operation builders give every kind the same fields in the same order", () => {
  // One object shape for all kinds keeps the interpreter's property accesses monomorphic.
  const lock = new GuestLock("l", "ticket");
  const ops: GuestOp[] = [
    work(1),
    acquire(lock),
    release(lock),
    shootdown(2),
    exit(3),
    call(() => {}),
    ready((function* () {})()),
  ];
  assert.deepEqual(ops.map((o) => o.op), [
    "work",
    "acquire",
    "release",
    "shootdown",
    "exit",
    "call",
    "ready",
  ]);
  for (const o of ops) assert.deepEqual(Object.keys(o), ["op", "ns", "lock", "fn", "program"]);
});

Deno.test("guest operation builders put each argument in its field and null elsewhere", () => {
  const lock = new GuestLock("l", "test-and-set");
  const then = () => {};
  assert.deepEqual({ ...exit(5, then) }, {
    op: "exit",
    ns: 5,
    lock: null,
    fn: then,
    program: null,
  });
  assert.deepEqual({ ...acquire(lock) }, {
    op: "acquire",
    ns: 0,
    lock,
    fn: null,
    program: null,
  });
  assert.deepEqual({ ...shootdown(7) }, {
    op: "shootdown",
    ns: 7,
    lock: null,
    fn: null,
    program: null,
  });
});
