// The escape experiments as jobs that run in chunks of runs, so a page can show the
// runs done so far (on the main thread for cheap jobs, on a Web Worker for heavy ones)
// and get exactly the numbers of one uninterrupted run: run r uses its own stream, so
// the chunking never changes a run. Pure: no DOM, no Node.
import {checkInteger, ParameterError} from "../validate.js";
import {MAX_POPULATION} from "../population.js";
import {checkWell, simulateWellRuns, type WellOptions, type WellRuns} from "./well-sgd.js";
import {checkSaddle, simulateSaddleRuns, type SaddleOptions, type SaddleRuns} from "./saddle-sgd.js";
import {noisePopulation} from "./noise.js";
import type {DoubleWell} from "./double-well.js";

/** A job split into run ranges: chunk(from, to) is pure; merge copies a chunk into the state. */
export interface ChunkedJob<Chunk, State> {
  /** Runs in all. */
  total: number;
  /** Work in sampled gradients (plus a few per step), to choose main thread or worker and the chunk size. */
  cost: number;
  init(): State;
  chunk(from: number, to: number): Chunk;
  merge(state: State, chunk: Chunk): void;
}

/** Cost of one step: m sampled gradients and a few operations more. */
const stepCost = (m: number) => m + 4;

// ---------------------------------------------------------------- double well

export interface WellJobParams {
  options: WellOptions;
  /** Store w every this many steps (≥ 1). */
  recordEvery: number;
}

export interface WellState {
  well: DoubleWell;
  /** s² and the residual mean of the centred noise. */
  s2: number;
  residualMean: number;
  escapeStep: Int32Array;
  divergeStep: Int32Array;
  finalW: Float64Array;
  /** runs × pathLength positions; rows of runs not done yet are NaN. */
  path: Float64Array;
  pathLength: number;
  recordEvery: number;
}

export function wellJob({options, recordEvery}: WellJobParams): ChunkedJob<WellRuns, WellState> {
  const well = checkWell(options);
  checkInteger("recordEvery (steps between stored positions)", recordEvery, 1, options.steps);
  const noise = noisePopulation(options.seed, "well", options);
  const pathLength = Math.floor(options.steps / recordEvery) + 1;
  return {
    total: options.runs,
    cost: options.runs * options.steps * stepCost(options.m),
    init: () => ({
      well, s2: noise.variance[0], residualMean: noise.residualMean[0],
      escapeStep: new Int32Array(options.runs).fill(-1), divergeStep: new Int32Array(options.runs).fill(-1),
      finalW: new Float64Array(options.runs).fill(NaN), path: new Float64Array(options.runs * pathLength).fill(NaN), pathLength, recordEvery,
    }),
    chunk: (from, to) => simulateWellRuns(options, well, noise, {from, to, recordEvery}),
    merge(state, chunk) {
      state.escapeStep.set(chunk.escapeStep, chunk.from);
      state.divergeStep.set(chunk.divergeStep, chunk.from);
      state.finalW.set(chunk.finalW, chunk.from);
      state.path.set(chunk.path!, chunk.from * pathLength);
    },
  };
}

// ---------------------------------------------------------------- saddle

export interface SaddleJobParams {
  options: SaddleOptions;
  recordEvery: number;
  /** Keep the paths of the first this many runs. */
  pathRuns: number;
}

export interface SaddleState {
  s2: number;
  residualMean: number;
  escapeStep: Int32Array;
  divergeStep: Int32Array;
  finalX: Float64Array;
  finalY: Float64Array;
  pathX: Float64Array;
  pathY: Float64Array;
  pathLength: number;
  pathRuns: number;
  recordEvery: number;
}

export function saddleJob({options, recordEvery, pathRuns}: SaddleJobParams): ChunkedJob<SaddleRuns, SaddleState> {
  checkSaddle(options);
  checkInteger("recordEvery (steps between stored positions)", recordEvery, 1, options.steps);
  checkInteger("pathRuns", pathRuns, 0, options.runs);
  const noise = noisePopulation(options.seed, "saddle", options);
  const pathLength = Math.floor(options.steps / recordEvery) + 1;
  return {
    total: options.runs,
    cost: options.runs * options.steps * 2 * stepCost(options.m),
    init: () => ({
      s2: noise.variance[1], residualMean: noise.residualMean[1],
      escapeStep: new Int32Array(options.runs).fill(-1), divergeStep: new Int32Array(options.runs).fill(-1),
      finalX: new Float64Array(options.runs).fill(NaN), finalY: new Float64Array(options.runs).fill(NaN),
      pathX: new Float64Array(pathRuns * pathLength).fill(NaN), pathY: new Float64Array(pathRuns * pathLength).fill(NaN),
      pathLength, pathRuns, recordEvery,
    }),
    chunk: (from, to) => simulateSaddleRuns(options, noise, {from, to, recordEvery, pathRuns: Math.max(0, Math.min(to, pathRuns) - from)}),
    merge(state, chunk) {
      state.escapeStep.set(chunk.escapeStep, chunk.from);
      state.divergeStep.set(chunk.divergeStep, chunk.from);
      state.finalX.set(chunk.finalX, chunk.from);
      state.finalY.set(chunk.finalY, chunk.from);
      if (chunk.pathRuns) state.pathX.set(chunk.pathX!, chunk.from * pathLength), state.pathY.set(chunk.pathY!, chunk.from * pathLength);
    },
  };
}

