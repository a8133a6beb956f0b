// Tests of the escape models (tilted double well, strict saddle), their theory
// (temperature, Kramers, saddle escape time), the Wilson interval, the live jobs and
// the escape snapshots' rows.
import {describe, expect, it} from "vitest";
import {doubleWell, criticalTilt, gradient, loss, hasEscaped} from "../src/lib/escape/double-well.js";
import {noisePopulation} from "../src/lib/escape/noise.js";
import {simulateWell, wellDescent, type WellOptions} from "../src/lib/escape/well-sgd.js";
import {simulateSaddle, saddleDescent, type SaddleOptions} from "../src/lib/escape/saddle-sgd.js";
import {escapedBy, runStream} from "../src/lib/escape/sgd-options.js";
import {temperature, kramersRate, kramers, saddleEscapeTime, saddleEscapeQuantile, saddleTheoryValid} from "../src/lib/escape/theory.js";
import {wellJob, saddleJob, scalingJob, scalingConfigs, runsPerChunk, makeJob} from "../src/lib/escape/live-jobs.js";
import {wilsonInterval} from "../src/lib/wilson.js";
import {batchSampler} from "../src/lib/sampling.js";
import {ParameterError} from "../src/lib/validate.js";
import {escapeWellRows, escapeSaddleRows} from "../data-loaders/snapshots/escape-task.js";
import {
  escapeWellSnapshot, escapeSaddleSnapshot, ESCAPE_WELL_COLUMNS, ESCAPE_SADDLE_COLUMNS, ESCAPE_WELL_GRID, ESCAPE_SADDLE_GRID,
  escapeWellTasks, escapeSaddleTasks, type EscapeWellGrid, type EscapeSaddleGrid,
} from "../data-loaders/snapshots/escape.js";
import type {Column} from "../data-loaders/snapshots/types.js";
import {saddleLevelSets} from "../src/components/escape-charts.js";
import {saddleLoss} from "../src/lib/escape/saddle.js";

const WELL: WellOptions = {h: 1, a: 0.7, n: 1000, sigma: 20, eta: 0.01, m: 16, replace: false, steps: 1000, runs: 100, seed: 0};
const SADDLE: SaddleOptions = {n: 1000, sigma: 5, eta: 0.01, m: 16, replace: false, steps: 1000, runs: 100, seed: 0, rho: 0.5, x0: 1};

describe("double well landscape", () => {
  // Hand computation (mpmath, 30 digits, polyroots of 4w³ − 4w + 0.7):
  // roots −1.078109968293570, 0.1809220867476103, 0.8971878815459599;
  // ΔL = L(0.18092…) − L(0.89718…) = 0.3961737510506840;
  // L″ = 12w² − 4: 5.659353137515128 at the shallow minimum, −3.607206382322682 at the top.
  it("finds the stationary points of h = 1, a = 0.7", () => {
    const well = doubleWell({h: 1, a: 0.7});
    expect(well.deep).toBeCloseTo(-1.078109968293570, 14);
    expect(well.barrier).toBeCloseTo(0.1809220867476103, 14);
    expect(well.shallow).toBeCloseTo(0.8971878815459599, 14);
    expect(well.barrierHeight).toBeCloseTo(0.3961737510506840, 14);
    expect(well.curvatureShallow).toBeCloseTo(5.659353137515128, 13);
    expect(well.curvatureBarrier).toBeCloseTo(-3.607206382322682, 13);
    expect(well.side).toBe(1);
    expect(well.escapeLine).toBeCloseTo((0.1809220867476103 - 1.078109968293570) / 2, 14);
    for (const w of [well.deep, well.barrier, well.shallow]) expect(Math.abs(gradient(well, w))).toBeLessThan(1e-14);
  });

  it("is symmetric at a = 0 (roots −1, 0, 1) and mirrored for a < 0", () => {
    const flat = doubleWell({h: 2, a: 0});
    expect([flat.deep, flat.barrier, flat.shallow]).toEqual([-1, 0, 1]);
    expect(flat.barrierHeight).toBe(2);
    const right = doubleWell({h: 1, a: 0.5}), left = doubleWell({h: 1, a: -0.5});
    expect(left.shallow).toBe(-right.shallow);
    expect(left.barrier).toBe(-right.barrier);
    expect(left.side).toBe(-1);
    expect(left.barrierHeight).toBeCloseTo(right.barrierHeight, 14);
    expect(hasEscaped(left, 0.9)).toBe(true);
    expect(hasEscaped(left, -0.9)).toBe(false);
  });

  it("critical tilt is 8h/(3√3): three real roots below it, a clear error at and above it", () => {
    expect(criticalTilt(1)).toBeCloseTo(1.539600717839002, 15);
    expect(criticalTilt(2)).toBeCloseTo(3.079201435678004, 14);
    const below = doubleWell({h: 1, a: 1.5396});
    expect(below.barrierHeight).toBeGreaterThan(0);
    expect(below.barrierHeight).toBeLessThan(1e-6); // the shallow well is about to vanish
    for (const a of [1.5397, 2, -1.6, criticalTilt(1)]) {
      expect(() => doubleWell({h: 1, a})).toThrow(ParameterError);
      expect(() => doubleWell({h: 1, a})).toThrow(/a \(tilt\) must be .*\|a\| < 8h\/\(3√3\) = 1\.53960 for h = 1.*single minimum/);
    }
    expect(() => doubleWell({h: 0, a: 0.1})).toThrow(/h \(well height\) must be a finite number > 0; got 0/);
    expect(() => doubleWell({h: 1, a: NaN})).toThrow(/a \(tilt\)/);
  });

  it("loss is h(w² − 1)² + a·w", () => {
    expect(loss({h: 2, a: 0.5}, 0)).toBe(2);
    expect(loss({h: 2, a: 0.5}, 2)).toBe(2 * 9 + 1);
  });
});

