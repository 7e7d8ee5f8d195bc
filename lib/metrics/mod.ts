/**
 * Measurements: run metrics over a window, histograms, traces, and the analytic
 * co-scheduling model.
 *
 * @module
 */

export * from "./histogram.ts";
export * from "./run_trace.ts";
export * from "./run_metrics.ts";
export * from "./coscheduling_model.ts";
