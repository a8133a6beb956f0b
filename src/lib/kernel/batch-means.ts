// The WebAssembly kernel behind batchMeansOf (sampling.ts) for the default generator:
// batch means drawn and averaged in one pass, bit-identical to batchSampler's batches
// summed in draw order (see batch-means.wat). It keeps the generator state, the values,
// the shuffle pool and a chunk of means in its own memory, which grows to the largest
// population it has seen and stays that size.
import {BATCH_MEANS_WASM} from "./batch-means-bytes.js";
import {rejectionThreshold} from "../random/stream.js";

interface KernelExports {
  memory: WebAssembly.Memory;
  meansWithReplacement(n: number, m: number, trials: number, threshold: number, values: number, means: number): void;
  meansWithoutReplacement(n: number, m: number, trials: number, values: number, pool: number, written: number, means: number, restoreAll: number): void;
}

/** Means per call: the means are copied out in chunks, so memory does not grow with T. */
export const KERNEL_CHUNK = 1 << 16;
const PAGE = 65536;

let kernel: KernelExports | null | undefined;

/**
 * The instantiated kernel, or null where WebAssembly is unavailable (some locked-down
 * browsers); callers then draw with the JavaScript samplers. The module is under 1 kB,
 * small enough for browsers to compile synchronously on the main thread.
 */
export function batchMeansKernel(): KernelExports | null {
  if (kernel === undefined) {
    try {
      kernel = new WebAssembly.Instance(new WebAssembly.Module(BATCH_MEANS_WASM)).exports as unknown as KernelExports;
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/**
 * Fills `means` with the means of consecutive batches of `values`, drawn from the
 * xoshiro128** `state`, which it advances in place, and returns true. Returns false,
 * with `state` and `means` untouched, when the kernel's memory cannot grow to hold
 * the population (a device short of memory): the caller then draws in JavaScript.
 * The caller checks the parameters (checkSampler: 1 ≤ N ≤ MAX_POPULATION, 1 ≤ m, and
 * m ≤ N without replacement).
 */
export function kernelBatchMeans(k: KernelExports, values: Float64Array, {m, replace}: {m: number; replace: boolean}, means: Float64Array, state: Uint32Array): boolean {
  const n = values.length, trials = means.length;
  // A batch of one draws below(N) in both modes.
  const independent = replace || m === 1;
  const chunk = Math.min(trials, KERNEL_CHUNK);
  // Layout (bytes): state 0–16, values, then without replacement the pool and the
  // written positions (4 bytes each, rounded up to 8), then the chunk of means.
  const valuesAt = 16, poolAt = valuesAt + 8 * n;
  const writtenAt = independent ? poolAt : poolAt + 8 * n;
  const meansAt = independent ? poolAt : writtenAt + 8 * Math.ceil(m / 2);
  const needed = meansAt + 8 * chunk;
  if (k.memory.buffer.byteLength < needed) {
    try {
      k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE));
    } catch (error) {
      // grow throws a RangeError when the memory cannot grow; anything else is a bug.
      if (error instanceof RangeError) return false;
      throw error;
    }
  }
  const buffer = k.memory.buffer;
  new Uint32Array(buffer, 0, 4).set(state);
  new Float64Array(buffer, valuesAt, n).set(values);
  if (!independent) new Float64Array(buffer, poolAt, n).set(values);
  const threshold = independent ? rejectionThreshold(n) : 0;
  // Restoring the whole pool with one copy beats restoring the written positions from
  // about m = N/8.
  const restoreAll = m * 8 >= n ? 1 : 0;
  for (let done = 0; done < trials; done += chunk) {
    const count = Math.min(chunk, trials - done);
    if (independent) k.meansWithReplacement(n, m, count, threshold, valuesAt, meansAt);
    else k.meansWithoutReplacement(n, m, count, valuesAt, poolAt, writtenAt, meansAt, restoreAll);
    means.set(new Float64Array(buffer, meansAt, count), done);
  }
  state.set(new Uint32Array(buffer, 0, 4));
  return true;
}
