// What every SGD escape experiment shares: the learning rate, the batch, the noise
// population, the number of steps and of independent runs, and one batch stream per run.
import {randomStream, cellId, type RandomStream} from "../random/stream.js";
import {checkSampler} from "../sampling.js";
import {checkInteger, checkBoolean, ParameterError} from "../validate.js";
import {checkNoise, type EscapeModel, type NoiseOptions} from "./noise.js";

export const MAX_STEPS = 1_000_000;
export const MAX_RUNS = 100_000;
/** |w| (or |x|, |y|) beyond this means the cubic has blown up: the run has diverged. */
export const DIVERGENCE_BOUND = 1e3;

export interface SgdOptions extends NoiseOptions {
  /** η > 0, the learning rate. */
  eta: number;
  /** m, the batch size. */
  m: number;
  /** Draw indices independently (true) or distinct within a batch (false). */
  replace: boolean;
  /** K, the number of steps of each run. */
  steps: number;
  /** The number of independent runs. */
  runs: number;
  /** The seed, an integer in [0, 2^32). */
  seed: number;
}

export function checkLearningRate(eta: unknown): number {
  if (typeof eta !== "number" || !Number.isFinite(eta) || !(eta > 0) || eta > 1)
    throw new ParameterError("η (learning rate)", eta, "a finite number in (0, 1]");
  return eta;
}

export function checkSgd(options: SgdOptions): void {
  checkNoise(options);
  checkLearningRate(options.eta);
  checkBoolean("replace", options.replace);
  checkSampler({n: options.n, m: options.m, replace: options.replace});
  checkInteger("K (steps)", options.steps, 1, MAX_STEPS);
  checkInteger("runs", options.runs, 1, MAX_RUNS);
  checkInteger("seed", options.seed, 0, 0xffffffff);
}

/**
 * The batch stream of one run: one per (seed, model, N, m, mode, run). It does not
 * depend on η, σ or the landscape, so changing those replays the same batches (common
 * random numbers), and run r is the same whatever the number of runs.
 */
export function runStream(model: EscapeModel, {seed, n, m, replace}: Pick<SgdOptions, "seed" | "n" | "m" | "replace">, run: number): RandomStream {
  return randomStream(seed, cellId(`escape-${model}-batches`, n, m, replace, run));
}

/** How many of the first-passage steps (−1 = never) are ≤ k. */
export function escapedBy(escapeStep: ArrayLike<number>, k: number): number {
  let count = 0;
  for (let i = 0; i < escapeStep.length; ++i) if (escapeStep[i] >= 0 && escapeStep[i] <= k) ++count;
  return count;
}

/** Steps of noise drawn at a time, at most: batches are drawn in order, so chunking never changes a run. */
export const NOISE_CHUNK = 256;

/**
 * Steps of noise drawn at a time for batch size m: about 2^14 sampled gradients, 16 to
 * NOISE_CHUNK steps. Short enough that a run stopped at its escape wastes few batches,
 * long enough that the per-chunk set-up stays a few percent.
 */
export function noiseChunk(m: number): number {
  return Math.min(NOISE_CHUNK, Math.max(16, Math.ceil(16384 / m)));
}

export function checkRunRange(runs: number, from: number, to: number): void {
  checkInteger("from (first run)", from, 0, runs);
  checkInteger("to (end of runs)", to, from, runs);
}

export function checkRecordEvery(every: number): void {
  checkInteger("recordEvery (steps between stored positions)", every, 0, MAX_STEPS);
}
