// Tests of the non-uniform sampler (alias method) and of the two estimators built on it:
// the plain batch mean, biased under non-uniform draws, and the importance-weighted mean,
// unbiased for any p with every p_i > 0.
import {describe, expect, it} from "vitest";
import {
  aliasTable,
  aliasProbabilities,
  aliasSampler,
  tiltedWeights,
  estimatorMoments,
  importanceMeans,
  importanceRun,
  type ImportanceOptions,
} from "../src/lib/importance.js";
import {randomStream} from "../src/lib/random/stream.js";
import {population} from "../src/lib/population.js";
import {mean} from "../src/lib/estimators.js";
import {ParameterError} from "../src/lib/validate.js";

describe("aliasTable", () => {
  it("normalises the weights and draws with exactly those probabilities", () => {
    const weights = [1, 2, 3, 4, 0.5, 7.25];
    const table = aliasTable(weights);
    const total = weights.reduce((a, b) => a + b, 0);
    const implied = aliasProbabilities(table);
    weights.forEach((w, i) => {
      expect(table.probabilities[i]).toBeCloseTo(w / total, 15);
      expect(implied[i]).toBeCloseTo(w / total, 14);
    });
  });

  // Vose's construction passes each residual scaled[l] + scaled[s] − 1 down a chain of at
  // most N updates, each rounding by ≤ 2^-53 relative; so allow 4·N·2^-52 relative error.
  it("is exact up to rounding for a large random table too", () => {
    const stream = randomStream(7, 1);
    const weights = Float64Array.from({length: 5000}, () => 0.01 + stream.random() * 10);
    const table = aliasTable(weights);
    const implied = aliasProbabilities(table);
    for (let i = 0; i < weights.length; ++i)
      expect(Math.abs(implied[i] - table.probabilities[i]) / table.probabilities[i]).toBeLessThan(4 * weights.length * 2 ** -52);
  });

  it("is deterministic", () => {
    const weights = tiltedWeights(population(3, {n: 1000, gradient: 2, noise: 1}), 4);
    expect(aliasTable(weights)).toEqual(aliasTable(weights));
  });

  it("rejects weights that cannot be sampled or reweighted, naming the entry", () => {
    expect(() => aliasTable([])).toThrow(ParameterError);
    expect(() => aliasTable([1, 0])).toThrow("weights[1] must be a finite number > 0 (a sample with probability 0 can never be reweighted); got 0");
    expect(() => aliasTable([1, -2])).toThrow("weights[1] must be");
    expect(() => aliasTable([NaN])).toThrow("weights[0] must be");
    expect(() => aliasTable([1, Infinity])).toThrow("weights[1] must be");
  });
});

describe("aliasSampler", () => {
  // 200,000 draws from p ∝ (1, 2, 3, 4, 10): Pearson's χ² with 4 degrees of freedom is
  // below its 99.9% point 18.47 when the sampler is right (fixed seed, so the outcome is
  // fixed; a wrong sampler, e.g. uniform, gives χ² in the tens of thousands).
  const weights = [1, 2, 3, 4, 10];
  const draws = 200_000;
  const chiSquare = (counts: number[], p: ArrayLike<number>) => counts.reduce((sum, c, i) => sum + (c - draws * p[i]) ** 2 / (draws * p[i]), 0);

  it("draws each index with its probability (χ² test)", () => {
    const table = aliasTable(weights);
    const next = aliasSampler(table, randomStream(11, 2));
    const counts = weights.map(() => 0);
    for (let k = 0; k < draws; ++k) ++counts[next()];
    expect(chiSquare(counts, table.probabilities)).toBeLessThan(18.47);
    // The same test rejects uniform draws, so it can fail.
    const uniform = weights.map(() => 0);
    const stream = randomStream(11, 2);
    for (let k = 0; k < draws; ++k) ++uniform[stream.below(weights.length)];
    expect(chiSquare(uniform, table.probabilities)).toBeGreaterThan(1000);
  });

  it("gives the same indices for the same stream", () => {
    const table = aliasTable(weights);
    const a = aliasSampler(table, randomStream(5, 9)), b = aliasSampler(table, randomStream(5, 9));
    const xs = Array.from({length: 1000}, a), ys = Array.from({length: 1000}, b);
    expect(xs).toEqual(ys);
  });
});

describe("tiltedWeights", () => {
  const values = population(0, {n: 1000, gradient: 2, noise: 1});

  it("tilt 0 is uniform; otherwise the largest gradient is (1 + tilt) times as likely as the smallest", () => {
    expect(new Set(tiltedWeights(values, 0))).toEqual(new Set([1]));
    const w = tiltedWeights(values, 4);
    expect(Math.min(...w)).toBe(1);
    expect(Math.max(...w)).toBe(5);
    const order = Array.from(values.keys()).sort((i, j) => values[i] - values[j]);
    for (let k = 1; k < order.length; ++k) expect(w[order[k]]).toBeGreaterThanOrEqual(w[order[k - 1]]);
  });

  it("is uniform for a constant population, and rejects a bad tilt", () => {
    expect(new Set(tiltedWeights([3, 3, 3], 10))).toEqual(new Set([1]));
    expect(() => tiltedWeights(values, -1)).toThrow("tilt must be a finite number in [0, 1000]; got -1");
    expect(() => tiltedWeights(values, NaN)).toThrow(ParameterError);
  });
});

