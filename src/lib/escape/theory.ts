// What theory predicts for SGD escapes: SGD with step η and batch noise of variance
// σ_b² per step is, for small η, the Langevin equation dw = −∇L dt + √(2T) dW in the
// time t = k·η with temperature T = η·σ_b²/2. From there, Kramers' rate for the double
// well (escape exponential in 1/T) and the linear growth of the unstable direction for
// the saddle (escape logarithmic in 1/T). Theory curves may use Math.exp/log: they are
// compared across engines with a tolerance, never exactly.
import {finitePopulationCorrection, chiSquareQuantile} from "../theory.js";
import {checkFinite, checkInteger} from "../validate.js";
import {SADDLE_LAMBDA} from "./saddle.js";
import type {DoubleWell} from "./double-well.js";

export interface TemperatureOptions {
  eta: number;
  m: number;
  n: number;
  /** s², the per-sample noise variance with divisor N. */
  s2: number;
  replace: boolean;
}

/**
 * T = η·s²/(2m), times (N − m)/(N − 1) without replacement: half of η times the
 * variance of the batch-mean noise, because a step adds η²·Var = 2T·dt with dt = η.
 */
export function temperature({eta, m, n, s2, replace}: TemperatureOptions): number {
  const batchVariance = (s2 / m) * (replace ? 1 : finitePopulationCorrection(n, m));
  return (eta * batchVariance) / 2;
}

/** Where we trust Kramers: a high barrier and a small step. */
export const KRAMERS_MIN_BARRIER_OVER_T = 3;
export const KRAMERS_MAX_ETA_CURVATURE = 0.1;

export interface KramersPrediction {
  /** ΔL/T: the barrier in units of the temperature. */
  barrierOverT: number;
  /** η·max(L″(shallow), |L″(barrier)|): how far the step is from the continuous-time limit. */
  etaCurvature: number;
  /** r, escapes per unit time t. */
  rate: number;
  /** 1 − exp(−K·η·r). */
  probability: number;
  /** Whether ΔL/T ≥ 3 and η·L″ ≤ 0.1; outside, the numbers are shown greyed out. */
  valid: boolean;
  /** Why not, in words (empty when valid). */
  caveats: string[];
}

/** Kramers' rate r ≈ √(L″(a)·|L″(b)|)/(2π) · exp(−ΔL/T) (0 at T = 0). */
export function kramersRate(well: DoubleWell, t: number): number {
  checkFinite("T (temperature)", t, 0);
  if (t === 0) return 0;
  return (Math.sqrt(well.curvatureShallow * -well.curvatureBarrier) / (2 * Math.PI)) * Math.exp(-well.barrierHeight / t);
}

/** P(escape within K steps) ≈ 1 − exp(−K·η·r), with its validity. */
export function kramers(well: DoubleWell, {t, eta, steps}: {t: number; eta: number; steps: number}): KramersPrediction {
  checkInteger("K (steps)", steps, 0);
  checkFinite("η (learning rate)", eta, 0);
  const rate = kramersRate(well, t);
  const barrierOverT = t === 0 ? Infinity : well.barrierHeight / t;
  const etaCurvature = eta * Math.max(well.curvatureShallow, -well.curvatureBarrier);
  const caveats: string[] = [];
  if (!(barrierOverT >= KRAMERS_MIN_BARRIER_OVER_T)) caveats.push(`ΔL/T = ${barrierOverT.toPrecision(3)} < ${KRAMERS_MIN_BARRIER_OVER_T}: the barrier is too low for a rate`);
  if (!(etaCurvature <= KRAMERS_MAX_ETA_CURVATURE)) caveats.push(`η·L″ = ${etaCurvature.toPrecision(3)} > ${KRAMERS_MAX_ETA_CURVATURE}: the step is too large for continuous time`);
  return {barrierOverT, etaCurvature, rate, probability: -Math.expm1(-steps * eta * rate), valid: caveats.length === 0, caveats};
}

/**
 * The saddle's escape time t ≈ ln(1 + λρ²/T)/(2λ): the time at which the spread of the
 * linearised unstable coordinate, Var y(t) = (T/λ)(e^{2λt} − 1), reaches ρ². Logarithmic
 * in 1/T (the well's escape time is exponential in 1/T).
 */
export function saddleEscapeTime(t: number, rho: number, lambda = SADDLE_LAMBDA): number {
  checkFinite("T (temperature)", t, 0);
  return Math.log1p((lambda * rho * rho) / t) / (2 * lambda);
}

/**
 * The q-quantile of the escape time in the same linear theory: P(τ ≤ t) ≈ P(|y(t)| > ρ)
 * with y(t) ~ Normal(0, (T/λ)(e^{2λt} − 1)), so τ_q = ln(1 + λρ_u²/(T·z²))/(2λ) with z
 * the point where P(|Z| > z) = q (z² = χ²₁ quantile at 1 − q). With ρ_u = ρ this is the
 * formula above at z = 1. The cubic term of ∂f/∂y slows the final climb; in u = y/√(1 − y²)
 * the noise-free flow u̇ = λu is exactly linear, so ρ_u = ρ/√(1 − ρ²) corrects for it.
 */
export function saddleEscapeQuantile(q: number, t: number, rho: number, {cubic = true, lambda = SADDLE_LAMBDA} = {}): number {
  checkFinite("q", q, Number.MIN_VALUE, 1 - Number.EPSILON);
  checkFinite("T (temperature)", t, 0);
  const z2 = chiSquareQuantile(1 - q, 1);
  const rhoU2 = cubic ? (rho * rho) / (1 - rho * rho) : rho * rho;
  return Math.log1p((lambda * rhoU2) / (t * z2)) / (2 * lambda);
}

/** Where we trust the saddle's linear theory: the noise is small on the scale ρ, and a run takes many steps. */
export const SADDLE_MIN_RHO2_OVER_T = 5;
export const SADDLE_MIN_STEPS = 20;

export function saddleTheoryValid({t, rho, eta, lambda = SADDLE_LAMBDA}: {t: number; rho: number; eta: number; lambda?: number}): {valid: boolean; caveats: string[]} {
  const caveats: string[] = [];
  const ratio = t === 0 ? Infinity : (lambda * rho * rho) / t;
  if (!(ratio >= SADDLE_MIN_RHO2_OVER_T)) caveats.push(`λρ²/T = ${ratio.toPrecision(3)} < ${SADDLE_MIN_RHO2_OVER_T}: the noise alone carries y past ρ`);
  const steps = saddleEscapeTime(t, rho, lambda) / eta;
  if (!(steps >= SADDLE_MIN_STEPS)) caveats.push(`the predicted escape takes ${steps.toPrecision(3)} < ${SADDLE_MIN_STEPS} steps: too few for continuous time`);
  return {valid: caveats.length === 0, caveats};
}
