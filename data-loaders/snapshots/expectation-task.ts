// One task of the expectation grid, run on a worker: one population (seed, N, σ) and
// every batch size of one sampling mode.
import {expectationRun} from "../../src/lib/unbiasedness.js";
import type {VarianceTask} from "./variance-task.js";

/** The same task as the variance grid's: one population and one mode's batch sizes. */
export type ExpectationTask = VarianceTask;

/** Rows in the column order of EXPECTATION_COLUMNS. */
export function expectationRows(task: ExpectationTask): (number | boolean)[][] {
  const {seed, n, gradient, noise, trials, replace} = task;
  return task.batchSizes.map((m) => {
    // expectationRun redraws the population per m; it is cheap next to the batches and
    // keeps one code path with the page.
    const run = expectationRun({seed, n, gradient, noise, m, trials, replace});
    const {meanOfMeans, bias, seTheory, seEmpirical, z, zEmpirical} = run.test;
    // A sum of m gradients instead of their mean: every batch sum is m × its batch mean.
    const meanOfSums = m * meanOfMeans;
    const sumBias = meanOfSums - run.populationMean;
    return [seed, n, gradient, noise, m, replace, trials, run.populationMean, run.populationVariance,
      meanOfMeans, bias, seTheory, seEmpirical, z, zEmpirical, meanOfSums, sumBias, sumBias / (m * seTheory)];
  });
}
