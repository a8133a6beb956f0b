// Replaying one run's batches in every cell that differs only in η and σ (the escape
// snapshots' fast path) gives each cell exactly the numbers of simulating it alone.
import {describe, expect, it} from "vitest";
import {noisePopulation, powerOfTwoFactor, replayFamilies} from "../src/lib/escape/noise.js";
import {simulateWell, simulateWellCells, checkWell, type WellOptions} from "../src/lib/escape/well-sgd.js";
import {simulateSaddle, simulateSaddleCells, type SaddleOptions} from "../src/lib/escape/saddle-sgd.js";
import {runStream, noiseChunk, NOISE_CHUNK} from "../src/lib/escape/sgd-options.js";
import {batchMeansOf} from "../src/lib/sampling.js";
import {escapeWellRows, escapeSaddleRows} from "../data-loaders/snapshots/escape-task.js";
import {
  escapeWellSnapshot, escapeSaddleSnapshot, ESCAPE_WELL_GRID, ESCAPE_SADDLE_GRID, escapeWellTasks, escapeSaddleTasks,
  type EscapeWellGrid, type EscapeSaddleGrid,
} from "../data-loaders/snapshots/escape.js";

const WELL: WellOptions = {h: 1, a: 0.7, n: 1000, sigma: 20, eta: 0.01, m: 8, replace: false, steps: 300, runs: 30, seed: 3};
const SADDLE: SaddleOptions = {n: 1000, sigma: 5, eta: 0.01, m: 8, replace: false, steps: 400, runs: 30, seed: 3, rho: 0.5, x0: 1};

/** Typed arrays as plain arrays, so that toEqual compares every element with Object.is (NaN, −0 included). */
const plain = (runs: object) => Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v]));

describe("power-of-two copies of a noise population", () => {
  const well = (sigma: number) => noisePopulation(0, "well", {n: 1000, sigma}).components;

  it("finds the factor between populations σ a power of two apart, and only those", () => {
    expect(powerOfTwoFactor(well(20), well(40))).toBe(2);
    expect(powerOfTwoFactor(well(40), well(20))).toBe(0.5);
    expect(powerOfTwoFactor(well(2.5), well(10))).toBe(4);
    expect(powerOfTwoFactor(well(20), well(20))).toBe(1);
    expect(powerOfTwoFactor(well(20), well(30))).toBeNull();
    expect(powerOfTwoFactor(well(20), well(20 * 2 ** 61))).toBeNull(); // beyond 2^60
    const other = noisePopulation(1, "well", {n: 1000, sigma: 40}).components; // another seed
    expect(powerOfTwoFactor(well(20), other)).toBeNull();
    const nudged = well(40);
    nudged[0][999] = nudged[0][999] * (1 + Number.EPSILON);
    expect(powerOfTwoFactor(well(20), nudged)).toBeNull();
    const signed = [new Float64Array([0, 1])], negativeZero = [new Float64Array([-0, 2])];
    expect(powerOfTwoFactor(signed, negativeZero)).toBeNull();
    expect(powerOfTwoFactor([new Float64Array([2 ** -950, 1])], [new Float64Array([2 ** -949, 2])])).toBeNull(); // too small to be safe
    expect(powerOfTwoFactor(well(20), [well(20)[0].subarray(1)])).toBeNull();
    expect(powerOfTwoFactor(noisePopulation(0, "saddle", {n: 100, sigma: 1}).components, noisePopulation(0, "saddle", {n: 100, sigma: 8}).components)).toBe(8);
  });

  it("a copy's batch means are exactly the factor times the base's, batch for batch", () => {
    // What replaying relies on; σ = 2.5 and 10 are the saddle grid's (factor 4).
    const [base] = well(2.5), [copy] = well(10);
    for (const replace of [false, true])
      for (const m of [1, 3, 64, 500, 1000]) {
        if (replace && m === 1000) continue;
        const a = batchMeansOf(base, {m, replace}, 200, runStream("well", {seed: 0, n: 1000, m, replace}, 5));
        const b = batchMeansOf(copy, {m, replace}, 200, runStream("well", {seed: 0, n: 1000, m, replace}, 5));
        expect(Array.from(a, (x) => x * 4)).toEqual(Array.from(b));
      }
  });

  it("groups cells into families in input order", () => {
    const families = replayFamilies([20, 40, 30, 60, 10].map(well));
    expect(families).toEqual([
      {base: 0, members: [{cell: 0, factor: 1}, {cell: 1, factor: 2}, {cell: 4, factor: 0.5}]},
      {base: 2, members: [{cell: 2, factor: 1}, {cell: 3, factor: 2}]},
    ]);
  });
});

