// Runs the experiment off the main thread, one batch size at a time, so the page
// stays responsive and can show partial results as they arrive.
import {GENERATORS, type GeneratorName} from "../lib/generators.js";
import type {ExperimentOptions} from "../lib/experiment.js";

self.onmessage = ({data}: MessageEvent<{options: ExperimentOptions; generator: GeneratorName}>) => {
  try {
    for (const step of GENERATORS[data.generator].steps(data.options)) self.postMessage({type: "step", ...step});
    self.postMessage({type: "done"});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