describe("noise population", () => {
  it("is centred up to rounding, scales with σ, and reports s² with divisor N", () => {
    const a = noisePopulation(0, "well", {n: 1000, sigma: 1}), b = noisePopulation(0, "well", {n: 1000, sigma: 20});
    expect(Math.abs(a.residualMean[0])).toBeLessThan(1e-15);
    expect(Math.abs(b.residualMean[0])).toBeLessThan(20 * 1e-15);
    expect(b.variance[0]).toBeCloseTo(400 * a.variance[0], 9);
    // s² of 1000 standard normals: within 5 standard errors (√(2/N) ≈ 0.045) of 1.
    expect(Math.abs(a.variance[0] - 1)).toBeLessThan(5 * Math.sqrt(2 / 1000));
    const saddle = noisePopulation(0, "saddle", {n: 1000, sigma: 1});
    expect(saddle.components).toHaveLength(2);
    expect(saddle.components[0]).not.toEqual(saddle.components[1]);
  });

  it("rejects bad parameters", () => {
    expect(() => noisePopulation(0, "well", {n: 1, sigma: 1})).toThrow(/N \(data points\) must be an integer in \[2, 1000000\]; got 1/);
    expect(() => noisePopulation(0, "well", {n: 10, sigma: -1})).toThrow(/σ \(noise\) must be a finite number ≥ 0; got -1/);
  });
});

describe("gradient descent never escapes", () => {
  it("in the double well, from anywhere in the shallow basin, for small and large steps", () => {
    for (const [h, a] of [[1, 0.7], [1, 0.2], [2, 2.5], [0.5, -0.6]]) {
      const well = doubleWell({h, a});
      const top = well.barrier, far = well.shallow + well.side * 0.5;
      for (const eta of [0.001, 0.01, 0.05]) {
        // Stability of GD at the minimum needs η·L″ < 2; these steps keep η·L″ ≤ 1.
        if (eta * well.curvatureShallow > 1) continue;
        for (const f of [0.05, 0.3, 0.6, 1]) {
          const start = top + f * (far - top);
          const path = wellDescent({h, a, eta, steps: 20000, start});
          expect(path.filter((w) => hasEscaped(well, w)).length).toBe(0);
          expect(path[path.length - 1]).toBeCloseTo(well.shallow, 6);
        }
      }
    }
  });

  it("in the double well, full-batch SGD (m = N without replacement) sees only the rounding residual and stays", () => {
    const result = simulateWell({...WELL, m: WELL.n, runs: 3, steps: 2000}, {recordEvery: 1});
    expect(escapedBy(result.escapeStep, 2000)).toBe(0);
    expect(Math.max(...Array.from(result.path!, (w) => Math.abs(w - result.well.shallow)))).toBeLessThan(1e-12);
  });

  it("at the saddle, from the stable manifold: y stays exactly 0 and x goes to the saddle", () => {
    for (const eta of [0.001, 0.01, 0.1, 0.5]) for (const x0 of [-3, 0.5, 1, 10]) {
      const {x, y} = saddleDescent({eta, steps: 5000, x0});
      expect(y.every((v) => v === 0)).toBe(true);
      // x_k = x0·(1 − η)^k exactly in real arithmetic; allow rounding.
      expect(Math.abs(x[x.length - 1])).toBeLessThanOrEqual(Math.abs(x0) * (1 - eta) ** 5000 * (1 + 1e-9) + Number.MIN_VALUE);
      expect(Math.abs(x[x.length - 1])).toBeLessThan(0.1);
    }
  });
});

