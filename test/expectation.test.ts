// Tests of the unbiasedness core (src/lib/unbiasedness.ts), the expectation-v1 snapshot
// (schema, row count, determinism, and what its numbers say), and the Expectation page's
// promise that the numbers in its prose come from the data.
import {readFileSync, existsSync} from "node:fs";
import {beforeAll, describe, expect, it} from "vitest";
import {biasTest, batchMeanVariance, checkpoints, expectationRun, runningMeans, shareBeyond} from "../src/lib/unbiasedness.js";
import {runExperiment, REFERENCE} from "../src/lib/experiment.js";
import {ParameterError} from "../src/lib/validate.js";
import {formatCsv, type Cell} from "../data-loaders/snapshots/csv.js";
import {expectationSnapshot, EXPECTATION_COLUMNS, EXPECTATION_GRID, validateExpectationGrid, type ExpectationGrid} from "../data-loaders/snapshots/expectation.js";
import {expectationRows} from "../data-loaders/snapshots/expectation-task.js";

describe("biasTest", () => {
  it("measures the bias of the mean of the estimates against the target, with both standard errors", () => {
    const r = biasTest([1, 2, 3, 6], 2.5, 2);
    expect(r.meanOfMeans).toBe(3);
    expect(r.bias).toBe(0.5);
    expect(r.seTheory).toBe(Math.sqrt(2 / 4));
    expect(r.seEmpirical).toBeCloseTo(Math.sqrt(14 / 3 / 4), 15); // deviations −2, −1, 0, 3: Σd² = 14, divisor T − 1
    expect(r.z).toBeCloseTo(0.5 / Math.sqrt(0.5), 15);
    expect(r.zEmpirical).toBeCloseTo(0.5 / Math.sqrt(14 / 12), 15);
  });

  it("gives z = NaN when the estimate has no variance (σ = 0, or m = N without replacement)", () => {
    expect(biasTest([2, 2, 2], 2, 0).z).toBeNaN();
    const full = expectationRun({seed: 0, n: 50, gradient: 2, noise: 1, m: 50, trials: 10, replace: false});
    expect(full.batchVariance).toBe(0);
    expect(full.test.z).toBeNaN();
    expect(Math.abs(full.test.bias)).toBeLessThan(1e-14); // every batch is the whole dataset: rounding only
  });

  it("uses the variance that applies to the sampling mode", () => {
    expect(batchMeanVariance(2, {n: 10, m: 4, replace: true})).toBe(0.5);
    expect(batchMeanVariance(2, {n: 10, m: 4, replace: false})).toBeCloseTo((0.5 * 6) / 9, 15);
  });
});

describe("expectationRun", () => {
  it("draws exactly the Variance page's batches: same mean of batch means, to the last bit", () => {
    for (const replace of [false, true]) {
      const variance = runExperiment({...REFERENCE, replace});
      for (const row of variance.rows) {
        const run = expectationRun({seed: REFERENCE.seed, n: REFERENCE.n, gradient: REFERENCE.gradient, noise: REFERENCE.noise, m: row.m, trials: REFERENCE.trials, replace});
        expect(run.test.meanOfMeans, `m ${row.m} replace ${replace}`).toBe(row.meanOfMeans);
        expect(run.populationMean).toBe(variance.populationMean);
        expect(run.batchVariance).toBe(replace ? row.theoryIid : row.theoryFpc);
      }
    }
  });

  it("rejects bad parameters with the shared messages", () => {
    const ok = {seed: 0, n: 100, gradient: 2, noise: 1, m: 4, trials: 10, replace: false};
    expect(() => expectationRun({...ok, m: 101})).toThrow("m (batch size, without replacement) must be an integer in [1, 100]; got 101");
    expect(() => expectationRun({...ok, trials: 1})).toThrow(ParameterError);
    expect(() => expectationRun({...ok, noise: -1})).toThrow("noise (σ) must be a finite number ≥ 0; got -1");
  });
});

