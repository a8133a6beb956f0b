// The noise of mini-batch gradients in two dimensions: the covariance Σ of the
// per-sample gradients, the covariance of a mini-batch estimate (Σ/m, times
// (N − m)/(N − 1) without replacement), the simple gradient noise scale
// B_simple = tr(Σ)/|G|² (McCandlish et al. 2018, "An Empirical Model of Large-Batch
// Training"), and its practical estimate from two batch sizes (their appendix A.1).
import {mean} from "./estimators.js";
import {finitePopulationCorrection} from "./theory.js";
import {fastBatchSampler, checkSampler} from "./sampling.js";
import {randomStream, cellId, type RandomStream} from "./random/stream.js";
import {checkPath, checkData, gradientStatistics, perSampleGradients, type Covariance2, type PathOptions, type PerSampleGradients, type RegressionData, type Vector2, type Weights} from "./regression.js";
import {checkBoolean, checkInteger, ParameterError} from "./validate.js";

export type {Covariance2};

export const trace = (c: Covariance2): number => c.ss + c.ii;
export const normSquared = (v: Vector2): number => v.slope * v.slope + v.intercept * v.intercept;

/**
 * The covariance of paired values about their mean, divisor N − ddof (two-pass: the
 * mean first, then products of deviations). ddof = 0 gives the population Σ.
 */
export function covariance2(a: ArrayLike<number>, b: ArrayLike<number>, {ddof = 0}: {ddof?: number} = {}): Covariance2 {
  const n = a.length;
  if (b.length !== n) throw new ParameterError("covariance2: second array length", b.length, `equal to the first's (${n})`);
  if (n - ddof <= 0) return {ss: NaN, si: NaN, ii: NaN};
  const ma = mean(a), mb = mean(b);
  let ss = 0, si = 0, ii = 0;
  for (let i = 0; i < n; ++i) {
    const da = a[i] - ma, db = b[i] - mb;
    ss += da * da;
    si += da * db;
    ii += db * db;
  }
  const d = n - ddof;
  return {ss: ss / d, si: si / d, ii: ii / d};
}

/** Σ = (1/N) Σ_i (∇L_i − G)(∇L_i − G)ᵀ, the divisor-N covariance of the per-sample gradients. */
export function gradientCovariance(g: PerSampleGradients): Covariance2 {
  return covariance2(g.slope, g.intercept);
}

/** B_simple = tr(Σ)/|G|²: the batch size at which the noise of a batch mean is as large as |G|². */
export function simpleNoiseScale(traceSigma: number, gradientNorm2: number): number {
  return traceSigma / gradientNorm2;
}

export interface NoiseAtPoint extends ExactNoise {
  gradients: PerSampleGradients;
}

export interface ExactNoise {
  loss: number;
  gradient: Vector2;
  covariance: Covariance2;
  trace: number;
  gradientNorm2: number;
  bSimple: number;
}

/** L, G, Σ, tr(Σ), |G|² and B_simple at w, exact (no sampling, no allocation). */
export function exactNoise(data: RegressionData, w: Weights): ExactNoise {
  const {loss, gradient, covariance} = gradientStatistics(data, w);
  const t = trace(covariance), g2 = normSquared(gradient);
  return {loss, gradient, covariance, trace: t, gradientNorm2: g2, bSimple: simpleNoiseScale(t, g2)};
}

/** exactNoise plus the N per-sample gradients, which mini-batches sample from. */
export function noiseAt(data: RegressionData, w: Weights): NoiseAtPoint {
  return {...exactNoise(data, w), gradients: perSampleGradients(data, w)};
}

export interface PathPoint extends ExactNoise {
  step: number;
  w: Weights;
}

/**
 * The exact noise at every point of full-batch gradient descent (what regression-path-v1
 * records): one gradientStatistics per point, whose G also takes the step, so the points
 * are exactly those of gradientDescentPath.
 */
