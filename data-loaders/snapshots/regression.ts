// The Real-loss snapshots: the exact G, Σ, tr(Σ) and B_simple along full-batch
// gradient descent for each dataset, and the two-batch estimator of B_simple over
// seeds (per seed, and summarised across seeds).
import {quantileSorted, mean, deviation} from "d3-array";
import type {Column, SnapshotSpec} from "./types.js";
import type {Cell} from "./csv.js";
import {availableParallelism} from "node:os";
import {mapOnWorkers} from "./pool.js";
import {gridError} from "./validate-grid.js";
import {DATASET_IDS, preparedDataset} from "../datasets.js";
import {MAX_PATH_STEPS, REFERENCE_PATH, type Weights} from "../../src/lib/regression.js";
import {noiseAlongPath} from "../../src/lib/gradient-noise.js";
import type {TwoBatchChunk, TwoBatchTask} from "./two-batch-task.js";

// ---------------------------------------------------------------------------
// regression-path-v1

export interface PathGrid {
  datasets: string[];
  start: Weights;
  learningRate: number;
  steps: number;
}

export const PATH_GRID: PathGrid = {
  datasets: ["penguins", "diamonds"],
  start: {...REFERENCE_PATH.start},
  learningRate: REFERENCE_PATH.learningRate,
  steps: REFERENCE_PATH.steps,
};

const STD = "standardised target per standardised feature";

export const PATH_COLUMNS: Column[] = [
  {name: "dataset", type: "string", unit: "", description: "Dataset id: penguins (body mass from flipper length) or diamonds (log price from log carat)"},
  {name: "n", type: "integer", unit: "samples", description: "N, rows of the dataset after dropping rows with missing values"},
  {name: "step", type: "integer", unit: "steps", description: "k, the step of full-batch gradient descent (0 is the start)"},
  {name: "learning_rate", type: "number", unit: "1", description: "η in w_{k+1} = w_k − η G(w_k)"},
  {name: "w_slope", type: "number", unit: STD, description: "Slope of the fit at step k (feature and target standardised)"},
  {name: "w_intercept", type: "number", unit: "standardised target", description: "Intercept of the fit at step k"},
  {name: "loss", type: "number", unit: "target variance", description: "L(w) = mean of (w·x_i − y_i)² on the standardised target"},
  {name: "g_slope", type: "number", unit: "loss per unit slope", description: "Slope coordinate of the full gradient G(w)"},
  {name: "g_intercept", type: "number", unit: "loss per unit intercept", description: "Intercept coordinate of the full gradient G(w)"},
  {name: "g_norm2", type: "number", unit: "gradient units²", description: "|G|²"},
  {name: "sigma_ss", type: "number", unit: "gradient units²", description: "Σ slope–slope: variance of the per-sample gradients' slope coordinate, divisor N"},
  {name: "sigma_si", type: "number", unit: "gradient units²", description: "Σ slope–intercept: covariance of the two coordinates, divisor N"},
  {name: "sigma_ii", type: "number", unit: "gradient units²", description: "Σ intercept–intercept, divisor N"},
  {name: "trace", type: "number", unit: "gradient units²", description: "tr(Σ) = sigma_ss + sigma_ii"},
  {name: "b_simple", type: "number", unit: "samples", description: "B_simple = tr(Σ)/|G|², the simple gradient noise scale"},
];

const PATH_SOURCES = [new URL(import.meta.url)];

export function validatePathGrid(id: string, grid: PathGrid): void {
  const fail = gridError(id);
  if (grid.datasets.length === 0) fail("datasets", "[]", "a non-empty list");
  for (const d of grid.datasets) if (!DATASET_IDS.includes(d)) fail("datasets", d, `one of ${DATASET_IDS.join(", ")}`);
  if (new Set(grid.datasets).size !== grid.datasets.length) fail("datasets", grid.datasets.join(","), "a list without duplicates");
  if (!Number.isFinite(grid.start.slope)) fail("start.slope", grid.start.slope, "a finite number");
  if (!Number.isFinite(grid.start.intercept)) fail("start.intercept", grid.start.intercept, "a finite number");
  if (!(Number.isFinite(grid.learningRate) && grid.learningRate > 0 && grid.learningRate < 1)) fail("learningRate", grid.learningRate, "a number in (0, 1) (GD on standardised data diverges at η ≥ 1)");
  if (!Number.isInteger(grid.steps) || grid.steps < 0 || grid.steps > MAX_PATH_STEPS) fail("steps", grid.steps, `an integer in [0, ${MAX_PATH_STEPS}]`);
}

