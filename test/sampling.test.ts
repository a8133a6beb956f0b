// Tests of the mini-batch samplers (with and without replacement).
import {describe, expect, it} from "vitest";
import {batchSampler, batchMeansOf, checkSampler, type SamplerOptions} from "../src/lib/sampling.js";
import {randomStream} from "../src/lib/random/stream.js";
import {genericStream, samplerMeans} from "./support/streams.js";
import {ParameterError} from "../src/lib/validate.js";
import {chiSquareQuantile} from "../src/lib/theory.js";

const sampler = (options: SamplerOptions, seed = 0, cell = 0) => {
  const next = batchSampler(options, randomStream(seed, cell));
  const out = new Int32Array(options.m);
  return () => Array.from(next(out));
};

describe("batchSampler: basic properties", () => {
  const CASES: SamplerOptions[] = [
    {n: 1, m: 1, replace: false}, {n: 1, m: 1, replace: true}, {n: 1, m: 5, replace: true},
    {n: 2, m: 2, replace: false}, {n: 10, m: 3, replace: false}, {n: 10, m: 10, replace: false},
    {n: 10, m: 25, replace: true}, {n: 1000, m: 256, replace: false}, {n: 1000, m: 256, replace: true},
  ];

  it("fills and returns the given buffer with m indices in [0, N)", () => {
    for (const options of CASES) {
      const next = batchSampler(options, randomStream(1, options.n));
      const out = new Int32Array(options.m);
      for (let b = 0; b < 200; ++b) {
        expect(next(out)).toBe(out);
        for (const k of out) if (!(k >= 0 && k < options.n)) expect.fail(`${JSON.stringify(options)}: index ${k}`);
      }
    }
  });

  it("draws distinct indices within a batch without replacement", () => {
    for (const options of CASES.filter((o) => !o.replace)) {
      const next = sampler(options, 2, options.n);
      for (let b = 0; b < 500; ++b) expect(new Set(next()).size, JSON.stringify(options)).toBe(options.m);
    }
  });

  it("repeats indices within a batch with replacement (m > N forces it)", () => {
    const next = sampler({n: 3, m: 10, replace: true});
    expect(new Set(next()).size).toBeLessThanOrEqual(3);
  });

  it("restores its state after each batch: batches of m = N are permutations of 0..N−1", () => {
    const n = 50;
    const next = sampler({n, m: n, replace: false}, 3);
    const identity = Array.from({length: n}, (_, i) => i);
    const seen = new Set<string>();
    for (let b = 0; b < 300; ++b) {
      const batch = next();
      expect([...batch].sort((x, y) => x - y)).toEqual(identity);
      seen.add(batch.join());
    }
    expect(seen.size).toBe(300); // and they vary
  });

  it("restores its state after each batch: every batch is a partial Fisher–Yates of the identity", () => {
    // Reference: a fresh identity permutation for every batch, swapped with j + below(N − j).
    // If the sampler did not undo its swaps, later batches would start from a shuffled
    // permutation and differ from this reference.
    for (const [n, m] of [[10, 3], [10, 10], [100, 37], [7, 1]]) {
      const next = sampler({n, m, replace: false}, 4, n);
      const twin = randomStream(4, n);
      for (let b = 0; b < 200; ++b) {
        const p = Array.from({length: n}, (_, i) => i);
        const want: number[] = [];
        for (let j = 0; j < m; ++j) {
          const k = j + twin.below(n - j);
          [p[j], p[k]] = [p[k], p[j]];
          want.push(p[j]);
        }
        expect(next(), `N ${n}, m ${m}, batch ${b}`).toEqual(want);
      }
    }
  });

  it("with replacement draws each index independently as below(N)", () => {
    const next = sampler({n: 17, m: 5, replace: true}, 5, 5);
    const twin = randomStream(5, 5);
    for (let b = 0; b < 200; ++b) expect(next()).toEqual(Array.from({length: 5}, () => twin.below(17)));
  });

  it("is deterministic for a given stream", () => {
    for (const replace of [false, true]) {
      const a = sampler({n: 100, m: 10, replace}, 9, 9), b = sampler({n: 100, m: 10, replace}, 9, 9);
      for (let i = 0; i < 100; ++i) expect(a()).toEqual(b());
    }
  });
});

