/**
 * Workloads that drive whole VMs from outside, through the VM's run queue, its I/O
 * thread and interrupts to its vCPUs: `webbench.ts` (web serving, with the path of a
 * request through NIC, I/O thread, ISR, DPC and worker thread), `cpu_hog_guest.ts` (a
 * `while (1)` in every vCPU) and `kernbench.ts` (a kernel compile).
 *
 * @module
 */

export * from "./webbench.ts";
export * from "./cpu_hog_guest.ts";
export * from "./kernbench.ts";
