// Runs one unbiasedness experiment off the main thread: the uniform mini-batch mean
// (expectationRun) or the non-uniform sampler's two estimators (importanceRun).
import {expectationRun, type ExpectationOptions} from "../lib/unbiasedness.js";
import {importanceRun, type ImportanceOptions} from "../lib/importance.js";

export type ExpectationJob = {kind: "uniform"; options: ExpectationOptions} | {kind: "importance"; options: ImportanceOptions};

self.onmessage = ({data}: MessageEvent<ExpectationJob>) => {
  try {
    const result = data.kind === "uniform" ? expectationRun(data.options) : importanceRun(data.options);
    self.postMessage({type: "done", result});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