describe("runningMeans and checkpoints", () => {
  it("running means are the means of the prefixes", () => {
    expect(runningMeans([1, 3, 5, 7], [1, 2, 4])).toEqual([1, 2, 4]);
    expect(() => runningMeans([1, 2], [3])).toThrow(RangeError);
    expect(() => runningMeans([1, 2, 3], [2, 1])).toThrow(RangeError);
  });

  it("checkpoints increase strictly from 1 to T", () => {
    for (const trials of [2, 10, 1000, 123457]) {
      const at = checkpoints(trials);
      expect(at[0]).toBe(1);
      expect(at.at(-1)).toBe(trials);
      for (let k = 1; k < at.length; ++k) expect(at[k]).toBeGreaterThan(at[k - 1]);
      expect(at.length).toBeLessThanOrEqual(352);
    }
  });

  it("shareBeyond counts |z| > critical among finite z", () => {
    expect(shareBeyond([0, 2, -2.5, 1.96, NaN, Infinity])).toEqual({share: 0.5, beyond: 2, count: 4});
  });
});

describe("expectation-v1 grid validation", () => {
  const fails = (patch: Partial<ExpectationGrid>, message: string) =>
    expect(() => validateExpectationGrid("expectation-v1", {...EXPECTATION_GRID, ...patch})).toThrow(message);

  it("accepts its own grid and names the field of a bad one", () => {
    expect(() => validateExpectationGrid("expectation-v1", EXPECTATION_GRID)).not.toThrow();
    fails({batchSizes: [1, 1000]}, "snapshot expectation-v1: grid field batchSizes must be integers in [1, 999] (m < N); got 1000");
    fails({noise: [0]}, "grid field noise must be finite numbers > 0; got 0");
    fails({trials: 1}, "grid field trials must be an integer ≥ 2; got 1");
    fails({replace: []}, "grid field replace must be a non-empty list of distinct true/false");
    fails({seeds: {from: -1, count: 2}}, "grid field seeds.from must be an integer ≥ 0; got -1");
  });
});

