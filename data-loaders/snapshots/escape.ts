// The escape snapshots: SGD leaving the shallow well of a tilted double well (escape
// probability within K steps, against Kramers), and leaving a strict saddle (escape-
// time quantiles, against the linear theory), over grids of batch size, learning rate
// and noise. Runs stop at their escape, and the cells of one m (every η and σ) replay
// the same batches, so of the ~1.8·10⁹ sampled gradients the cells use only ~3.8·10⁸
// are drawn (2.5·10⁸ well, 1.3·10⁸ saddle): about 2 + 1 s of CPU, plus ~0.5 s per
// worker to start; the cost sits in the groups with m = 128 and 256.
import type {Column, RowFilter, SnapshotSpec} from "./types.js";
import type {Cell} from "./csv.js";
import {mapOnWorkers} from "./pool.js";
import {gridError} from "./validate-grid.js";
import {pickFixed, pickValues} from "./subgrid.js";
import {criticalTilt} from "../../src/lib/escape/double-well.js";
import {SADDLE_QUANTILES, escapeWellRowsOf, escapeSaddleRowsOf, type WellTask, type SaddleTask, type CellRuns, type RunsTask} from "./escape-task.js";

const TASK_MODULE = new URL("./escape-task.ts", import.meta.url);
const ESCAPE_SOURCES = [new URL(import.meta.url), TASK_MODULE];
const powersOfTwo = (max: number) => Array.from({length: Math.log2(max) + 1}, (_, i) => 2 ** i);

export interface EscapeWellGrid {
  h: number;
  a: number;
  n: number;
  replace: boolean;
  seed: number;
  runs: number;
  /** K, and the steps k at which escapes are counted (K is the largest). */
  checkpoints: number[];
  eta: number[];
  sigma: number[];
  m: number[];
}

export const ESCAPE_WELL_GRID: EscapeWellGrid = {
  h: 1,
  a: 0.7,
  n: 1000,
  replace: false,
  seed: 0,
  runs: 500,
  // Steps 125…1000 at η = 0.005, 0.01, 0.02 give times t = kη that coincide across η:
  // the linear-scaling comparison (η, m) vs (2η, 2m) at equal t reads two rows.
  checkpoints: [125, 250, 500, 1000],
  eta: [0.005, 0.01, 0.02],
  sigma: [20, 40],
  m: powersOfTwo(256),
};

const common = {
  n: {name: "n", type: "integer", unit: "data points", description: "N, the number of data points (per-sample noise values)"},
  sigma: {name: "sigma", type: "number", unit: "gradient units", description: "σ: the per-sample noise ξ_i = σ·(z_i − z̄), z_i ~ Normal(0, 1), centred"},
  eta: {name: "eta", type: "number", unit: "parameter units per gradient unit", description: "η, the learning rate"},
  m: {name: "m", type: "integer", unit: "data points", description: "Batch size"},
  replace: {name: "replace", type: "boolean", unit: "", description: "true: indices drawn independently; false: distinct within a batch"},
  seed: {name: "seed", type: "integer", unit: "", description: "Seed of the default generator (xoshiro128** stream family); run r uses stream (seed, cellId(model, N, m, replace, r))"},
  runs: {name: "runs", type: "integer", unit: "runs", description: "Independent SGD runs in the cell"},
  temperature: {name: "temperature", type: "number", unit: "loss units", description: "T = η·s²/(2m), times (N − m)/(N − 1) without replacement"},
} satisfies Record<string, Column>;

