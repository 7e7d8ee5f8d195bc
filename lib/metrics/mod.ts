/**
 * Observers of the model; none writes to it.
 *
 * `run_metrics.ts` measures a run over a window that starts after the warm-up: it
 * snapshots the host's and the VMs' counters and differences them, and lists the
 * metrics (`METRIC_NAMES`, the CSV columns, from which `RunMetrics` is derived).
 * `coscheduling_meter.ts` integrates how a VM's vCPUs were scheduled relative to each
 * other, fed by the VM's observer hook; `coscheduling_model.ts` is its analytic
 * counterpart.
 *
 * @module
 */

export * from "./run_metrics.ts";
export * from "./coscheduling_meter.ts";
export * from "./coscheduling_model.ts";
