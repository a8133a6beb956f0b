// Tests of the reference experiment: determinism, golden values, the prefix property,
// agreement with theory over many seeds, and parameter checks.
import {beforeAll, describe, expect, it} from "vitest";
import {
  runExperiment,
  batchMeans,
  batchStream,
  REFERENCE,
  type ExperimentOptions,
  type ExperimentResult,
} from "../src/lib/experiment.js";
import {population} from "../src/lib/population.js";
import {mean, variance} from "../src/lib/estimators.js";
import {ParameterError} from "../src/lib/validate.js";

describe("runExperiment(REFERENCE)", () => {
  it("is the documented reference experiment", () => {
    expect(REFERENCE).toEqual({seed: 0, n: 1000, gradient: 2, noise: 1, trials: 1000, batchSizes: [1, 4, 16, 64, 256], replace: false});
    expect(Object.isFrozen(REFERENCE)).toBe(true);
  });

  it("is deterministic", () => {
    const a = runExperiment(REFERENCE), b = runExperiment(REFERENCE);
    expect(a).toEqual(b);
    expect(runExperiment({...REFERENCE, batchSizes: [...REFERENCE.batchSizes]})).toEqual(a);
  });

  // Golden values: recorded from the current implementation (full precision), not
  // derived independently. They pin down the whole pipeline (streams, population,
  // sampler, estimators); any change to the numbers on the course page fails here.
  // Update them only for a deliberate change, and say so in the change description.
  it("golden values", () => {
    const result = runExperiment(REFERENCE);
    expect(result.populationMean).toBe(2.0226298667740004);
    expect(result.populationVariance).toBe(1.016923172728403);
    expect(result.rows.map((r) => r.m)).toEqual([1, 4, 16, 64, 256]);
    expect(result.rows.map((r) => r.variance)).toEqual([
      1.0006326917129067, 0.24440134914655307, 0.061345317728053544, 0.015169344962386727, 0.0027869749197639753,
    ]);
    expect(result.rows.map((r) => r.meanOfMeans)).toEqual([
      2.0533811369115793, 2.034089188071285, 2.012941568774505, 2.025035776787497, 2.02563550571081,
    ]);
  });

  it("its rows are consistent with theory's formulas", () => {
    const {populationVariance: s2, rows} = runExperiment(REFERENCE);
    for (const row of rows) {
      expect(row.theoryIid).toBeCloseTo(s2 / row.m, 15);
      expect(row.theoryFpc).toBeCloseTo(((s2 / row.m) * (1000 - row.m)) / 999, 15);
      expect(row.ratio).toBeCloseTo(row.variance / row.theoryFpc, 12);
      expect(row.bandLow).toBeLessThan(row.theoryFpc);
      expect(row.bandHigh).toBeGreaterThan(row.theoryFpc);
    }
  });
});

describe("batch means", () => {
  it("have the prefix property: trials 500 gives the first 500 batch means of trials 1000", () => {
    for (const replace of [false, true]) {
      const values = population(REFERENCE.seed, REFERENCE);
      for (const m of REFERENCE.batchSizes) {
        const cell = {n: REFERENCE.n, gradient: REFERENCE.gradient, noise: REFERENCE.noise, m, replace};
        const long = batchMeans(values, {m, trials: 1000, replace}, batchStream(REFERENCE.seed, cell));
        const short = batchMeans(values, {m, trials: 500, replace}, batchStream(REFERENCE.seed, cell));
        expect(Array.from(short), `m ${m}, replace ${replace}`).toEqual(Array.from(long.subarray(0, 500)));
      }
    }
  });

  it("are what runExperiment summarises", () => {
    const values = population(REFERENCE.seed, REFERENCE);
    const result = runExperiment(REFERENCE);
    for (const row of result.rows) {
      const cell = {n: REFERENCE.n, gradient: REFERENCE.gradient, noise: REFERENCE.noise, m: row.m, replace: false};
      const means = batchMeans(values, {m: row.m, trials: REFERENCE.trials, replace: false}, batchStream(REFERENCE.seed, cell));
      expect(row.variance).toBe(variance(means));
      expect(row.meanOfMeans).toBe(mean(means));
    }
    // and the population is the one of summarizePopulation
    expect(result.populationVariance).toBe(variance(values));
  });

  it("differ between batch sizes, modes and seeds (each cell has its own stream)", () => {
    const a = runExperiment(REFERENCE).rows.map((r) => r.variance);
    const b = runExperiment({...REFERENCE, replace: true}).rows.map((r) => r.variance);
    const c = runExperiment({...REFERENCE, seed: 1}).rows.map((r) => r.variance);
    expect(new Set([...a, ...b, ...c]).size).toBe(15);
  });
});

