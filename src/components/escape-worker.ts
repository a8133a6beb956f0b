// Runs an escape job (see src/lib/escape/live-jobs.ts) off the main thread, one chunk of
// runs at a time, so the page shows the runs done so far and stays responsive.
import {makeJob, runsPerChunk, type JobKind} from "../lib/escape/live-jobs.js";

/** About this many sampled gradients per chunk: ~20–50 ms of work. */
const CHUNK_BUDGET = 1_000_000;

self.onmessage = ({data}: MessageEvent<{kind: JobKind; params: unknown}>) => {
  try {
    const job = makeJob(data.kind, data.params);
    const size = runsPerChunk(job, CHUNK_BUDGET);
    for (let from = 0; from < job.total; from += size) {
      self.postMessage({type: "chunk", chunk: job.chunk(from, Math.min(job.total, from + size))});
    }
    self.postMessage({type: "done"});
  } catch (error) {
    self.postMessage({type: "error", message: (error as Error).message});
  }
};
