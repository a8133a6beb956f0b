// Non-uniform mini-batches. A sampler that draws index i with probability p_i
// (independently, with replacement), and two estimators of the full gradient built from
// the same draws:
//   plain     (1/m) Σ_j g_{i_j}               → E = Σ p_i g_i, biased unless p is uniform;
//   weighted  (1/m) Σ_j g_{i_j} / (N p_{i_j}) → E = Σ p_i g_i / (N p_i) = (1/N) Σ g_i, unbiased
// for any p with every p_i > 0 (a sample that can never be drawn cannot be reweighted).
//
// Sampling uses Walker's alias method (Vose's construction): one below(N) and one
// random() per draw. Construction and sampling use only + − × ÷, so a seed gives the
// same indices in every engine.
import {population, checkPopulation} from "./population.js";
import {summarizePopulation, type PopulationSummary} from "./experiment.js";
import {randomStream, cellId, type RandomStream} from "./random/stream.js";
import {biasTest, type BiasTest} from "./unbiasedness.js";
import {checkFinite, checkInteger, ParameterError} from "./validate.js";
import {MAX_POPULATION} from "./population.js";

export interface AliasTable {
  /** p_i = w_i / Σw, the probability of drawing index i. */
  probabilities: Float64Array;
  /** Keep column i with probability threshold[i], else take alias[i]. */
  threshold: Float64Array;
  alias: Int32Array;
}

/** Checks sampling weights: at least one, each finite and > 0. */
export function checkWeights(weights: ArrayLike<number>): void {
  const n = weights?.length;
  checkInteger("weights.length (population size N)", n, 1, MAX_POPULATION);
  for (let i = 0; i < n; ++i) {
    const w = weights[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w <= 0)
      throw new ParameterError(`weights[${i}]`, w, "a finite number > 0 (a sample with probability 0 can never be reweighted)");
  }
}

/** Vose's alias table for drawing i with probability w_i / Σw. Deterministic. */
export function aliasTable(weights: ArrayLike<number>): AliasTable {
  checkWeights(weights);
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; ++i) total += weights[i];
  const probabilities = new Float64Array(n);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    probabilities[i] = weights[i] / total;
    scaled[i] = probabilities[i] * n;
  }
  const threshold = new Float64Array(n), alias = new Int32Array(n);
  const small: number[] = [], large: number[] = [];
  for (let i = 0; i < n; ++i) (scaled[i] < 1 ? small : large).push(i);
  while (small.length && large.length) {
    const s = small.pop()!, l = large.pop()!;
    threshold[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  // What is left has scaled ≈ 1 up to rounding: always keep it.
  for (const i of [...large, ...small]) (threshold[i] = 1), (alias[i] = i);
  return {probabilities, threshold, alias};
}

/** The probabilities the table actually draws with (for tests): column share plus alias shares, / N. */
export function aliasProbabilities({threshold, alias}: AliasTable): Float64Array {
  const n = threshold.length, p = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    p[i] += threshold[i] / n;
    p[alias[i]] += (1 - threshold[i]) / n;
  }
  return p;
}

/** A sampler of indices from the table, drawing from `stream`. */
export function aliasSampler({threshold, alias}: AliasTable, stream: RandomStream): () => number {
  const n = threshold.length;
  return () => {
    const i = stream.below(n);
    return stream.random() < threshold[i] ? i : alias[i];
  };
}

/**
 * Weights that favour large gradients, as a loss-based ("hard example") sampler does:
 * w_i = 1 + tilt · (g_i − min g)/(max g − min g), so the largest gradient is (1 + tilt)
 * times as likely as the smallest. tilt = 0 is uniform.
 */
export function tiltedWeights(values: ArrayLike<number>, tilt: number): Float64Array {
  checkFinite("tilt", tilt, 0, MAX_TILT);
  const n = values.length;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; ++i) (lo = Math.min(lo, values[i])), (hi = Math.max(hi, values[i]));
  const range = hi - lo;
  const w = new Float64Array(n);
  for (let i = 0; i < n; ++i) w[i] = range > 0 ? 1 + (tilt * (values[i] - lo)) / range : 1;
  return w;
}

export const MAX_TILT = 1000;

export interface EstimatorMoments {
  /** E of one plain draw: Σ p_i g_i. */
  plainMean: number;
  /** Var of one plain draw: Σ p_i (g_i − plainMean)². */
  plainVariance: number;
  /** E of one weighted draw g_i/(N p_i): the full gradient (1/N) Σ g_i. */
  weightedMean: number;
  /** Var of one weighted draw: Σ p_i (g_i/(N p_i) − weightedMean)². */
  weightedVariance: number;
}

