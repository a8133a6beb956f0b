// The escape experiments as async generators for Framework's reactive runtime, like
// live-experiment.ts: a cheap job runs on the main thread; a heavy one goes to
// a Web Worker and the generator yields the runs done so far after every chunk. When an
// input changes, Framework calls return() on the generator, which terminates the
// worker, so a stale run never finishes.
import {makeJob, type ChunkedJob, type JobKind, type JobParams, type WellState, type SaddleState, type ScalingState} from "../lib/escape/live-jobs.js";
import {acquireSlot, releaseSlot} from "./worker-slots.js";

/** Jobs up to this many sampled gradients (~5–10 ms) run on the main thread, within a frame. */
export const MAIN_THREAD_BUDGET = 300_000;
/** Milliseconds between two progress updates from a worker. */
const MIN_YIELD_INTERVAL = 250;

export interface Live<State> {
  state: State;
  /** Runs done so far, and in all. */
  done: number;
  total: number;
  /** False while the job waits for a free worker. */
  started: boolean;
}

type StateOf<K extends JobKind> = K extends "well" ? WellState : K extends "saddle" ? SaddleState : ScalingState;

/**
 * The job's runs as they complete. Bad inputs throw a ParameterError here, at once
 * (not at the first iteration), so a page can show the message instead of a result.
 */
export function liveEscape<K extends JobKind>(kind: K, params: JobParams<K>, workerUrl: string): AsyncGenerator<Live<StateOf<K>>> {
  const job = makeJob(kind, params);
  return run(job as ChunkedJob<{to: number}, StateOf<K>>, kind, params, workerUrl);
}

async function* run<State>(job: ChunkedJob<{to: number}, State>, kind: JobKind, params: unknown, workerUrl: string): AsyncGenerator<Live<State>> {
  const state = job.init();
  const total = job.total;
  if (job.cost <= MAIN_THREAD_BUDGET) {
    job.merge(state, job.chunk(0, total));
    yield {state, done: total, total, started: true};
    return;
  }
  yield {state, done: 0, total, started: false};
  // Wait for a free worker slot: five jobs at once on two cores would starve the page.
  await acquireSlot();
  const worker = new Worker(workerUrl, {type: "module"});
  const messages: {type: string; message?: string; chunk?: {to: number}}[] = [];
  let wake: (() => void) | null = null;
  worker.onmessage = ({data}) => (messages.push(data), wake?.());
  worker.onerror = (event) => (messages.push({type: "error", message: event.message}), wake?.());
  worker.postMessage({kind, params});
  let done = 0, shown = 0, last = performance.now();
  try {
    while (true) {
      if (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = messages.shift()!;
      if (message.type === "error") throw new Error(message.message);
      if (message.type === "done") {
        if (shown < done) yield {state, done, total, started: true};
        return;
      }
      job.merge(state, message.chunk!);
      done = message.chunk!.to;
      // Redraw at most ~4 times a second: every yield re-renders the page's charts.
      if (done === total || performance.now() - last >= MIN_YIELD_INTERVAL) {
        (shown = done), (last = performance.now());
        yield {state, done, total, started: true};
      }
    }
  } finally {
    worker.terminate();
    releaseSlot();
  }
}
