// SGD and GD at the strict saddle f(x, y) = (x² − y²)/2 + y⁴/4. Data point i adds a
// centred noise vector (ξx_i, ξy_i) to ∇f; a step is (x, y) ← (x, y) − η·(∇f + batch
// mean of ξ). Runs start on the stable manifold, at (x0, 0). A run has escaped at the
// first step with |y| > ρ. Only + − × ÷ and comparisons.
//
// The batch of step k must be the same for both components. batchMeansOf draws its
// batches exactly like batchSampler (same indices, same order, see sampling.ts), so
// opening the run's stream twice and averaging x and y separately gives the means of
// the same batches, at the speed of its WebAssembly kernel.
import {batchMeansOf} from "../sampling.js";
import {checkFinite, checkInteger, ParameterError} from "../validate.js";
import {saddleGradientX, saddleGradientY} from "./saddle.js";
import {noisePopulation, replayFamilies, type NoisePopulation} from "./noise.js";
import {checkSgd, checkLearningRate, runStream, checkRunRange, checkRecordEvery, noiseChunk, DIVERGENCE_BOUND, MAX_STEPS, type SgdOptions} from "./sgd-options.js";

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
  return simulateSaddleCells(options, [{eta: options.eta, noise}], run)[0];
}

/** One cell of simulateSaddleCells: its learning rate and its noise population. */
export interface SaddleCell {
  eta: number;
  noise: NoisePopulation;
}

/** What a run of one cell carries from one chunk of batches to the next. */
interface SaddleWalker {
  eta: number;
  /** The cell's batch means are the family's times this power of two. */
  factor: number;
  x: number;
  y: number;
  escaped: number;
  diverged: number;
  done: boolean;
  /** Where this run's positions go in the cell's paths (null: not stored). */
  pathX: Float64Array | null;
  pathY: Float64Array | null;
  pathStart: number;
}

/**
 * Runs [from, to) of cells that differ only in η and σ (the options' own η and σ are not
 * used): each run's batches are drawn once and replayed in every cell whose population
 * is a power-of-two multiple of another's (see replayFamilies), so each cell's result is
 * exactly the one of simulating it alone, at the cost of the longest of them.
 */
export function simulateSaddleCells(options: Omit<SaddleOptions, "eta" | "sigma">, cells: readonly SaddleCell[], run: SaddleRunOptions = {}): SaddleRuns[] {
  const {m, replace, steps, rho, x0} = options;
  const {from = 0, to = options.runs, stopAtEscape = false, recordEvery = 0, trackX = true} = run;
  checkRunRange(options.runs, from, to);
  checkRecordEvery(recordEvery);
  for (const cell of cells) checkLearningRate(cell.eta);
  const count = to - from;
  const pathRuns = recordEvery ? Math.min(count, run.pathRuns ?? count) : 0;
  checkInteger("pathRuns", pathRuns, 0, count);
  const pathLength = recordEvery ? Math.floor(steps / recordEvery) + 1 : 0;
  const results = cells.map((): SaddleRuns => ({
    from, to,
    escapeStep: new Int32Array(count).fill(-1),
    divergeStep: new Int32Array(count).fill(-1),
    finalX: new Float64Array(count),
    finalY: new Float64Array(count),
    pathX: pathRuns ? new Float64Array(pathRuns * pathLength).fill(NaN) : null,
    pathY: pathRuns ? new Float64Array(pathRuns * pathLength).fill(NaN) : null,
    pathLength, pathRuns, recordEvery,
  }));
  // Without x, only the y-components need to be copies of each other.
  const families = replayFamilies(cells.map(({noise}) => (trackX ? noise.components.slice(0, 2) : noise.components.slice(1, 2))));
  const chunk = noiseChunk(m);
  for (let r = 0; r < count; ++r) {
    const record = r < pathRuns;
    for (const {base, members} of families) {
      const [noiseX, noiseY] = cells[base].noise.components;
      const streamX = trackX ? runStream("saddle", options, from + r) : null;
      const streamY = runStream("saddle", options, from + r);
      const walkers = members.map(({cell, factor}): SaddleWalker => {
        const {pathX, pathY} = results[cell];
        const walker = {
          eta: cells[cell].eta, factor, x: trackX ? x0 : NaN, y: 0, escaped: -1, diverged: -1, done: false,
          pathX: record ? pathX : null, pathY: record ? pathY : null, pathStart: r * pathLength,
        };
        if (record) (pathX![walker.pathStart] = walker.x), (pathY![walker.pathStart] = walker.y);
        return walker;
      });
      let running = walkers.length;
      for (let start = 0; start < steps && running > 0; start += chunk) {
        const length = Math.min(chunk, steps - start);
        const xiX = streamX ? batchMeansOf(noiseX, {m, replace}, length, streamX) : null;
        const xiY = batchMeansOf(noiseY, {m, replace}, length, streamY);
        for (const walker of walkers) {
          if (walker.done) continue;
          walkSaddle(walker, xiX, xiY, length, start, rho, stopAtEscape, recordEvery);
          if (walker.done) --running;
        }
      }
      members.forEach(({cell}, i) => {
        const result = results[cell], walker = walkers[i];
        result.escapeStep[r] = walker.escaped;
        result.divergeStep[r] = walker.diverged;
        result.finalX[r] = walker.x;
        result.finalY[r] = walker.y;
      });
    }
  }
  return results;
}

/** Steps `length` batch means (xiX, xiY) of one run of one cell, from step `start`; x stays as it is without xiX. */
function walkSaddle(walker: SaddleWalker, xiX: Float64Array | null, xiY: Float64Array, length: number, start: number, rho: number, stopAtEscape: boolean, recordEvery: number): void {
  const {eta, factor, pathX, pathY, pathStart} = walker;
  let x = walker.x, y = walker.y, escaped = walker.escaped;
  for (let j = 0; j < length; ++j) {
    if (xiX) x = x - eta * (saddleGradientX(x) + xiX[j] * factor);
    y = y - eta * (saddleGradientY(y) + xiY[j] * factor);
    const k = start + j + 1;
    if (!(Math.abs(y) <= DIVERGENCE_BOUND && (!xiX || Math.abs(x) <= DIVERGENCE_BOUND))) {
      walker.diverged = k;
      walker.done = true;
      x = y = NaN;
      break;
    }
    if (pathX && k % recordEvery === 0) (pathX[pathStart + k / recordEvery] = x), (pathY![pathStart + k / recordEvery] = y);
    if (escaped < 0 && Math.abs(y) > rho) {
      escaped = k;
      if (stopAtEscape) {
        walker.done = true;
        break;
      }
    }
  }
  walker.x = x;
  walker.y = y;
  walker.escaped = escaped;
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
