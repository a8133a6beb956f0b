// SGD and GD at the strict saddle f(x, y) = (x² − y²)/2 + y⁴/4. Data point i adds a
// centred noise vector (ξx_i, ξy_i) to ∇f; a step is (x, y) ← (x, y) − η·(∇f + batch
// mean of ξ). Runs start on the stable manifold, at (x0, 0). A run has escaped at the
// first step with |y| > ρ. Only + − × ÷ and comparisons.
//
// The batch of step k must be the same for both components. batchMeansOf draws its
// batches exactly like batchSampler (same indices, same order, see sampling.ts), so
// opening the run's stream twice and averaging x and y separately gives the means of
// the same batches, at the speed of the fused loop.
import {batchMeansOf} from "../sampling.js";
import {checkFinite, checkInteger, ParameterError} from "../validate.js";
import {saddleGradientX, saddleGradientY} from "./saddle.js";
import {noisePopulation, type NoisePopulation} from "./noise.js";
import {checkSgd, checkLearningRate, runStream, checkRunRange, checkRecordEvery, NOISE_CHUNK, DIVERGENCE_BOUND, MAX_STEPS, type SgdOptions} from "./sgd-options.js";

export interface SaddleOptions extends SgdOptions {
  /** ρ in (0, 1): a run has escaped once |y| > ρ. */
  rho: number;
  /** The start (x0, 0) on the stable manifold. */
  x0: number;
}

export interface SaddleRunOptions {
  from?: number;
  to?: number;
  /** Stop a run at its escape (loaders) instead of running all K steps (pages). */
  stopAtEscape?: boolean;
  /** Store (x, y) every this many steps (0: store nothing). */
  recordEvery?: number;
  /** Store paths for the first this many runs of the range only (default: all). */
  pathRuns?: number;
  /**
   * Simulate x too (default). The escape depends on y alone (∂f/∂y does not involve x),
   * so loaders that need only escape times skip x, halving the cost; the escape steps
   * are the same either way. x then stays NaN.
   */
  trackX?: boolean;
}

export interface SaddleRuns {
  from: number;
  to: number;
  /** Per run: the first step k ≥ 1 with |y| > ρ, or −1 if none within K. */
  escapeStep: Int32Array;
  divergeStep: Int32Array;
  finalX: Float64Array;
  finalY: Float64Array;
  /** Positions at steps 0, e, 2e, … of the first `pathRuns` runs, run after run; NaN after a stop. */
  pathX: Float64Array | null;
  pathY: Float64Array | null;
  pathLength: number;
  pathRuns: number;
  recordEvery: number;
}

export function checkSaddle(options: SaddleOptions): void {
  checkSgd(options);
  checkRho(options.rho);
  checkFinite("x0 (start)", options.x0, -DIVERGENCE_BOUND, DIVERGENCE_BOUND);
}

export function checkRho(rho: unknown): number {
  if (typeof rho !== "number" || !(rho > 0 && rho < 1)) throw new ParameterError("ρ (escape radius)", rho, "a number in (0, 1) (the minima are at y = ±1)");
  return rho;
}

export function simulateSaddleRuns(options: SaddleOptions, noise: NoisePopulation, run: SaddleRunOptions = {}): SaddleRuns {
  const {eta, m, replace, steps, rho, x0} = options;
  const {from = 0, to = options.runs, stopAtEscape = false, recordEvery = 0, trackX = true} = run;
  checkRunRange(options.runs, from, to);
  checkRecordEvery(recordEvery);
  const count = to - from;
  const pathRuns = recordEvery ? Math.min(count, run.pathRuns ?? count) : 0;
  checkInteger("pathRuns", pathRuns, 0, count);
  const [noiseX, noiseY] = noise.components;
  const escapeStep = new Int32Array(count).fill(-1);
  const divergeStep = new Int32Array(count).fill(-1);
  const finalX = new Float64Array(count), finalY = new Float64Array(count);
  const pathLength = recordEvery ? Math.floor(steps / recordEvery) + 1 : 0;
  const pathX = pathRuns ? new Float64Array(pathRuns * pathLength).fill(NaN) : null;
  const pathY = pathRuns ? new Float64Array(pathRuns * pathLength).fill(NaN) : null;
  for (let r = 0; r < count; ++r) {
    const streamX = trackX ? runStream("saddle", options, from + r) : null;
    const streamY = runStream("saddle", options, from + r);
    const record = r < pathRuns;
    let x = trackX ? x0 : NaN, y = 0;
    if (record) (pathX![r * pathLength] = x), (pathY![r * pathLength] = y);
    let escaped = -1, diverged = -1;
    for (let start = 0; start < steps; start += NOISE_CHUNK) {
      const length = Math.min(NOISE_CHUNK, steps - start);
      const xiX = streamX ? batchMeansOf(noiseX, {m, replace}, length, streamX) : null;
      const xiY = batchMeansOf(noiseY, {m, replace}, length, streamY);
      for (let j = 0; j < length; ++j) {
        if (xiX) x = x - eta * (saddleGradientX(x) + xiX[j]);
        y = y - eta * (saddleGradientY(y) + xiY[j]);
        const k = start + j + 1;
        if (!(Math.abs(y) <= DIVERGENCE_BOUND && (!xiX || Math.abs(x) <= DIVERGENCE_BOUND))) {
          diverged = k;
          x = y = NaN;
          break;
        }
        if (record && k % recordEvery === 0) (pathX![r * pathLength + k / recordEvery] = x), (pathY![r * pathLength + k / recordEvery] = y);
        if (escaped < 0 && Math.abs(y) > rho) {
          escaped = k;
          if (stopAtEscape) break;
        }
      }
      if (diverged >= 0 || (stopAtEscape && escaped >= 0)) break;
    }
    escapeStep[r] = escaped;
    divergeStep[r] = diverged;
    finalX[r] = x;
    finalY[r] = y;
  }
  return {from, to, escapeStep, divergeStep, finalX, finalY, pathX, pathY, pathLength, pathRuns, recordEvery};
}

/** The whole experiment (or runs [from, to)): a pure function of its options. */
export function simulateSaddle(options: SaddleOptions, run: SaddleRunOptions = {}): SaddleRuns & {noise: NoisePopulation} {
  checkSaddle(options);
  const noise = noisePopulation(options.seed, "saddle", options);
  return {...simulateSaddleRuns(options, noise, run), noise};
}

/** Full-batch GD from (x0, y0): the exact ∇f, positions at steps 0, e, 2e, … ≤ K. */
export function saddleDescent({eta, steps, x0, y0 = 0}: {eta: number; steps: number; x0: number; y0?: number}, recordEvery = 1): {x: Float64Array; y: Float64Array} {
  checkLearningRate(eta);
  checkInteger("K (steps)", steps, 1, MAX_STEPS);
  checkFinite("x0 (start)", x0);
  checkFinite("y0 (start)", y0);
  const every = Math.max(1, recordEvery);
  const length = Math.floor(steps / every) + 1;
  const xs = new Float64Array(length), ys = new Float64Array(length);
  let x = x0, y = y0;
  xs[0] = x, ys[0] = y;
  for (let k = 1; k <= steps; ++k) {
    const gx = saddleGradientX(x), gy = saddleGradientY(y);
    x = x - eta * gx;
    y = y - eta * gy;
    if (k % every === 0) (xs[k / every] = x), (ys[k / every] = y);
  }
  return {x: xs, y: ys};
}
