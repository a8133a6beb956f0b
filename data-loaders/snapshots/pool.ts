// A small worker_threads pool: Framework runs loaders one at a time, so a heavy
// loader spreads its own tasks over every core.
import {Worker} from "node:worker_threads";
import {availableParallelism} from "node:os";

// Workers are started from plain JavaScript that registers tsx first, because Node 20
// refuses a .ts file as a worker's entry point even with --import tsx.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({register}) => (register(), import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)})));`;

export interface PoolOptions {
  /** Worker count; defaults to the number of cores. */
  threads?: number;
}

/**
 * Runs fn(task) for every task on worker threads and returns the results in task
 * order, so the output never depends on scheduling. `module` is the URL of a module
 * that exports `fn` by name; it runs in each worker.
 */
export async function mapOnWorkers<T, R>(module: URL, fn: string, tasks: readonly T[], {threads}: PoolOptions = {}): Promise<R[]> {
  const count = Math.max(1, Math.min(threads ?? availableParallelism(), tasks.length));
  const results = new Array<R>(tasks.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({length: count}, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(BOOTSTRAP, {eval: true, workerData: {module: module.href, fn}});
          workers.push(worker);
          const feed = () => {
            if (next >= tasks.length) return void worker.postMessage(null);
            const index = next++;
            worker.postMessage({index, task: tasks[index]});
          };
          worker.on("message", ({index, result}: {index: number; result: R}) => {
            results[index] = result;
            feed();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
          feed();
        })
      )
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
