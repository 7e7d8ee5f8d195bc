/**
 * What a vCPU executes: guest programs, guest spinlocks and OS profiles. Nothing here
 * knows about KVM or the host scheduler.
 *
 * `guest_program.ts` holds guest code as data: a program is a generator of operations,
 * a union discriminated by `op` whose members all have the same five fields (one object
 * shape for V8), built by `work`, `acquire`, `release`, `shootdown`, `exit`, `call` and
 * `ready`. `guest_lock.ts` holds the spinlocks (test-and-set and ticket) and
 * `profiles.ts` the guest operating systems (lock kind, PV spinlocks, spin
 * notification, timer tick).
 *
 * @module
 */

export * from "./guest_lock.ts";
export * from "./guest_program.ts";
export * from "./profiles.ts";