// ---------------------------------------------------------------- linear scaling

export interface ScalingJobParams {
  /** The base experiment (η, m, K). */
  options: WellOptions;
  /** The factors c: each configuration runs (cη, cm) for K/c steps, so all reach t = Kη. */
  factors: number[];
}

export interface ScalingConfig {
  factor: number;
  eta: number;
  m: number;
  steps: number;
  /** Why this configuration cannot run (m > N without replacement, K not divisible…), or null. */
  skipped: string | null;
}

export interface ScalingState {
  well: DoubleWell;
  s2: number;
  configs: ScalingConfig[];
  /** Per configuration: the escape step of each run (−1: none). */
  escapeStep: Int32Array[];
}

export function scalingConfigs({options, factors}: ScalingJobParams): ScalingConfig[] {
  return factors.map((factor) => {
    checkInteger("scaling factor", factor, 1, 1024);
    const eta = options.eta * factor, m = options.m * factor, steps = options.steps / factor;
    let skipped: string | null = null;
    if (!Number.isInteger(steps)) skipped = `K = ${options.steps} is not divisible by ${factor}`;
    else if (eta > 1) skipped = `η = ${eta} > 1`;
    else if (!options.replace && m > options.n) skipped = `m = ${m} > N = ${options.n} without replacement`;
    else if (m > MAX_POPULATION) skipped = `m = ${m} is too large`;
    return {factor, eta, m, steps: skipped ? 0 : steps, skipped};
  });
}

export function scalingJob(params: ScalingJobParams): ChunkedJob<{from: number; to: number; escapeStep: Int32Array[]}, ScalingState> {
  const {options} = params;
  const well = checkWell(options);
  if (!Array.isArray(params.factors) || params.factors.length === 0) throw new ParameterError("factors", params.factors, "a non-empty list of integers");
  const configs = scalingConfigs(params);
  const noise = noisePopulation(options.seed, "well", options);
  const runnable = configs.map((c) => (c.skipped ? null : {...options, eta: c.eta, m: c.m, steps: c.steps}));
  return {
    total: options.runs,
    cost: runnable.reduce((sum, o) => sum + (o ? o.runs * o.steps * stepCost(o.m) : 0), 0),
    init: () => ({well, s2: noise.variance[0], configs, escapeStep: configs.map(() => new Int32Array(options.runs).fill(-1))}),
    chunk: (from, to) => ({
      from, to,
      escapeStep: runnable.map((o) => (o ? simulateWellRuns(o, well, noise, {from, to, stopAtEscape: true}).escapeStep : new Int32Array(to - from).fill(-1))),
    }),
    merge(state, chunk) {
      chunk.escapeStep.forEach((steps, i) => state.escapeStep[i].set(steps, chunk.from));
    },
  };
}

// ---------------------------------------------------------------- by name

export const JOBS = {well: wellJob, saddle: saddleJob, scaling: scalingJob} as const;
export type JobKind = keyof typeof JOBS;
export type JobParams<K extends JobKind> = Parameters<(typeof JOBS)[K]>[0];

export function makeJob(kind: JobKind, params: unknown): ChunkedJob<unknown, unknown> {
  if (!(kind in JOBS)) throw new ParameterError("job kind", kind, Object.keys(JOBS).join(", "));
  return (JOBS[kind] as (p: unknown) => ChunkedJob<unknown, unknown>)(params);
}

/** Runs per chunk so that a chunk is about `budget` units of work (at least one run). */
export function runsPerChunk(job: {total: number; cost: number}, budget: number): number {
  return Math.max(1, Math.min(job.total, Math.floor((job.total * budget) / Math.max(1, job.cost))));
}
