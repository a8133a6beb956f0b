// One cell of the escape snapshots, run on a worker: all runs of one (η, σ, m).
import {quantileSorted, mean} from "d3-array";
import {simulateWell} from "../../src/lib/escape/well-sgd.js";
import {simulateSaddle} from "../../src/lib/escape/saddle-sgd.js";
import {escapedBy} from "../../src/lib/escape/sgd-options.js";
import {temperature, kramers, saddleEscapeTime, saddleEscapeQuantile, saddleTheoryValid} from "../../src/lib/escape/theory.js";
import {wilsonInterval} from "../../src/lib/wilson.js";

export interface WellTask {
  h: number;
  a: number;
  n: number;
  sigma: number;
  eta: number;
  m: number;
  replace: boolean;
  seed: number;
  runs: number;
  /** K, the longest checkpoint; runs stop at their escape. */
  steps: number;
  /** The steps k ≤ K at which escapes are counted. */
  checkpoints: number[];
}

/** One row per checkpoint, in the column order of ESCAPE_WELL_COLUMNS. */
export function escapeWellRows(task: WellTask): (number | boolean)[][] {
  const {h, a, n, sigma, eta, m, replace, seed, runs, steps} = task;
  const result = simulateWell({h, a, n, sigma, eta, m, replace, seed, runs, steps}, {stopAtEscape: true});
  const s2 = result.noise.variance[0];
  const t = temperature({eta, m, n, s2, replace});
  return task.checkpoints.map((k) => {
    const escaped = escapedBy(result.escapeStep, k);
    const diverged = escapedBy(result.divergeStep, k);
    const {low, high} = wilsonInterval(escaped, runs);
    const theory = kramers(result.well, {t, eta, steps: k});
    return [h, a, n, sigma, eta, m, replace, seed, runs, k, k * eta, s2, t, result.well.barrierHeight, theory.barrierOverT, theory.etaCurvature,
      escaped, escaped / runs, low, high, diverged, theory.rate, theory.probability, theory.valid];
  });
}

export interface SaddleTask {
  rho: number;
  x0: number;
  n: number;
  sigma: number;
  eta: number;
  m: number;
  replace: boolean;
  seed: number;
  runs: number;
  /** The most steps a run may take; every run must escape before. */
  steps: number;
}

export const SADDLE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** One row, in the column order of ESCAPE_SADDLE_COLUMNS. */
export function escapeSaddleRows(task: SaddleTask): (number | boolean)[][] {
  const {rho, x0, n, sigma, eta, m, replace, seed, runs, steps} = task;
  const result = simulateSaddle({rho, x0, n, sigma, eta, m, replace, seed, runs, steps}, {stopAtEscape: true, trackX: false});
  const missing = result.escapeStep.filter((k) => k < 0).length;
  if (missing > 0)
    throw new Error(`snapshot escape-saddle: ${missing} of ${runs} runs did not escape within ${steps} steps at η = ${eta}, σ = ${sigma}, m = ${m}; raise the grid's steps`);
  const s2 = result.noise.variance[1];
  const t = temperature({eta, m, n, s2, replace});
  const times = Array.from(result.escapeStep, (k) => k * eta).sort((p, q) => p - q);
  return [[rho, x0, n, sigma, eta, m, replace, seed, runs, steps, s2, t, runs - missing,
    ...SADDLE_QUANTILES.map((q) => quantileSorted(times, q)!), mean(times)!,
    saddleEscapeTime(t, rho), ...SADDLE_QUANTILES.map((q) => saddleEscapeQuantile(q, t, rho)), saddleTheoryValid({t, rho, eta}).valid]];
}
