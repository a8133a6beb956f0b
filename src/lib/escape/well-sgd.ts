// SGD and GD in the tilted double well. Data point i has the loss ℓ_i(w) = L(w) + ξ_i·w,
// so its gradient is L′(w) + ξ_i; the mini-batch gradient is L′(w) + (mean of the
// batch's ξ), and a step is w ← w − η·g. Every run starts at the shallow minimum.
// Only + − × ÷ and comparisons: the same seed gives the same doubles everywhere.
import {batchMeansOf} from "../sampling.js";
import {doubleWell, gradient, type DoubleWell, type DoubleWellOptions} from "./double-well.js";
import {noisePopulation, type NoisePopulation} from "./noise.js";
import {checkFinite, checkInteger} from "../validate.js";
import {checkSgd, checkLearningRate, runStream, checkRunRange, checkRecordEvery, NOISE_CHUNK, DIVERGENCE_BOUND, MAX_STEPS, type SgdOptions} from "./sgd-options.js";

export interface WellOptions extends SgdOptions, DoubleWellOptions {}

export interface WellRunOptions {
  /** The runs to simulate, [from, to); defaults to all. Run r is the same in any range. */
  from?: number;
  to?: number;
  /** Stop a run at its escape (loaders) instead of running all K steps (pages). */
  stopAtEscape?: boolean;
  /** Store w every this many steps (0: store nothing). */
  recordEvery?: number;
}

export interface WellRuns {
  from: number;
  to: number;
  /** Per run: the first step k ≥ 1 with w past the escape line, or −1 if none within K. */
  escapeStep: Int32Array;
  /** Per run: the step at which |w| > DIVERGENCE_BOUND (or w stopped being finite), or −1. */
  divergeStep: Int32Array;
  /** Per run: w after the last simulated step (NaN after a divergence). */
  finalW: Float64Array;
  /** Positions w at steps 0, e, 2e, … ≤ K (e = recordEvery), run after run; NaN after a divergence or stop. */
  path: Float64Array | null;
  /** Positions stored per run. */
  pathLength: number;
  recordEvery: number;
}

export function checkWell(options: WellOptions): DoubleWell {
  checkSgd(options);
  return doubleWell(options);
}

/** Runs [from, to) of the experiment, given the landscape and the noise population already built. */
export function simulateWellRuns(options: WellOptions, well: DoubleWell, noise: NoisePopulation, run: WellRunOptions = {}): WellRuns {
  const {eta, m, replace, steps} = options;
  const {from = 0, to = options.runs, stopAtEscape = false, recordEvery = 0} = run;
  checkRunRange(options.runs, from, to);
  checkRecordEvery(recordEvery);
  const values = noise.components[0];
  const count = to - from;
  const escapeStep = new Int32Array(count).fill(-1);
  const divergeStep = new Int32Array(count).fill(-1);
  const finalW = new Float64Array(count);
  const pathLength = recordEvery ? Math.floor(steps / recordEvery) + 1 : 0;
  const path = recordEvery ? new Float64Array(count * pathLength).fill(NaN) : null;
  const {side, escapeLine} = well;
  for (let r = 0; r < count; ++r) {
    const stream = runStream("well", options, from + r);
    let w = well.shallow;
    if (path) path[r * pathLength] = w;
    let escaped = -1, diverged = -1;
    for (let start = 0; start < steps; start += NOISE_CHUNK) {
      const length = Math.min(NOISE_CHUNK, steps - start);
      const xi = batchMeansOf(values, {m, replace}, length, stream);
      for (let j = 0; j < length; ++j) {
        w = w - eta * (gradient(well, w) + xi[j]);
        const k = start + j + 1;
        if (!(Math.abs(w) <= DIVERGENCE_BOUND)) {
          diverged = k;
          w = NaN;
          break;
        }
        if (path && k % recordEvery === 0) path[r * pathLength + k / recordEvery] = w;
        if (escaped < 0 && side * (w - escapeLine) < 0) {
          escaped = k;
          if (stopAtEscape) break;
        }
      }
      if (diverged >= 0 || (stopAtEscape && escaped >= 0)) break;
    }
    escapeStep[r] = escaped;
    divergeStep[r] = diverged;
    finalW[r] = w;
  }
  return {from, to, escapeStep, divergeStep, finalW, path, pathLength, recordEvery};
}

/** The whole experiment (or runs [from, to)): a pure function of its options. */
export function simulateWell(options: WellOptions, run: WellRunOptions = {}): WellRuns & {well: DoubleWell; noise: NoisePopulation} {
  const well = checkWell(options);
  const noise = noisePopulation(options.seed, "well", options);
  return {...simulateWellRuns(options, well, noise, run), well, noise};
}

/**
 * Full-batch gradient descent from the shallow minimum, w ← w − η·L′(w), for K steps:
 * the positions at steps 0, e, 2e, … (e = recordEvery ≥ 1). It uses the exact L′ (the
 * mean of the centred ξ is zero), so it never sees a rounding residual.
 */
export function wellDescent(options: DoubleWellOptions & {eta: number; steps: number; start?: number}, recordEvery = 1): Float64Array {
  const well = doubleWell(options);
  const {eta, steps, start = well.shallow} = options;
  checkLearningRate(eta);
  checkInteger("K (steps)", steps, 1, MAX_STEPS);
  checkFinite("start", start);
  checkRecordEvery(recordEvery);
  const every = Math.max(1, recordEvery);
  const out = new Float64Array(Math.floor(steps / every) + 1);
  let w = start;
  out[0] = w;
  for (let k = 1; k <= steps; ++k) {
    w = w - eta * gradient(well, w);
    if (k % every === 0) out[k / every] = w;
  }
  return out;
}
