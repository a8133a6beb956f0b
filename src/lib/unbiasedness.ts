// Is the mini-batch mean unbiased? The bias of the mean of T batch means against the
// full gradient (the population mean), its standard error and z-score, and the running
// mean as trials accumulate. Shared by the Expectation page and its snapshot loader.
import {population} from "./population.js";
import {batchMeans, batchStream, checkExperiment, summarizePopulation, type PopulationSummary} from "./experiment.js";
import {mean, variance} from "./estimators.js";
import {iidVariance, withoutReplacementVariance} from "./theory.js";

export interface BiasTest {
  /** The mean of the T estimates. */
  meanOfMeans: number;
  /** meanOfMeans − target. */
  bias: number;
  /** √(v/T), v the exact variance of one estimate given the population. */
  seTheory: number;
  /** √(V̂/T), V̂ the variance of the T estimates with divisor T − 1. */
  seEmpirical: number;
  /** bias / seTheory: the honest test, since the population (and so v) is known. NaN when v = 0. */
  z: number;
  /** bias / seEmpirical: a t-statistic with T − 1 degrees of freedom, as a check. */
  zEmpirical: number;
}

/** The exact variance of one batch mean: s²/m for independent draws, (s²/m)(N − m)/(N − 1) without replacement. */
export function batchMeanVariance(populationVariance: number, {n, m, replace}: {n: number; m: number; replace: boolean}): number {
  return replace ? iidVariance(populationVariance, m) : withoutReplacementVariance(populationVariance, m, n);
}

/**
 * The bias of the mean of T independent estimates against `target`, with its standard
 * error. The T batches are independent of each other in both sampling modes (without
 * replacement, each batch is a fresh partial shuffle), so Var(mean of T) = v/T exactly.
 */
export function biasTest(estimates: ArrayLike<number>, target: number, estimateVariance: number): BiasTest {
  const trials = estimates.length;
  const meanOfMeans = mean(estimates);
  const bias = meanOfMeans - target;
  const seTheory = Math.sqrt(estimateVariance / trials);
  const seEmpirical = Math.sqrt(variance(estimates, {ddof: 1}) / trials);
  return {
    meanOfMeans, bias, seTheory, seEmpirical,
    z: seTheory > 0 ? bias / seTheory : NaN,
    zEmpirical: seEmpirical > 0 ? bias / seEmpirical : NaN,
  };
}

export interface ExpectationOptions {
  seed: number;
  n: number;
  gradient: number;
  noise: number;
  m: number;
  trials: number;
  replace: boolean;
}

export interface ExpectationRun extends PopulationSummary {
  /** The T batch means, in draw order. */
  means: Float64Array;
  /** The exact variance of one batch mean for this mode. */
  batchVariance: number;
  test: BiasTest;
}

/**
 * One cell of the unbiasedness experiment. It draws the same population and the same
 * batches as the Variance page (population, batchStream, batchMeans), so for the same
 * parameters its mean of batch means is the Variance page's, to the last bit.
 */
export function checkExpectation({seed, n, gradient, noise, m, trials, replace}: ExpectationOptions): void {
  checkExperiment({seed, n, gradient, noise, trials, replace, batchSizes: [m]});
}

export function expectationRun(options: ExpectationOptions): ExpectationRun {
  const {seed, n, gradient, noise, m, trials, replace} = options;
  checkExpectation(options);
  const values = population(seed, {n, gradient, noise});
  const summary = summarizePopulation(values);
  const means = batchMeans(values, {m, trials, replace}, batchStream(seed, {n, gradient, noise, m, replace}));
  const batchVariance = batchMeanVariance(summary.populationVariance, {n, m, replace});
  return {...summary, means, batchVariance, test: biasTest(means, summary.populationMean, batchVariance)};
}

/** The running mean of the estimates after t = at[k] of them (1 ≤ t ≤ length), for each k. */
export function runningMeans(estimates: ArrayLike<number>, at: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0, t = 0;
  for (const stop of at) {
    if (!(Number.isInteger(stop) && stop >= 1 && stop <= estimates.length && stop >= t))
      throw new RangeError(`running mean checkpoints must be increasing integers in [1, ${estimates.length}]; got ${stop}`);
    while (t < stop) sum += estimates[t++];
    out.push(sum / t);
  }
  return out;
}

/** About `count` increasing checkpoints from 1 to T, denser at the start (where the running mean moves most). */
export function checkpoints(trials: number, count = 300): number[] {
  const out = new Set<number>();
  for (let t = 1; t <= Math.min(trials, 50); ++t) out.add(t);
  for (let k = 0; k <= count; ++k) out.add(Math.max(1, Math.round(trials ** (k / count))));
  out.add(trials);
  return [...out].sort((a, b) => a - b);
}

/** The share of finite z-scores with |z| > critical (1.96: two-sided 5%). */
export function shareBeyond(zs: ArrayLike<number>, critical = 1.96): {share: number; beyond: number; count: number} {
  let beyond = 0, count = 0;
  for (let i = 0; i < zs.length; ++i) {
    const z = zs[i];
    if (!Number.isFinite(z)) continue;
    ++count;
    if (Math.abs(z) > critical) ++beyond;
  }
  return {share: count ? beyond / count : NaN, beyond, count};
}
