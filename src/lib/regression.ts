// A real loss: linear regression with squared loss on a standardised feature.
//
//   model      ŷ_i = w·x_i,   x_i = (f_i, 1),   w = (slope, intercept)
//   loss       L(w) = (1/N) Σ_i L_i(w),   L_i(w) = (w·x_i − y_i)²
//   gradient   ∇L_i(w) = 2 (w·x_i − y_i) x_i,   G(w) = ∇L(w) = (1/N) Σ_i ∇L_i(w)
//
// With two parameters every per-sample gradient is a point in the plane. Everything
// here uses only + − × ÷ and Math.sqrt (and fdlibm's log for log features), so a
// page and a build loader get identical doubles.
import {log} from "./random/fdlibm-log.js";
import {mean, variance} from "./estimators.js";
import {checkFinite, checkInteger, ParameterError} from "./validate.js";

/** Feature f_i and target y_i, already in the units the model sees. */
export interface RegressionData {
  x: Float64Array;
  y: Float64Array;
}

/** The two parameters: w·x_i = slope·f_i + intercept. */
export interface Weights {
  slope: number;
  intercept: number;
}

/** The N per-sample gradients, one array per coordinate. */
export interface PerSampleGradients {
  slope: Float64Array;
  intercept: Float64Array;
}

/** A vector in the (slope, intercept) plane. */
export interface Vector2 {
  slope: number;
  intercept: number;
}

export function checkData({x, y}: RegressionData): number {
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) throw new ParameterError("data", "not Float64Array", "x and y as Float64Array");
  if (x.length !== y.length) throw new ParameterError("data.y.length", y.length, `equal to data.x.length (${x.length})`);
  checkInteger("N (rows of data)", x.length, 1);
  return x.length;
}

export function checkWeights(w: Weights): Weights {
  checkFinite("w.slope", w.slope);
  checkFinite("w.intercept", w.intercept);
  return w;
}

// ---------------------------------------------------------------------------
// Preparing the columns: optional log, then standardisation.

export type Transform = "identity" | "log";

export interface Standardisation {
  /** Mean and standard deviation (divisor N) of the transformed column. */
  mean: number;
  sd: number;
}

export interface PreparedData extends RegressionData {
  feature: Standardisation;
  target: Standardisation;
}

/** Applies the transform; a log of a value ≤ 0 is an error naming the column and row. */
export function transformColumn(values: ArrayLike<number>, transform: Transform, name: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; ++i) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new ParameterError(`${name}[${i}]`, v, "a finite number");
    if (transform === "log" && !(v > 0)) throw new ParameterError(`${name}[${i}]`, v, "a number > 0 (it is log-transformed)");
    out[i] = transform === "log" ? log(v) : v;
  }
  return out;
}

/** (v − mean)/sd, with mean and sd (divisor N) of the values themselves. */
export function standardise(values: Float64Array, name: string): {values: Float64Array} & Standardisation {
  const centre = mean(values);
  const sd = Math.sqrt(variance(values));
  if (!(sd > 0)) throw new ParameterError(`${name} (standard deviation)`, sd, "> 0: a constant column cannot be standardised");
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; ++i) out[i] = (values[i] - centre) / sd;
  return {values: out, mean: centre, sd};
}

export interface PrepareOptions {
  featureTransform: Transform;
  targetTransform: Transform;
}

/**
 * The data the model sees: feature and target each transformed, then standardised to
 * mean 0 and standard deviation 1 (divisor N). A standardised target puts the loss in
 * units of the target's variance: L at the optimum is 1 − ρ², ρ the correlation.
 */
export function prepareRegression(raw: {x: ArrayLike<number>; y: ArrayLike<number>}, {featureTransform, targetTransform}: PrepareOptions): PreparedData {
  if (raw.x.length !== raw.y.length) throw new ParameterError("raw.y.length", raw.y.length, `equal to raw.x.length (${raw.x.length})`);
  checkInteger("N (rows of data)", raw.x.length, 2);
  const f = standardise(transformColumn(raw.x, featureTransform, "feature"), "feature");
  const t = standardise(transformColumn(raw.y, targetTransform, "target"), "target");
  return {x: f.values, y: t.values, feature: {mean: f.mean, sd: f.sd}, target: {mean: t.mean, sd: t.sd}};
}

// ---------------------------------------------------------------------------
// Loss and gradients.

/** L_i(w) = (slope·f_i + intercept − y_i)². */
export function sampleLoss(data: RegressionData, w: Weights, i: number): number {
  const r = w.slope * data.x[i] + w.intercept - data.y[i];
  return r * r;
}

/** L(w), the mean of the N per-sample losses. */
export function loss(data: RegressionData, w: Weights): number {
  const n = checkData(data);
  checkWeights(w);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; ++i) losses[i] = sampleLoss(data, w, i);
  return mean(losses);
}