export function pathRows(grid: PathGrid): Cell[][] {
  return grid.datasets.flatMap((dataset) => {
    const data = preparedDataset(dataset);
    return noiseAlongPath(data, {start: grid.start, learningRate: grid.learningRate, steps: grid.steps}).map((r) => [
      dataset, data.x.length, r.step, grid.learningRate, r.w.slope, r.w.intercept, r.loss, r.gradient.slope, r.gradient.intercept,
      r.gradientNorm2, r.covariance.ss, r.covariance.si, r.covariance.ii, r.trace, r.bSimple,
    ]);
  });
}

export const regressionPathSnapshot: SnapshotSpec<PathGrid> = {
  id: "regression-path",
  version: "v1",
  title: "Gradient noise along full-batch gradient descent on two real regressions",
  description:
    "Linear regression with squared loss on a standardised feature and target (penguins: body mass from flipper length, N = 342; diamonds: log price from log carat, N = 53,940). At each step of full-batch gradient descent from the grid's start: w, L(w), the full gradient G, the divisor-N covariance Σ of the per-sample gradients 2(w·x_i − y_i)x_i, tr(Σ) and B_simple = tr(Σ)/|G|². No randomness.",
  columns: PATH_COLUMNS,
  grid: PATH_GRID,
  sources: PATH_SOURCES,
  validate: (grid) => validatePathGrid("regression-path-v1", grid),
  compute: async (grid) => pathRows(grid),
};

// ---------------------------------------------------------------------------
// two-batch-v1 and two-batch-summary-v1

export interface TwoBatchGrid {
  seeds: {from: number; count: number};
  /** The gradient-descent path the points lie on (the same as regression-path-v1's). */
  path: {start: Weights; learningRate: number};
  steps: number[];
  replace: boolean[];
  repeats: number[];
  datasets: {id: string; pairs: [number, number][]}[];
}

export const TWO_BATCH_GRID: TwoBatchGrid = {
  seeds: {from: 0, count: 200},
  path: {start: PATH_GRID.start, learningRate: PATH_GRID.learningRate},
  steps: [0, 20, 40],
  replace: [false, true],
  repeats: [1, 10, 100],
  datasets: [
    {id: "penguins", pairs: [[4, 32], [8, 128], [32, 256], [64, 342]]},
    {id: "diamonds", pairs: [[4, 32], [8, 128], [32, 1024], [256, 8192]]},
  ],
};

const CELL_COLUMNS: Column[] = [
  {name: "dataset", type: "string", unit: "", description: "Dataset id (penguins or diamonds)"},
  {name: "n", type: "integer", unit: "samples", description: "N, rows of the dataset"},
  {name: "step", type: "integer", unit: "steps", description: "Step k of the full-batch gradient-descent path of regression-path-v1 (same start and η)"},
  {name: "b_small", type: "integer", unit: "samples", description: "B_small, the smaller batch size"},
  {name: "b_big", type: "integer", unit: "samples", description: "B_big, the larger batch size"},
  {name: "replace", type: "boolean", unit: "", description: "true: indices drawn independently; false: distinct within a batch"},
  {name: "repeats", type: "integer", unit: "pairs", description: "r, the number of independent (small, big) batch pairs whose |g|² are averaged before solving"},
];

const EXACT_COLUMNS: Column[] = [
  {name: "g2_exact", type: "number", unit: "gradient units²", description: "|G|², exact"},
  {name: "trace_exact", type: "number", unit: "gradient units²", description: "tr(Σ), exact (divisor N)"},
  {name: "b_simple_exact", type: "number", unit: "samples", description: "B_simple = tr(Σ)/|G|², exact"},
];

