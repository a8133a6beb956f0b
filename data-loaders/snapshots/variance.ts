// The variance snapshots: the reference experiment over a grid of seeds, noise levels,
// population sizes, batch sizes and both sampling modes, and its summary across seeds.
import {quantileSorted, deviation, mean} from "d3-array";
import type {Column, SnapshotSpec} from "./types.js";
import type {Cell} from "./csv.js";
import {mapOnWorkers} from "./pool.js";
import type {VarianceTask} from "./variance-task.js";
import {gridError} from "./validate-grid.js";
import {pickFixed, pickSeeds, pickValues} from "./subgrid.js";
import type {RowFilter} from "./types.js";

export interface VarianceGrid {
  seeds: {from: number; count: number};
  gradient: number;
  trials: number;
  noise: number[];
  replace: boolean[];
  /** Batch sizes per population size N. */
  populations: {n: number; batchSizes: number[]}[];
}

const powersOfTwo = (max: number) => Array.from({length: Math.log2(max) + 1}, (_, i) => 2 ** i);
const withReference = (sizes: number[], n: number) =>
  [...new Set([...sizes, 16, 64, 256])].filter((m) => m <= n).sort((a, b) => a - b);

export const VARIANCE_GRID: VarianceGrid = {
  seeds: {from: 0, count: 200},
  gradient: 2,
  trials: 1000,
  noise: [0.1, 0.25, 0.5, 1, 2, 4],
  replace: [false, true],
  populations: [
    {n: 100, batchSizes: withReference(powersOfTwo(64), 100)},
    {n: 1000, batchSizes: withReference(powersOfTwo(512), 1000)},
    {n: 10000, batchSizes: withReference(powersOfTwo(1024), 10000)},
  ],
};

const parameterColumns: Column[] = [
  {name: "seed", type: "integer", unit: "", description: "Seed of the default generator (xoshiro128** stream family)"},
  {name: "n", type: "integer", unit: "samples", description: "Population size N: the number of per-sample gradients"},
  {name: "gradient", type: "number", unit: "gradient units", description: "Centre of the per-sample gradients (the 'true gradient' parameter)"},
  {name: "noise", type: "number", unit: "gradient units", description: "σ, standard deviation of the per-sample noise"},
  {name: "m", type: "integer", unit: "samples", description: "Batch size"},
  {name: "replace", type: "boolean", unit: "", description: "true: indices drawn independently; false: distinct within a batch"},
];

export const VARIANCE_COLUMNS: Column[] = [
  ...parameterColumns,
  {name: "trials", type: "integer", unit: "batches", description: "T, the number of mini-batches drawn"},
  {name: "population_mean", type: "number", unit: "gradient units", description: "Full gradient: mean of the N per-sample gradients"},
  {name: "population_variance", type: "number", unit: "gradient units²", description: "s², variance of the N per-sample gradients, divisor N"},
  {name: "mean_of_means", type: "number", unit: "gradient units", description: "Mean of the T batch means"},
  {name: "variance", type: "number", unit: "gradient units²", description: "Variance of the T batch means, divisor T"},
  {name: "theory_iid", type: "number", unit: "gradient units²", description: "s²/m, the variance for independent draws"},
  {name: "theory_fpc", type: "number", unit: "gradient units²", description: "(s²/m)(N−m)/(N−1), the variance without replacement"},
  {name: "band_low", type: "number", unit: "gradient units²", description: "2.5% point of the χ² band: v·χ²_{T−1}(0.025)/T, v the theory for this mode"},
  {name: "band_high", type: "number", unit: "gradient units²", description: "97.5% point of the χ² band: v·χ²_{T−1}(0.975)/T"},
  {name: "ratio", type: "number", unit: "1", description: "variance divided by the theory for this mode"},
];

