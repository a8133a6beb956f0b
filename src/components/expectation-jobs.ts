// The Expectation page's two live runs, with what their charts need computed where the run
// ran (in the worker for large runs): the histogram's bins counted and the running means at
// the checkpoints. The page then draws ~40 bins and ~350 points per series instead of
// looping over up to 2·10^6 estimates on the main thread.
import {checkpoints, expectationRun, runningMeans, type ExpectationOptions, type ExpectationRun} from "../lib/unbiasedness.js";
import {importanceRun, type ImportanceOptions, type ImportanceRun} from "../lib/importance.js";
import {binCounts, type BinCounts} from "./histogram-bins.js";

export interface ChartData {
  /** binCounts of the estimates, reaching the histogram's reference values (BIN_COUNT bins, no fixed domain). */
  counted: BinCounts;
  /** checkpoints(T), and the running mean of each estimator at them (runningMeans). */
  at: number[];
  running: number[][];
}

export type UniformResult = ExpectationRun & {charts: ChartData};
export type ImportanceResult = ImportanceRun & {charts: ChartData};

// The histograms' reference lines: the page draws them at these values, and the bins must
// reach them (a histogram binned for other values is recounted on the main thread).
/** The uniform run's: the full gradient and the true-gradient input. */
export const uniformReferences = (run: ExpectationRun, gradient: number) => ({full: run.populationMean, gradient});
/** The non-uniform run's: the full gradient and Σ p_i g_i, the plain mean's target. */
export const importanceReferences = (run: ImportanceRun) => ({full: run.populationMean, plainTarget: run.moments.plainMean});

export function uniformJob(options: ExpectationOptions): UniformResult {
  const run = expectationRun(options);
  const at = checkpoints(options.trials);
  const extra = Object.values(uniformReferences(run, options.gradient));
  return {...run, charts: {counted: binCounts([run.means], {extra}), at, running: [runningMeans(run.means, at)]}};
}

/** The non-uniform run: the plain, then the weighted estimates. */
export function importanceJob(options: ImportanceOptions): ImportanceResult {
  const run = importanceRun(options);
  const at = checkpoints(options.trials);
  const extra = Object.values(importanceReferences(run));
  return {...run, charts: {counted: binCounts([run.plain, run.weighted], {extra}), at, running: [runningMeans(run.plain, at), runningMeans(run.weighted, at)]}};
}

/** The typed arrays' buffers of a result: postMessage transfers them instead of copying ~10^7 bytes. */
export function transferables(result: object): ArrayBuffer[] {
  // A Set: two arrays on one buffer must list it once.
  return [...new Set(Object.values(result).filter((v): v is Float64Array => v instanceof Float64Array).map((v) => v.buffer as ArrayBuffer))];
}