export const ESCAPE_WELL_COLUMNS: Column[] = [
  {name: "h", type: "number", unit: "loss units", description: "h in L(w) = h·(w² − 1)² + a·w"},
  {name: "a", type: "number", unit: "loss units", description: "The tilt a; a > 0 makes the right well (where runs start) the shallow one"},
  common.n, common.sigma, common.eta, common.m, common.replace, common.seed, common.runs,
  {name: "steps", type: "integer", unit: "steps", description: "k: escapes are counted among the first k steps"},
  {name: "time", type: "number", unit: "time units", description: "t = k·η, the time of the continuous-time (Langevin) limit"},
  {name: "s2", type: "number", unit: "gradient units²", description: "s², the variance of the N centred ξ_i with divisor N"},
  common.temperature,
  {name: "barrier", type: "number", unit: "loss units", description: "ΔL = L(barrier top) − L(shallow minimum)"},
  {name: "barrier_over_t", type: "number", unit: "1", description: "ΔL/T (Kramers needs ≳ 3)"},
  {name: "eta_curvature", type: "number", unit: "1", description: "η·max(L″(shallow minimum), |L″(barrier top)|) (Kramers needs ≪ 1)"},
  {name: "escaped", type: "integer", unit: "runs", description: "Runs that crossed the escape line (halfway from the barrier top to the deep minimum) within k steps"},
  {name: "fraction", type: "number", unit: "1", description: "escaped / runs"},
  {name: "wilson_low", type: "number", unit: "1", description: "Low end of the 95% Wilson interval for the escape probability"},
  {name: "wilson_high", type: "number", unit: "1", description: "High end of the 95% Wilson interval"},
  {name: "diverged", type: "integer", unit: "runs", description: "Runs whose |w| passed 1000 (numerical blow-up) within k steps, not counted as escapes"},
  {name: "kramers_rate", type: "number", unit: "1/time unit", description: "r = √(L″(a)·|L″(b)|)/(2π)·exp(−ΔL/T)"},
  {name: "kramers_probability", type: "number", unit: "1", description: "1 − exp(−k·η·r)"},
  {name: "kramers_valid", type: "boolean", unit: "", description: "ΔL/T ≥ 3 and η·L″ ≤ 0.1"},
];

export function validateEscapeWellGrid(id: string, grid: EscapeWellGrid): void {
  const fail = gridError(id);
  if (!(Number.isFinite(grid.h) && grid.h > 0)) fail("h", grid.h, "a finite number > 0");
  const critical = criticalTilt(grid.h);
  if (!(Math.abs(grid.a) < critical)) fail("a", grid.a, `a number with |a| < 8h/(3√3) = ${critical.toPrecision(6)} (else there is no second minimum)`);
  if (!Number.isInteger(grid.n) || grid.n < 2 || grid.n > 1_000_000) fail("n", grid.n, "an integer in [2, 1000000]");
  if (!Number.isInteger(grid.seed) || grid.seed < 0 || grid.seed > 0xffffffff) fail("seed", grid.seed, "an integer in [0, 2^32)");
  if (!Number.isInteger(grid.runs) || grid.runs < 500) fail("runs", grid.runs, "an integer ≥ 500");
  checkAscending(fail, "checkpoints", grid.checkpoints, (k) => Number.isInteger(k) && k >= 1 && k <= 1_000_000, "integers in [1, 1000000]");
  checkAscending(fail, "eta", grid.eta, (x) => Number.isFinite(x) && x > 0 && x <= 1, "numbers in (0, 1]");
  checkAscending(fail, "sigma", grid.sigma, (x) => Number.isFinite(x) && x >= 0, "finite numbers ≥ 0");
  checkAscending(fail, "m", grid.m, (m) => Number.isInteger(m) && m >= 1 && m <= (grid.replace ? 1_000_000 : grid.n), `integers in [1, ${grid.replace ? 1_000_000 : "N"}]`);
}

function checkAscending(fail: ReturnType<typeof gridError>, field: string, values: number[], ok: (x: number) => boolean, allowed: string): void {
  if (!Array.isArray(values) || values.length === 0) fail(field, "[]", "a non-empty list");
  for (const x of values) if (!ok(x)) fail(field, x, allowed);
  for (let i = 1; i < values.length; ++i) if (!(values[i] > values[i - 1])) fail(field, values.join(","), "a strictly increasing list");
}

export function escapeWellTasks(grid: EscapeWellGrid): WellTask[] {
  const steps = grid.checkpoints[grid.checkpoints.length - 1];
  return grid.eta.flatMap((eta) => grid.sigma.flatMap((sigma) => grid.m.map((m) => ({
    h: grid.h, a: grid.a, n: grid.n, sigma, eta, m, replace: grid.replace, seed: grid.seed, runs: grid.runs, steps, checkpoints: grid.checkpoints,
  }))));
}

/** Pieces of work per snapshot: enough to keep two cores busy to the end, few enough that per-piece set-up stays small. */
const PIECES = 32;