export const TWO_BATCH_COLUMNS: Column[] = [
  ...CELL_COLUMNS,
  {name: "seed", type: "integer", unit: "", description: "Seed of the default generator; the batches depend on (seed, dataset, sizes, mode, r), not on the step"},
  {name: "small_norm2", type: "number", unit: "gradient units²", description: "Mean over the r pairs of |g_small|²"},
  {name: "big_norm2", type: "number", unit: "gradient units²", description: "Mean over the r pairs of |g_big|²"},
  {name: "g2_estimate", type: "number", unit: "gradient units²", description: "Unbiased estimate of |G|² from E|g_B|² = |G|² + c(B) tr(Σ), c(B) = 1/B with replacement, (N−B)/((N−1)B) without"},
  {name: "trace_estimate", type: "number", unit: "gradient units²", description: "Unbiased estimate of tr(Σ) from the same two equations"},
  {name: "b_simple_estimate", type: "number", unit: "samples", description: "trace_estimate / g2_estimate"},
  {name: "g2_estimate_paper", type: "number", unit: "gradient units²", description: "McCandlish et al. (2018) appendix A.1 formula, c(B) = 1/B whatever the sampling mode"},
  {name: "trace_estimate_paper", type: "number", unit: "gradient units²", description: "The paper's S estimate, c(B) = 1/B"},
  {name: "b_simple_estimate_paper", type: "number", unit: "samples", description: "trace_estimate_paper / g2_estimate_paper"},
  ...EXACT_COLUMNS,
];

export function validateTwoBatchGrid(id: string, grid: TwoBatchGrid): void {
  const fail = gridError(id);
  if (!Number.isInteger(grid.seeds.from) || grid.seeds.from < 0) fail("seeds.from", grid.seeds.from, "an integer ≥ 0");
  if (!Number.isInteger(grid.seeds.count) || grid.seeds.count < 2 || grid.seeds.from + grid.seeds.count > 2 ** 32)
    fail("seeds.count", grid.seeds.count, "an integer ≥ 2 with from + count ≤ 2^32");
  validatePathGrid(id, {datasets: grid.datasets.map((d) => d.id), ...grid.path, steps: Math.max(0, ...grid.steps)});
  if (grid.steps.length === 0) fail("steps", "[]", "a non-empty list");
  for (const k of grid.steps) if (!Number.isInteger(k) || k < 0 || k > MAX_PATH_STEPS) fail("steps", k, `integers in [0, ${MAX_PATH_STEPS}]`);
  if (grid.replace.length === 0) fail("replace", "[]", "a non-empty list of true/false");
  if (grid.repeats.length === 0) fail("repeats", "[]", "a non-empty list");
  for (const r of grid.repeats) if (!Number.isInteger(r) || r < 1 || r > 1000) fail("repeats", r, "integers in [1, 1000]");
  for (const {id: dataset, pairs} of grid.datasets) {
    const n = preparedDataset(dataset).x.length;
    if (pairs.length === 0) fail(`datasets[${dataset}].pairs`, "[]", "a non-empty list");
    for (const [small, big] of pairs) {
      const max = grid.replace.includes(false) ? n : 1_000_000;
      if (!Number.isInteger(small) || !Number.isInteger(big) || small < 1 || big <= small || big > max)
        fail(`datasets[${dataset}].pairs`, `[${small}, ${big}]`, `integer pairs with 1 ≤ B_small < B_big ≤ ${max}${max === n ? " (N, without replacement)" : ""}`);
    }
  }
}

/** The grid one (dataset, step) at a time, in the published row order (twoBatchRows computes one). */
export function twoBatchTasks(grid: TwoBatchGrid): TwoBatchTask[] {
  return grid.datasets.flatMap(({id, pairs}) =>
    grid.steps.map((step) => ({dataset: id, step, path: grid.path, pairs, replace: grid.replace, repeats: grid.repeats, seeds: grid.seeds})));
}

// The cost of one seed of a chunk, in sampled indices: r·(B_small + B_big) draws (each
// summed at every step), plus opening the seed's stream and making its rows, which cost
// about as much as this many draws (measured: ~50 µs against 10–15 ns per index).
const SEED_OVERHEAD = 4000;
/** Chunks per core: enough that the last ones are short, few enough that messages stay negligible. */
const CHUNKS_PER_THREAD = 24;

const chunkCost = (c: TwoBatchChunk) => c.seeds.count * (c.repeats * (c.pair[0] + c.pair[1]) + SEED_OVERHEAD);

/**
 * The grid as chunks of similar cost (see TwoBatchChunk), in the published order of their
 * cells (dataset, pair, mode, r), each cell's seeds split into consecutive ranges.
 */