export function validateVarianceGrid(id: string, grid: VarianceGrid): void {
  const fail = gridError(id);
  if (!Number.isInteger(grid.seeds.from) || grid.seeds.from < 0) fail("seeds.from", grid.seeds.from, "an integer ≥ 0");
  if (!Number.isInteger(grid.seeds.count) || grid.seeds.count < 1 || grid.seeds.from + grid.seeds.count > 2 ** 32)
    fail("seeds.count", grid.seeds.count, "an integer ≥ 1 with from + count ≤ 2^32");
  if (!Number.isFinite(grid.gradient)) fail("gradient", grid.gradient, "a finite number");
  if (!Number.isInteger(grid.trials) || grid.trials < 2) fail("trials", grid.trials, "an integer ≥ 2");
  if (grid.noise.length === 0) fail("noise", "[]", "a non-empty list");
  for (const s of grid.noise) if (!(Number.isFinite(s) && s >= 0)) fail("noise", s, "finite numbers ≥ 0");
  if (new Set(grid.noise).size !== grid.noise.length) fail("noise", grid.noise.join(","), "a list without duplicates");
  if (grid.replace.length === 0) fail("replace", "[]", "a non-empty list of true/false");
  if (grid.populations.length === 0) fail("populations", "[]", "a non-empty list");
  const sizes = grid.populations.map((p) => p.n);
  if (new Set(sizes).size !== sizes.length) fail("populations.n", sizes.join(","), "a list without duplicates");
  for (const {n, batchSizes} of grid.populations) {
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) fail("populations.n", n, "an integer in [1, 1000000]");
    if (batchSizes.length === 0) fail(`populations[n=${n}].batchSizes`, "[]", "a non-empty list");
    if (new Set(batchSizes).size !== batchSizes.length) fail(`populations[n=${n}].batchSizes`, batchSizes.join(","), "a list without duplicates");
    for (const m of batchSizes) {
      const max = grid.replace.includes(false) ? n : 1_000_000;
      if (!Number.isInteger(m) || m < 1 || m > max) fail(`populations[n=${n}].batchSizes`, m, `integers in [1, ${max}]${max === n ? " (m ≤ N without replacement)" : ""}`);
    }
  }
}

export function varianceTasks(grid: VarianceGrid): VarianceTask[] {
  const tasks: VarianceTask[] = [];
  for (const {n, batchSizes} of grid.populations)
    for (const noise of grid.noise)
      for (const replace of grid.replace)
        for (let seed = grid.seeds.from; seed < grid.seeds.from + grid.seeds.count; ++seed)
          tasks.push({seed, n, gradient: grid.gradient, noise, trials: grid.trials, replace, batchSizes});
  return tasks;
}

/**
 * The part of a variance grid whose rows match `where` (columns seed, n, gradient,
 * noise, m, replace, trials), for the CLI's --snapshot and snapshots:verify. Each row
 * depends only on its own (seed, N, gradient, σ, m, mode), so the rows of the subgrid
 * equal the snapshot's rows byte for byte.
 */
export function varianceSubgrid(name: string) {
  return (grid: VarianceGrid, where: RowFilter): VarianceGrid => {
    const fail = gridError(name);
    const sizes = pickValues(fail, "populations.n", "n", grid.populations.map((p) => p.n), where);
    const populations = grid.populations
      .filter((p) => sizes.includes(p.n))
      .map((p) => ({n: p.n, batchSizes: where.m === undefined ? [...p.batchSizes] : p.batchSizes.filter((m) => where.m.includes(m))}));
    for (const m of where.m ?? [])
      if (!populations.some((p) => p.batchSizes.includes(m as number)))
        fail(`populations[n=${sizes.join("|")}].batchSizes`, m, `one of ${[...new Set(populations.flatMap((p) => grid.populations.find((q) => q.n === p.n)!.batchSizes))].sort((a, b) => a - b).join(", ")}`);
    return {
      seeds: pickSeeds(fail, grid.seeds, where),
      gradient: pickFixed(fail, "gradient", "gradient", grid.gradient, where),
      trials: pickFixed(fail, "trials", "trials", grid.trials, where),
      noise: pickValues(fail, "noise", "noise", grid.noise, where),
      replace: pickValues(fail, "replace", "replace", grid.replace, where),
      populations: populations.filter((p) => p.batchSizes.length > 0),
    };
  };
}

const VARIANCE_SOURCES = [new URL(import.meta.url), new URL("./variance-task.ts", import.meta.url)];

export async function computeVarianceRows(grid: VarianceGrid): Promise<Cell[][]> {
  const chunks = await mapOnWorkers<VarianceTask, Cell[][]>(new URL("./variance-task.ts", import.meta.url), "varianceRows", varianceTasks(grid));
  return chunks.flat();
}

export const varianceSnapshot: SnapshotSpec<VarianceGrid> = {
  id: "variance",
  version: "v1",
  title: "Variance of mini-batch gradient means",
  description:
    "For each seed and cell (N, σ, m, sampling mode): N per-sample gradients g_i = gradient + σ·ε_i, T mini-batches of size m, and the variance of the T batch means (divisor T) against s²/m and the finite-population form, with a 95% χ² band.",
  columns: VARIANCE_COLUMNS,
  grid: VARIANCE_GRID,
  sources: VARIANCE_SOURCES,
  validate: (grid) => validateVarianceGrid("variance-v1", grid),
  compute: computeVarianceRows,
  subgrid: varianceSubgrid("variance-v1"),
};

/**
 * The variance rows of a grid. When the grid is variance-v1's own (or the same with
 * fewer seeds) they are read back from variance-v1's published bytes instead of being
 * computed a second time; any other grid is computed.
 */