/**
 * Simulates the cells on worker threads and returns each cell's runs, in cell order.
 * Cells that differ only in η and σ replay the same batches (see simulateWellCells), so
 * they run together; each such group is split into ranges of runs (a run depends only
 * on its own stream, so the split never changes it) of about 1/PIECES of the total
 * cost, and the pieces run costliest first, so that no large piece starts last.
 */
async function cellRunsOnWorkers<T extends {eta: number; sigma: number; runs: number}, S extends object>(
  fn: string,
  cells: T[],
  /** What the cells of a group have in common: all but η and σ. */
  shared: (cell: T) => S,
  /** The cost of all runs of a group, ≈ m × the steps of its longest cell. */
  cost: (group: T[]) => number
): Promise<CellRuns[]> {
  const groups = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const key = JSON.stringify(shared(cell));
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const costs = new Map([...groups].map(([key, members]) => [key, cost(members.map((i) => cells[i]))]));
  const budget = [...costs.values()].reduce((sum, c) => sum + c, 0) / PIECES;
  const tasks: {task: RunsTask<S>; members: number[]; cost: number}[] = [];
  for (const [key, members] of groups) {
    const first = cells[members[0]], runs = first.runs;
    const pieces = Math.max(1, Math.min(runs, Math.round(costs.get(key)! / budget)));
    for (let p = 0; p < pieces; ++p) {
      const from = Math.floor((runs * p) / pieces), to = Math.floor((runs * (p + 1)) / pieces);
      const task = {...shared(first), cells: members.map((i) => ({eta: cells[i].eta, sigma: cells[i].sigma})), from, to};
      tasks.push({task, members, cost: (costs.get(key)! * (to - from)) / runs});
    }
  }
  const order = tasks.map((_, i) => i).sort((i, j) => tasks[j].cost - tasks[i].cost || i - j);
  const results = await mapOnWorkers<RunsTask<S>, CellRuns[]>(TASK_MODULE, fn, order.map((i) => tasks[i].task));
  // Pieces of a group were made in run order: concatenate each cell's pieces in that order.
  const byTask = new Array<CellRuns[]>(tasks.length);
  order.forEach((i, position) => (byTask[i] = results[position]));
  const parts = cells.map((): CellRuns[] => []);
  tasks.forEach(({members}, t) => members.forEach((cell, k) => parts[cell].push(byTask[t][k])));
  const concat = (arrays: Int32Array[]) => {
    const out = new Int32Array(arrays.reduce((sum, a) => sum + a.length, 0));
    let offset = 0;
    for (const a of arrays) out.set(a, offset), (offset += a.length);
    return out;
  };
  return parts.map((pieces) => ({escapeStep: concat(pieces.map((p) => p.escapeStep)), divergeStep: concat(pieces.map((p) => p.divergeStep))}));
}

export async function computeEscapeWellRows(grid: EscapeWellGrid): Promise<Cell[][]> {
  const cells = escapeWellTasks(grid);
  const runs = await cellRunsOnWorkers("escapeWellRuns", cells, ({eta, sigma, checkpoints, ...shared}) => shared, (group) => group[0].m * group[0].steps * group[0].runs);
  return cells.flatMap((cell, i) => escapeWellRowsOf(cell, runs[i]));
}

// Cost of a run ≈ m × its expected escape steps ≈ m·ln(ρ²/T)/η with T ∝ ησ²/m; a group costs its longest cell.
const saddleCost = (cell: SaddleTask) => (cell.m / cell.eta) * Math.log(2 + cell.m / (cell.eta * cell.sigma * cell.sigma));

export async function computeEscapeSaddleRows(grid: EscapeSaddleGrid): Promise<Cell[][]> {
  const cells = escapeSaddleTasks(grid);
  const runs = await cellRunsOnWorkers("escapeSaddleRuns", cells, ({eta, sigma, ...shared}) => shared, (group) => group[0].runs * Math.max(...group.map(saddleCost)));
  return cells.flatMap((cell, i) => escapeSaddleRowsOf(cell, runs[i]));
}

/**
 * The part of the well grid whose rows match `where`, for the CLI's --snapshot and
 * snapshots:verify. A cell's runs depend only on (seed, N, m, mode, run) and its own
 * η, σ, h, a; the count at step k only on the escape steps ≤ k. So dropping cells or
 * later checkpoints leaves the remaining rows byte for byte the same.
 */