export function noiseAlongPath(data: RegressionData, options: PathOptions): PathPoint[] {
  checkData(data);
  checkPath(options);
  const {start, learningRate, steps} = options;
  const points: PathPoint[] = [];
  let w: Weights = {slope: start.slope, intercept: start.intercept};
  for (let step = 0; step <= steps; ++step) {
    const point = {step, w, ...exactNoise(data, w)};
    points.push(point);
    w = {slope: w.slope - learningRate * point.gradient.slope, intercept: w.intercept - learningRate * point.gradient.intercept};
  }
  return points;
}

export interface BatchOptions {
  /** N, the number of samples. */
  n: number;
  /** m, the batch size. */
  m: number;
  /** Indices drawn independently (true) or distinct within a batch (false). */
  replace: boolean;
}

/**
 * The factor c(m) with Cov(batch mean) = c(m)·Σ: 1/m with replacement,
 * (1/m)(N − m)/(N − 1) without.
 */
export function noiseFactor({n, m, replace}: BatchOptions): number {
  checkSampler({n, m, replace});
  return replace ? 1 / m : finitePopulationCorrection(n, m) / m;
}

/** Cov of a mini-batch gradient estimate: Σ/m, with the finite-population factor without replacement. */
export function batchCovariance(sigma: Covariance2, options: BatchOptions): Covariance2 {
  const c = noiseFactor(options);
  return {ss: sigma.ss * c, si: sigma.si * c, ii: sigma.ii * c};
}

/**
 * `batches` mini-batch gradient estimates: each the plain sum of m per-sample gradients
 * (indices from batchSampler, in draw order; fastBatchSampler draws the same) divided by m.
 */
export function miniBatchGradients(g: PerSampleGradients, {m, replace, batches}: {m: number; replace: boolean; batches: number}, stream: RandomStream): PerSampleGradients {
  const n = g.slope.length;
  checkInteger("batches", batches, 1);
  const next = fastBatchSampler({n, m, replace}, stream);
  const indices = new Int32Array(m);
  const slope = new Float64Array(batches), intercept = new Float64Array(batches);
  for (let t = 0; t < batches; ++t) {
    next(indices);
    let a = 0, b = 0;
    for (let j = 0; j < m; ++j) {
      const i = indices[j];
      a += g.slope[i];
      b += g.intercept[i];
    }
    slope[t] = a / m;
    intercept[t] = b / m;
  }
  return {slope, intercept};
}

export interface EstimatesSummary {
  /** The mean of the T estimates. */
  mean: Vector2;
  /** Their covariance, divisor T − 1 (unbiased). */
  covariance: Covariance2;
  trace: number;
  /**
   * Standard error of `trace`: the sd over batches of |ĝ_t − mean|² divided by √T (the
   * delta method for a mean of T independent terms; the centring costs O(1/T)).
   */
  traceSe: number;
}

/** Mean, covariance and trace of T mini-batch estimates, with the trace's standard error. */
export function summarizeEstimates(est: PerSampleGradients): EstimatesSummary {
  const t = est.slope.length;
  checkInteger("number of estimates T", t, 2);
  const covariance = covariance2(est.slope, est.intercept, {ddof: 1});
  const centre = {slope: mean(est.slope), intercept: mean(est.intercept)};
  const squares = new Float64Array(t);
  for (let i = 0; i < t; ++i) {
    const a = est.slope[i] - centre.slope, b = est.intercept[i] - centre.intercept;
    squares[i] = a * a + b * b;
  }
  const sd = Math.sqrt(covariance2(squares, squares, {ddof: 1}).ss);
  return {mean: centre, covariance, trace: trace(covariance), traceSe: sd / Math.sqrt(t)};
}

/** The stream of the page's mini-batch cloud and trace chart: one per (seed, dataset, m, mode, use). */
export function batchGradientStream(seed: number, {dataset, m, replace, use}: {dataset: string; m: number; replace: boolean; use: "cloud" | "trace"}): RandomStream {
  // w is not part of the cell: the same batches at every point (common random numbers),
  // so the cloud moves smoothly as the reader moves w.
  return randomStream(seed, cellId("real-loss-batches", use, dataset, m, replace));
}

