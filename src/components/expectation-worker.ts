// Runs one unbiasedness experiment off the main thread: the uniform mini-batch mean
// (uniformJob) or the non-uniform sampler's two estimators (importanceJob), with the bins
// and running means their charts draw; the estimates' buffers are transferred, not copied.
import {importanceJob, transferables, uniformJob} from "./expectation-jobs.js";
import type {ExpectationOptions} from "../lib/unbiasedness.js";
import type {ImportanceOptions} from "../lib/importance.js";

export type ExpectationJob = {kind: "uniform"; options: ExpectationOptions} | {kind: "importance"; options: ImportanceOptions};

self.onmessage = ({data}: MessageEvent<ExpectationJob>) => {
  try {
    const result = data.kind === "uniform" ? uniformJob(data.options) : importanceJob(data.options);
    self.postMessage({type: "done", result}, {transfer: transferables(result)});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