export function escapeWellSubgrid(name: string) {
  return (grid: EscapeWellGrid, where: RowFilter): EscapeWellGrid => {
    const fail = gridError(name);
    return {
      h: pickFixed(fail, "h", "h", grid.h, where),
      a: pickFixed(fail, "a", "a", grid.a, where),
      n: pickFixed(fail, "n", "n", grid.n, where),
      replace: pickFixed(fail, "replace", "replace", grid.replace, where),
      seed: pickFixed(fail, "seed", "seed", grid.seed, where),
      runs: pickFixed(fail, "runs", "runs", grid.runs, where),
      checkpoints: pickValues(fail, "checkpoints", "steps", grid.checkpoints, where),
      eta: pickValues(fail, "eta", "eta", grid.eta, where),
      sigma: pickValues(fail, "sigma", "sigma", grid.sigma, where),
      m: pickValues(fail, "m", "m", grid.m, where),
    };
  };
}

export const escapeWellSnapshot: SnapshotSpec<EscapeWellGrid> = {
  id: "escape-well",
  version: "v1",
  title: "SGD escaping the shallow well of a tilted double well",
  description:
    "L(w) = h(w² − 1)² + a·w with per-sample losses L(w) + ξ_i·w. For each (η, σ, m), 500 SGD runs from the shallow minimum; per checkpoint k, how many crossed the escape line, with a 95% Wilson interval, against Kramers' 1 − exp(−kηr) at T = ηs²/(2m)·(N − m)/(N − 1).",
  columns: ESCAPE_WELL_COLUMNS,
  grid: ESCAPE_WELL_GRID,
  sources: ESCAPE_SOURCES,
  validate: (grid) => validateEscapeWellGrid("escape-well-v1", grid),
  compute: computeEscapeWellRows,
  subgrid: escapeWellSubgrid("escape-well-v1"),
};

export interface EscapeSaddleGrid {
  rho: number;
  x0: number;
  n: number;
  replace: boolean;
  seed: number;
  runs: number;
  /** The most steps a run may take; the build fails if a run has not escaped by then. */
  steps: number;
  eta: number[];
  sigma: number[];
  m: number[];
}

export const ESCAPE_SADDLE_GRID: EscapeSaddleGrid = {
  rho: 0.5,
  x0: 1,
  n: 1000,
  replace: false,
  seed: 0,
  runs: 500,
  steps: 20000,
  eta: [0.01, 0.02],
  sigma: [2.5, 5, 10],
  m: powersOfTwo(256),
};

const quantileName = (q: number) => `q${String(Math.round(q * 100)).padStart(2, "0")}`;

export const ESCAPE_SADDLE_COLUMNS: Column[] = [
  {name: "rho", type: "number", unit: "parameter units", description: "ρ: a run has escaped at the first step with |y| > ρ"},
  {name: "x0", type: "number", unit: "parameter units", description: "Runs start at (x0, 0), on the stable manifold"},
  common.n, common.sigma, common.eta, common.m, common.replace, common.seed, common.runs,
  {name: "max_steps", type: "integer", unit: "steps", description: "The most steps a run may take (every run escaped before)"},
  {name: "s2", type: "number", unit: "gradient units²", description: "s², the variance of the y-components of the N centred noise vectors, divisor N"},
  common.temperature,
  {name: "escaped", type: "integer", unit: "runs", description: "Runs that escaped (all of them)"},
  ...SADDLE_QUANTILES.map((q): Column => ({name: `time_${quantileName(q)}`, type: "number", unit: "time units", description: `${q * 100}% quantile of the escape time t = kη over the runs (R-7)`})),
  {name: "time_mean", type: "number", unit: "time units", description: "Mean escape time"},
  {name: "theory_time", type: "number", unit: "time units", description: "t* = ln(1 + λρ²/T)/(2λ), λ = 1: when the spread of the linearised y reaches ρ"},
  ...SADDLE_QUANTILES.map((q): Column => ({name: `theory_${quantileName(q)}`, type: "number", unit: "time units", description: `${q * 100}% quantile of the linear theory: ln(1 + λρ_u²/(T z²))/(2λ), P(|Z| > z) = ${q}, ρ_u = ρ/√(1 − ρ²)`})),
  {name: "theory_valid", type: "boolean", unit: "", description: "λρ²/T ≥ 5 and t*/η ≥ 20 steps"},
];

