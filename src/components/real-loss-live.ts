// The Real loss page's sampled estimates (the cloud of mini-batch gradients, the trace
// against m, the two-batch estimate) as async generators for Framework's reactive runtime,
// like expectation-live.ts: a small job runs on the main thread, in a later task; a large
// one (up to ~10^8 sampled gradients on the diamonds) goes to a Web Worker, and the page
// shows a pending state meanwhile. When an input changes, the calling cell's invalidation ends
// the worker at once (liveJob in worker-slots.ts), so a stale result never lands.
import {miniBatchGradients, summarizeEstimates, batchGradientStream, twoBatchRun, checkTwoBatch} from "../lib/gradient-noise.js";
import type {PerSampleGradients} from "../lib/regression.js";
import {checkSampler} from "../lib/sampling.js";
import {checkInteger} from "../lib/validate.js";
import {liveJob, type LiveState} from "./worker-slots.js";

/** Jobs up to this many sampled gradients (~10 ms) run on the main thread, within a frame. */
export const MAIN_THREAD_BUDGET = 1_000_000;

interface Common {
  /** The N per-sample gradients at the current point w. */
  gradients: PerSampleGradients;
  seed: number;
  dataset: string;
  replace: boolean;
}

export type RealLossJob =
  | ({kind: "cloud"; m: number; batches: number} & Common)
  | ({kind: "trace"; sizes: number[]; batches: number} & Common)
  | ({kind: "twoBatch"; n: number; bSmall: number; bBig: number; repeats: number} & Common);

type Kind = RealLossJob["kind"];
type JobOf<K extends Kind> = Extract<RealLossJob, {kind: K}>;

export interface TraceRow {
  m: number;
  /** The trace of the covariance of the estimates, and its standard error. */
  trace: number;
  se: number;
}

export interface Results {
  cloud: PerSampleGradients;
  trace: TraceRow[];
  twoBatch: ReturnType<typeof twoBatchRun>;
}

/** The sampled gradients a job draws: what its time is proportional to. */
export function jobCost(job: RealLossJob): number {
  switch (job.kind) {
    case "cloud": return job.batches * job.m;
    case "trace": return job.batches * job.sizes.reduce((a, m) => a + m, 0);
    case "twoBatch": return job.repeats * (job.bSmall + job.bBig);
  }
}

/** Throws a ParameterError for a job that cannot run, as the job itself would. */
export function checkJob(job: RealLossJob): void {
  const n = job.gradients.slope.length;
  switch (job.kind) {
    case "cloud":
      checkInteger("batches", job.batches, 1);
      return checkSampler({n, m: job.m, replace: job.replace});
    case "trace":
      checkInteger("batches", job.batches, 2);
      for (const m of job.sizes) checkSampler({n, m, replace: job.replace});
      return;
    case "twoBatch":
      checkInteger("repeats (pairs r)", job.repeats, 1);
      return checkTwoBatch(job);
  }
}

/** The job's result: the same functions and streams, on the main thread or in the worker. */
export function runJob<K extends Kind>(job: JobOf<K>): Results[K];
export function runJob(job: RealLossJob): Results[Kind] {
  const {gradients, seed, dataset, replace} = job;
  switch (job.kind) {
    case "cloud":
      return miniBatchGradients(gradients, {m: job.m, replace, batches: job.batches}, batchGradientStream(seed, {dataset, m: job.m, replace, use: "cloud"}));
    case "trace":
      return job.sizes.map((m) => {
        const estimates = miniBatchGradients(gradients, {m, replace, batches: job.batches}, batchGradientStream(seed, {dataset, m, replace, use: "trace"}));
        const summary = summarizeEstimates(estimates);
        return {m, trace: summary.trace, se: summary.traceSe};
      });
    case "twoBatch":
      return twoBatchRun(gradients, {dataset, seed, n: job.n, bSmall: job.bSmall, bBig: job.bBig, replace, repeats: job.repeats});
  }
}

export type {LiveState};

/**
 * Checks the job at once (so the page can show a bad input as a message, since an async
 * generator's body only runs when first read), then returns its states. `invalidation`
 * (the calling cell's) ends its worker when an input changes.
 */
export function liveEstimate<K extends Kind>(job: JobOf<K>, workerUrl: string, invalidation?: Promise<unknown>): AsyncGenerator<LiveState<Results[K]>> {
  checkJob(job);
  return liveJob({sampled: jobCost(job), budget: MAIN_THREAD_BUDGET, run: () => runJob(job), workerUrl, message: job, invalidation}) as AsyncGenerator<LiveState<Results[K]>>;
}
