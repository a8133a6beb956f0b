// Tests of the theoretical variances, the χ² quantile and the variance band.
import {describe, expect, it} from "vitest";
import {
  iidVariance,
  finitePopulationCorrection,
  withoutReplacementVariance,
  chiSquareQuantile,
  varianceBand,
} from "../src/lib/theory.js";
import {ParameterError} from "../src/lib/validate.js";

describe("variance of a mini-batch mean", () => {
  it("hand values", () => {
    expect(iidVariance(2, 4)).toBe(0.5);
    expect(finitePopulationCorrection(10, 4)).toBe(6 / 9);
    expect(withoutReplacementVariance(2, 4, 10)).toBeCloseTo(0.5 * (6 / 9), 15);
    expect(finitePopulationCorrection(1000, 1)).toBe(1);
    expect(finitePopulationCorrection(1000, 1000)).toBe(0);
    expect(withoutReplacementVariance(3, 1, 1000)).toBe(3);
  });

  it("N = 1: the only batch is the whole population, so the variance is 0", () => {
    expect(finitePopulationCorrection(1, 1)).toBe(0);
    expect(withoutReplacementVariance(0, 1, 1)).toBe(0);
    expect(withoutReplacementVariance(5, 1, 1)).toBe(0);
  });

  // Exact enumeration over a tiny population: every ordered m-tuple (with replacement)
  // or every m-subset (without) is equally likely, so the variance of the batch mean is
  // the plain average of squared deviations over the enumeration.
  const POPULATION = [1, 2, 4, 8, 16];
  const N = POPULATION.length;
  const mu = POPULATION.reduce((a, b) => a + b) / N;
  const s2 = POPULATION.reduce((a, x) => a + (x - mu) ** 2, 0) / N; // divisor N
  const averageSquaredDeviation = (batches: number[][]) =>
    batches.reduce((a, b) => a + (b.reduce((s, i) => s + POPULATION[i], 0) / b.length - mu) ** 2, 0) / batches.length;

  it("s²/m is exact for the mean of m draws with replacement (enumeration of all N^m tuples)", () => {
    for (const m of [1, 2, 3]) {
      let tuples: number[][] = [[]];
      for (let j = 0; j < m; ++j) tuples = tuples.flatMap((t) => POPULATION.map((_, i) => [...t, i]));
      expect(averageSquaredDeviation(tuples)).toBeCloseTo(iidVariance(s2, m), 12);
    }
  });

  it("(s²/m)(N − m)/(N − 1) is exact without replacement (enumeration of all C(N, m) subsets)", () => {
    for (const m of [1, 2, 3, 4, 5]) {
      const subsets: number[][] = [];
      for (let mask = 0; mask < 1 << N; ++mask) {
        const subset = POPULATION.map((_, i) => i).filter((i) => mask & (1 << i));
        if (subset.length === m) subsets.push(subset);
      }
      expect(averageSquaredDeviation(subsets)).toBeCloseTo(withoutReplacementVariance(s2, m, N), 12);
    }
  });
});

