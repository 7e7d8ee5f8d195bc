/**
 * What runs inside a VM: guest spinlocks, guest programs and OS profiles.
 *
 * @module
 */

export * from "./guest_lock.ts";
export * from "./guest_program.ts";
export * from "./profiles.ts";
