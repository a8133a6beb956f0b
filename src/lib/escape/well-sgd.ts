// SGD and GD in the tilted double well. Data point i has the loss ℓ_i(w) = L(w) + ξ_i·w,
// so its gradient is L′(w) + ξ_i; the mini-batch gradient is L′(w) + (mean of the
// batch's ξ), and a step is w ← w − η·g. Every run starts at the shallow minimum.
// Only + − × ÷ and comparisons: the same seed gives the same doubles everywhere.
import {batchMeansOf} from "../sampling.js";
import {doubleWell, gradient, type DoubleWell, type DoubleWellOptions} from "./double-well.js";
import {noisePopulation, replayFamilies, type NoisePopulation} from "./noise.js";
import {checkFinite, checkInteger} from "../validate.js";
import {checkSgd, checkLearningRate, runStream, checkRunRange, checkRecordEvery, noiseChunk, DIVERGENCE_BOUND, MAX_STEPS, type SgdOptions} from "./sgd-options.js";

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
  return simulateWellCells(options, well, [{eta: options.eta, noise}], run)[0];
}

/** One cell of simulateWellCells: its learning rate and its noise population. */
export interface WellCell {
  eta: number;
  noise: NoisePopulation;
}

/** What a run of one cell carries from one chunk of batches to the next. */
interface WellWalker {
  eta: number;
  /** The cell's batch means are the family's times this power of two. */
  factor: number;
  w: number;
  escaped: number;
  diverged: number;
  done: boolean;
  /** Where this run's positions go in the cell's path (null: not stored). */
  path: Float64Array | null;
  pathStart: number;
}

/**
 * Runs [from, to) of cells that differ only in η and σ, with the landscape and the
 * options that draw batches (seed, N, m, mode, K) in common (the options' own η and σ
 * are not used). A run's batches depend only on (seed, N, m, mode, run), and the
 * populations of σ values a power of two apart are exact multiples of each other (see
 * replayFamilies), so each run's batches are drawn once per such family and replayed in
 * every cell of it: each cell gets exactly the numbers of simulating it alone, and a
 * family costs about as much as its longest-running cell.
 */
export function simulateWellCells(options: Omit<WellOptions, "eta" | "sigma">, well: DoubleWell, cells: readonly WellCell[], run: WellRunOptions = {}): WellRuns[] {
  const {m, replace, steps} = options;
  const {from = 0, to = options.runs, stopAtEscape = false, recordEvery = 0} = run;
  checkRunRange(options.runs, from, to);
  checkRecordEvery(recordEvery);
  for (const cell of cells) checkLearningRate(cell.eta);
  const count = to - from;
  const pathLength = recordEvery ? Math.floor(steps / recordEvery) + 1 : 0;
  const results = cells.map((): WellRuns => ({
    from, to,
    escapeStep: new Int32Array(count).fill(-1),
    divergeStep: new Int32Array(count).fill(-1),
    finalW: new Float64Array(count),
    path: recordEvery ? new Float64Array(count * pathLength).fill(NaN) : null,
    pathLength, recordEvery,
  }));
  const families = replayFamilies(cells.map((cell) => cell.noise.components.slice(0, 1)));
  const chunk = noiseChunk(m);
  for (let r = 0; r < count; ++r) {
    for (const {base, members} of families) {
      const values = cells[base].noise.components[0];
      const stream = runStream("well", options, from + r);
      const walkers = members.map(({cell, factor}): WellWalker => {
        const path = results[cell].path;
        const walker = {eta: cells[cell].eta, factor, w: well.shallow, escaped: -1, diverged: -1, done: false, path, pathStart: r * pathLength};
        if (path) path[walker.pathStart] = walker.w;
        return walker;
      });
      let running = walkers.length;
      for (let start = 0; start < steps && running > 0; start += chunk) {
        const length = Math.min(chunk, steps - start);
        const xi = batchMeansOf(values, {m, replace}, length, stream);
        for (const walker of walkers) {
          if (walker.done) continue;
          walkWell(walker, well, xi, length, start, stopAtEscape, recordEvery);
          if (walker.done) --running;
        }
      }
      members.forEach(({cell}, i) => {
        const result = results[cell], walker = walkers[i];
        result.escapeStep[r] = walker.escaped;
        result.divergeStep[r] = walker.diverged;
        result.finalW[r] = walker.w;
      });
    }
  }
  return results;
}

/** Steps `length` batch means xi of one run of one cell, from step `start`. */
function walkWell(walker: WellWalker, well: DoubleWell, xi: Float64Array, length: number, start: number, stopAtEscape: boolean, recordEvery: number): void {
  const {eta, factor, path, pathStart} = walker;
  const {side, escapeLine} = well;
  let w = walker.w, escaped = walker.escaped;
  for (let j = 0; j < length; ++j) {
    w = w - eta * (gradient(well, w) + xi[j] * factor);
    const k = start + j + 1;
    if (!(Math.abs(w) <= DIVERGENCE_BOUND)) {
      walker.diverged = k;
      walker.done = true;
      w = NaN;
      break;
    }
    if (path && k % recordEvery === 0) path[pathStart + k / recordEvery] = w;
    if (escaped < 0 && side * (w - escapeLine) < 0) {
      escaped = k;
      if (stopAtEscape) {
        walker.done = true;
        break;
      }
    }
  }
  walker.w = w;
  walker.escaped = escaped;
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