describe("agreement with theory over 200 seeds (T = 1000)", () => {
  const SEEDS = 200;
  const T = REFERENCE.trials;
  const results: Record<"without" | "with", ExperimentResult[]> = {without: [], with: []};

  beforeAll(() => {
    for (let seed = 0; seed < SEEDS; ++seed) {
      results.without.push(runExperiment({...REFERENCE, seed}));
      results.with.push(runExperiment({...REFERENCE, seed, replace: true}));
    }
  });

  const sd = (x: number[]) => Math.sqrt(variance(x, {ddof: 1}));

  // For each m: the mean over seeds of `variance` and its standard error
  // SE = sd over seeds / √200. The per-seed variances are independent across seeds (each
  // seed has its own population and streams), so their mean is approximately normal
  // with that SE, and |mean − expectation| < 3 SE fails with probability 0.27% (at fixed
  // seeds the outcome is deterministic). This SE also includes the seed-to-seed spread
  // of the population's s², which the theory shares, so it is conservative.
  //
  // The expectation: given the population, E[variance] = theory · (T − 1)/T exactly,
  // because `variance` divides by T. The factor (1 − 1/1000) moves the expectation by
  // about 0.2 SE; we include it since it is exact.
  function statistics(rows: ExperimentResult[], index: number) {
    const v = rows.map((r) => r.rows[index].variance);
    return {
      mean: mean(v),
      se: sd(v) / Math.sqrt(rows.length),
      iid: (mean(rows.map((r) => r.rows[index].theoryIid)) * (T - 1)) / T,
      fpc: (mean(rows.map((r) => r.rows[index].theoryFpc)) * (T - 1)) / T,
    };
  }

  it.each(REFERENCE.batchSizes.map((m, i) => [m, i]))("without replacement, m = %i: within 3 SE of the finite-population theory", (m, i) => {
    const {mean, se, fpc} = statistics(results.without, i);
    expect(Math.abs(mean - fpc) / se, `mean ${mean}, theory ${fpc}, SE ${se}`).toBeLessThan(3);
  });

  it("without replacement, m = 256: the plain s²/m line is more than 10 SE away", () => {
    const {mean, se, iid} = statistics(results.without, 4);
    expect(Math.abs(mean - iid) / se).toBeGreaterThan(10);
  });

  it.each(REFERENCE.batchSizes.map((m, i) => [m, i]))("with replacement, m = %i: within 3 SE of s²/m", (m, i) => {
    const {mean, se, iid} = statistics(results.with, i);
    expect(Math.abs(mean - iid) / se, `mean ${mean}, theory ${iid}, SE ${se}`).toBeLessThan(3);
  });

  it("with replacement, m = 256: the finite-population line is more than 10 SE away", () => {
    const {mean, se, fpc} = statistics(results.with, 4);
    expect(Math.abs(mean - fpc) / se).toBeGreaterThan(10);
  });

  it("the 95% band covers the measured variance in about 95% of the 2000 (seed, m, mode) cells", () => {
    // Coverage count ~ Binomial(2000, 0.95) if the band is right: mean 1900, sd √(2000·0.95·0.05) ≈ 9.7;
    // allow 4 sd (the cells are independent given their populations).
    let covered = 0, cells = 0;
    for (const r of [...results.without, ...results.with])
      for (const row of r.rows) {
        ++cells;
        if (row.bandLow <= row.variance && row.variance <= row.bandHigh) ++covered;
      }
    expect(cells).toBe(2000);
    expect(Math.abs(covered - 0.95 * cells)).toBeLessThan(4 * Math.sqrt(cells * 0.95 * 0.05));
  });
});

