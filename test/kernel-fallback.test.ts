// Where WebAssembly is unavailable (here: bytes that do not compile), batchMeansOf draws
// with the JavaScript index sampler and still gives batchSampler's batch means exactly.
import {describe, expect, it, vi} from "vitest";
import {batchMeansKernel} from "../src/lib/kernel/batch-means.js";
import {batchMeansOf} from "../src/lib/sampling.js";
import {randomStream} from "../src/lib/random/stream.js";
import {samplerMeans} from "./support/streams.js";

vi.mock("../src/lib/kernel/batch-means-bytes.js", () => ({BATCH_MEANS_WASM: new Uint8Array([0, 97, 115, 109])}));

describe("batchMeansOf without the kernel", () => {
  it("has no kernel, and gives the means of batchSampler's batches, in both modes", () => {
    expect(batchMeansKernel()).toBeNull();
    const s = randomStream(4, 4);
    const values = Float64Array.from({length: 1000}, () => s.random());
    for (const [m, replace] of [[1, false], [16, false], [200, false], [16, true]] as const) {
      const expected = samplerMeans(values, {m, replace}, 300, randomStream(6, m));
      expect(Array.from(batchMeansOf(values, {m, replace}, 300, randomStream(6, m))), `m ${m}, replace ${replace}`).toEqual(expected);
    }
  });
});