describe("SGD escapes", () => {
  it("is deterministic and the same in any split of the runs", () => {
    const whole = simulateWell(WELL, {recordEvery: 10});
    expect(simulateWell(WELL, {recordEvery: 10})).toEqual(whole);
    const part = simulateWell(WELL, {from: 37, to: 61, recordEvery: 10});
    expect(Array.from(part.escapeStep)).toEqual(Array.from(whole.escapeStep.subarray(37, 61)));
    expect(Array.from(part.finalW)).toEqual(Array.from(whole.finalW.subarray(37, 61)));
    // Stopping at the escape changes nothing before it.
    const stopped = simulateWell(WELL, {stopAtEscape: true});
    expect(Array.from(stopped.escapeStep)).toEqual(Array.from(whole.escapeStep));
  });

  it("escape fraction falls with m at a fixed seed, with margin", () => {
    // At η = 0.01, σ = 20, K = 1000 the escape probability goes ≈ 0.97, 0.7, 0.2, 0.005 over
    // m = 4, 8, 16, 32 (snapshot escape-well-v1). Each step down must exceed 3 standard errors
    // of the difference of two independent fractions, √(p₁q₁/n + p₂q₂/n), floored at 1/n.
    const runs = 300;
    const fractions = [4, 8, 16, 32].map((m) => escapedBy(simulateWell({...WELL, m, runs}, {stopAtEscape: true}).escapeStep, WELL.steps) / runs);
    for (let i = 1; i < fractions.length; ++i) {
      const [p, q] = [fractions[i - 1], fractions[i]];
      const se = Math.max(1 / runs, Math.sqrt((p * (1 - p)) / runs + (q * (1 - q)) / runs));
      expect(p - q, `m step ${i}: ${p} → ${q}`).toBeGreaterThan(3 * se);
    }
  });

  it("saddle: the fraction escaped by a fixed time falls with m, with margin", () => {
    // σ = 5, η = 0.01: median escape times ≈ 1.4, 2.3, 3.0, 3.8 for m = 4, 16, 64, 256
    // (snapshot escape-saddle-v1); count escapes by t = 2.2 (220 steps). Same 3-SE margin.
    const runs = 300, k = 220;
    const fractions = [4, 16, 64, 256].map((m) => escapedBy(simulateSaddle({...SADDLE, m, runs, steps: k}, {stopAtEscape: true, trackX: false}).escapeStep, k) / runs);
    for (let i = 1; i < fractions.length; ++i) {
      const [p, q] = [fractions[i - 1], fractions[i]];
      const se = Math.max(1 / runs, Math.sqrt((p * (1 - p)) / runs + (q * (1 - q)) / runs));
      expect(p - q, `m step ${i}: ${p} → ${q}`).toBeGreaterThan(3 * se);
    }
  });

  it("saddle: skipping x leaves the escape steps unchanged; x and y share each batch", () => {
    const full = simulateSaddle({...SADDLE, runs: 20}), yOnly = simulateSaddle({...SADDLE, runs: 20}, {trackX: false});
    expect(Array.from(yOnly.escapeStep)).toEqual(Array.from(full.escapeStep));
    expect(Array.from(yOnly.finalY)).toEqual(Array.from(full.finalY));
    // The first step, recomputed from batchSampler's indices: both components average the same batch.
    const {components: [nx, ny]} = noisePopulation(SADDLE.seed, "saddle", SADDLE);
    const indices = batchSampler({n: SADDLE.n, m: SADDLE.m, replace: SADDLE.replace}, runStream("saddle", SADDLE, 0))(new Int32Array(SADDLE.m));
    let sx = 0, sy = 0;
    for (const i of indices) (sx += nx[i]), (sy += ny[i]);
    const first = simulateSaddle({...SADDLE, runs: 1, steps: 1});
    expect(first.finalX[0]).toBe(SADDLE.x0 - SADDLE.eta * (SADDLE.x0 + sx / SADDLE.m));
    expect(first.finalY[0]).toBe(0 - SADDLE.eta * (0 + sy / SADDLE.m));
  });

  it("well: the first step is w − η·(L′(w) + mean of batchSampler's batch)", () => {
    const {components: [xi]} = noisePopulation(WELL.seed, "well", WELL);
    const indices = batchSampler({n: WELL.n, m: WELL.m, replace: WELL.replace}, runStream("well", WELL, 0))(new Int32Array(WELL.m));
    let s = 0;
    for (const i of indices) s += xi[i];
    const well = doubleWell(WELL);
    expect(simulateWell({...WELL, runs: 1, steps: 1}).finalW[0]).toBe(well.shallow - WELL.eta * (gradient(well, well.shallow) + s / WELL.m));
  });

  it("bad parameters give clear errors", () => {
    for (const eta of [0, -0.01, NaN, Infinity, 1.5]) expect(() => simulateWell({...WELL, eta})).toThrow(/η \(learning rate\) must be a finite number in \(0, 1\]/);
    expect(() => simulateWell({...WELL, a: 2})).toThrow(/a \(tilt\) must be a finite number with \|a\| < 8h\/\(3√3\)/);
    expect(() => simulateWell({...WELL, m: 2000})).toThrow(/m \(batch size, without replacement\) must be an integer in \[1, 1000\]; got 2000/);
    expect(() => simulateWell({...WELL, steps: 0})).toThrow(/K \(steps\) must be an integer in \[1, 1000000\]; got 0/);
    expect(() => simulateSaddle({...SADDLE, rho: 1})).toThrow(/ρ \(escape radius\) must be a number in \(0, 1\)/);
    expect(() => simulateSaddle({...SADDLE, eta: 0})).toThrow(/η \(learning rate\)/);
    expect(() => wellDescent({h: 1, a: 0.7, eta: -1, steps: 10})).toThrow(/η \(learning rate\)/);
  });

  it("a blow-up is flagged as divergence, not as an escape", () => {
    const result = simulateWell({...WELL, eta: 1, sigma: 1000, m: 1, runs: 5, steps: 50});
    expect(Array.from(result.divergeStep).every((k) => k > 0)).toBe(true);
    expect(Array.from(result.finalW).every(Number.isNaN)).toBe(true);
  });
});

