/**
 * Observers: run metrics over a measurement window and the analytic co-scheduling model.
 *
 * @module
 */

export * from "./run_metrics.ts";
export * from "./coscheduling_model.ts";
