// The reference experiment replayed with numpy's legacy RandomState, so readers who run
// the course script see the same numbers: same draws, and numpy's own summation order
// for np.mean and np.var.
import {numpyCourseExperiment, numpyMean, numpyVar} from "./random/numpy-legacy.js";
import {checkExperiment, collectSteps, summarizeBatchMeans, summarizePopulation, type Estimators, type ExperimentOptions, type ExperimentResult, type ExperimentStep} from "./experiment.js";

export const NUMPY_ESTIMATORS: Estimators = {mean: numpyMean, variance: numpyVar};

/** numpy draws every batch size from one sequential stream, so all rows arrive together. */
export function* numpyExperimentSteps(options: ExperimentOptions): Generator<ExperimentStep> {
  checkExperiment(options);
  const run = numpyCourseExperiment(options);
  const summary = summarizePopulation(run.population, NUMPY_ESTIMATORS);
  for (const {m, batchMeans} of run.rows)
    yield {summary, row: summarizeBatchMeans(batchMeans, summary, {n: options.n, m, replace: options.replace}, NUMPY_ESTIMATORS)};
}

export function runNumpyExperiment(options: ExperimentOptions): ExperimentResult {
  return collectSteps(numpyExperimentSteps(options));
}