/** The exact mean and variance of one draw of each estimator, given the population and p. */
export function estimatorMoments(values: ArrayLike<number>, probabilities: ArrayLike<number>): EstimatorMoments {
  const n = values.length;
  let plainMean = 0, weightedMean = 0;
  for (let i = 0; i < n; ++i) {
    plainMean += probabilities[i] * values[i];
    weightedMean += values[i] / n;
  }
  let plainVariance = 0, weightedVariance = 0;
  for (let i = 0; i < n; ++i) {
    const p = probabilities[i], d = values[i] - plainMean, e = values[i] / (n * p) - weightedMean;
    plainVariance += p * d * d;
    weightedVariance += p * e * e;
  }
  return {plainMean, plainVariance, weightedMean, weightedVariance};
}

/**
 * T mini-batches of m indices drawn from the table, and for each batch both estimates
 * from the same indices: the plain mean and the importance-weighted mean.
 */
export function importanceMeans(values: Float64Array, table: AliasTable, {m, trials}: {m: number; trials: number}, stream: RandomStream): {plain: Float64Array; weighted: Float64Array} {
  const n = values.length;
  if (table.threshold.length !== n) throw new ParameterError("table size", table.threshold.length, `equal to the population size ${n}`);
  checkInteger("m (batch size)", m, 1, MAX_POPULATION);
  checkInteger("trials (T)", trials, 2, MAX_IMPORTANCE_TRIALS);
  const ratio = new Float64Array(n); // g_i/(N p_i), the weighted contribution of index i
  for (let i = 0; i < n; ++i) ratio[i] = values[i] / (n * table.probabilities[i]);
  const next = aliasSampler(table, stream);
  const plain = new Float64Array(trials), weighted = new Float64Array(trials);
  for (let t = 0; t < trials; ++t) {
    let a = 0, b = 0;
    for (let j = 0; j < m; ++j) {
      const i = next();
      a += values[i];
      b += ratio[i];
    }
    plain[t] = a / m;
    weighted[t] = b / m;
  }
  return {plain, weighted};
}

export const MAX_IMPORTANCE_TRIALS = 10_000_000;

export interface ImportanceOptions {
  seed: number;
  n: number;
  gradient: number;
  noise: number;
  /** How strongly the sampler favours large gradients (see tiltedWeights). */
  tilt: number;
  m: number;
  trials: number;
}

export interface ImportanceRun extends PopulationSummary {
  /** The population g_i and the sampler's p_i, for drawing the sampler. */
  values: Float64Array;
  probabilities: Float64Array;
  moments: EstimatorMoments;
  plain: Float64Array;
  weighted: Float64Array;
  /** Both tested against the full gradient; the plain one's expected bias is plainMean − populationMean. */
  plainTest: BiasTest;
  weightedTest: BiasTest;
  /** The smallest and largest N·p_i: how far the sampler is from uniform. */
  minScaledProbability: number;
  maxScaledProbability: number;
}

/** The non-uniform sampler's own stream: one per (seed, N, gradient, σ, tilt, m). */
export function importanceStream(seed: number, {n, gradient, noise, tilt, m}: Omit<ImportanceOptions, "seed" | "trials">): RandomStream {
  return randomStream(seed, cellId("importance", n, gradient, noise, tilt, m));
}

export function checkImportance({seed, n, gradient, noise, tilt, m, trials}: ImportanceOptions): void {
  checkInteger("seed", seed, 0, 0xffffffff);
  checkPopulation({n, gradient, noise});
  checkFinite("tilt", tilt, 0, MAX_TILT);
  checkInteger("m (batch size)", m, 1, MAX_POPULATION);
  checkInteger("trials (T)", trials, 2, MAX_IMPORTANCE_TRIALS);
}

/** The population of the other pages (same seed, same values), sampled non-uniformly. */
export function importanceRun(options: ImportanceOptions): ImportanceRun {
  const {seed, n, gradient, noise, tilt, m, trials} = options;
  checkImportance(options);
  const values = population(seed, {n, gradient, noise});
  const summary = summarizePopulation(values);
  const table = aliasTable(tiltedWeights(values, tilt));
  const moments = estimatorMoments(values, table.probabilities);
  const {plain, weighted} = importanceMeans(values, table, {m, trials}, importanceStream(seed, options));
  let lo = Infinity, hi = -Infinity;
  for (const p of table.probabilities) (lo = Math.min(lo, p * n)), (hi = Math.max(hi, p * n));
  return {
    ...summary, values, probabilities: table.probabilities, moments, plain, weighted,
    plainTest: biasTest(plain, summary.populationMean, moments.plainVariance / m),
    weightedTest: biasTest(weighted, summary.populationMean, moments.weightedVariance / m),
    minScaledProbability: lo, maxScaledProbability: hi,
  };
}
