// Runs one of the Real loss page's sampled estimates off the main thread (see real-loss-live.ts).
import {runJob, type RealLossJob} from "./real-loss-live.js";

self.onmessage = ({data}: MessageEvent<RealLossJob>) => {
  try {
    const result = runJob(data);
    // The cloud's two arrays move to the page rather than being copied.
    const transfer = data.kind === "cloud" ? [(result as {slope: Float64Array}).slope.buffer, (result as {intercept: Float64Array}).intercept.buffer] : [];
    self.postMessage({type: "done", result}, {transfer});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
