// How many Web Workers a page runs at once: one core is left to the page, so the main
// thread keeps drawing while heavy jobs compute. (Two workers on a two-core machine made
// the Expectation page's load-time chart take three times as long.) Shared by the jobs of
// live-escape, expectation-live and real-loss-live: a page runs several at once.
import {nextTask} from "./next-task.js";

const SLOTS = Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
let busy = 0;
const waiting: (() => void)[] = [];

/**
 * Resolves when the caller may start a worker; it must call releaseSlot() when done. A worker
 * starts once the page has drawn what it could (the main thread idle, or after IDLE_WAIT ms):
 * started at once, it took the second core while the page drew its first charts, and V8
 * compiles the page's code on background threads (the first z-score panel of the Expectation
 * page took 60–110 ms, against 20–40 ms at its defaults).
 */
export async function acquireSlot(): Promise<void> {
  await pageIdle();
  if (busy < SLOTS) return void ++busy;
  return new Promise((resolve) => waiting.push(resolve));
}

/** A worker waits at most this long for the page to go idle. */
const IDLE_WAIT = 1000;

function pageIdle(): Promise<void> {
  const idle = globalThis.requestIdleCallback;
  return new Promise((resolve) => (idle ? idle(() => resolve(), {timeout: IDLE_WAIT}) : setTimeout(resolve, 0)));
}

export function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next(); // the slot passes straight to the next job
  else --busy;
}

export type LiveState<R> = {pending: true; sampled: number} | {pending: false; sampled: number; result: R};

export interface LiveJob<R> {
  /** Sampled gradients: the job's cost. */
  sampled: number;
  /** Up to this cost the job runs here, on the main thread, in a later task. */
  budget: number;
  run: () => R;
  /** Above the budget: the worker's module, and the message it is posted. It answers {type: "done", result} or {type: "error", message}. */
  workerUrl: string;
  message: unknown;
  /** The creating cell's `invalidation` (Framework): when it settles, the worker is ended at once. */
  invalidation?: Promise<unknown>;
}

/** Thrown into a job whose cell was invalidated; the runtime drops it, as the run is stale. */
export class StaleRun extends Error {
  constructor() {
    super("stale run: an input changed");
  }
}

/**
 * A job's states for Framework's reactive runtime: the result in a later task when it is cheap
 * (a job whose `invalidation` settles before then never runs); otherwise a pending state, then
 * the result from a worker once a slot is free. When an input changes, the cell's
 * `invalidation` ends the worker at once. (Framework also calls return() on the generator, but
 * that only takes effect at its next yield: after the whole job, since it awaits the worker's
 * single reply.)
 */
export async function* liveJob<R>({sampled, budget, run, workerUrl, message, invalidation}: LiveJob<R>): AsyncGenerator<LiveState<R>> {
  let stale = false;
  let stop = () => {};
  invalidation?.then(() => ((stale = true), stop()));
  if (sampled <= budget) {
    // A task of its own: at page load the cells that wait on the page's imports are computed
    // in the task where the imports finish (import.then in long-animation-frame reports), and
    // Expectation's two runs there made it that page's longest task.
    await nextTask();
    if (!stale) yield {pending: false, sampled, result: run()};
    return;
  }
  yield {pending: true, sampled};
  await acquireSlot();
  if (stale) {
    releaseSlot();
    return;
  }
  const worker = new Worker(workerUrl, {type: "module"});
  try {
    const reply = new Promise<R>((resolve, reject) => {
      worker.onmessage = ({data}) => (data.type === "done" ? resolve(data.result) : reject(new Error(data.message)));
      worker.onerror = (event) => reject(new Error(event.message));
      stop = () => reject(new StaleRun());
    });
    worker.postMessage(message);
    yield {pending: false, sampled, result: await reply};
  } finally {
    worker.terminate();
    releaseSlot();
  }
}
