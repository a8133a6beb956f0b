// The reference experiment: for each batch size m, draw T mini-batches, average each,
// and measure the variance of the T batch means against theory.
import {randomStream, cellId, type RandomStream} from "./random/stream.js";
import {population, checkPopulation, type PopulationOptions} from "./population.js";
import {batchMeansOf, checkSampler} from "./sampling.js";
import {mean, variance} from "./estimators.js";
import {iidVariance, withoutReplacementVariance, varianceBand} from "./theory.js";
import {checkInteger, checkBoolean, ParameterError} from "./validate.js";

export const MAX_TRIALS = 10_000_000;

export interface ExperimentOptions extends PopulationOptions {
  /** The seed, an integer in [0, 2^32). */
  seed: number;
  /** T, the number of mini-batches per batch size. */
  trials: number;
  /** The batch sizes m. */
  batchSizes: readonly number[];
  /** Sample with replacement (independent draws) or without (distinct within a batch). */
  replace: boolean;
}

export interface CellOptions extends PopulationOptions {
  seed: number;
  m: number;
  trials: number;
  replace: boolean;
}

export interface PopulationSummary {
  populationMean: number;
  /** s², the population variance with divisor N. */
  populationVariance: number;
}

export interface BatchSizeResult {
  m: number;
  /** The mean of the T batch means. */
  meanOfMeans: number;
  /** The variance of the T batch means, divisor T. */
  variance: number;
  /** s²/m. */
  theoryIid: number;
  /** (s²/m)(N − m)/(N − 1). */
  theoryFpc: number;
  /** The 95% χ² band around the theory that applies to the sampling mode. */
  bandLow: number;
  bandHigh: number;
  /** variance / the theory that applies to the sampling mode. */
  ratio: number;
}

export interface ExperimentResult extends PopulationSummary {
  rows: BatchSizeResult[];
}

export function checkExperiment(options: ExperimentOptions): void {
  checkPopulation(options);
  checkInteger("seed", options.seed, 0, 0xffffffff);
  checkInteger("trials (T)", options.trials, 2, MAX_TRIALS);
  checkBoolean("replace", options.replace);
  if (!Array.isArray(options.batchSizes) || options.batchSizes.length === 0)
    throw new ParameterError("batchSizes", options.batchSizes, "a non-empty list of batch sizes");
  for (const m of options.batchSizes) checkSampler({n: options.n, m, replace: options.replace});
}

/** The stream of one cell's mini-batches: one per (seed, N, gradient, σ, m, mode). */
export function batchStream(seed: number, {n, gradient, noise, m, replace}: Omit<CellOptions, "seed" | "trials">): RandomStream {
  return randomStream(seed, cellId("batches", n, gradient, noise, m, replace));
}

/** The T batch means for batch size m, drawn with the given stream. */
export function batchMeans(
  values: Float64Array,
  {m, trials, replace}: {m: number; trials: number; replace: boolean},
  stream: RandomStream
): Float64Array {
  return batchMeansOf(values, {m, replace}, trials, stream);
}

/** The mean and the divisor-n variance used to summarise samples; numpy's are swappable in. */
export interface Estimators {
  mean(values: ArrayLike<number>): number;
  variance(values: ArrayLike<number>): number;
}

export const TWO_PASS: Estimators = {mean, variance: (values) => variance(values)};

export function summarizePopulation(values: Float64Array, estimators: Estimators = TWO_PASS): PopulationSummary {
  return {populationMean: estimators.mean(values), populationVariance: estimators.variance(values)};
}

/** Compares the batch means of one m with theory. */
export function summarizeBatchMeans(
  means: Float64Array,
  {populationVariance}: PopulationSummary,
  {n, m, replace}: {n: number; m: number; replace: boolean},
  estimators: Estimators = TWO_PASS
): BatchSizeResult {
  const v = estimators.variance(means);
  const theoryIid = iidVariance(populationVariance, m);
  const theoryFpc = withoutReplacementVariance(populationVariance, m, n);
  const theory = replace ? theoryIid : theoryFpc;
  const band = varianceBand(theory, means.length);
  return {m, meanOfMeans: estimators.mean(means), variance: v, theoryIid, theoryFpc, bandLow: band.low, bandHigh: band.high, ratio: v / theory};
}

/** One batch size of the experiment, for a population already drawn. */
export function runCell(values: Float64Array, summary: PopulationSummary, options: CellOptions): BatchSizeResult {
  const means = batchMeans(values, options, batchStream(options.seed, options));
  return summarizeBatchMeans(means, summary, options);
}

/** One row per batch size, as each is computed (a worker streams them to the page). */
export interface ExperimentStep {
  summary: PopulationSummary;
  row: BatchSizeResult;
}

/** The experiment, one batch size at a time. */
export function* experimentSteps(options: ExperimentOptions): Generator<ExperimentStep> {
  checkExperiment(options);
  const values = population(options.seed, options);
  const summary = summarizePopulation(values);
  for (const m of options.batchSizes) yield {summary, row: runCell(values, summary, {...options, m})};
}

/** Collects the steps into a result. */
export function collectSteps(steps: Iterable<ExperimentStep>): ExperimentResult {
  let summary: PopulationSummary = {populationMean: NaN, populationVariance: NaN};
  const rows: BatchSizeResult[] = [];
  for (const step of steps) (summary = step.summary), rows.push(step.row);
  return {...summary, rows};
}

/** The whole experiment: a pure function of its options (the seed included). */
export function runExperiment(options: ExperimentOptions): ExperimentResult {
  return collectSteps(experimentSteps(options));
}

/** The reference experiment of the course page. */
export const REFERENCE: ExperimentOptions = Object.freeze({
  seed: 0,
  n: 1000,
  gradient: 2,
  noise: 1,
  trials: 1000,
  batchSizes: Object.freeze([1, 4, 16, 64, 256]),
  replace: false,
});
