// The numpy generator end to end: the library runner and the CLI (`--rng numpy`) give
// numpy's own variances for the course script and other parameter sets. The fixture
// comes from real numpy (scripts/numpy-reference.py); the CLI must match it within a
// relative error of 1e-12 (the draws are identical; only summation order may differ).
import {describe, it, expect} from "vitest";
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {runNumpyExperiment} from "../src/lib/numpy-experiment.js";
import {GENERATORS} from "../src/lib/generators.js";

interface FixtureExperiment {
  params: {seed: number; n: number; gradient: number; noise: number; trials: number; batchSizes: number[]; replace: boolean};
  rows: {m: number; variance: number}[];
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/numpy-legacy.json", import.meta.url), "utf8")) as {experiments: FixtureExperiment[]};

const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("numpy generator", () => {
  it("has the reference experiment and at least three other parameter sets in its fixture", () => {
    expect(fixture.experiments.length).toBeGreaterThanOrEqual(4);
    expect(fixture.experiments[0].params).toEqual({seed: 0, n: 1000, gradient: 2, noise: 1, trials: 1000, batchSizes: [1, 4, 16, 64, 256], replace: false});
  });

  for (const {params, rows} of fixture.experiments) {
    it(`runNumpyExperiment equals numpy exactly for ${JSON.stringify(params)}`, () => {
      const result = runNumpyExperiment(params);
      expect(result.rows.map((r) => r.m)).toEqual(rows.map((r) => r.m));
      expect(result.rows.map((r) => r.variance)).toEqual(rows.map((r) => r.variance));
    });
  }

  it("is the generator registered as 'numpy'", () => {
    expect(GENERATORS.numpy.run).toBe(runNumpyExperiment);
  });

  for (const {params, rows} of fixture.experiments.slice(0, 4)) {
    it(`npm run experiment -- --rng numpy matches numpy within 1e-12 for seed ${params.seed}`, () => {
      const args = ["--import", "tsx", "bin/experiment.ts", "--rng", "numpy", `--seed=${params.seed}`, `--n=${params.n}`, `--gradient=${params.gradient}`,
        `--noise=${params.noise}`, `--trials=${params.trials}`, `--batch-sizes=${params.batchSizes.join(",")}`, `--replacement=${params.replace}`];
      const run = spawnSync(process.execPath, args, {cwd: new URL("..", import.meta.url), encoding: "utf8"});
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines[0]).toBe("m,variance,theory_iid,theory_fpc,band_low,band_high");
      const variances = lines.slice(1).map((line) => Number(line.split(",")[1]));
      expect(variances).toHaveLength(rows.length);
      variances.forEach((v, i) => expect(relativeError(v, rows[i].variance)).toBeLessThanOrEqual(1e-12));
    });
  }

  it("rejects bad seeds with a message naming seed, the value and the range", () => {
    for (const seed of [-1, 2 ** 32, 0.5]) {
      expect(() => runNumpyExperiment({seed, n: 10, gradient: 0, noise: 1, trials: 2, batchSizes: [1], replace: false})).toThrow(/seed.*\[0, 4294967295\].*got/);
    }
    const run = spawnSync(process.execPath, ["--import", "tsx", "bin/experiment.ts", "--rng", "numpy", "--seed=4294967296"], {cwd: new URL("..", import.meta.url), encoding: "utf8"});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/seed.*4294967296/);
  });
});
