// The live experiment as an async generator for Framework's reactive runtime:
// cheap runs finish on the main thread, in a task of their own; heavy ones go to a
// Web Worker and stream each batch size's row as it arrives. When an input changes,
// Framework calls return() on the generator, which terminates the worker: a stale
// run never finishes.
import {checkExperiment, type ExperimentOptions, type ExperimentResult} from "../lib/experiment.js";
import {GENERATORS, type GeneratorName} from "../lib/generators.js";
import {nextTask} from "./next-task.js";

/** Above this many sampled gradients (T · Σm), a run goes to the worker. */
export const MAIN_THREAD_BUDGET = 2_000_000;

export interface LiveResult extends ExperimentResult {
  /** Rows computed so far and in total; equal when the run is complete. */
  done: number;
  total: number;
}

/** The work of a run, in gradients touched: numpy's choice without replacement shuffles all N per batch. */
export const runCost = (options: ExperimentOptions, generator: GeneratorName = "default") =>
  generator === "numpy" && !options.replace
    ? options.trials * options.n * options.batchSizes.length
    : options.trials * options.batchSizes.reduce((a, m) => a + m, 0);

export async function* liveExperiment(options: ExperimentOptions, workerUrl: string, generator: GeneratorName = "default"): AsyncGenerator<LiveResult> {
  checkExperiment(options);
  const total = options.batchSizes.length;
  if (runCost(options, generator) <= MAIN_THREAD_BUDGET) {
    // A task of its own, not one shared with the cells that ran before it (next-task.ts).
    await nextTask();
    yield {...GENERATORS[generator].run(options), done: total, total};
    return;
  }
  const worker = new Worker(workerUrl, {type: "module"});
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  worker.onmessage = ({data}) => (messages.push(data), wake?.());
  worker.onerror = (event) => (messages.push({type: "error", message: event.message}), wake?.());
  worker.postMessage({options, generator});
  const rows: ExperimentResult["rows"] = [];
  try {
    yield {populationMean: NaN, populationVariance: NaN, rows: [], done: 0, total};
    while (true) {
      if (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = messages.shift() as {type: string; message?: string; summary?: ExperimentResult; row?: ExperimentResult["rows"][number]};
      if (message.type === "error") throw new Error(message.message);
      if (message.type === "done") return;
      if (message.type !== "step") continue;
      rows.push(message.row!);
      yield {populationMean: message.summary!.populationMean, populationVariance: message.summary!.populationVariance, rows: [...rows], done: rows.length, total};
    }
  } finally {
    worker.terminate();
  }
}