/** ∇L_i(w) = 2 r_i (f_i, 1), r_i = w·x_i − y_i, for every i. */
export function perSampleGradients(data: RegressionData, w: Weights): PerSampleGradients {
  const n = checkData(data);
  checkWeights(w);
  const slope = new Float64Array(n), intercept = new Float64Array(n);
  const {x, y} = data;
  for (let i = 0; i < n; ++i) {
    const twoR = 2 * (w.slope * x[i] + w.intercept - y[i]);
    slope[i] = twoR * x[i];
    intercept[i] = twoR;
  }
  return {slope, intercept};
}

/** G = (1/N) Σ ∇L_i: the mean of the per-sample gradients. */
export function meanGradient(g: PerSampleGradients): Vector2 {
  return {slope: mean(g.slope), intercept: mean(g.intercept)};
}

/** A symmetric 2×2 covariance in the (slope, intercept) plane. */
export interface Covariance2 {
  /** Var of the slope coordinate. */
  ss: number;
  /** Covariance of the slope and intercept coordinates. */
  si: number;
  /** Var of the intercept coordinate. */
  ii: number;
}

export interface GradientStatistics {
  /** L(w). */
  loss: number;
  /** G(w), the mean of the per-sample gradients. */
  gradient: Vector2;
  /** Σ(w), their covariance with divisor N. */
  covariance: Covariance2;
}

/**
 * L, G and Σ at w in two passes over the data and no allocation: the first pass sums,
 * the second accumulates deviations from the first pass's means and corrects them, as
 * estimators.ts's mean and variance do (Chan, Golub & LeVeque's corrected two-pass
 * formula). This is the hot loop of the gradient-descent path: 81 points × 53,940 rows.
 */
export function gradientStatistics(data: RegressionData, w: Weights): GradientStatistics {
  const n = checkData(data);
  checkWeights(w);
  const {x, y} = data;
  const a = w.slope, b = w.intercept;
  let sumS = 0, sumI = 0, sumL = 0;
  for (let i = 0; i < n; ++i) {
    const r = a * x[i] + b - y[i];
    sumS += 2 * r * x[i];
    sumI += 2 * r;
    sumL += r * r;
  }
  const ms = sumS / n, mi = sumI / n, ml = sumL / n;
  let ds = 0, di = 0, dl = 0, ss = 0, si = 0, ii = 0;
  for (let i = 0; i < n; ++i) {
    const r = a * x[i] + b - y[i];
    const es = 2 * r * x[i] - ms, ei = 2 * r - mi;
    ds += es;
    di += ei;
    dl += r * r - ml;
    ss += es * es;
    si += es * ei;
    ii += ei * ei;
  }
  return {
    loss: ml + dl / n,
    gradient: {slope: ms + ds / n, intercept: mi + di / n},
    covariance: {ss: (ss - (ds * ds) / n) / n, si: (si - (ds * di) / n) / n, ii: (ii - (di * di) / n) / n},
  };
}

/** The full-batch gradient G(w) = ∇L(w). */
export function fullGradient(data: RegressionData, w: Weights): Vector2 {
  return gradientStatistics(data, w).gradient;
}

/** The least-squares optimum w* (normal equations; for standardised data w* = (ρ, 0)). */
export function leastSquares({x, y}: RegressionData): Weights {
  const mx = mean(x), my = mean(y);
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; ++i) {
    const dx = x[i] - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  if (!(sxx > 0)) throw new ParameterError("feature (spread)", sxx, "> 0: a constant feature has no least-squares slope");
  const slope = sxy / sxx;
  return {slope, intercept: my - slope * mx};
}

// ---------------------------------------------------------------------------
// Full-batch gradient descent.

export interface PathOptions {
  start: Weights;
  /** η in w_{k+1} = w_k − η G(w_k). */
  learningRate: number;
  /** Number of steps K; the path has K + 1 points. */
  steps: number;
}

export const MAX_PATH_STEPS = 10_000;

/** The page's default path and the one the regression-path snapshot records. */
export const REFERENCE_PATH: Readonly<PathOptions> = Object.freeze({start: Object.freeze({slope: -1, intercept: 1.5}), learningRate: 0.05, steps: 80});

export function checkPath({start, learningRate, steps}: PathOptions): void {
  checkFinite("start.slope", start.slope);
  checkFinite("start.intercept", start.intercept);
  checkFinite("learningRate (η)", learningRate, Number.MIN_VALUE, 10);
  checkInteger("steps", steps, 0, MAX_PATH_STEPS);
}

/** w_0 = start, w_{k+1} = w_k − η G(w_k): the K + 1 points of full-batch gradient descent. */
export function gradientDescentPath(data: RegressionData, options: PathOptions): Weights[] {
  checkData(data);
  checkPath(options);
  const {start, learningRate, steps} = options;
  const path: Weights[] = [{slope: start.slope, intercept: start.intercept}];
  let w = path[0];
  for (let k = 0; k < steps; ++k) {
    const g = fullGradient(data, w);
    w = {slope: w.slope - learningRate * g.slope, intercept: w.intercept - learningRate * g.intercept};
    path.push(w);
  }
  return path;
}