async function varianceRowsFor(grid: VarianceGrid): Promise<Cell[][]> {
  const {from, count} = grid.seeds;
  const full = varianceSnapshot.grid.seeds;
  const sameCells = JSON.stringify({...grid, seeds: null}) === JSON.stringify({...varianceSnapshot.grid, seeds: null});
  if (!sameCells || from < full.from || from + count > full.from + full.count) return computeVarianceRows(grid);
  const {buildSnapshot} = await import("./store.js");
  const {parseCsv} = await import("./csv.js");
  const rows = parseCsv((await buildSnapshot(varianceSnapshot)).csv, VARIANCE_COLUMNS);
  return rows.filter((row) => (row[0] as number) >= from && (row[0] as number) < from + count);
}

export const VARIANCE_SUMMARY_COLUMNS: Column[] = [
  ...parameterColumns.filter((c) => c.name !== "seed"),
  {name: "trials", type: "integer", unit: "batches", description: "T, the number of mini-batches per seed"},
  {name: "seeds", type: "integer", unit: "seeds", description: "Number of seeds in the cell"},
  {name: "variance_mean", type: "number", unit: "gradient units²", description: "Mean over seeds of the variance of batch means"},
  {name: "variance_sd", type: "number", unit: "gradient units²", description: "Standard deviation over seeds (divisor seeds − 1)"},
  ...[5, 25, 50, 75, 95].map((p): Column => ({name: `variance_q${String(p).padStart(2, "0")}`, type: "number", unit: "gradient units²", description: `${p}% quantile over seeds (linear interpolation, R-7)`})),
  {name: "theory_iid_mean", type: "number", unit: "gradient units²", description: "Mean over seeds of s²/m"},
  {name: "theory_fpc_mean", type: "number", unit: "gradient units²", description: "Mean over seeds of (s²/m)(N−m)/(N−1)"},
  {name: "band_coverage", type: "number", unit: "1", description: "Share of seeds whose variance lies inside its 95% χ² band (expected ≈ 0.95)"},
];

/** Per cell, across seeds: the distribution of the variance estimate and the band's coverage. */
export function summarizeVarianceRows(rows: readonly Cell[][]): Cell[][] {
  const col = Object.fromEntries(VARIANCE_COLUMNS.map((c, i) => [c.name, i]));
  const cells = new Map<string, Cell[][]>();
  for (const row of rows) {
    const key = JSON.stringify([row[col.n], row[col.gradient], row[col.noise], row[col.m], row[col.replace], row[col.trials]]);
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(row);
  }
  return [...cells.values()].map((group) => {
    const first = group[0];
    const variances = group.map((r) => r[col.variance] as number).sort((a, b) => a - b);
    const inside = group.filter((r) => (r[col.variance] as number) >= (r[col.band_low] as number) && (r[col.variance] as number) <= (r[col.band_high] as number)).length;
    return [
      first[col.n], first[col.gradient], first[col.noise], first[col.m], first[col.replace], first[col.trials], group.length,
      mean(variances)!, group.length > 1 ? deviation(variances)! : 0,
      ...[0.05, 0.25, 0.5, 0.75, 0.95].map((p) => quantileSorted(variances, p)!),
      mean(group, (r) => r[col.theory_iid] as number)!, mean(group, (r) => r[col.theory_fpc] as number)!,
      inside / group.length,
    ];
  });
}

export const varianceSummarySnapshot: SnapshotSpec<VarianceGrid> = {
  id: "variance-summary",
  version: "v1",
  title: "Variance of mini-batch gradient means: summary across seeds",
  description: "Per cell of variance-v1, across its seeds: mean, standard deviation and quantiles of the variance estimate, the mean theory values, and the share of seeds inside the 95% χ² band.",
  columns: VARIANCE_SUMMARY_COLUMNS,
  grid: VARIANCE_GRID,
  sources: VARIANCE_SOURCES,
  validate: (grid) => validateVarianceGrid("variance-summary-v1", grid),
  compute: async (grid) => summarizeVarianceRows(await varianceRowsFor(grid)),
  subgrid: varianceSubgrid("variance-summary-v1"),
};

/** Seeds of variance-v1 that the Variance page carries, to check its live runs against. */
export const EXCERPT_SEEDS = 10;

export const varianceExcerptSnapshot: SnapshotSpec<VarianceGrid> = {
  id: "variance-excerpt",
  version: "v1",
  title: "Variance of mini-batch gradient means: seeds 0–9",
  description: `The rows of variance-v1 for seeds 0–${EXCERPT_SEEDS - 1}, byte for byte, small enough for the Variance page to load and compare with its live runs.`,
  columns: VARIANCE_COLUMNS,
  grid: {...VARIANCE_GRID, seeds: {from: 0, count: EXCERPT_SEEDS}},
  sources: VARIANCE_SOURCES,
  validate: (grid) => validateVarianceGrid("variance-excerpt-v1", grid),
  compute: varianceRowsFor,
  subgrid: varianceSubgrid("variance-excerpt-v1"),
};