// ---------------------------------------------------------------------------
// The two-batch estimator.

export interface TwoBatchEstimate {
  /** Unbiased estimate of |G|². */
  gradientNorm2: number;
  /** Unbiased estimate of tr(Σ) (the paper's S). */
  trace: number;
  /** trace / gradientNorm2: a ratio of unbiased estimates, itself biased. */
  bSimple: number;
}

/**
 * From E|g_B|² = |G|² + c(B)·tr(Σ), with c(B) = noiseFactor(B): two batch sizes give two
 * equations in |G|² and tr(Σ). With c(B) = 1/B these are the paper's appendix A.1:
 *   |G|² ≈ (B_big |g_big|² − B_small |g_small|²)/(B_big − B_small),
 *   S    ≈ (|g_small|² − |g_big|²)/(1/B_small − 1/B_big).
 * `correction: "paper"` uses c(B) = 1/B whatever the mode (biased without replacement).
 */
export function twoBatchEstimate(
  {smallNorm2, bigNorm2}: {smallNorm2: number; bigNorm2: number},
  {n, bSmall, bBig, replace, correction = "exact"}: {n: number; bSmall: number; bBig: number; replace: boolean; correction?: "exact" | "paper"}
): TwoBatchEstimate {
  checkTwoBatch({n, bSmall, bBig, replace});
  const paper = correction === "paper";
  const cs = paper ? 1 / bSmall : noiseFactor({n, m: bSmall, replace});
  const cb = paper ? 1 / bBig : noiseFactor({n, m: bBig, replace});
  const t = (smallNorm2 - bigNorm2) / (cs - cb);
  const g2 = (cs * bigNorm2 - cb * smallNorm2) / (cs - cb);
  return {gradientNorm2: g2, trace: t, bSimple: t / g2};
}

export interface TwoBatchOptions {
  n: number;
  bSmall: number;
  bBig: number;
  replace: boolean;
  /** How many (small, big) pairs to average |g|² over before solving. */
  repeats: number;
}

export function checkTwoBatch({n, bSmall, bBig, replace}: {n: number; bSmall: number; bBig: number; replace: boolean}): void {
  checkBoolean("replace", replace);
  checkSampler({n, m: bSmall, replace});
  checkSampler({n, m: bBig, replace});
  if (!(bBig > bSmall)) throw new ParameterError("bBig (B_big)", bBig, `an integer > B_small (${bSmall})`);
}

/**
 * Mean |g_small|² and mean |g_big|² over `repeats` independently drawn pairs of batches.
 * (It copies g into a one-point table, O(N): loops over many seeds at fixed points should
 * build the table once and call twoBatchNormsAt.)
 */
export function twoBatchNorms(g: PerSampleGradients, options: TwoBatchOptions, stream: RandomStream): {smallNorm2: number; bigNorm2: number} {
  return twoBatchNormsAt(gradientTable([g]), options, stream)[0];
}

/**
 * The per-sample gradients of the same N samples at several points, interleaved by
 * sample: values[(i·points + k)·2] is the slope component of sample i at point k, the
 * next value its intercept component. A batch then finds all points' values of a sample
 * in one place (one or two cache lines instead of two per point).
 */
export interface GradientTable {
  n: number;
  points: number;
  values: Float64Array;
}

export function gradientTable(points: readonly PerSampleGradients[]): GradientTable {
  if (points.length === 0) throw new ParameterError("points (per-sample gradients)", "[]", "a non-empty list");
  const n = points[0].slope.length, count = points.length;
  const values = new Float64Array(n * count * 2);
  points.forEach(({slope, intercept}, k) => {
    if (slope.length !== n || intercept.length !== n) throw new ParameterError(`points[${k}] length`, slope.length, `N of points[0] (${n}), in both components`);
    for (let i = 0, p = 2 * k; i < n; ++i, p += 2 * count) {
      values[p] = slope[i];
      values[p + 1] = intercept[i];
    }
  });
  return {n, points: count, values};
}

