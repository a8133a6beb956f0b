// The Expectation page's live runs as async generators for Framework's reactive runtime:
// small runs run on the main thread, in a later task; larger ones go to a Web Worker (the
// page yields a pending state meanwhile). When an input changes, the calling cell's
// invalidation ends the worker at once (liveJob in worker-slots.ts), so a stale run never
// lands.
import {checkExpectation, type ExpectationOptions} from "../lib/unbiasedness.js";
import {checkImportance, type ImportanceOptions} from "../lib/importance.js";
import {importanceJob, uniformJob, type ImportanceResult, type UniformResult} from "./expectation-jobs.js";
import {ParameterError} from "../lib/validate.js";
import {liveJob, type LiveState} from "./worker-slots.js";

/** Above this many sampled gradients (T · m), a run goes to the worker. */
export const MAIN_THREAD_BUDGET = 2_000_000;
/** A live run may sample at most this many gradients (a few seconds in a browser). */
export const MAX_SAMPLED = 100_000_000;

type Jobs = {
  uniform: {options: ExpectationOptions; result: UniformResult};
  importance: {options: ImportanceOptions; result: ImportanceResult};
};

export type {LiveState};

const RUNNERS = {uniform: uniformJob, importance: importanceJob} as const;
const CHECKS = {uniform: checkExpectation, importance: checkImportance} as const;

/**
 * Checks the options at once (so the page can show a bad input as a message, since an
 * async generator's body only runs when first read), then returns the run. `invalidation`
 * (the calling cell's) ends its worker when an input changes.
 */
export function liveRun<K extends keyof Jobs>(kind: K, options: Jobs[K]["options"], workerUrl: string, invalidation?: Promise<unknown>): AsyncGenerator<LiveState<Jobs[K]["result"]>> {
  (CHECKS[kind] as (o: Jobs[K]["options"]) => void)(options);
  const sampled = options.trials * options.m;
  if (!(sampled <= MAX_SAMPLED))
    throw new ParameterError("T × m (sampled gradients)", sampled, `at most ${MAX_SAMPLED.toLocaleString("en-US")} in a live run; lower T or m`);
  const run = RUNNERS[kind] as (o: Jobs[K]["options"]) => Jobs[K]["result"];
  return liveJob({sampled, budget: MAIN_THREAD_BUDGET, run: () => run(options), workerUrl, message: {kind, options}, invalidation});
}
