// What theory predicts for the variance of a mini-batch mean.
// One bundled module instead of 117 (scripts/build-vendor.ts), with the same code.
import quantile from "./vendor/chisquare-quantile.js";
import {checkFinite, checkInteger} from "./validate.js";

/** Var of the mean of m independent draws: s²/m, with s² the population variance (divisor N). */
export function iidVariance(populationVariance: number, m: number): number {
  return populationVariance / m;
}

/** The finite-population correction (N − m)/(N − 1) for m draws without replacement. */
export function finitePopulationCorrection(n: number, m: number): number {
  return n === 1 ? 0 : (n - m) / (n - 1);
}

/** Var of the mean of m draws without replacement: (s²/m)(N − m)/(N − 1). */
export function withoutReplacementVariance(populationVariance: number, m: number, n: number): number {
  return iidVariance(populationVariance, m) * finitePopulationCorrection(n, m);
}

/** The p-quantile of the χ² distribution with df degrees of freedom. */
export function chiSquareQuantile(p: number, df: number): number {
  checkFinite("p", p, 0, 1);
  checkFinite("df", df, Number.MIN_VALUE);
  return quantile(p, df);
}

export interface Band { low: number; high: number }

/**
 * The central band (95% by default) for the variance of T batch means with divisor T,
 * when their true variance is v. T·V̂/v ~ χ²_{T−1} for normal batch means, so
 * V̂ ∈ [v·χ²_{T−1}(α/2)/T, v·χ²_{T−1}(1−α/2)/T]. (The divisor-(T−1) estimator would
 * divide by T − 1 instead; we report divisor T, as np.var does.)
 */
export function varianceBand(v: number, trials: number, {level = 0.95} = {}): Band {
  checkInteger("trials (T)", trials, 2);
  checkFinite("level", level, 0, 1);
  const alpha = 1 - level;
  return {
    low: (v * chiSquareQuantile(alpha / 2, trials - 1)) / trials,
    high: (v * chiSquareQuantile(1 - alpha / 2, trials - 1)) / trials,
  };
}
