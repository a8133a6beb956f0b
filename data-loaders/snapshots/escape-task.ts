// The escape snapshots' work, run on a worker: a range of runs of the cells that share
// their batches (every (η, σ) of one m), and the rows of a cell from all its runs.
import {quantileSorted, mean} from "d3-array";
import {checkWell, simulateWellCells} from "../../src/lib/escape/well-sgd.js";
import {checkSaddle, simulateSaddleCells} from "../../src/lib/escape/saddle-sgd.js";
import {noisePopulation} from "../../src/lib/escape/noise.js";
import {doubleWell} from "../../src/lib/escape/double-well.js";
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

/** The first-passage steps of some runs of one cell (−1: none). */
export interface CellRuns {
  escapeStep: Int32Array;
  divergeStep: Int32Array;
}

/** Cells that differ only in η and σ (what they share, S), and the runs [from, to) to simulate of each. */
export type RunsTask<S> = S & {cells: {eta: number; sigma: number}[]; from: number; to: number};

/** Runs [from, to) of well cells sharing their batches, stopped at the escape; per cell, in task order. */
export function escapeWellRuns(task: RunsTask<Omit<WellTask, "eta" | "sigma" | "checkpoints">>): CellRuns[] {
  const {h, a, n, m, replace, seed, runs, steps, from, to} = task;
  const shared = {h, a, n, m, replace, seed, runs, steps};
  const well = doubleWell({h, a});
  const cells = task.cells.map(({eta, sigma}) => (checkWell({...shared, eta, sigma}), {eta, noise: noisePopulation(seed, "well", {n, sigma})}));
  return simulateWellCells(shared, well, cells, {from, to, stopAtEscape: true}).map(({escapeStep, divergeStep}) => ({escapeStep, divergeStep}));
}

/** One row per checkpoint, in the column order of ESCAPE_WELL_COLUMNS, from all the cell's runs. */
export function escapeWellRowsOf(task: WellTask, result: CellRuns): (number | boolean)[][] {
  const {h, a, n, sigma, eta, m, replace, seed, runs} = task;
  const well = doubleWell({h, a});
  const s2 = noisePopulation(seed, "well", {n, sigma}).variance[0];
  const t = temperature({eta, m, n, s2, replace});
  return task.checkpoints.map((k) => {
    const escaped = escapedBy(result.escapeStep, k);
    const diverged = escapedBy(result.divergeStep, k);
    const {low, high} = wilsonInterval(escaped, runs);
    const theory = kramers(well, {t, eta, steps: k});
    return [h, a, n, sigma, eta, m, replace, seed, runs, k, k * eta, s2, t, well.barrierHeight, theory.barrierOverT, theory.etaCurvature,
      escaped, escaped / runs, low, high, diverged, theory.rate, theory.probability, theory.valid];
  });
}

/** The rows of one cell, simulated alone. */
export function escapeWellRows(task: WellTask): (number | boolean)[][] {
  const {eta, sigma, checkpoints, ...shared} = task;
  return escapeWellRowsOf(task, escapeWellRuns({...shared, cells: [{eta, sigma}], from: 0, to: task.runs})[0]);
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

/** Runs [from, to) of saddle cells sharing their batches, stopped at the escape, y only; per cell, in task order. */
export function escapeSaddleRuns(task: RunsTask<Omit<SaddleTask, "eta" | "sigma">>): CellRuns[] {
  const {rho, x0, n, m, replace, seed, runs, steps, from, to} = task;
  const shared = {rho, x0, n, m, replace, seed, runs, steps};
  const cells = task.cells.map(({eta, sigma}) => (checkSaddle({...shared, eta, sigma}), {eta, noise: noisePopulation(seed, "saddle", {n, sigma})}));
  return simulateSaddleCells(shared, cells, {from, to, stopAtEscape: true, trackX: false}).map(({escapeStep, divergeStep}) => ({escapeStep, divergeStep}));
}

/** One row, in the column order of ESCAPE_SADDLE_COLUMNS, from all the cell's runs. */
export function escapeSaddleRowsOf(task: SaddleTask, result: CellRuns): (number | boolean)[][] {
  const {rho, x0, n, sigma, eta, m, replace, seed, runs, steps} = task;
  const missing = result.escapeStep.filter((k) => k < 0).length;
  if (missing > 0)
    throw new Error(`snapshot escape-saddle: ${missing} of ${runs} runs did not escape within ${steps} steps at η = ${eta}, σ = ${sigma}, m = ${m}; raise the grid's steps`);
  const s2 = noisePopulation(seed, "saddle", {n, sigma}).variance[1];
  const t = temperature({eta, m, n, s2, replace});
  const times = Array.from(result.escapeStep, (k) => k * eta).sort((p, q) => p - q);
  return [[rho, x0, n, sigma, eta, m, replace, seed, runs, steps, s2, t, runs - missing,
    ...SADDLE_QUANTILES.map((q) => quantileSorted(times, q)!), mean(times)!,
    saddleEscapeTime(t, rho), ...SADDLE_QUANTILES.map((q) => saddleEscapeQuantile(q, t, rho)), saddleTheoryValid({t, rho, eta}).valid]];
}

/** The row of one cell, simulated alone. */
export function escapeSaddleRows(task: SaddleTask): (number | boolean)[][] {
  const {eta, sigma, ...shared} = task;
  return escapeSaddleRowsOf(task, escapeSaddleRuns({...shared, cells: [{eta, sigma}], from: 0, to: task.runs})[0]);
}