export function validateEscapeSaddleGrid(id: string, grid: EscapeSaddleGrid): void {
  const fail = gridError(id);
  if (!(grid.rho > 0 && grid.rho < 1)) fail("rho", grid.rho, "a number in (0, 1)");
  if (!Number.isFinite(grid.x0) || Math.abs(grid.x0) > 1000) fail("x0", grid.x0, "a number in [−1000, 1000]");
  if (!Number.isInteger(grid.n) || grid.n < 2 || grid.n > 1_000_000) fail("n", grid.n, "an integer in [2, 1000000]");
  if (!Number.isInteger(grid.seed) || grid.seed < 0 || grid.seed > 0xffffffff) fail("seed", grid.seed, "an integer in [0, 2^32)");
  if (!Number.isInteger(grid.runs) || grid.runs < 500) fail("runs", grid.runs, "an integer ≥ 500");
  if (!Number.isInteger(grid.steps) || grid.steps < 1 || grid.steps > 1_000_000) fail("steps", grid.steps, "an integer in [1, 1000000]");
  checkAscending(fail, "eta", grid.eta, (x) => Number.isFinite(x) && x > 0 && x <= 1, "numbers in (0, 1]");
  checkAscending(fail, "sigma", grid.sigma, (x) => Number.isFinite(x) && x > 0, "finite numbers > 0 (with σ = 0 no run escapes)");
  checkAscending(fail, "m", grid.m, (m) => Number.isInteger(m) && m >= 1 && m <= (grid.replace ? 1_000_000 : grid.n), `integers in [1, ${grid.replace ? 1_000_000 : "N"}]`);
}

export function escapeSaddleTasks(grid: EscapeSaddleGrid): SaddleTask[] {
  return grid.eta.flatMap((eta) => grid.sigma.flatMap((sigma) => grid.m.map((m) => ({
    rho: grid.rho, x0: grid.x0, n: grid.n, sigma, eta, m, replace: grid.replace, seed: grid.seed, runs: grid.runs, steps: grid.steps,
  }))));
}

/** The part of the saddle grid whose rows match `where`: each row is one cell, computed on its own. */
export function escapeSaddleSubgrid(name: string) {
  return (grid: EscapeSaddleGrid, where: RowFilter): EscapeSaddleGrid => {
    const fail = gridError(name);
    return {
      rho: pickFixed(fail, "rho", "rho", grid.rho, where),
      x0: pickFixed(fail, "x0", "x0", grid.x0, where),
      n: pickFixed(fail, "n", "n", grid.n, where),
      replace: pickFixed(fail, "replace", "replace", grid.replace, where),
      seed: pickFixed(fail, "seed", "seed", grid.seed, where),
      runs: pickFixed(fail, "runs", "runs", grid.runs, where),
      steps: pickFixed(fail, "steps", "max_steps", grid.steps, where),
      eta: pickValues(fail, "eta", "eta", grid.eta, where),
      sigma: pickValues(fail, "sigma", "sigma", grid.sigma, where),
      m: pickValues(fail, "m", "m", grid.m, where),
    };
  };
}

export const escapeSaddleSnapshot: SnapshotSpec<EscapeSaddleGrid> = {
  id: "escape-saddle",
  version: "v1",
  title: "SGD escaping a strict saddle",
  description:
    "f(x, y) = (x² − y²)/2 + y⁴/4 with a centred 2-D noise vector per data point. For each (η, σ, m), 500 SGD runs from (x0, 0) on the stable manifold; quantiles of the first time t = kη with |y| > ρ, against the linear theory t* = ln(1 + λρ²/T)/(2λ) and its quantiles.",
  columns: ESCAPE_SADDLE_COLUMNS,
  grid: ESCAPE_SADDLE_GRID,
  sources: ESCAPE_SOURCES,
  validate: (grid) => validateEscapeSaddleGrid("escape-saddle-v1", grid),
  compute: computeEscapeSaddleRows,
  subgrid: escapeSaddleSubgrid("escape-saddle-v1"),
};