describe("theory", () => {
  it("temperature T = ηs²/(2m), times (N − m)/(N − 1) without replacement", () => {
    expect(temperature({eta: 0.01, m: 16, n: 1000, s2: 400, replace: true})).toBeCloseTo(0.125, 15);
    expect(temperature({eta: 0.01, m: 16, n: 1000, s2: 400, replace: false})).toBeCloseTo((0.125 * 984) / 999, 15);
    // (η, m) and (2η, 2m) have the same temperature with replacement.
    expect(temperature({eta: 0.02, m: 32, n: 1000, s2: 400, replace: true})).toBe(temperature({eta: 0.01, m: 16, n: 1000, s2: 400, replace: true}));
    expect(temperature({eta: 0.01, m: 1000, n: 1000, s2: 400, replace: false})).toBe(0);
  });

  it("Kramers matches a hand computation", () => {
    // Symmetric well h = 1, a = 0: ΔL = 1, L″(±1) = 8, L″(0) = −4, so at T = 0.25
    // r = √32/(2π)·e^{−4} = 0.9003163161571061 × 0.01831563888873418 = 0.01648986853236899.
    expect(kramersRate(doubleWell({h: 1, a: 0}), 0.25)).toBeCloseTo(0.01648986853236899, 15);
    // h = 1, a = 0.7 (stationary points above), T = 0.1: r = √(5.659353…·3.607206…)/(2π)·e^{−3.961737…}
    // = 0.01368447953940656 (mpmath); P(K = 1000, η = 0.01) = 1 − e^{−10 r} = 0.1278944295697997.
    const well = doubleWell({h: 1, a: 0.7});
    expect(kramersRate(well, 0.1)).toBeCloseTo(0.01368447953940656, 13);
    const k = kramers(well, {t: 0.1, eta: 0.01, steps: 1000});
    expect(k.probability).toBeCloseTo(0.1278944295697997, 12);
    expect(k.barrierOverT).toBeCloseTo(3.961737510506840, 12);
    expect(k.etaCurvature).toBeCloseTo(0.05659353137515128, 14);
    expect(k.valid).toBe(true);
    expect(kramersRate(well, 0)).toBe(0);
  });

  it("Kramers is flagged outside ΔL/T ≥ 3 and η·L″ ≤ 0.1", () => {
    const well = doubleWell({h: 1, a: 0.7});
    const hot = kramers(well, {t: 0.2, eta: 0.01, steps: 1000});
    expect(hot.valid).toBe(false);
    expect(hot.caveats.join()).toMatch(/ΔL\/T = 1\.98 < 3/);
    const coarse = kramers(well, {t: 0.1, eta: 0.02, steps: 1000});
    expect(coarse.valid).toBe(false);
    expect(coarse.caveats.join()).toMatch(/η·L″ = 0\.113 > 0\.1/);
  });

  it("saddle escape time: ln(1 + λρ²/T)/(2λ), and its quantiles reduce to it at P(|Z| > 1)", () => {
    expect(saddleEscapeTime(0.01, 0.5)).toBeCloseTo(Math.log(26) / 2, 15);
    const q = 0.31731050786291415; // P(|Z| > 1) = erfc(1/√2)
    expect(saddleEscapeQuantile(q, 0.01, 0.5, {cubic: false})).toBeCloseTo(saddleEscapeTime(0.01, 0.5), 9);
    // Logarithmic in 1/T: dividing T by e² (at T ≪ ρ²) adds ≈ 1 to the time.
    expect(saddleEscapeTime(1e-6 / Math.E ** 2, 0.5) - saddleEscapeTime(1e-6, 0.5)).toBeCloseTo(1, 4);
    expect(saddleEscapeQuantile(0.05, 0.01, 0.5)).toBeLessThan(saddleEscapeQuantile(0.5, 0.01, 0.5));
    expect(saddleTheoryValid({t: 0.01, rho: 0.5, eta: 0.01}).valid).toBe(true);
    expect(saddleTheoryValid({t: 0.1, rho: 0.5, eta: 0.01}).valid).toBe(false);
  });
});

