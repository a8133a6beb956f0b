// Runs the experiment off the main thread, one batch size at a time, so the page
// stays responsive and can show partial results as they arrive.
import {checkExperiment, runCell, summarizePopulation, type ExperimentOptions} from "../lib/experiment.js";
import {population} from "../lib/population.js";

self.onmessage = ({data: options}: MessageEvent<ExperimentOptions>) => {
  try {
    checkExperiment(options);
    const values = population(options.seed, options);
    const summary = summarizePopulation(values);
    for (const m of options.batchSizes) {
      self.postMessage({type: "row", summary, row: runCell(values, summary, {...options, m})});
    }
    self.postMessage({type: "done"});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
