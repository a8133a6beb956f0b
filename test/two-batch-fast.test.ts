// The fast paths of the two-batch estimator give exactly (===) what the generic paths
// give: fastBatchSampler draws batchSampler's indices, twoBatchNormsAt at several
// points equals the plain twoBatchNorms computation point by point, and the chunked,
// reordered loader rows equal the rows computed one (dataset, step) at a time.
import {describe, expect, it} from "vitest";
import {batchSampler, fastBatchSampler, type SamplerOptions} from "../src/lib/sampling.js";
import {randomStream, type RandomStream} from "../src/lib/random/stream.js";
import {gradientDescentPath, REFERENCE_PATH} from "../src/lib/regression.js";
import {gradientTable, miniBatchGradients, noiseAt, twoBatchNorms, twoBatchNormsAt, twoBatchRun, twoBatchRunsAt, twoBatchStream} from "../src/lib/gradient-noise.js";
import {preparedDataset} from "../data-loaders/datasets.js";
import {assembleTwoBatchRows, twoBatchChunks, twoBatchTasks, TWO_BATCH_GRID, type TwoBatchGrid} from "../data-loaders/snapshots/regression.js";
import {twoBatchChunkRows, twoBatchRows} from "../data-loaders/snapshots/two-batch-task.js";
import {genericStream} from "./support/streams.js";

/** A default-generator stream that counts the outputs it hands out (below() reads them through nextUint32). */
function counted(seed: number, cell: number): {stream: RandomStream; outputs: () => number} {
  const stream = randomStream(seed, cell);
  const next = stream.nextUint32.bind(stream);
  let outputs = 0;
  stream.nextUint32 = () => (++outputs, next());
  return {stream, outputs: () => outputs};
}

describe("fastBatchSampler", () => {
  // N = 999 993 is the N ≤ 10^6 whose Lemire threshold (2^32 − N) mod N = 997 354 is
  // closest to N, so one draw in ~4300 is rejected with replacement; without replacement
  // the bound N − j moves the threshold over [0, N − j).
  const CASES: [number, number, number][] = [
    [1, 1, 20], [2, 2, 300], [2, 1, 300], [10, 3, 500], [10, 10, 100], [342, 342, 30], [342, 64, 200],
    [1000, 1, 700], [1000, 256, 40], [53_940, 8192, 6], [53_940, 4, 500], [999_993, 4096, 30],
  ];

  it("draws exactly batchSampler's indices, batch after batch, and leaves the stream at the same output", () => {
    for (const [n, m, batches] of CASES)
      for (const replace of [false, true]) {
        const label = `N ${n}, m ${m}, replace ${replace}`;
        const fast = randomStream(5, n + m), reference = counted(5, n + m);
        fast.nextUint32(), reference.stream.nextUint32(); // start mid-buffer
        const a = fastBatchSampler({n, m, replace}, fast), b = batchSampler({n, m, replace}, genericStream(reference.stream));
        const outA = new Int32Array(m), outB = new Int32Array(m);
        for (let t = 0; t < batches; ++t) expect(Array.from(a(outA)), `${label}, batch ${t}`).toEqual(Array.from(b(outB)));
        expect(fast.nextUint32(), label).toBe(reference.stream.nextUint32());
        if (n === 999_993) {
          // Rejections happened: more outputs were read than indices drawn.
          expect(reference.outputs() - 2 - m * batches, label).toBeGreaterThan(3);
        }
      }
  });

  it("follows reads of the stream between batches, and samplers of one N share a pool safely", () => {
    for (const replace of [false, true]) {
      const n = 500;
      const fast = randomStream(8, 1), plain = randomStream(8, 1);
      const sizes = [7, 500, 1, 64];
      const fastSamplers = sizes.map((m) => fastBatchSampler({n, m, replace}, fast));
      const plainSamplers = sizes.map((m) => batchSampler({n, m, replace}, genericStream(plain)));
      for (let round = 0; round < 50; ++round) {
        const s = round % sizes.length;
        expect(Array.from(fastSamplers[s](new Int32Array(sizes[s]))), `replace ${replace}, round ${round}`)
          .toEqual(Array.from(plainSamplers[s](new Int32Array(sizes[s]))));
        // The stream's own methods, between batches, continue where the fused loop stopped.
        expect(fast.below(97)).toBe(plain.below(97));
        if (round % 3 === 0) expect(fast.random()).toBe(plain.random());
      }
    }
  });

  it("uses batchSampler itself for other streams, and checks its parameters like it", () => {
    const options: SamplerOptions = {n: 30, m: 5, replace: false};
    const a = fastBatchSampler(options, genericStream(randomStream(1, 2))), b = batchSampler(options, randomStream(1, 2));
    for (let t = 0; t < 20; ++t) expect(Array.from(a(new Int32Array(5)))).toEqual(Array.from(b(new Int32Array(5))));
    expect(() => fastBatchSampler({n: 5, m: 6, replace: false}, randomStream(0, 0))).toThrow(
      "m (batch size, without replacement) must be an integer in [1, 5]; got 6");
  });
});