describe("Wilson interval", () => {
  it("matches hand values (mpmath)", () => {
    const cases: [number, number, number, number][] = [
      [0, 10, 0, 0.2775327998628892],
      [5, 10, 0.236593090512564, 0.763406909487436],
      [97, 500, 0.1617264666432368, 0.2309396297192332],
      [10, 10, 0.7224672001371108, 1],
    ];
    for (const [k, n, low, high] of cases) {
      const interval = wilsonInterval(k, n);
      expect(interval.low).toBeCloseTo(low, 14);
      expect(interval.high).toBeCloseTo(high, 14);
    }
    expect(() => wilsonInterval(11, 10)).toThrow(/k \(successes\) must be an integer in \[0, 10\]; got 11/);
  });
});

describe("live jobs", () => {
  it("give the same numbers in chunks as in one piece", () => {
    const params = {options: {...WELL, runs: 30, steps: 300}, recordEvery: 3};
    const one = wellJob(params), many = wellJob(params);
    const a = one.init(), b = many.init();
    one.merge(a, one.chunk(0, 30));
    for (let from = 0; from < 30; from += 7) many.merge(b, many.chunk(from, Math.min(30, from + 7)));
    expect(b).toEqual(a);
    const s = saddleJob({options: {...SADDLE, runs: 12, steps: 200}, recordEvery: 2, pathRuns: 5});
    const c = s.init(), d = s.init();
    s.merge(c, s.chunk(0, 12));
    for (const [from, to] of [[0, 3], [3, 4], [4, 12]]) s.merge(d, s.chunk(from, to));
    expect(d).toEqual(c);
    expect(Number.isNaN(c.pathX[5 * c.pathLength - 1])).toBe(false);
  });

  it("scaling: (cη, cm) for K/c steps, skipping what cannot run", () => {
    expect(scalingConfigs({options: {...WELL, m: 300}, factors: [1, 2, 4]}).map((c) => c.skipped)).toEqual([null, null, "m = 1200 > N = 1000 without replacement"]);
    const job = scalingJob({options: {...WELL, runs: 20}, factors: [1, 2, 4]});
    const state = job.init();
    job.merge(state, job.chunk(0, 20));
    expect(state.configs.map((c) => [c.eta, c.m, c.steps])).toEqual([[0.01, 16, 1000], [0.02, 32, 500], [0.04, 64, 250]]);
    // The factor-2 configuration is exactly the well experiment at (2η, 2m, K/2).
    const direct = simulateWell({...WELL, runs: 20, eta: 0.02, m: 32, steps: 500}, {stopAtEscape: true});
    expect(Array.from(state.escapeStep[1])).toEqual(Array.from(direct.escapeStep));
  });

  it("chunk sizes and bad job names", () => {
    expect(runsPerChunk({total: 100, cost: 1e7}, 1e6)).toBe(10);
    expect(runsPerChunk({total: 100, cost: 1e12}, 1e6)).toBe(1);
    expect(runsPerChunk({total: 5, cost: 10}, 1e6)).toBe(5);
    expect(() => makeJob("nope" as "well", {})).toThrow(/job kind must be well, saddle, scaling/);
  });
});

