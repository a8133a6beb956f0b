// The WebAssembly kernel behind batchMeansOf: its committed bytes are the assembled
// text, it is the path batchMeansOf takes for the default generator, and it agrees bit
// for bit with batchSampler's batches across means chunks and memory growth.
import {describe, expect, it, vi} from "vitest";
import {readFileSync} from "node:fs";
import {assembleKernel} from "../scripts/assemble-kernel.js";
import {BATCH_MEANS_WASM} from "../src/lib/kernel/batch-means-bytes.js";
import {batchMeansKernel, kernelBatchMeans, KERNEL_CHUNK} from "../src/lib/kernel/batch-means.js";
import {batchMeansOf} from "../src/lib/sampling.js";
import {randomStream} from "../src/lib/random/stream.js";
import {genericStream} from "./support/streams.js";

const population = (n: number) => {
  const s = randomStream(7, n);
  return Float64Array.from({length: n}, () => s.random() * 4 - 1);
};
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe("the batch-means kernel", () => {
  it("is the assembled batch-means.wat (run `npm run kernel` after editing it)", async () => {
    const text = readFileSync(new URL("../src/lib/kernel/batch-means.wat", import.meta.url), "utf8");
    expect(Array.from(await assembleKernel(text))).toEqual(Array.from(BATCH_MEANS_WASM));
  });

  it("is the path batchMeansOf takes for the default generator", () => {
    const kernel = batchMeansKernel();
    expect(kernel).not.toBeNull();
    // Only the kernel keeps the values in its memory, which grows to hold them.
    const n = 300_000;
    expect(kernel!.memory.buffer.byteLength).toBeLessThan(8 * n);
    batchMeansOf(population(n), {m: 2, replace: false}, 3, randomStream(1, 1));
    expect(kernel!.memory.buffer.byteLength).toBeGreaterThanOrEqual(16 * n);
  });

  it("agrees with the JavaScript path across chunks of means, in both modes", () => {
    const trials = 2 * KERNEL_CHUNK + 5;
    // [1000, 5] restores the written positions, [10, 3] and [16, 16] the whole pool
    // (m·8 ≥ N), and [40, 1] draws like with replacement.
    for (const [n, m] of [[1000, 5], [10, 3], [40, 1], [16, 16]])
      for (const replace of [false, true]) {
        const values = population(n);
        const fast = randomStream(5, n + m), plain = randomStream(5, n + m);
        const label = `N ${n}, m ${m}, replace ${replace}`;
        expect(same(batchMeansOf(values, {m, replace}, trials, fast), batchMeansOf(values, {m, replace}, trials, genericStream(plain))), label).toBe(true);
        expect(fast.nextUint32(), label).toBe(plain.nextUint32());
      }
  });

  it("gives the same means after its memory has grown for a larger population", () => {
    const kernel = batchMeansKernel()!;
    const means = (values: Float64Array) => {
      const out = new Float64Array(400);
      kernelBatchMeans(kernel, values, {m: 8, replace: false}, out, new Uint32Array([1, 2, 3, 4]));
      return out;
    };
    const small = population(50);
    const before = means(small);
    // Larger than anything the kernel has held so far: values and pool need 16 bytes each.
    const size = kernel.memory.buffer.byteLength;
    means(population(size / 16 + 1000));
    expect(kernel.memory.buffer.byteLength).toBeGreaterThan(size);
    expect(same(means(small), before)).toBe(true);
  });

  it("leaves the work to JavaScript when its memory cannot grow, and the means are unchanged", () => {
    const kernel = batchMeansKernel()!;
    // What a device short of memory does: grow throws a RangeError.
    const grow = vi.spyOn(kernel.memory, "grow").mockImplementation(() => {
      throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    });
    try {
      const values = population(kernel.memory.buffer.byteLength / 8 + 1000);
      const stream = randomStream(9, 1), plain = randomStream(9, 1);
      const m = 4, trials = 50;
      const state = new Uint32Array([1, 2, 3, 4]), untouched = new Float64Array(trials);
      expect(kernelBatchMeans(kernel, values, {m, replace: false}, untouched, state)).toBe(false);
      expect(Array.from(state)).toEqual([1, 2, 3, 4]);
      expect(untouched.every((v) => v === 0)).toBe(true);
      const means = batchMeansOf(values, {m, replace: false}, trials, stream);
      expect(grow).toHaveBeenCalled();
      expect(same(means, batchMeansOf(values, {m, replace: false}, trials, genericStream(plain)))).toBe(true);
      // The stream goes on where the JavaScript path left it.
      expect(stream.nextUint32()).toBe(plain.nextUint32());
    } finally {
      grow.mockRestore();
    }
  });
});