export function twoBatchChunks(grid: TwoBatchGrid, {threads = 2}: {threads?: number} = {}): TwoBatchChunk[] {
  const cells = grid.datasets.flatMap(({id, pairs}) => pairs.flatMap((pair) => grid.replace.flatMap((replace) =>
    grid.repeats.map((repeats): TwoBatchChunk => ({dataset: id, steps: grid.steps, path: grid.path, pair, replace, repeats, seeds: grid.seeds})))));
  const target = cells.reduce((sum, c) => sum + chunkCost(c), 0) / (threads * CHUNKS_PER_THREAD);
  return cells.flatMap((cell) => {
    const parts = Math.min(cell.seeds.count, Math.ceil(chunkCost(cell) / target));
    return Array.from({length: parts}, (_, p) => {
      const from = Math.floor((p * cell.seeds.count) / parts), to = Math.floor(((p + 1) * cell.seeds.count) / parts);
      return {...cell, seeds: {from: cell.seeds.from + from, count: to - from}};
    });
  });
}

/**
 * The rows of two-batch-v1 in the published order (dataset, step, pair, mode, r, seed)
 * from the chunks' results (chunkRows[c] for chunks[c], per step).
 */
export function assembleTwoBatchRows(grid: TwoBatchGrid, chunks: readonly TwoBatchChunk[], chunkRows: readonly Cell[][][][]): Cell[][] {
  const rows: Cell[][] = [];
  for (const {id} of grid.datasets)
    grid.steps.forEach((_, k) => chunks.forEach((chunk, c) => {
      if (chunk.dataset === id) for (const row of chunkRows[c][k]) rows.push(row);
    }));
  return rows;
}

/** The grid's rows, its chunks computed on every core, costliest first so that the cores finish together. */
async function computeTwoBatchRows(grid: TwoBatchGrid): Promise<Cell[][]> {
  const chunks = twoBatchChunks(grid, {threads: availableParallelism()});
  const order = chunks.map((_, c) => c).sort((a, b) => chunkCost(chunks[b]) - chunkCost(chunks[a]) || a - b);
  const results = await mapOnWorkers<TwoBatchChunk, Cell[][][]>(new URL("./two-batch-task.ts", import.meta.url), "twoBatchChunkRows", order.map((c) => chunks[c]));
  const chunkRows: Cell[][][][] = new Array(chunks.length);
  order.forEach((c, t) => (chunkRows[c] = results[t]));
  return assembleTwoBatchRows(grid, chunks, chunkRows);
}

const TWO_BATCH_SOURCES = [new URL(import.meta.url), new URL("./two-batch-task.ts", import.meta.url)];

export const twoBatchSnapshot: SnapshotSpec<TwoBatchGrid> = {
  id: "two-batch",
  version: "v1",
  title: "Two-batch estimates of the gradient noise scale, per seed",
  description:
    "At three points of regression-path-v1's gradient-descent path, for several (B_small, B_big) pairs, both sampling modes and r = 1, 10 or 100 pairs of batches: the mean |g|² of the small and big batches, the estimates of |G|², tr(Σ) and B_simple they give (with the exact noise factor c(B), and with the paper's 1/B), and the exact values. 200 seeds per cell.",
  columns: TWO_BATCH_COLUMNS,
  grid: TWO_BATCH_GRID,
  sources: TWO_BATCH_SOURCES,
  validate: (grid) => validateTwoBatchGrid("two-batch-v1", grid),
  compute: computeTwoBatchRows,
};

const QUANTILES = [5, 25, 50, 75, 95];

export const TWO_BATCH_SUMMARY_COLUMNS: Column[] = [
  ...CELL_COLUMNS,
  {name: "seeds", type: "integer", unit: "seeds", description: "Number of seeds in the cell"},
  ...EXACT_COLUMNS,
  {name: "g2_rel_bias", type: "number", unit: "1", description: "Mean over seeds of g2_estimate/g2_exact − 1 (≈ 0: unbiased)"},
  {name: "g2_rel_bias_se", type: "number", unit: "1", description: "Standard error of g2_rel_bias: sd over seeds / √seeds"},
  {name: "trace_rel_bias", type: "number", unit: "1", description: "Mean over seeds of trace_estimate/trace_exact − 1"},
  {name: "trace_rel_bias_se", type: "number", unit: "1", description: "Standard error of trace_rel_bias"},
  {name: "g2_rel_bias_paper", type: "number", unit: "1", description: "Mean over seeds of g2_estimate_paper/g2_exact − 1 (without replacement its expectation is −tr(Σ)/((N−1)|G|²))"},
  {name: "g2_rel_bias_paper_se", type: "number", unit: "1", description: "Standard error of g2_rel_bias_paper"},
  {name: "trace_rel_bias_paper", type: "number", unit: "1", description: "Mean over seeds of trace_estimate_paper/trace_exact − 1 (without replacement its expectation is 1/(N−1))"},
  {name: "trace_rel_bias_paper_se", type: "number", unit: "1", description: "Standard error of trace_rel_bias_paper"},
  ...QUANTILES.map((p): Column => ({name: `b_ratio_q${String(p).padStart(2, "0")}`, type: "number", unit: "1", description: `${p}% quantile over seeds of b_simple_estimate/b_simple_exact (R-7)`})),
  {name: "b_ratio_paper_q50", type: "number", unit: "1", description: "Median over seeds of b_simple_estimate_paper/b_simple_exact"},
  {name: "b_within_2x", type: "number", unit: "1", description: "Share of seeds with b_simple_estimate within a factor 2 of the exact value"},
  {name: "g2_nonpositive_share", type: "number", unit: "1", description: "Share of seeds whose g2_estimate is ≤ 0 (then the B_simple estimate is meaningless)"},
];