describe("twoBatchNormsAt (one set of batches, several points)", () => {
  /** twoBatchNorms as first written: two miniBatchGradients calls on the generic path, then the mean |g|². */
  function reference(g: ReturnType<typeof noiseAt>["gradients"], {bSmall, bBig, replace, repeats}: {bSmall: number; bBig: number; replace: boolean; repeats: number}, stream: RandomStream) {
    const small = miniBatchGradients(g, {m: bSmall, replace, batches: repeats}, genericStream(stream));
    const big = miniBatchGradients(g, {m: bBig, replace, batches: repeats}, genericStream(stream));
    let s = 0, b = 0;
    for (let r = 0; r < repeats; ++r) {
      s += small.slope[r] * small.slope[r] + small.intercept[r] * small.intercept[r];
      b += big.slope[r] * big.slope[r] + big.intercept[r] * big.intercept[r];
    }
    return {smallNorm2: s / repeats, bigNorm2: b / repeats};
  }

  const pointsOf = (dataset: string, steps: number[]) => {
    const data = preparedDataset(dataset);
    const ws = gradientDescentPath(data, {start: REFERENCE_PATH.start, learningRate: REFERENCE_PATH.learningRate, steps: Math.max(...steps)});
    return steps.map((k) => noiseAt(data, ws[k]).gradients);
  };

  it("equals the generic computation at every point (1 to 4 points, both modes, m = 1 and m = N)", () => {
    const penguins = pointsOf("penguins", [0, 20, 40, 7]);
    const cases = [
      {bSmall: 1, bBig: 2, repeats: 5}, {bSmall: 4, bBig: 32, repeats: 3}, {bSmall: 64, bBig: 342, repeats: 4}, {bSmall: 1, bBig: 342, repeats: 1},
    ];
    for (const count of [1, 2, 3, 4])
      for (const c of cases)
        for (const replace of [false, true]) {
          const points = penguins.slice(0, count), options = {n: 342, ...c, replace};
          const stream = (seed: number) => twoBatchStream(seed, {dataset: "penguins", ...options});
          for (const seed of [0, 11]) {
            const fast = twoBatchNormsAt(gradientTable(points), options, stream(seed));
            expect(fast.length).toBe(count);
            points.forEach((g, k) => {
              const label = `${count} points, point ${k}, ${JSON.stringify(options)}, seed ${seed}`;
              const want = reference(g, options, stream(seed));
              expect(fast[k].smallNorm2, label).toBe(want.smallNorm2);
              expect(fast[k].bigNorm2, label).toBe(want.bigNorm2);
              expect(twoBatchNorms(g, options, stream(seed)), label).toEqual(want);
            });
          }
        }
  });

  it("equals it on diamonds (N = 53 940) with the grid's largest pair", () => {
    const points = pointsOf("diamonds", [0, 20, 40]);
    const table = gradientTable(points);
    for (const replace of [false, true]) {
      const options = {dataset: "diamonds", seed: 3, n: 53_940, bSmall: 256, bBig: 8192, replace, repeats: 2};
      const runs = twoBatchRunsAt(table, options);
      points.forEach((g, k) => {
        const want = reference(g, options, twoBatchStream(3, options));
        expect(runs[k].smallNorm2, `replace ${replace}, point ${k}`).toBe(want.smallNorm2);
        expect(runs[k].bigNorm2, `replace ${replace}, point ${k}`).toBe(want.bigNorm2);
        expect(runs[k]).toEqual(twoBatchRun(g, options));
      });
    }
  });

  it("lays the table out sample by sample and rejects mismatched points", () => {
    const a = {slope: Float64Array.of(1, 2), intercept: Float64Array.of(3, 4)}, b = {slope: Float64Array.of(5, 6), intercept: Float64Array.of(7, 8)};
    expect(gradientTable([a, b])).toEqual({n: 2, points: 2, values: Float64Array.of(1, 3, 5, 7, 2, 4, 6, 8)});
    expect(() => gradientTable([])).toThrow(/points/);
    expect(() => gradientTable([a, {slope: Float64Array.of(1), intercept: Float64Array.of(1)}])).toThrow(/points\[1\] length/);
    expect(() => twoBatchNormsAt(gradientTable([a]), {n: 3, bSmall: 1, bBig: 2, replace: true, repeats: 1}, randomStream(0, 0))).toThrow(/^n must be/);
  });
});

describe("two-batch-v1 chunks", () => {
  const GRID: TwoBatchGrid = {
    ...TWO_BATCH_GRID,
    seeds: {from: 5, count: 7},
    steps: [40, 0, 20],
    repeats: [3, 1],
    datasets: [{id: "penguins", pairs: [[4, 32], [64, 342]]}, {id: "diamonds", pairs: [[8, 128]]}],
  };
  const reference = twoBatchTasks(GRID).flatMap(twoBatchRows);

  it("cover every cell and seed once, and assemble to the rows computed one (dataset, step) at a time", () => {
    // 3 steps × (2 + 1) pairs × 2 modes × 2 repeats × 7 seeds
    expect(reference.length).toBe(252);
    for (const threads of [1, 2, 16]) {
      const chunks = twoBatchChunks(GRID, {threads});
      const seeds = chunks.reduce((sum, c) => sum + c.seeds.count, 0);
      expect(seeds, `threads ${threads}`).toBe(3 * 2 * 2 * 7);
      // Computed in reverse order, as the pool's scheduling might, then put back in place.
      const results = chunks.map((_, c) => c).reverse().map((c) => [c, twoBatchChunkRows(chunks[c])] as const);
      const rows = new Array(chunks.length);
      for (const [c, r] of results) rows[c] = r;
      expect(assembleTwoBatchRows(GRID, chunks, rows), `threads ${threads}`).toEqual(reference);
    }
    expect(twoBatchChunks(GRID, {threads: 16}).length).toBeGreaterThan(twoBatchChunks(GRID, {threads: 1}).length);
  });

  it("split the published grid into many chunks of similar size", () => {
    const chunks = twoBatchChunks(TWO_BATCH_GRID, {threads: 2});
    const draws = chunks.map((c) => c.seeds.count * c.repeats * (c.pair[0] + c.pair[1]));
    const total = draws.reduce((a, b) => a + b, 0);
    expect(chunks.length).toBeGreaterThanOrEqual(48);
    // No chunk holds more than 1/20 of the work, so two cores finish within a few percent.
    expect(Math.max(...draws) / total).toBeLessThan(1 / 20);
  });
});