/**
 * twoBatchNorms at every point of a table, from one set of batches: entry k is exactly
 * twoBatchNorms(point k, options, stream) with the stream opened afresh, since each
 * point's sums are added in the same order. The R small batches are drawn first, then
 * the R big ones, as two miniBatchGradients calls draw them.
 */
export function twoBatchNormsAt(table: GradientTable, {n, bSmall, bBig, replace, repeats}: TwoBatchOptions, stream: RandomStream): {smallNorm2: number; bigNorm2: number}[] {
  checkTwoBatch({n, bSmall, bBig, replace});
  checkInteger("repeats", repeats, 1);
  if (table.n !== n) throw new ParameterError("n", n, `the number of per-sample gradients (${table.n})`);
  const small = sumsOfMeanNorms2(table, bSmall, replace, repeats, stream);
  const big = sumsOfMeanNorms2(table, bBig, replace, repeats, stream);
  return Array.from(small, (s, k) => ({smallNorm2: s / repeats, bigNorm2: big[k] / repeats}));
}

/**
 * Per point, the sum over `batches` batches of |mean gradient of the batch|², each mean
 * the plain sum in draw order divided by m, as miniBatchGradients and twoBatchNorms
 * compute it. The points are summed three at a time in one pass over the batch (a last
 * group of fewer reads its last point again and drops the extra sums).
 */
function sumsOfMeanNorms2({n, points, values}: GradientTable, m: number, replace: boolean, batches: number, stream: RandomStream): Float64Array {
  const next = fastBatchSampler({n, m, replace}, stream);
  const indices = new Int32Array(m);
  const sums = new Float64Array(points);
  const stride = 2 * points;
  for (let t = 0; t < batches; ++t) {
    next(indices);
    for (let k = 0; k < points; k += 3) {
      const o0 = 2 * k, o1 = 2 * Math.min(k + 1, points - 1), o2 = 2 * Math.min(k + 2, points - 1);
      let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0;
      for (let j = 0; j < m; ++j) {
        const i = indices[j] * stride;
        a0 += values[i + o0];
        b0 += values[i + o0 + 1];
        a1 += values[i + o1];
        b1 += values[i + o1 + 1];
        a2 += values[i + o2];
        b2 += values[i + o2 + 1];
      }
      a0 /= m, b0 /= m, a1 /= m, b1 /= m, a2 /= m, b2 /= m;
      sums[k] += a0 * a0 + b0 * b0;
      if (k + 1 < points) sums[k + 1] += a1 * a1 + b1 * b1;
      if (k + 2 < points) sums[k + 2] += a2 * a2 + b2 * b2;
    }
  }
  return sums;
}

/** The stream of one two-batch estimate: one per (seed, dataset, sizes, mode, repeats); w is not in it. */
export function twoBatchStream(seed: number, {dataset, bSmall, bBig, replace, repeats}: {dataset: string; bSmall: number; bBig: number; replace: boolean; repeats: number}): RandomStream {
  return randomStream(seed, cellId("two-batch", dataset, bSmall, bBig, replace, repeats));
}

/** One seeded two-batch estimate at a point, in both corrections. */
export function twoBatchRun(g: PerSampleGradients, options: TwoBatchOptions & {dataset: string; seed: number}) {
  return twoBatchRunsAt(gradientTable([g]), options)[0];
}

/** twoBatchRun at every point of a table, from the same batches (the stream does not depend on the point). */
export function twoBatchRunsAt(table: GradientTable, options: TwoBatchOptions & {dataset: string; seed: number}) {
  return twoBatchNormsAt(table, options, twoBatchStream(options.seed, options)).map((norms) =>
    ({...norms, exact: twoBatchEstimate(norms, options), paper: twoBatchEstimate(norms, {...options, correction: "paper"})}));
}