describe("cells replaying the same batches", () => {
  // η, σ per cell: two families (σ = 10·2^k and σ = 30), one cell that blows up at η = 1.
  const wellCells = [[0.01, 20], [0.02, 40], [0.005, 30], [0.01, 10], [0.02, 60], [1, 1280]];

  it("well: every cell equals its own simulation, whole or in pieces, stopped or not", () => {
    const well = checkWell(WELL);
    const cells = wellCells.map(([eta, sigma]) => ({eta, noise: noisePopulation(WELL.seed, "well", {n: WELL.n, sigma})}));
    for (const run of [{recordEvery: 7}, {stopAtEscape: true}, {from: 11, to: 23, stopAtEscape: true, recordEvery: 50}]) {
      const together = simulateWellCells(WELL, well, cells, run);
      wellCells.forEach(([eta, sigma], i) => {
        const {well: _, noise: __, ...alone} = simulateWell({...WELL, eta, sigma}, run);
        expect(plain(together[i]), `η = ${eta}, σ = ${sigma}, ${JSON.stringify(run)}`).toEqual(plain(alone));
      });
      expect(together[5].divergeStep.some((k) => k > 0)).toBe(true);
    }
    // Escapes happen in some cells only, so stopping leaves the others running.
    const escaped = simulateWellCells(WELL, well, cells, {stopAtEscape: true}).map((r) => r.escapeStep.filter((k) => k > 0).length);
    expect(Math.max(...escaped)).toBeGreaterThan(0);
    expect(Math.min(...escaped)).toBeLessThan(WELL.runs);
  });

  it("saddle: every cell equals its own simulation, with and without x", () => {
    const saddleCells = [[0.01, 2.5], [0.02, 5], [0.01, 10], [0.02, 7]];
    const cells = saddleCells.map(([eta, sigma]) => ({eta, noise: noisePopulation(SADDLE.seed, "saddle", {n: SADDLE.n, sigma})}));
    for (const run of [{recordEvery: 5, pathRuns: 4}, {stopAtEscape: true, trackX: false}, {from: 3, to: 17, stopAtEscape: true}]) {
      const together = simulateSaddleCells(SADDLE, cells, run);
      saddleCells.forEach(([eta, sigma], i) => {
        const {noise: _, ...alone} = simulateSaddle({...SADDLE, eta, sigma}, run);
        expect(plain(together[i]), `η = ${eta}, σ = ${sigma}, ${JSON.stringify(run)}`).toEqual(plain(alone));
      });
    }
  });

  it("noise chunks: about 2^14 gradients, 16 to 256 steps", () => {
    expect([1, 64, 65, 256, 1000, 10_000].map(noiseChunk)).toEqual([NOISE_CHUNK, 256, 253, 64, 17, 16]);
  });
});

describe("escape snapshots computed by groups of cells, split into ranges of runs", () => {
  it("give the rows of each cell computed alone, in grid order", async () => {
    const grid: EscapeWellGrid = {...ESCAPE_WELL_GRID, checkpoints: [20, 60], eta: [0.01, 0.02], sigma: [20, 30, 40], m: [1, 4]};
    expect(await escapeWellSnapshot.compute(grid)).toEqual(escapeWellTasks(grid).flatMap(escapeWellRows));
    const sgrid: EscapeSaddleGrid = {...ESCAPE_SADDLE_GRID, runs: 500, eta: [0.02], sigma: [5, 10], m: [1, 8]};
    expect(await escapeSaddleSnapshot.compute(sgrid)).toEqual(escapeSaddleTasks(sgrid).flatMap(escapeSaddleRows));
  });
});