describe("escape snapshots", () => {
  const checkRow = (row: unknown[], columns: readonly Column[]) => {
    expect(row).toHaveLength(columns.length);
    row.forEach((cell, i) => {
      const {type, name} = columns[i];
      if (type === "boolean") expect(typeof cell, name).toBe("boolean");
      else if (type === "integer") expect(Number.isInteger(cell), name).toBe(true);
      else if (type === "number") expect(Number.isFinite(cell), name).toBe(true);
    });
  };

  const wellTask = {...escapeWellTasks(ESCAPE_WELL_GRID)[3], runs: 60, checkpoints: [50, 100, 200], steps: 200};
  const saddleTask = {...escapeSaddleTasks(ESCAPE_SADDLE_GRID)[4], runs: 40};

  it("well rows have the schema, are deterministic, and count escapes consistently", () => {
    const rows = escapeWellRows(wellTask);
    expect(rows).toHaveLength(3);
    for (const row of rows) checkRow(row, ESCAPE_WELL_COLUMNS);
    expect(escapeWellRows(wellTask)).toEqual(rows);
    const col = Object.fromEntries(ESCAPE_WELL_COLUMNS.map((c, i) => [c.name, i]));
    const escaped = rows.map((r) => r[col.escaped] as number);
    expect(escaped).toEqual([...escaped].sort((p, q) => p - q)); // cumulative in k
    const live = simulateWell({...WELL, eta: wellTask.eta, sigma: wellTask.sigma, m: wellTask.m, runs: 60, steps: 200});
    expect(escaped[2]).toBe(escapedBy(live.escapeStep, 200));
    for (const r of rows) expect(r[col.wilson_low] as number).toBeLessThanOrEqual(r[col.fraction] as number);
  });

  it("saddle rows have the schema, are deterministic, and match a live run", () => {
    const rows = escapeSaddleRows(saddleTask);
    expect(rows).toHaveLength(1);
    checkRow(rows[0], ESCAPE_SADDLE_COLUMNS);
    expect(escapeSaddleRows(saddleTask)).toEqual(rows);
    const col = Object.fromEntries(ESCAPE_SADDLE_COLUMNS.map((c, i) => [c.name, i]));
    const live = simulateSaddle({...SADDLE, sigma: saddleTask.sigma, eta: saddleTask.eta, m: saddleTask.m, runs: 40, steps: saddleTask.steps});
    const times = Array.from(live.escapeStep, (k) => k * saddleTask.eta).sort((p, q) => p - q);
    expect(rows[0][col.time_q50]).toBe((times[19] + times[20]) / 2);
    expect(() => escapeSaddleRows({...saddleTask, steps: 3})).toThrow(/did not escape within 3 steps/);
  });

  it("compute() on worker threads gives the rows of the direct calls, in grid order", async () => {
    const grid: EscapeWellGrid = {...ESCAPE_WELL_GRID, runs: 500, checkpoints: [20, 40], eta: [0.01], sigma: [40], m: [1, 2]};
    const rows = await escapeWellSnapshot.compute(grid);
    expect(rows).toEqual(escapeWellTasks(grid).flatMap(escapeWellRows));
    const sgrid: EscapeSaddleGrid = {...ESCAPE_SADDLE_GRID, eta: [0.02], sigma: [10], m: [1, 2]};
    expect(await escapeSaddleSnapshot.compute(sgrid)).toEqual(escapeSaddleTasks(sgrid).flatMap(escapeSaddleRows));
  });

  it("subgrid() recomputes single rows byte for byte", async () => {
    const grid: EscapeWellGrid = {...ESCAPE_WELL_GRID, checkpoints: [20, 40, 80], eta: [0.01, 0.02], sigma: [40], m: [1, 2]};
    const whole = escapeWellTasks(grid).flatMap(escapeWellRows);
    const col = Object.fromEntries(ESCAPE_WELL_COLUMNS.map((c, i) => [c.name, i]));
    const where = {eta: [0.02], m: [2], steps: [40]};
    const sub = escapeWellSnapshot.subgrid!(grid, where);
    expect(sub.checkpoints).toEqual([40]);
    expect(escapeWellTasks(sub).flatMap(escapeWellRows)).toEqual(whole.filter((r) => r[col.eta] === 0.02 && r[col.m] === 2 && r[col.steps] === 40));
    expect(() => escapeWellSnapshot.subgrid!(grid, {m: [3]})).toThrow(/snapshot escape-well-v1: grid field m must be one of 1, 2; got 3/);
    expect(() => escapeWellSnapshot.subgrid!(grid, {a: [0.5]})).toThrow(/grid field a must be 0.7 \(fixed in this snapshot\)/);
    const sgrid: EscapeSaddleGrid = {...ESCAPE_SADDLE_GRID, eta: [0.02], sigma: [10], m: [1, 2]};
    const ssub = escapeSaddleSnapshot.subgrid!(sgrid, {m: [2], max_steps: [20000]});
    expect(escapeSaddleTasks(ssub).flatMap(escapeSaddleRows)).toEqual([escapeSaddleTasks(sgrid).flatMap(escapeSaddleRows)[1]]);
  });

  it("grids are validated with the field named", () => {
    expect(() => escapeWellSnapshot.validate(ESCAPE_WELL_GRID)).not.toThrow();
    expect(() => escapeSaddleSnapshot.validate(ESCAPE_SADDLE_GRID)).not.toThrow();
    expect(() => escapeWellSnapshot.validate({...ESCAPE_WELL_GRID, a: 2})).toThrow(/snapshot escape-well-v1: grid field a must be .*8h\/\(3√3\)/);
    expect(() => escapeWellSnapshot.validate({...ESCAPE_WELL_GRID, runs: 100})).toThrow(/grid field runs must be an integer ≥ 500/);
    expect(() => escapeWellSnapshot.validate({...ESCAPE_WELL_GRID, m: [1, 2000]})).toThrow(/grid field m must be integers in \[1, N\]; got 2000/);
    expect(() => escapeSaddleSnapshot.validate({...ESCAPE_SADDLE_GRID, eta: [0.02, 0.01]})).toThrow(/grid field eta must be a strictly increasing list/);
    expect(() => escapeSaddleSnapshot.validate({...ESCAPE_SADDLE_GRID, rho: 1.5})).toThrow(/grid field rho/);
  });

  it("the grids are the documented ones (≥ 500 runs per cell, m from 1 to 256)", () => {
    expect(ESCAPE_WELL_GRID.runs).toBeGreaterThanOrEqual(500);
    expect(ESCAPE_SADDLE_GRID.runs).toBeGreaterThanOrEqual(500);
    expect(ESCAPE_WELL_GRID.m).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(ESCAPE_SADDLE_GRID.m).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });
});

describe("saddle contour lines", () => {
  it("lie on the level sets of f, and both branches meet at x = 0", () => {
    const rows = saddleLevelSets([-0.2, 0, 0.5], -1.6, 1.6, 100);
    const drawn = rows.filter((r) => Number.isFinite(r.x));
    expect(drawn.length).toBeGreaterThan(300);
    for (const r of drawn) expect(Math.abs(saddleLoss(r.x, r.y) - Number(r.curve.split(":")[0]))).toBeLessThan(1e-12);
    // f = −0.2 has x² = y⁴/2 − y² − 0.4 < 0 near y = 0: no points there; it closes at x = 0.
    const low = drawn.filter((r) => r.curve.startsWith("-0.2:"));
    expect(low.some((r) => Math.abs(r.y) < 0.5)).toBe(false);
    expect(Math.min(...low.map((r) => Math.abs(r.x)))).toBeLessThan(1e-6);
  });
});