describe("batchMeansOf (the fused hot path)", () => {
  const population = (n: number) => {
    const s = randomStream(99, n);
    return Float64Array.from({length: n}, () => s.random() * 10 - 3);
  };

  it("gives exactly the means of batchSampler's batches, and leaves the stream at the same output", () => {
    // Sizes chosen to cross the 256-output buffer boundary at different phases, with
    // m = N, m = 1 and N = 1, and N = 999999, where Lemire's method rejects (2 and 8
    // rejections in the 32000 draws without and with replacement, at this seed).
    for (const [n, m, trials] of [[1, 1, 50], [2, 2, 300], [10, 3, 1000], [10, 10, 100], [1000, 256, 20], [1000, 1, 700], [999_999, 64, 500]])
      for (const replace of [false, true]) {
        const values = population(n);
        const fused = randomStream(3, m), plain = randomStream(3, m);
        fused.nextUint32(), plain.nextUint32(); // start mid-buffer
        const a = batchMeansOf(values, {m, replace}, trials, fused);
        const b = batchMeansOf(values, {m, replace}, trials, genericStream(plain));
        // The reference: the batches of batchSampler, summed in draw order.
        const check = randomStream(3, m);
        check.nextUint32();
        const c = samplerMeans(values, {m, replace}, trials, check);
        const label = `N ${n}, m ${m}, replace ${replace}`;
        expect(Array.from(a), label).toEqual(c);
        expect(Array.from(b), label).toEqual(c);
        expect(fused.nextUint32(), label).toBe(plain.nextUint32());
        // and a second call continues from there (the buffer position was stored back)
        expect(Array.from(batchMeansOf(values, {m, replace}, 5, fused)), label).toEqual(Array.from(batchMeansOf(values, {m, replace}, 5, genericStream(plain))));
      }
  });

  it("checks its parameters like batchSampler", () => {
    expect(() => batchMeansOf(new Float64Array(5), {m: 6, replace: false}, 10, randomStream(0, 0))).toThrow(
      "m (batch size, without replacement) must be an integer in [1, 5]; got 6"
    );
  });
});

describe("batchSampler: uniformity (χ² tests at fixed seeds, critical value χ²_{df}(0.999))", () => {
  const statistic = (counts: number[], expected: number) => counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);

  it("includes every index with probability m/N, with replacement", () => {
    // With replacement the B·m draws are iid uniform, so the N counts are multinomial and
    // Pearson's statistic is approximately χ²_{N−1} (expected count 5000 per cell).
    const n = 20, m = 5, batches = 20_000;
    const next = sampler({n, m, replace: true}, 10, 1);
    const counts = new Array<number>(n).fill(0);
    for (let b = 0; b < batches; ++b) for (const k of next()) ++counts[k];
    expect(statistic(counts, (batches * m) / n)).toBeLessThan(chiSquareQuantile(0.999, n - 1));
  });

  it("includes every index with probability m/N, without replacement", () => {
    // Without replacement each batch's inclusion indicators have Var = π(1 − π) and
    // Cov = −π(1 − π)/(N − 1), π = m/N; their covariance matrix is π(1 − π)·N/(N − 1)·(I − J/N)
    // instead of the multinomial π(I − J/N) of sampling with replacement, so Pearson's X² over the N counts is
    // approximately (1 − π)·N/(N − 1)·χ²_{N−1} = (N − m)/(N − 1)·χ²_{N−1}. We rescale X² by
    // (N − 1)/(N − m) and compare with χ²_{N−1}(0.999).
    const n = 20, m = 5, batches = 20_000;
    const next = sampler({n, m, replace: false}, 10, 2);
    const counts = new Array<number>(n).fill(0);
    for (let b = 0; b < batches; ++b) for (const k of next()) ++counts[k];
    const scaled = (statistic(counts, (batches * m) / n) * (n - 1)) / (n - m);
    expect(scaled).toBeLessThan(chiSquareQuantile(0.999, n - 1));
  });

  it("draws every subset of size m with equal probability, without replacement", () => {
    // Each batch is one of C(6, 3) = 20 subsets; under simple random sampling they are
    // equally likely, so the 20 counts over B batches are multinomial: X² ≈ χ²_{19}.
    const n = 6, m = 3, batches = 40_000;
    const next = sampler({n, m, replace: false}, 10, 3);
    const counts = new Map<string, number>();
    for (let b = 0; b < batches; ++b) {
      const key = next().sort((x, y) => x - y).join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(20);
    expect(statistic([...counts.values()], batches / 20)).toBeLessThan(chiSquareQuantile(0.999, 19));
  });

  it("the scaled statistic detects a biased sampler (index 0 never drawn)", () => {
    // The test can fail: a sampler drawing from 1..N−1 only.
    const n = 20, m = 5, batches = 20_000;
    const next = sampler({n: n - 1, m, replace: false}, 10, 2);
    const counts = new Array<number>(n).fill(0);
    for (let b = 0; b < batches; ++b) for (const k of next()) ++counts[k + 1];
    const scaled = (statistic(counts, (batches * m) / n) * (n - 1)) / (n - m);
    expect(scaled).toBeGreaterThan(chiSquareQuantile(0.999, n - 1));
  });
});

