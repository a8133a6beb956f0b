// One task of the variance grid, run on a worker: one population (seed, N, σ) and
// every batch size of one sampling mode.
import {population} from "../../src/lib/population.js";
import {runCell, summarizePopulation} from "../../src/lib/experiment.js";

export interface VarianceTask {
  seed: number;
  n: number;
  gradient: number;
  noise: number;
  trials: number;
  replace: boolean;
  batchSizes: number[];
}

/** Rows in the column order of VARIANCE_COLUMNS. */
export function varianceRows(task: VarianceTask): (number | boolean)[][] {
  const {seed, n, gradient, noise, trials, replace} = task;
  const values = population(seed, task);
  const summary = summarizePopulation(values);
  return task.batchSizes.map((m) => {
    const r = runCell(values, summary, {seed, n, gradient, noise, m, trials, replace});
    return [seed, n, gradient, noise, m, replace, trials, summary.populationMean, summary.populationVariance,
      r.meanOfMeans, r.variance, r.theoryIid, r.theoryFpc, r.bandLow, r.bandHigh, r.ratio];
  });
}
