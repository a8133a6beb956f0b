// liveJob (src/components/worker-slots.ts) ends a heavy job's worker as soon as the cell that
// made the job is invalidated: Framework's return() alone would wait for the worker's reply,
// so a stale run would hold its worker slot to the end. A stand-in Worker that never replies
// makes such a stale run visible: without the invalidation the heavy-job tests time out. A
// cheap job runs on the main thread in a later task, and not at all once invalidated.
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {liveJob, StaleRun} from "../src/components/worker-slots.js";

class SilentWorker {
  static made: SilentWorker[] = [];
  terminated = false;
  posted: unknown[] = [];
  onmessage: ((event: {data: unknown}) => void) | null = null;
  onerror: ((event: {message: string}) => void) | null = null;
  constructor(readonly url: string) {
    SilentWorker.made.push(this);
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

const within = <T>(promise: Promise<T>, ms = 2000) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
const until = async (ready: () => boolean) => {
  for (let i = 0; i < 200 && !ready(); ++i) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(ready()).toBe(true);
};

describe("liveJob", () => {
  const saved = (globalThis as {Worker?: unknown}).Worker;
  beforeEach(() => {
    SilentWorker.made = [];
    (globalThis as {Worker?: unknown}).Worker = SilentWorker;
  });
  afterEach(() => {
    (globalThis as {Worker?: unknown}).Worker = saved;
  });

  const heavy = (invalidation: Promise<unknown>) => liveJob({sampled: 10, budget: 1, run: () => 0, workerUrl: "worker.js", message: {job: 1}, invalidation});

  it("runs a cheap job in a later task, with no worker", async () => {
    let runs = 0;
    const job = liveJob({sampled: 1, budget: 1, run: () => (++runs, 42), workerUrl: "worker.js", message: {}});
    const first = job.next();
    // Microtasks, as Framework's runtime chains its cells, do not reach the run: a later
    // task does.
    for (let i = 0; i < 20; ++i) await Promise.resolve();
    expect(runs).toBe(0);
    expect((await within(first)).value).toEqual({pending: false, sampled: 1, result: 42});
    expect(runs).toBe(1);
    expect(SilentWorker.made).toEqual([]);
  });

  it("never runs a cheap job whose cell was invalidated before it started", async () => {
    let runs = 0;
    const job = liveJob({sampled: 1, budget: 1, run: () => ++runs, workerUrl: "worker.js", message: {}, invalidation: Promise.resolve()});
    await expect(within(job.next())).resolves.toEqual({done: true, value: undefined});
    expect(runs).toBe(0);
  });

  it("never runs a cheap job whose cell is invalidated while it waits for its task", async () => {
    let runs = 0;
    let invalidate = () => {};
    const invalidation = new Promise<void>((resolve) => (invalidate = resolve));
    const job = liveJob({sampled: 1, budget: 1, run: () => ++runs, workerUrl: "worker.js", message: {}, invalidation});
    const first = job.next();
    // As Framework does when an input changes: settle the invalidation, then return().
    invalidate();
    const ended = job.return(undefined);
    await expect(within(first)).resolves.toEqual({done: true, value: undefined});
    await expect(within(ended)).resolves.toEqual({done: true, value: undefined});
    expect(runs).toBe(0);
  });

  it("ends a running worker as soon as its cell is invalidated, and frees the slot", async () => {
    let invalidate = () => {};
    const job = heavy(new Promise<void>((resolve) => (invalidate = resolve)));
    expect((await job.next()).value).toEqual({pending: true, sampled: 10});
    const result = job.next(); // starts the worker and waits for its reply
    await until(() => SilentWorker.made.length === 1);
    expect(SilentWorker.made[0].posted).toEqual([{job: 1}]);
    invalidate();
    await expect(within(result)).rejects.toBeInstanceOf(StaleRun);
    expect(SilentWorker.made[0].terminated).toBe(true);
    // The one slot (two cores or fewer) is free again: the next job gets a worker.
    let invalidateNext = () => {};
    const next = heavy(new Promise<void>((resolve) => (invalidateNext = resolve)));
    await next.next();
    const nextResult = next.next();
    await until(() => SilentWorker.made.length === 2);
    invalidateNext();
    await expect(within(nextResult)).rejects.toBeInstanceOf(StaleRun);
  });

  it("starts no worker when invalidated while it waits to start", async () => {
    const job = heavy(Promise.resolve());
    await job.next();
    await expect(within(job.next())).resolves.toEqual({done: true, value: undefined});
    expect(SilentWorker.made).toEqual([]);
  });
});