describe("runExperiment: bad parameters", () => {
  function expectRejected(overrides: Partial<Record<keyof ExperimentOptions, unknown>>, parameter: string, value: string, allowed: string) {
    let error: unknown;
    try {
      runExperiment({...REFERENCE, ...overrides} as ExperimentOptions);
    } catch (e) {
      error = e;
    }
    expect(error, JSON.stringify(overrides)).toBeInstanceOf(ParameterError);
    expect((error as Error).message).toBe(`${parameter} must be ${allowed}; got ${value}`);
  }
  const TRIALS = "an integer in [2, 10000000]";
  const N = "an integer in [1, 1000000]";
  const SEED = "an integer in [0, 4294967295]";

  it("T < 2 and non-integer or non-finite T", () => {
    expectRejected({trials: 1}, "trials (T)", "1", TRIALS);
    expectRejected({trials: 0}, "trials (T)", "0", TRIALS);
    expectRejected({trials: 2.5}, "trials (T)", "2.5", TRIALS);
    expectRejected({trials: NaN}, "trials (T)", "NaN", TRIALS);
    expectRejected({trials: Infinity}, "trials (T)", "Infinity", TRIALS);
    expectRejected({trials: 10_000_001}, "trials (T)", "10000001", TRIALS);
  });

  it("σ < 0 and non-finite σ", () => {
    expectRejected({noise: -1}, "noise (σ)", "-1", "a finite number ≥ 0");
    expectRejected({noise: -1e-300}, "noise (σ)", "-1e-300", "a finite number ≥ 0");
    expectRejected({noise: NaN}, "noise (σ)", "NaN", "a finite number ≥ 0");
    expectRejected({noise: Infinity}, "noise (σ)", "Infinity", "a finite number ≥ 0");
  });

  it("N < 1 and non-integer or non-finite N", () => {
    expectRejected({n: 0}, "n (population size N)", "0", N);
    expectRejected({n: -1}, "n (population size N)", "-1", N);
    expectRejected({n: 10.5}, "n (population size N)", "10.5", N);
    expectRejected({n: NaN}, "n (population size N)", "NaN", N);
    expectRejected({n: Infinity}, "n (population size N)", "Infinity", N);
  });

  it("non-finite gradient", () => {
    expectRejected({gradient: NaN}, "gradient", "NaN", "a finite number");
    expectRejected({gradient: -Infinity}, "gradient", "-Infinity", "a finite number");
  });

  it("non-integer, negative or too large seed", () => {
    expectRejected({seed: 1.5}, "seed", "1.5", SEED);
    expectRejected({seed: -1}, "seed", "-1", SEED);
    expectRejected({seed: 2 ** 32}, "seed", "4294967296", SEED);
    expectRejected({seed: NaN}, "seed", "NaN", SEED);
    expectRejected({seed: "0"}, "seed", '"0"', SEED);
  });

  it("empty or missing batch sizes", () => {
    expectRejected({batchSizes: []}, "batchSizes", "[]", "a non-empty list of batch sizes");
    expectRejected({batchSizes: undefined}, "batchSizes", "undefined", "a non-empty list of batch sizes");
  });

  it("bad batch sizes: m > N, m < 1, non-integer m", () => {
    expectRejected({batchSizes: [1, 1001]}, "m (batch size, without replacement)", "1001", "an integer in [1, 1000]");
    expectRejected({batchSizes: [1, 4, 0]}, "m (batch size, without replacement)", "0", "an integer in [1, 1000]");
    expectRejected({batchSizes: [2.5]}, "m (batch size, without replacement)", "2.5", "an integer in [1, 1000]");
    expectRejected({batchSizes: [NaN]}, "m (batch size, without replacement)", "NaN", "an integer in [1, 1000]");
    expectRejected({batchSizes: [0], replace: true}, "m (batch size)", "0", N);
  });

  it("replace that is not a boolean", () => {
    expectRejected({replace: "false"}, "replace", '"false"', "true or false");
  });

  it("accepts the edges of the ranges", () => {
    expect(() => runExperiment({...REFERENCE, trials: 2, seed: 2 ** 32 - 1, noise: 0, batchSizes: [1000]})).not.toThrow();
    expect(() => runExperiment({...REFERENCE, n: 1, trials: 2, batchSizes: [1]})).not.toThrow();
  });
});