describe("expectation-v1 snapshot", () => {
  const grid = EXPECTATION_GRID;
  const expectedRows = grid.seeds.count * grid.noise.length * grid.batchSizes.length * grid.replace.length;
  let rows: Cell[][];
  let csv: string;
  const col = Object.fromEntries(EXPECTATION_COLUMNS.map((c, i) => [c.name, i]));
  const num = (row: Cell[], name: string) => row[col[name]] as number;

  beforeAll(async () => {
    rows = await expectationSnapshot.compute(grid);
    csv = formatCsv(EXPECTATION_COLUMNS.map((c) => c.name), rows);
  });

  it(`has the schema and ${expectedRows} rows (seeds × σ × m × modes)`, () => {
    expect(expectedRows).toBe(6000);
    expect(rows.length).toBe(expectedRows);
    expect(EXPECTATION_COLUMNS.map((c) => c.name)).toEqual([
      "seed", "n", "gradient", "noise", "m", "replace", "trials", "population_mean", "population_variance",
      "mean_of_means", "bias", "se_theory", "se_empirical", "z", "z_empirical", "mean_of_sums", "sum_bias", "sum_z",
    ]);
    for (const row of rows) {
      expect(row.length).toBe(EXPECTATION_COLUMNS.length);
      EXPECTATION_COLUMNS.forEach((c, i) => {
        const v = row[i];
        if (c.type === "boolean") expect(typeof v).toBe("boolean");
        else {
          expect(Number.isFinite(v), `${c.name} = ${v}`).toBe(true);
          if (c.type === "integer") expect(Number.isInteger(v)).toBe(true);
        }
      });
    }
    // Every (seed, σ, m, mode) exactly once.
    expect(new Set(rows.map((r) => JSON.stringify([r[col.seed], r[col.noise], r[col.m], r[col.replace]]))).size).toBe(expectedRows);
  });

  it("is deterministic: computing it again gives byte-identical CSV", async () => {
    const again = formatCsv(EXPECTATION_COLUMNS.map((c) => c.name), await expectationSnapshot.compute(grid));
    expect(again === csv).toBe(true);
  });

  it("its rows are internally consistent", () => {
    for (const row of rows) {
      const m = num(row, "m");
      expect(num(row, "bias")).toBe(num(row, "mean_of_means") - num(row, "population_mean"));
      expect(num(row, "z")).toBe(num(row, "bias") / num(row, "se_theory"));
      expect(num(row, "mean_of_sums")).toBe(m * num(row, "mean_of_means"));
    }
  });

  it("its worker rows equal a direct run (the page's code path)", () => {
    const [row] = expectationRows({seed: 17, n: grid.n, gradient: grid.gradient, noise: 4, trials: grid.trials, replace: true, batchSizes: [64]});
    const direct = expectationRun({seed: 17, n: grid.n, gradient: grid.gradient, noise: 4, m: 64, trials: grid.trials, replace: true});
    const stored = rows.find((r) => r[col.seed] === 17 && r[col.noise] === 4 && r[col.m] === 64 && r[col.replace] === true)!;
    expect(stored).toEqual(row);
    expect(num(stored, "mean_of_means")).toBe(direct.test.meanOfMeans);
  });

  // If the batch mean is unbiased and z ~ Normal(0, 1), the count of |z| > 1.96 among 6000
  // independent cells is Binomial(6000, 0.05): mean 300, sd √(6000·0.05·0.95) ≈ 16.9.
  // Allow 3 sd in each mode and overall. A bias of 0.1 SE in every cell would already push
  // the share up only slightly, so the mean of z is also checked: its SE is 1/√6000 ≈ 0.013.
  it("unbiasedness: about 5% of |z| > 1.96 in both modes, and z has mean ≈ 0 and sd ≈ 1", () => {
    for (const subset of [rows, rows.filter((r) => r[col.replace]), rows.filter((r) => !r[col.replace])]) {
      const count = subset.length;
      const beyond = shareBeyond(subset.map((r) => num(r, "z"))).beyond;
      expect(Math.abs(beyond - 0.05 * count), `${beyond} of ${count}`).toBeLessThan(3 * Math.sqrt(count * 0.05 * 0.95));
    }
    const zs = rows.map((r) => num(r, "z"));
    const mz = zs.reduce((a, b) => a + b, 0) / zs.length;
    const sdz = Math.sqrt(zs.reduce((a, z) => a + (z - mz) ** 2, 0) / (zs.length - 1));
    expect(Math.abs(mz)).toBeLessThan(3 / Math.sqrt(zs.length));
    // sd of the sample sd of 6000 normals ≈ 1/√(2·5999) ≈ 0.0091; allow 4 of those.
    expect(Math.abs(sdz - 1)).toBeLessThan(4 * 0.0091);
  });

  it("the empirical standard error agrees with theory (so the z-test's SE is the right one)", () => {
    // Per row the ratio has sd ≈ 1/√(2(T−1)) ≈ 0.022; its mean over 6000 rows has SE ≈ 0.0003.
    const ratios = rows.map((r) => num(r, "se_empirical") / num(r, "se_theory"));
    expect(Math.abs(ratios.reduce((a, b) => a + b, 0) / ratios.length - 1)).toBeLessThan(0.002);
  });

  // sum_z = (m·mean − ḡ)/(m·SE) = z + (m − 1)ḡ/(m·SE): the sum's z is the mean's z plus a
  // deterministic shift, smallest at m = 4, σ = 4: 3ḡ/(4·SE) ≈ 24; the mean's own |z| stays < 6.
  it("a sum instead of a mean is biased by the factor m (z-scores in the tens to thousands)", () => {
    for (const m of grid.batchSizes.filter((m) => m > 1)) {
      const cell = rows.filter((r) => r[col.m] === m);
      const ratio = cell.reduce((a, r) => a + num(r, "mean_of_sums") / num(r, "population_mean"), 0) / cell.length;
      expect(ratio / m).toBeGreaterThan(0.99);
      expect(ratio / m).toBeLessThan(1.01);
      for (const r of cell) {
        const shift = ((m - 1) * num(r, "population_mean")) / (m * num(r, "se_theory"));
        expect(num(r, "sum_z") - num(r, "z")).toBeCloseTo(shift, 6);
        expect(num(r, "sum_z")).toBeGreaterThan(shift - 6);
        expect(shift).toBeGreaterThan(15); // ≈ 24 at m = 4, σ = 4, less where a seed's s² is large
      }
    }
  });
});

