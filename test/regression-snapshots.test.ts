// Tests of the Real-loss snapshot loaders: grid validation, the rows' schema, and
// determinism, on small grids (the full two-batch grid takes minutes).
import {describe, expect, it} from "vitest";
import {
  PATH_COLUMNS, PATH_GRID, pathRows, regressionPathSnapshot, summarizeTwoBatchRows, TWO_BATCH_COLUMNS, TWO_BATCH_GRID,
  TWO_BATCH_SUMMARY_COLUMNS, twoBatchSnapshot, twoBatchSummarySnapshot, twoBatchTasks, validatePathGrid, validateTwoBatchGrid,
  type TwoBatchGrid,
} from "../data-loaders/snapshots/regression.js";
import {twoBatchRows} from "../data-loaders/snapshots/two-batch-task.js";
import {SNAPSHOTS, checkRegistry} from "../data-loaders/snapshots/registry.js";
import {renderSnapshot} from "../data-loaders/snapshots/store.js";
import type {Column} from "../data-loaders/snapshots/types.js";
import type {Cell} from "../data-loaders/snapshots/csv.js";
import {noiseAlongPath} from "../src/lib/gradient-noise.js";
import {REFERENCE_PATH} from "../src/lib/regression.js";
import {preparedDataset} from "../data-loaders/datasets.js";

function expectSchema(rows: Cell[][], columns: readonly Column[]) {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.length).toBe(columns.length);
    row.forEach((cell, i) => {
      const {type, name} = columns[i];
      if (type === "integer") expect(Number.isInteger(cell), `${name}: ${cell}`).toBe(true);
      else if (type === "number") expect(typeof cell === "number" && Number.isFinite(cell), `${name}: ${cell}`).toBe(true);
      else expect(typeof cell, name).toBe(type);
    });
  }
}

const SMALL_TWO_BATCH: TwoBatchGrid = {
  ...TWO_BATCH_GRID,
  seeds: {from: 0, count: 3},
  steps: [0, 40],
  repeats: [1, 2],
  datasets: [{id: "penguins", pairs: [[4, 32], [64, 342]]}],
};

describe("regression-path-v1", () => {
  it("is registered with its two-batch companions, and the registry is consistent", () => {
    const names = SNAPSHOTS.map((s) => `${s.id}-${s.version}`);
    for (const name of ["regression-path-v1", "two-batch-v1", "two-batch-summary-v1"]) expect(names).toContain(name);
    expect(() => checkRegistry()).not.toThrow();
  });

  it("records the page's reference path", () => {
    expect(PATH_GRID.start).toEqual(REFERENCE_PATH.start);
    expect(PATH_GRID.learningRate).toBe(REFERENCE_PATH.learningRate);
    expect(PATH_GRID.steps).toBe(REFERENCE_PATH.steps);
    expect(TWO_BATCH_GRID.path).toEqual({start: PATH_GRID.start, learningRate: PATH_GRID.learningRate});
  });

  it("rows follow the columns, are deterministic, and equal noiseAlongPath", async () => {
    const grid = {...PATH_GRID, steps: 5};
    const rows = await regressionPathSnapshot.compute(grid);
    expectSchema(rows, PATH_COLUMNS);
    expect(rows.length).toBe(2 * 6);
    expect(pathRows(grid)).toEqual(rows);
    const col = Object.fromEntries(PATH_COLUMNS.map((c, i) => [c.name, i]));
    const live = noiseAlongPath(preparedDataset("penguins"), {...REFERENCE_PATH, steps: 5});
    rows.filter((r) => r[col.dataset] === "penguins").forEach((r, k) => {
      expect(r[col.b_simple]).toBe(live[k].bSimple);
      expect(r[col.w_slope]).toBe(live[k].w.slope);
      expect(r[col.sigma_si]).toBe(live[k].covariance.si);
    });
    // The published bytes are a function of the rows alone.
    expect(renderSnapshot(regressionPathSnapshot, rows).csv).toBe(renderSnapshot(regressionPathSnapshot, pathRows(grid)).csv);
  });

  it("rejects malformed grids with the field's name", () => {
    const v = (g: object) => () => validatePathGrid("regression-path-v1", {...PATH_GRID, ...g});
    expect(v({})).not.toThrow();
    expect(v({datasets: ["iris"]})).toThrow("snapshot regression-path-v1: grid field datasets must be one of penguins, diamonds; got iris");
    expect(v({learningRate: 1})).toThrow(/grid field learningRate must be a number in \(0, 1\)/);
    expect(v({steps: 2.5})).toThrow(/grid field steps must be an integer in \[0, 10000\]; got 2.5/);
    expect(v({start: {slope: NaN, intercept: 0}})).toThrow(/grid field start\.slope/);
  });
});

