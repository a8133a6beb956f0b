// The worker side of pool.ts: imports the task module once, then answers tasks
// until it receives null.
import {parentPort, workerData} from "node:worker_threads";

const {module, fn} = workerData as {module: string; fn: string};
const run = (await import(module))[fn] as (task: unknown) => unknown;
parentPort!.on("message", (message: {index: number; task: unknown} | null) => {
  if (message === null) return void parentPort!.close();
  parentPort!.postMessage({index: message.index, result: run(message.task)});
});