describe("the Expectation page quotes numbers from the data, not typed in", () => {
  const source = readFileSync("src/expectation.md", "utf8");
  // Prose = the Markdown outside ```js blocks and outside ${…} expressions.
  const prose = source.replace(/```[\s\S]*?```/g, "").replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, "");

  it("interpolates the share of |z| > 1.96 and the grid", () => {
    expect(source).toMatch(/id="z-share" data-value=\$\{overall\.share\}>\$\{pct\(overall\.share\)\}/);
    expect(source).toContain("const overall = shareBeyond(snapshot.map((r) => r.z));");
  });

  it("types no measured percentage: the only percentages in prose are the test's own 5% and 95%", () => {
    const percentages = [...prose.matchAll(/\d+(?:\.\d+)?\s*%/g)].map((m) => m[0].replace(/\s/g, ""));
    expect(percentages.length).toBeGreaterThan(0);
    expect(new Set(percentages)).toEqual(new Set(["5%", "95%"]));
    // Nor the measured share in any other spelling (e.g. 0.0508 or 305 cells).
    expect(prose).not.toMatch(/\b0\.0[0-9]{2,}\b/);
  });

  it("the built page shows no share until it has read the snapshot (it is computed, not static)", () => {
    if (!existsSync("dist/expectation.html")) return void console.warn("dist/expectation.html missing: build first");
    const html = readFileSync("dist/expectation.html", "utf8");
    expect(html).not.toMatch(/\b\d\.\d\d%/);
  });
});

describe("the Expectation page in a browser", () => {
  const ready = existsSync("dist/expectation.html") && existsSync("dist/data/expectation-v1.json") && existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");

  it.skipIf(!ready)("renders the snapshot's share of |z| > 1.96, the live sentences, and KaTeX, with no console errors", async () => {
    const {chromium} = await import("playwright-core");
    const {serveDist} = await import("./support/static-server.js");
    const table = JSON.parse(readFileSync("dist/data/expectation-v1.json", "utf8")) as {columns: string[]; rows: Cell[][]};
    const share = shareBeyond(table.rows.map((r) => r[table.columns.indexOf("z")] as number)).share;
    const server = await serveDist("dist");
    const browser = await chromium.launch({executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]});
    try {
      const tab = await browser.newPage({viewport: {width: 1200, height: 900}});
      const errors: string[] = [];
      tab.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      tab.on("pageerror", (e) => void errors.push(e.message));
      await tab.goto(server.url + "expectation", {waitUntil: "networkidle"});
      const shown = tab.locator("#z-share");
      await shown.waitFor();
      expect(Number(await shown.getAttribute("data-value"))).toBe(share);
      expect(await shown.textContent()).toBe(`${(100 * share).toFixed(2)}%`);
      await tab.locator("#live-bias").waitFor();
      expect(await tab.locator("#live-bias").textContent()).toMatch(/observed bias of .* which is z = /);
      await tab.locator("#importance-bias").waitFor();
      expect(await tab.locator(".katex").count()).toBeGreaterThan(20);
      expect(await tab.locator("figure svg[aria-label]").count()).toBeGreaterThanOrEqual(7);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
