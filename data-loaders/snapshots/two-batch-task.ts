// The tasks of the two-batch grid, run on workers. A chunk is one cell of the grid
// without its step (dataset, (B_small, B_big), mode, r) and a range of seeds, at every
// step at once: the batches do not depend on the step (see twoBatchStream), so each
// seed's batches are drawn once and summed at every point.
import type {Cell} from "./csv.js";
import {preparedDataset} from "../datasets.js";
import {gradientDescentPath, type Weights} from "../../src/lib/regression.js";
import {gradientTable, noiseAt, twoBatchRunsAt, type ExactNoise, type GradientTable} from "../../src/lib/gradient-noise.js";

/** One dataset and one point of the path, every pair, mode, r and seed (the published row order). */
export interface TwoBatchTask {
  dataset: string;
  step: number;
  path: {start: Weights; learningRate: number};
  pairs: [number, number][];
  replace: boolean[];
  repeats: number[];
  seeds: {from: number; count: number};
}

export interface TwoBatchChunk {
  dataset: string;
  steps: number[];
  path: {start: Weights; learningRate: number};
  pair: [number, number];
  replace: boolean;
  repeats: number;
  seeds: {from: number; count: number};
}

/** Rows in the column order of TWO_BATCH_COLUMNS, for one (dataset, step): pairs, then modes, r and seeds. */
export function twoBatchRows(task: TwoBatchTask): Cell[][] {
  const rows: Cell[][] = [];
  for (const pair of task.pairs)
    for (const replace of task.replace)
      for (const repeats of task.repeats)
        rows.push(...twoBatchChunkRows({...task, steps: [task.step], pair, replace, repeats})[0]);
  return rows;
}

/** A chunk's rows per step (entry k for chunk.steps[k]), seeds in order, columns as TWO_BATCH_COLUMNS. */
export function twoBatchChunkRows(chunk: TwoBatchChunk): Cell[][][] {
  const {dataset, pair: [bSmall, bBig], replace, repeats, seeds} = chunk;
  const {points, table} = pointsOnPath(dataset, chunk.path, chunk.steps);
  const n = table.n;
  const rows: Cell[][][] = chunk.steps.map(() => []);
  for (let seed = seeds.from; seed < seeds.from + seeds.count; ++seed) {
    const runs = twoBatchRunsAt(table, {dataset, seed, n, bSmall, bBig, replace, repeats});
    runs.forEach((r, k) => {
      const exact = points[k];
      rows[k].push([dataset, n, chunk.steps[k], bSmall, bBig, replace, repeats, seed, r.smallNorm2, r.bigNorm2,
        r.exact.gradientNorm2, r.exact.trace, r.exact.bSimple, r.paper.gradientNorm2, r.paper.trace, r.paper.bSimple,
        exact.gradientNorm2, exact.trace, exact.bSimple]);
    });
  }
  return rows;
}

// A worker answers many chunks of the same dataset and steps: compute their points once.
const POINTS = new Map<string, {points: ExactNoise[]; table: GradientTable}>();

function pointsOnPath(dataset: string, path: TwoBatchChunk["path"], steps: number[]): {points: ExactNoise[]; table: GradientTable} {
  const key = JSON.stringify([dataset, path, steps]);
  let points = POINTS.get(key);
  if (points === undefined) {
    const data = preparedDataset(dataset);
    // The path is deterministic, so its prefix up to step k is the path of k steps.
    const ws = gradientDescentPath(data, {...path, steps: Math.max(...steps)});
    const atSteps = steps.map((step) => noiseAt(data, ws[step]));
    points = {points: atSteps, table: gradientTable(atSteps.map((p) => p.gradients))};
    POINTS.set(key, points);
  }
  return points;
}