/** Per cell, across seeds: bias of the unbiased parts, spread of the B_simple ratio. */
export function summarizeTwoBatchRows(rows: readonly Cell[][]): Cell[][] {
  const col = Object.fromEntries(TWO_BATCH_COLUMNS.map((c, i) => [c.name, i]));
  const cells = new Map<string, Cell[][]>();
  for (const row of rows) {
    const key = JSON.stringify(CELL_COLUMNS.map((c) => row[col[c.name]]));
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(row);
  }
  const num = (r: Cell[], name: string) => r[col[name]] as number;
  const bias = (group: Cell[][], estimate: string, exact: string) => {
    const errors = group.map((r) => num(r, estimate) / num(r, exact) - 1);
    return [mean(errors)!, deviation(errors)! / Math.sqrt(errors.length)];
  };
  return [...cells.values()].map((group) => {
    const first = group[0];
    const ratios = group.map((r) => num(r, "b_simple_estimate") / num(r, "b_simple_exact")).sort((a, b) => a - b);
    const paper = group.map((r) => num(r, "b_simple_estimate_paper") / num(r, "b_simple_exact")).sort((a, b) => a - b);
    return [
      ...CELL_COLUMNS.map((c) => first[col[c.name]]), group.length,
      ...EXACT_COLUMNS.map((c) => first[col[c.name]]),
      ...bias(group, "g2_estimate", "g2_exact"), ...bias(group, "trace_estimate", "trace_exact"),
      ...bias(group, "g2_estimate_paper", "g2_exact"), ...bias(group, "trace_estimate_paper", "trace_exact"),
      ...QUANTILES.map((p) => quantileSorted(ratios, p / 100)!), quantileSorted(paper, 0.5)!,
      ratios.filter((q) => q >= 0.5 && q <= 2).length / group.length,
      group.filter((r) => num(r, "g2_estimate") <= 0).length / group.length,
    ];
  });
}

/** Turns CSV text cells back into typed cells, following TWO_BATCH_COLUMNS. */
function parseTwoBatchRows(rows: string[][]): Cell[][] {
  return rows.map((row) => row.map((text, i) => {
    const type = TWO_BATCH_COLUMNS[i].type;
    return type === "boolean" ? text === "true" : type === "string" ? text : Number(text);
  }));
}

export const twoBatchSummarySnapshot: SnapshotSpec<TwoBatchGrid> = {
  id: "two-batch-summary",
  version: "v1",
  title: "Two-batch estimates of the gradient noise scale: summary across seeds",
  description: "Per cell of two-batch-v1, across its seeds: the relative bias (with standard error) of the |G|² and tr(Σ) estimates, with the exact and the paper's noise factor, quantiles of the B_simple estimate divided by the exact value, and the share of seeds within a factor 2.",
  columns: TWO_BATCH_SUMMARY_COLUMNS,
  grid: TWO_BATCH_GRID,
  sources: TWO_BATCH_SOURCES,
  validate: (grid) => validateTwoBatchGrid("two-batch-summary-v1", grid),
  async compute() {
    const {buildSnapshot} = await import("./store.js");
    const {csvParseRows} = await import("d3-dsv");
    const file = await buildSnapshot(twoBatchSnapshot);
    return summarizeTwoBatchRows(parseTwoBatchRows(csvParseRows(file.csv).slice(1)));
  },
};