describe("chiSquareQuantile", () => {
  // Tabulated values to 5 decimals (they agree with scipy.stats.chi2.ppf);
  // |error| < 10^-5 means agreement to at least 5 significant digits.
  it.each([
    [0.975, 1, 5.02389],
    [0.025, 10, 3.24697],
    [0.975, 10, 20.48318],
    [0.025, 100, 74.22193],
    [0.975, 100, 129.5612],
  ])("p = %f, df = %i → %f", (p, df, value) => {
    expect(Math.abs(chiSquareQuantile(p, df) - value)).toBeLessThan(1e-5);
  });

  it("closed forms: df = 2 gives −2 ln(1 − p); df = 1 gives z_{(1+p)/2}²", () => {
    for (const p of [0.001, 0.025, 0.3, 0.5, 0.975, 0.999]) expect(chiSquareQuantile(p, 2)).toBeCloseTo(-2 * Math.log1p(-p), 12);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(1.959963984540054 ** 2, 12);
  });

  // Wilson–Hilferty: χ²_k(p) ≈ k·(1 − 2/(9k) + z_p·√(2/(9k)))³.
  const Z_975 = 1.959963984540054; // the standard normal's 0.975 quantile
  const wilsonHilferty = (z: number, k: number) => k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;

  it("df = 999 agrees with Wilson–Hilferty within the approximation's error", () => {
    // WH's relative error falls at least as fast as 1/k in the central range (in fact
    // faster). Its relative error at df = 100 against the tabulated values above is
    // ≤ 7.8·10^-5 (checked here), so at df = 999 it is below 7.8·10^-5 · 100/999 < 10^-5.
    const relative = (a: number, b: number) => Math.abs(a - b) / b;
    expect(relative(wilsonHilferty(-Z_975, 100), 74.22193)).toBeLessThan(7.8e-5);
    expect(relative(wilsonHilferty(Z_975, 100), 129.5612)).toBeLessThan(7.8e-5);
    expect(relative(chiSquareQuantile(0.025, 999), wilsonHilferty(-Z_975, 999))).toBeLessThan(1e-5);
    expect(relative(chiSquareQuantile(0.975, 999), wilsonHilferty(Z_975, 999))).toBeLessThan(1e-5);
    // Cross-check against an independent implementation: scipy.stats.chi2.ppf
    // (SciPy 1.17.1) gives 913.3009983021134 and 1088.4870677259353.
    expect(chiSquareQuantile(0.025, 999)).toBeCloseTo(913.3009983021134, 8);
    expect(chiSquareQuantile(0.975, 999)).toBeCloseTo(1088.4870677259353, 8);
  });

  it("is increasing in p, with χ²(0) = 0 and χ²(1) = ∞", () => {
    const ps = [0, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999];
    const qs = ps.map((p) => chiSquareQuantile(p, 7));
    for (let i = 1; i < qs.length; ++i) expect(qs[i]).toBeGreaterThan(qs[i - 1]);
    expect(qs[0]).toBe(0);
    expect(chiSquareQuantile(1, 7)).toBe(Infinity);
  });

  it("rejects p outside [0, 1] and df ≤ 0, naming the parameter", () => {
    for (const p of [-0.1, 1.5, NaN, Infinity]) {
      expect(() => chiSquareQuantile(p, 3)).toThrow(ParameterError);
      expect(() => chiSquareQuantile(p, 3)).toThrow(new RegExp(`^p must be a finite number in \\[0, 1\\]; got ${p}$`));
    }
    for (const df of [0, -1, NaN, Infinity]) expect(() => chiSquareQuantile(0.5, df)).toThrow(new RegExp(`^df must be a finite number .*; got ${df}$`));
  });
});

describe("varianceBand", () => {
  it("is [v·χ²_{T−1}(α/2)/T, v·χ²_{T−1}(1 − α/2)/T]", () => {
    for (const [v, trials] of [[1, 2], [0.25, 10], [0.0029, 1000], [3, 12345]]) {
      const band = varianceBand(v, trials);
      expect(band.low).toBeCloseTo((v * chiSquareQuantile(0.025, trials - 1)) / trials, 14);
      expect(band.high).toBeCloseTo((v * chiSquareQuantile(0.975, trials - 1)) / trials, 14);
      const band90 = varianceBand(v, trials, {level: 0.9});
      expect(band90.low).toBeCloseTo((v * chiSquareQuantile(0.05, trials - 1)) / trials, 14);
      expect(band90.high).toBeCloseTo((v * chiSquareQuantile(0.95, trials - 1)) / trials, 14);
      expect(band90.low).toBeGreaterThan(band.low);
      expect(band90.high).toBeLessThan(band.high);
    }
  });

  it("T = 1000: the reference values (v = 1)", () => {
    // χ²_999(0.025) and χ²_999(0.975) from SciPy, see above, divided by T = 1000.
    const band = varianceBand(1, 1000);
    expect(band.low).toBeCloseTo(0.9133009983021134, 10);
    expect(band.high).toBeCloseTo(1.0884870677259353, 10);
  });

  it("T = 11: the tabulated χ²_10 values", () => {
    const band = varianceBand(2, 11);
    expect(Math.abs(band.low - (2 * 3.24697) / 11)).toBeLessThan(1e-5);
    expect(Math.abs(band.high - (2 * 20.48318) / 11)).toBeLessThan(1e-5);
  });

  it("rejects T < 2 and non-integer T, naming trials (T)", () => {
    expect(() => varianceBand(1, 1)).toThrow("trials (T) must be an integer ≥ 2; got 1");
    expect(() => varianceBand(1, 10.5)).toThrow("trials (T) must be an integer ≥ 2; got 10.5");
    expect(() => varianceBand(1, NaN)).toThrow("trials (T) must be an integer ≥ 2; got NaN");
    expect(() => varianceBand(1, 10, {level: 1.5})).toThrow("level must be a finite number in [0, 1]; got 1.5");
  });
});