describe("two-batch-v1 and two-batch-summary-v1", () => {
  it("rows follow the columns and are deterministic (task function and worker pool agree)", async () => {
    const direct = twoBatchTasks(SMALL_TWO_BATCH).flatMap(twoBatchRows);
    expectSchema(direct, TWO_BATCH_COLUMNS);
    // 2 steps × 2 pairs × 2 modes × 2 repeats × 3 seeds
    expect(direct.length).toBe(48);
    expect(twoBatchTasks(SMALL_TWO_BATCH).flatMap(twoBatchRows)).toEqual(direct);
    const pooled = await twoBatchSnapshot.compute(SMALL_TWO_BATCH);
    expect(pooled).toEqual(direct);
  });

  it("without replacement at B_big = N, the |G|² estimate is exact (c(N) = 0)", () => {
    const col = Object.fromEntries(TWO_BATCH_COLUMNS.map((c, i) => [c.name, i]));
    const rows = twoBatchTasks(SMALL_TWO_BATCH).flatMap(twoBatchRows).filter((r) => r[col.b_big] === 342 && r[col.replace] === false);
    for (const r of rows) expect(Math.abs((r[col.g2_estimate] as number) / (r[col.g2_exact] as number) - 1)).toBeLessThan(1e-9);
  });

  it("the summary has one row per cell with the summary columns, deterministically", () => {
    const rows = twoBatchTasks(SMALL_TWO_BATCH).flatMap(twoBatchRows);
    const summary = summarizeTwoBatchRows(rows);
    expectSchema(summary, TWO_BATCH_SUMMARY_COLUMNS);
    expect(summary.length).toBe(16);
    const col = Object.fromEntries(TWO_BATCH_SUMMARY_COLUMNS.map((c, i) => [c.name, i]));
    for (const r of summary) {
      expect(r[col.seeds]).toBe(3);
      expect(r[col.b_ratio_q05] as number).toBeLessThanOrEqual(r[col.b_ratio_q50] as number);
      expect(r[col.b_ratio_q50] as number).toBeLessThanOrEqual(r[col.b_ratio_q95] as number);
    }
    expect(summarizeTwoBatchRows(rows)).toEqual(summary);
    expect(twoBatchSummarySnapshot.grid).toBe(twoBatchSnapshot.grid);
  });

  it("rejects malformed grids with the field's name", () => {
    const v = (g: Partial<TwoBatchGrid>) => () => validateTwoBatchGrid("two-batch-v1", {...TWO_BATCH_GRID, ...g});
    expect(v({})).not.toThrow();
    expect(v({seeds: {from: 0, count: 1}})).toThrow(/grid field seeds\.count must be an integer ≥ 2/);
    expect(v({repeats: [0]})).toThrow(/grid field repeats must be integers in \[1, 1000\]; got 0/);
    expect(v({datasets: [{id: "penguins", pairs: [[32, 8]]}]})).toThrow(
      "snapshot two-batch-v1: grid field datasets[penguins].pairs must be integer pairs with 1 ≤ B_small < B_big ≤ 342 (N, without replacement); got [32, 8]");
    expect(v({datasets: [{id: "penguins", pairs: [[4, 400]]}]})).toThrow(/got \[4, 400\]/);
    expect(v({steps: [-1]})).toThrow(/grid field steps must be integers in \[0, 10000\]; got -1/);
  });
});
