// The expectation snapshot: is the mini-batch mean unbiased? For every seed and cell
// (σ, m, sampling mode), the bias of the mean of T batch means against that seed's full
// gradient, its standard error and z-score, and what a sum instead of a mean would give.
import type {Column, SnapshotSpec} from "./types.js";
import type {Cell} from "./csv.js";
import {mapOnWorkers} from "./pool.js";
import type {ExpectationTask} from "./expectation-task.js";
import {gridError} from "./validate-grid.js";

export interface ExpectationGrid {
  seeds: {from: number; count: number};
  n: number;
  gradient: number;
  trials: number;
  noise: number[];
  batchSizes: number[];
  replace: boolean[];
}

// A sub-grid of variance-v1 (same N, gradient, T, seeds; σ and m on its grid), so the
// mean_of_means here equals variance-v1's for the same row. 200 × 3 × 5 × 2 = 6000 rows,
// T·Σm = 341,000 sampled gradients per (seed, σ, mode): about 4 × 10^8 in all.
export const EXPECTATION_GRID: ExpectationGrid = {
  seeds: {from: 0, count: 200},
  n: 1000,
  gradient: 2,
  trials: 1000,
  noise: [0.25, 1, 4],
  batchSizes: [1, 4, 16, 64, 256],
  replace: [false, true],
};

export const EXPECTATION_COLUMNS: Column[] = [
  {name: "seed", type: "integer", unit: "", description: "Seed of the default generator (xoshiro128** stream family)"},
  {name: "n", type: "integer", unit: "samples", description: "Population size N: the number of per-sample gradients"},
  {name: "gradient", type: "number", unit: "gradient units", description: "Centre of the per-sample gradients (the 'true gradient' parameter; not the full gradient)"},
  {name: "noise", type: "number", unit: "gradient units", description: "σ, standard deviation of the per-sample noise"},
  {name: "m", type: "integer", unit: "samples", description: "Batch size"},
  {name: "replace", type: "boolean", unit: "", description: "true: indices drawn independently; false: distinct within a batch"},
  {name: "trials", type: "integer", unit: "batches", description: "T, the number of mini-batches drawn"},
  {name: "population_mean", type: "number", unit: "gradient units", description: "Full gradient: mean of this seed's N per-sample gradients (the target of the test)"},
  {name: "population_variance", type: "number", unit: "gradient units²", description: "s², variance of the N per-sample gradients, divisor N"},
  {name: "mean_of_means", type: "number", unit: "gradient units", description: "Mean of the T batch means"},
  {name: "bias", type: "number", unit: "gradient units", description: "mean_of_means − population_mean"},
  {name: "se_theory", type: "number", unit: "gradient units", description: "√(v/T), v = s²/m with replacement or (s²/m)(N−m)/(N−1) without: the exact standard error of mean_of_means (batches are independent)"},
  {name: "se_empirical", type: "number", unit: "gradient units", description: "√(V̂/T), V̂ the variance of the T batch means with divisor T−1 (a check on se_theory)"},
  {name: "z", type: "number", unit: "1", description: "bias / se_theory; ~ Normal(0, 1) if the estimator is unbiased"},
  {name: "z_empirical", type: "number", unit: "1", description: "bias / se_empirical; a t-statistic with T−1 degrees of freedom"},
  {name: "mean_of_sums", type: "number", unit: "gradient units", description: "Mean of the T batch sums (m × mean_of_means): the estimate if the batch were summed, not averaged"},
  {name: "sum_bias", type: "number", unit: "gradient units", description: "mean_of_sums − population_mean; its expectation is (m − 1) × population_mean"},
  {name: "sum_z", type: "number", unit: "1", description: "sum_bias / (m × se_theory), the z-score of the sum against the full gradient"},
];

export function validateExpectationGrid(id: string, grid: ExpectationGrid): void {
  const fail = gridError(id);
  if (!Number.isInteger(grid.seeds.from) || grid.seeds.from < 0) fail("seeds.from", grid.seeds.from, "an integer ≥ 0");
  if (!Number.isInteger(grid.seeds.count) || grid.seeds.count < 1 || grid.seeds.from + grid.seeds.count > 2 ** 32)
    fail("seeds.count", grid.seeds.count, "an integer ≥ 1 with from + count ≤ 2^32");
  if (!Number.isInteger(grid.n) || grid.n < 2 || grid.n > 1_000_000) fail("n", grid.n, "an integer in [2, 1000000]");
  if (!Number.isFinite(grid.gradient) || grid.gradient === 0) fail("gradient", grid.gradient, "a finite non-zero number (the sum's bias is measured relative to it)");
  if (!Number.isInteger(grid.trials) || grid.trials < 2) fail("trials", grid.trials, "an integer ≥ 2");
  if (grid.noise.length === 0) fail("noise", "[]", "a non-empty list");
  // σ = 0 would make every batch mean equal and the z-score undefined.
  for (const s of grid.noise) if (!(Number.isFinite(s) && s > 0)) fail("noise", s, "finite numbers > 0");
  if (new Set(grid.noise).size !== grid.noise.length) fail("noise", grid.noise.join(","), "a list without duplicates");
  if (grid.batchSizes.length === 0) fail("batchSizes", "[]", "a non-empty list");
  if (new Set(grid.batchSizes).size !== grid.batchSizes.length) fail("batchSizes", grid.batchSizes.join(","), "a list without duplicates");
  // m = N without replacement takes the whole population: no variance, no z-score.
  for (const m of grid.batchSizes) if (!Number.isInteger(m) || m < 1 || m >= grid.n) fail("batchSizes", m, `integers in [1, ${grid.n - 1}] (m < N)`);
  if (grid.replace.length === 0 || grid.replace.some((r) => typeof r !== "boolean") || new Set(grid.replace).size !== grid.replace.length)
    fail("replace", grid.replace.join(","), "a non-empty list of distinct true/false");
}

export function expectationTasks(grid: ExpectationGrid): ExpectationTask[] {
  const tasks: ExpectationTask[] = [];
  for (const noise of grid.noise)
    for (const replace of grid.replace)
      for (let seed = grid.seeds.from; seed < grid.seeds.from + grid.seeds.count; ++seed)
        tasks.push({seed, n: grid.n, gradient: grid.gradient, noise, trials: grid.trials, replace, batchSizes: grid.batchSizes});
  return tasks;
}

export async function computeExpectationRows(grid: ExpectationGrid): Promise<Cell[][]> {
  const chunks = await mapOnWorkers<ExpectationTask, Cell[][]>(new URL("./expectation-task.ts", import.meta.url), "expectationRows", expectationTasks(grid));
  return chunks.flat();
}

export const expectationSnapshot: SnapshotSpec<ExpectationGrid> = {
  id: "expectation",
  version: "v1",
  title: "Unbiasedness of the mini-batch mean",
  description:
    "For each seed and cell (σ, m, sampling mode): N = 1000 per-sample gradients g_i = gradient + σ·ε_i, T = 1000 mini-batches of size m, the bias of the mean of the T batch means against that seed's full gradient, its exact standard error √(v/T) and z-score, and the same for the batch sum instead of the mean.",
  columns: EXPECTATION_COLUMNS,
  grid: EXPECTATION_GRID,
  sources: [new URL(import.meta.url), new URL("./expectation-task.ts", import.meta.url)],
  validate: (grid) => validateExpectationGrid("expectation-v1", grid),
  compute: computeExpectationRows,
};
