// A small worker_threads pool: Framework runs loaders one at a time, so a heavy
// loader spreads its own tasks over every core.
import {Worker} from "node:worker_threads";
import {availableParallelism} from "node:os";
import {fileURLToPath, pathToFileURL} from "node:url";
import {bundleModule} from "../bundle.mjs";

// Workers run bundles of the task module and of worker.ts in plain node: loading their
// modules one at a time through tsx's hooks cost ~0.5 s of CPU in every worker (and
// Node 20 refuses a .ts file as a worker's entry point anyway).
// Bundled once per process, like the code fingerprints in store.ts (the precompute
// process runs several pooled snapshots over the same worker module).
const bundles = new Map<string, Promise<URL>>();
const bundled = (module: URL) => {
  if (!bundles.has(module.href)) bundles.set(module.href, bundleModule(fileURLToPath(module)).then((file) => pathToFileURL(file)));
  return bundles.get(module.href)!;
};
const WORKER = new URL("./worker.ts", import.meta.url);

export interface PoolOptions {
  /** Worker count; defaults to the number of cores. With 1, the tasks run in this thread. */
  threads?: number;
}

/**
 * Runs fn(task) for every task on worker threads and returns the results in task
 * order, so the output never depends on scheduling. `module` is the URL of a module
 * that exports `fn` by name; it runs in each worker.
 *
 * Workers take one task at a time from the front of the list (so a list ordered
 * costliest first stays balanced; a message costs ~0.05 ms, far less than a task).
 * Starting a worker takes ~0.1–0.3 s, so until every worker has answered once, the
 * main thread computes tasks from the back of the list.
 */
export async function mapOnWorkers<T, R>(module: URL, fn: string, tasks: readonly T[], {threads}: PoolOptions = {}): Promise<R[]> {
  const count = Math.max(1, Math.min(threads ?? availableParallelism(), tasks.length));
  const results = new Array<R>(tasks.length);
  const taskModule = await bundled(module);
  const load = async () => (await import(taskModule.href))[fn] as (task: T) => R;
  if (count === 1) {
    const run = await load();
    for (let i = 0; i < tasks.length; ++i) results[i] = run(tasks[i]);
    return results;
  }
  const workerFile = await bundled(WORKER);
  let front = 0, back = tasks.length, starting = count;
  const workers: Worker[] = [];
  const help = async () => {
    const run = await load();
    while (starting > 0 && front < back) {
      --back;
      results[back] = run(tasks[back]);
      await new Promise((resolve) => setImmediate(resolve)); // let the workers' messages in
    }
  };
  try {
    await Promise.all([
      help(),
      ...Array.from({length: count}, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerFile, {workerData: {module: taskModule.href, fn}});
          workers.push(worker);
          let answered = false;
          const feed = () => {
            if (front >= back) return void worker.postMessage(null);
            const index = front++;
            worker.postMessage({index, task: tasks[index]});
          };
          worker.on("message", ({index, result}: {index: number; result: R}) => {
            results[index] = result;
            if (!answered) (answered = true), --starting;
            feed();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
          feed();
        })
      ),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