describe("batchSampler: bad parameters", () => {
  /** Expects a ParameterError whose message names the parameter, the value and the allowed range. */
  function expectRejected(options: SamplerOptions, parameter: string, value: string, allowed: string) {
    for (const f of [() => checkSampler(options), () => batchSampler(options, randomStream(0, 0))]) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(ParameterError);
      const message = (error as Error).message;
      expect(message).toContain(parameter);
      expect(message).toContain(`got ${value}`);
      expect(message).toContain(allowed);
    }
  }
  const M_WITHOUT = "m (batch size, without replacement)";
  const M_WITH = "m (batch size)";
  const N = "n (population size N)";

  it("m > N without replacement", () => {
    expectRejected({n: 10, m: 11, replace: false}, M_WITHOUT, "11", "an integer in [1, 10]");
    expectRejected({n: 1, m: 2, replace: false}, M_WITHOUT, "2", "an integer in [1, 1]");
  });

  it("m < 1", () => {
    expectRejected({n: 10, m: 0, replace: false}, M_WITHOUT, "0", "in [1, 10]");
    expectRejected({n: 10, m: -3, replace: true}, M_WITH, "-3", "in [1, 1000000]");
  });

  it("N < 1 or N above the maximum", () => {
    expectRejected({n: 0, m: 1, replace: false}, N, "0", "an integer in [1, 1000000]");
    expectRejected({n: -5, m: 1, replace: true}, N, "-5", "an integer in [1, 1000000]");
    expectRejected({n: 1_000_001, m: 1, replace: true}, N, "1000001", "an integer in [1, 1000000]");
  });

  it("non-integers", () => {
    expectRejected({n: 10.5, m: 1, replace: false}, N, "10.5", "an integer in [1, 1000000]");
    expectRejected({n: 10, m: 2.5, replace: false}, M_WITHOUT, "2.5", "an integer in [1, 10]");
    expectRejected({n: 10, m: 2.5, replace: true}, M_WITH, "2.5", "an integer in [1, 1000000]");
    expectRejected({n: "10" as unknown as number, m: 1, replace: true}, N, '"10"', "an integer");
  });

  it("NaN and ±Infinity", () => {
    expectRejected({n: NaN, m: 1, replace: false}, N, "NaN", "an integer in [1, 1000000]");
    expectRejected({n: Infinity, m: 1, replace: true}, N, "Infinity", "an integer in [1, 1000000]");
    expectRejected({n: 10, m: NaN, replace: false}, M_WITHOUT, "NaN", "in [1, 10]");
    expectRejected({n: 10, m: Infinity, replace: true}, M_WITH, "Infinity", "in [1, 1000000]");
    expectRejected({n: 10, m: -Infinity, replace: false}, M_WITHOUT, "-Infinity", "in [1, 10]");
  });

  it("replace that is not a boolean", () => {
    expectRejected({n: 10, m: 1, replace: "false" as unknown as boolean}, "replace", '"false"', "true or false");
  });
});