describe("estimatorMoments", () => {
  it("matches the definitions, by enumeration of a small population", () => {
    const g = [-1, 0.5, 2, 3.5], w = [1, 3, 2, 6];
    const p = w.map((x) => x / 12);
    const m = estimatorMoments(g, p);
    const plain = g.reduce((s, x, i) => s + p[i] * x, 0);
    expect(m.plainMean).toBeCloseTo(plain, 15);
    expect(m.plainVariance).toBeCloseTo(g.reduce((s, x, i) => s + p[i] * (x - plain) ** 2, 0), 15);
    // The weighted estimator's expectation is the plain average of g, whatever p is.
    expect(m.weightedMean).toBeCloseTo(mean(g), 15);
    expect(m.weightedVariance).toBeCloseTo(g.reduce((s, x, i) => s + (x * x) / (16 * p[i]), 0) - mean(g) ** 2, 14);
  });
});

describe("importanceMeans", () => {
  it("with tilt 0 (uniform p) both estimators agree, batch by batch", () => {
    const values = population(1, {n: 500, gradient: 2, noise: 1});
    const table = aliasTable(tiltedWeights(values, 0));
    const {plain, weighted} = importanceMeans(values, table, {m: 8, trials: 200}, randomStream(1, 3));
    for (let t = 0; t < plain.length; ++t) expect(weighted[t]).toBeCloseTo(plain[t], 12);
  });

  it("rejects a table of the wrong size and bad m or T", () => {
    const values = population(1, {n: 10, gradient: 2, noise: 1});
    expect(() => importanceMeans(values, aliasTable([1, 2]), {m: 1, trials: 2}, randomStream(0, 0))).toThrow("table size must be equal to the population size 10; got 2");
    const table = aliasTable(tiltedWeights(values, 1));
    expect(() => importanceMeans(values, table, {m: 0, trials: 2}, randomStream(0, 0))).toThrow("m (batch size) must be");
    expect(() => importanceMeans(values, table, {m: 1, trials: 1}, randomStream(0, 0))).toThrow("trials (T) must be");
  });
});

describe("importanceRun across 200 seeds", () => {
  const SEEDS = 200;
  const base: Omit<ImportanceOptions, "seed"> = {n: 1000, gradient: 2, noise: 1, tilt: 4, m: 16, trials: 500};
  const runs = Array.from({length: SEEDS}, (_, seed) => importanceRun({...base, seed}));
  // Pooled over seeds: the mean of the per-seed biases has standard error √(Σ SE_s²)/S,
  // SE_s = √(v_s/(mT)) exact per seed (v_s the per-draw variance given that seed's data);
  // seeds are independent, so the pooled z is ~ Normal(0, 1) if the estimator is unbiased,
  // and |z| < 3 fails with probability 0.27% (fixed seeds: the outcome is fixed).
  const pooled = (bias: (r: (typeof runs)[number]) => number, se: (r: (typeof runs)[number]) => number) => {
    const b = mean(runs.map(bias));
    const s = Math.sqrt(runs.reduce((a, r) => a + se(r) ** 2, 0)) / SEEDS;
    return {bias: b, se: s, z: b / s};
  };

  it("the importance-weighted estimator is unbiased within 3 standard errors", () => {
    const {z, bias, se} = pooled((r) => r.weightedTest.bias, (r) => r.weightedTest.seTheory);
    expect(Math.abs(z), `pooled bias ${bias}, SE ${se}`).toBeLessThan(3);
    // And per seed: the count of |z| > 1.96 is Binomial(200, 0.05) (mean 10, sd 3.1); allow mean + 4 sd.
    expect(runs.filter((r) => Math.abs(r.weightedTest.z) > 1.96).length).toBeLessThanOrEqual(22);
  });

  it("the plain (unweighted) estimator's bias is detected, and is the predicted Σ p_i g_i − ḡ", () => {
    const detected = pooled((r) => r.plainTest.bias, (r) => r.plainTest.seTheory);
    expect(detected.z).toBeGreaterThan(20);
    // Every single seed detects it at 1,600 draws? Not necessarily: require ≥ 95% of seeds at |z| > 3.
    expect(runs.filter((r) => r.plainTest.z > 3).length).toBeGreaterThanOrEqual(0.95 * SEEDS);
    // Against its own expectation the plain estimator is unbiased: bias − (plainMean − ḡ) is noise.
    const residual = pooled((r) => r.plainTest.bias - (r.moments.plainMean - r.populationMean), (r) => r.plainTest.seTheory);
    expect(Math.abs(residual.z)).toBeLessThan(3);
  });

  it("stays unbiased for a steep tilt (20), with its larger variance accounted for", () => {
    const steep = Array.from({length: 50}, (_, seed) => importanceRun({...base, tilt: 20, seed}));
    const b = mean(steep.map((r) => r.weightedTest.bias));
    const se = Math.sqrt(steep.reduce((a, r) => a + r.weightedTest.seTheory ** 2, 0)) / steep.length;
    expect(Math.abs(b / se)).toBeLessThan(3);
  });

  it("is deterministic, and seeds differ", () => {
    const a = importanceRun({...base, seed: 3, trials: 50}), b = importanceRun({...base, seed: 3, trials: 50});
    expect(a).toEqual(b);
    expect(importanceRun({...base, seed: 4, trials: 50}).plain).not.toEqual(a.plain);
  });

  it("uses the population of the other pages for the same seed", () => {
    expect(Array.from(importanceRun({...base, seed: 0, trials: 2}).values)).toEqual(Array.from(population(0, base)));
  });
});
