// Charts of the Escape page: the double well with the runs on it, paths against step,
// final positions, escape curves against Kramers, the saddle's contour map with paths,
// escape-time distributions against the linear theory, and the snapshot overlays.
import * as Plot from "./vendor/plot.js";
import {loss, type DoubleWell} from "../lib/escape/double-well.js";
import {PALETTE} from "./palette.js";

/** Framework's width can read near 0 while the layout settles (e.g. during a full-page
 * screenshot); clipped marks would then get negative sizes. Never draw narrower. */
export const MIN_WIDTH = 280;

/** What each colour means on this page (Okabe–Ito, from palette.ts). */
export const COLORS = {
  sgd: PALETTE.live,
  gd: PALETTE.fpc,
  theory: PALETTE.iid,
  invalid: PALETTE.snapshot,
  snapshot: PALETTE.snapshot,
  landmark: PALETTE.band,
} as const;

/** Runs' paths as rows {run, step, w} for Plot, skipping positions after a divergence. */
export function pathRows(path: Float64Array, pathLength: number, recordEvery: number, runs: number): {run: number; step: number; w: number}[] {
  const rows: {run: number; step: number; w: number}[] = [];
  for (let r = 0; r < runs; ++r)
    for (let i = 0; i < pathLength; ++i) {
      const w = path[r * pathLength + i];
      if (Number.isFinite(w)) rows.push({run: r, step: i * recordEvery, w});
    }
  return rows;
}

/** The x-range that shows both wells of the landscape with a margin. */
export function wellDomain(well: DoubleWell): [number, number] {
  return [Math.min(well.deep, well.shallow) - 0.55, Math.max(well.deep, well.shallow) + 0.55];
}

function landmarks(well: DoubleWell) {
  return [
    {name: "shallow minimum", w: well.shallow},
    {name: "barrier top", w: well.barrier},
    {name: "escape line", w: well.escapeLine},
    {name: "deep minimum", w: well.deep},
  ];
}

export interface LandscapeOptions {
  well: DoubleWell;
  /** The runs' positions at the chosen step (NaN: diverged or not done). */
  positions: ArrayLike<number>;
  step: number;
  gd: number;
  width: number;
}

/**
 * At most this many runs are drawn as dots: 10^4 SVG dots cost the main thread ~0.1–0.3 s
 * on every update while a run streams in, and 2000 still 60–90 ms. The first runs are a
 * fair sample (runs are iid).
 */
export const MAX_LANDSCAPE_DOTS = 1000;

/** L(w) with every run's position at one step (up to MAX_LANDSCAPE_DOTS) as a dot on the curve, and GD's position. */
export function landscapeChart({well, positions, step, gd, width}: LandscapeOptions) {
  const [lo, hi] = wellDomain(well);
  const curve = Array.from({length: 241}, (_, i) => {
    const w = lo + ((hi - lo) * i) / 240;
    return {w, L: loss(well, w)};
  });
  const top = Math.max(loss(well, lo), loss(well, hi));
  const drawn = Array.from({length: Math.min(positions.length, MAX_LANDSCAPE_DOTS)}, (_, i) => positions[i]);
  const dots = drawn.filter((w) => Number.isFinite(w) && w >= lo && w <= hi).map((w) => ({w, L: loss(well, w)}));
  const escaped = Array.from(positions).filter((w) => Number.isFinite(w) && well.side * (w - well.escapeLine) < 0).length;
  const which = drawn.length < positions.length ? `the first ${drawn.length} of the ${positions.length} runs (${dots.length} in view)` : `the ${dots.length} runs`;
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 300, marginLeft: 55,
    ariaLabel: "Landscape L(w) with the SGD runs' positions",
    ariaDescription: `The tilted double well L(w) = ${well.h}(w² − 1)² + ${well.a}w from w = ${lo.toFixed(2)} to ${hi.toFixed(2)}, shallow minimum at ${well.shallow.toFixed(3)}, barrier top at ${well.barrier.toFixed(3)}, deep minimum at ${well.deep.toFixed(3)}. Dots: ${which} at step ${step}; ${escaped} of ${drawn.length < positions.length ? "all the runs" : "them"} are past the escape line. The green diamond is gradient descent.`,
    x: {domain: [lo, hi], label: "Parameter w"},
    y: {domain: [Math.min(...curve.map((c) => c.L)) - 0.1, Math.min(top, Math.max(...curve.map((c) => c.L)))], label: "Loss L(w) (loss units)", grid: true},
    marks: [
      Plot.ruleX([well.escapeLine], {stroke: COLORS.landmark, strokeDasharray: "4 3"}),
      Plot.text([{w: well.escapeLine}], {x: "w", frameAnchor: "top", dy: 4, text: () => "escape line", fill: COLORS.landmark, textAnchor: "start", dx: 4}),
      Plot.line(curve, {x: "w", y: "L", stroke: "currentColor", strokeWidth: 1.5, clip: true}),
      Plot.dot(dots, {x: "w", y: "L", r: 4, fill: COLORS.sgd, fillOpacity: 0.35, stroke: COLORS.sgd, strokeOpacity: 0.8}),
      Plot.dot([{w: gd, L: loss(well, gd)}], {x: "w", y: "L", r: 6, symbol: "diamond", fill: COLORS.gd, stroke: "currentColor"}),
    ],
  });
}

export interface TrajectoryOptions {
  rows: {run: number; step: number; w: number}[];
  well: DoubleWell;
  steps: number;
  color: string;
  title: string;
  width: number;
  ariaDescription: string;
}

/** w against step for a few runs, with the landscape's landmarks as horizontal rules. */
export function trajectoryChart({rows, well, steps, color, title, width, ariaDescription}: TrajectoryOptions) {
  const [lo, hi] = wellDomain(well);
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 260, marginLeft: 50,
    title,
    ariaLabel: `${title}: w against step`,
    ariaDescription,
    x: {domain: [0, steps], label: "Step k"},
    y: {domain: [lo, hi], label: "Parameter w", grid: true},
    marks: [
      Plot.ruleY(landmarks(well).filter((d) => d.name !== "escape line"), {y: "w", stroke: "currentColor", strokeOpacity: 0.25}),
      Plot.ruleY([well.escapeLine], {stroke: COLORS.landmark, strokeDasharray: "4 3"}),
      Plot.line(rows, {x: "step", y: "w", z: "run", stroke: color, strokeOpacity: 0.8, strokeWidth: 1.2, clip: true}),
    ],
  });
}

export interface FinalHistogramOptions {
  finals: number[];
  well: DoubleWell;
  gd: number;
  steps: number;
  width: number;
}

/** Where the runs are after K steps; GD's final position as a rule. */
export function finalHistogram({finals, well, gd, steps, width}: FinalHistogramOptions) {
  const [lo, hi] = wellDomain(well);
  const shown = finals.filter((w) => w >= lo && w <= hi);
  const deep = finals.filter((w) => well.side * (w - well.barrier) < 0).length;
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 240, marginLeft: 50,
    ariaLabel: "Histogram of the runs' final positions",
    ariaDescription: `Final positions w after ${steps} steps of ${finals.length} SGD runs: ${deep} end on the deep side of the barrier top, ${finals.length - deep} in the shallow well. Gradient descent ends at ${gd.toFixed(4)}.`,
    x: {domain: [lo, hi], label: "Final position w after K steps"},
    y: {label: "Runs", grid: true},
    marks: [
      Plot.rectY(shown, Plot.binX<Plot.RectYOptions>({y: "count"}, {x: (d: number) => d, domain: [lo, hi], thresholds: 48, fill: COLORS.sgd, fillOpacity: 0.8, inset: 0.5})),
      Plot.ruleX([well.barrier], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.ruleX([gd], {stroke: COLORS.gd, strokeWidth: 3}),
      Plot.text([gd], {x: (d: number) => d, frameAnchor: "top", dy: 4, dx: -4, textAnchor: "end", text: () => "GD", fill: COLORS.gd}),
      Plot.ruleY([0]),
    ],
  });
}

export interface EscapeCurveOptions {
  /** Fraction of the runs done that escaped by step k, for k = 0…K (every `every` steps). */
  live: {step: number; fraction: number}[];
  /** Kramers 1 − exp(−kηr) at the same steps. */
  kramers: {step: number; probability: number}[];
  valid: boolean;
  /** The Wilson interval at K. */
  interval: {step: number; low: number; high: number; fraction: number};
  /** Snapshot checkpoints for the same cell, if on the grid. */
  snapshot: {step: number; fraction: number; low: number; high: number}[];
  steps: number;
  width: number;
}

/** The escaped fraction against step: live, Kramers (greyed when outside its validity), snapshot. */
export function escapeCurveChart({live, kramers, valid, interval, snapshot, steps, width}: EscapeCurveOptions) {
  const theoryName = valid ? "Kramers 1 − exp(−kηr)" : "Kramers (outside its validity)";
  const names = ["Live SGD runs", theoryName, ...(snapshot.length ? ["Snapshot (500 runs)"] : [])];
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 280, marginLeft: 50,
    ariaLabel: "Fraction of runs escaped against step, with Kramers' prediction",
    ariaDescription: `Live escaped fraction reaches ${interval.fraction.toFixed(3)} at step ${steps} (95% Wilson interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)}); Kramers predicts ${kramers[kramers.length - 1].probability.toFixed(3)}${valid ? "" : ", but its assumptions do not hold here"}.${snapshot.length ? " Grey points: the snapshot's 500 runs of the same cell." : ""}`,
    x: {domain: [0, steps], label: "Step k"},
    y: {domain: [0, 1], label: "Fraction escaped by step k", grid: true},
    color: {legend: true, domain: names, range: [COLORS.sgd, valid ? COLORS.theory : COLORS.invalid, COLORS.snapshot].slice(0, names.length)},
    marks: [
      Plot.line(kramers, {x: "step", y: "probability", stroke: () => theoryName, strokeWidth: 2, strokeDasharray: valid ? "none" : "5 4"}),
      Plot.line(live, {x: "step", y: "fraction", stroke: () => "Live SGD runs", strokeWidth: 2, curve: "step-after"}),
      Plot.ruleX([interval], {x: "step", y1: "low", y2: "high", stroke: COLORS.sgd, strokeWidth: 3}),
      snapshot.length ? Plot.ruleX(snapshot, {x: "step", y1: "low", y2: "high", stroke: COLORS.snapshot, strokeWidth: 2}) : null,
      snapshot.length ? Plot.dot(snapshot, {x: "step", y: "fraction", fill: () => "Snapshot (500 runs)", r: 4, stroke: "currentColor"}) : null,
    ],
  });
}

export interface EscapeByMOptions {
  snapshot: {m: number; fraction: number; wilson_low: number; wilson_high: number}[];
  theory: {m: number; probability: number; valid: boolean}[];
  live: {m: number; fraction: number; low: number; high: number} | null;
  steps: number;
  width: number;
  description: string;
}

/** P(escape within K) against batch size: snapshot cells with Wilson bars, Kramers, the live run. */
export function escapeByMChart({snapshot, theory, live, steps, width, description}: EscapeByMOptions) {
  // Consecutive points with the same validity form one segment; each boundary point is
  // shared by both neighbours so the line has no gap.
  const segments: {m: number; probability: number; valid: boolean; segment: number}[] = [];
  theory.forEach((d, i) => {
    const segment = i === 0 ? 0 : segments[segments.length - 1].segment + (d.valid !== theory[i - 1].valid ? 1 : 0);
    if (i > 0 && d.valid !== theory[i - 1].valid) segments.push({...theory[i - 1], valid: d.valid, segment});
    segments.push({...d, segment});
  });
  const names = ["Snapshot, 500 runs per m", "Kramers (valid)", "Kramers (outside validity)", ...(live ? ["Live run"] : [])];
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 300, marginLeft: 50,
    ariaLabel: `Probability of escaping within ${steps} steps against batch size`,
    ariaDescription: description,
    x: {type: "log", base: 2, label: "Batch size m (log scale)", domain: [0.8, 320]},
    y: {domain: [0, 1], label: `P(escape within ${steps} steps)`, grid: true},
    color: {legend: true, domain: names, range: [COLORS.snapshot, COLORS.theory, COLORS.invalid, COLORS.sgd].slice(0, names.length)},
    marks: [
      Plot.line(segments.filter((d) => d.valid), {x: "m", y: "probability", z: "segment", stroke: () => "Kramers (valid)", strokeWidth: 2}),
      Plot.line(segments.filter((d) => !d.valid), {x: "m", y: "probability", z: "segment", stroke: () => "Kramers (outside validity)", strokeWidth: 2, strokeDasharray: "5 4"}),
      Plot.ruleX(snapshot, {x: "m", y1: "wilson_low", y2: "wilson_high", stroke: COLORS.snapshot, strokeWidth: 2}),
      Plot.dot(snapshot, {x: "m", y: "fraction", fill: () => "Snapshot, 500 runs per m", stroke: "currentColor", r: 4, tip: true,
        title: (d) => `m = ${d.m}\nescaped ${d.fraction.toFixed(3)} (95% ${d.wilson_low.toFixed(3)}–${d.wilson_high.toFixed(3)})`}),
      live ? Plot.ruleX([live], {x: "m", y1: "low", y2: "high", stroke: COLORS.sgd, strokeWidth: 3}) : null,
      live ? Plot.dot([live], {x: "m", y: "fraction", fill: () => "Live run", r: 6, symbol: "diamond", stroke: "currentColor"}) : null,
    ],
  });
}

/** The contour levels drawn on the saddle map. */
export const SADDLE_LEVELS = [-0.24, -0.2, -0.15, -0.1, -0.05, 0, 0.1, 0.25, 0.5, 0.75, 1, 1.5];

/**
 * The level sets f(x, y) = c in closed form, x = ±√(2c + y² − y⁴/2), as line rows with
 * NaN where a branch does not exist (Plot breaks the line there). Each place where the
 * root's argument changes sign is found by bisection and added with x = 0, so the two
 * branches meet. Much cheaper than contouring a raster, which matters because the
 * chart is redrawn as runs stream in.
 */
export function saddleLevelSets(levels: readonly number[], y1: number, y2: number, samples = 240): {curve: string; x: number; y: number}[] {
  const rows: {curve: string; x: number; y: number}[] = [];
  for (const c of levels) {
    const g = (y: number) => 2 * c + y * y - (y * y * y * y) / 2;
    const ys: number[] = [];
    for (let i = 0; i <= samples; ++i) {
      const y = y1 + ((y2 - y1) * i) / samples;
      if (i > 0) {
        let lo = ys[ys.length - 1], hi = y;
        if (g(lo) >= 0 !== g(hi) >= 0) {
          for (let k = 0; k < 60; ++k) {
            const mid = (lo + hi) / 2;
            if (g(mid) >= 0 === g(lo) >= 0) lo = mid;
            else hi = mid;
          }
          ys.push(g(lo) >= 0 ? lo : hi);
        }
      }
      ys.push(y);
    }
    for (const sign of [1, -1]) for (const y of ys) {
      const v = g(y);
      rows.push({curve: `${c}:${sign}`, y, x: v >= 0 ? sign * Math.sqrt(v) : NaN});
    }
  }
  return rows;
}

export interface SaddlePathsOptions {
  sgd: {run: number; x: number; y: number}[];
  gd: {x: number; y: number}[];
  rho: number;
  width: number;
  ariaDescription: string;
}

/** Contours of f(x, y) = (x² − y²)/2 + y⁴/4 with GD's path into the saddle and SGD's paths out. */
export function saddleContourChart({sgd, gd, rho, width, ariaDescription}: SaddlePathsOptions) {
  const [x1, x2, y1, y2] = [-1.25, 1.6, -1.6, 1.6];
  width = Math.max(width, MIN_WIDTH);
  const height = Math.min(480, Math.round(((width - 60) * (y2 - y1)) / (x2 - x1)) + 40);
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height, marginLeft: 45,
    ariaLabel: "Contour map of the saddle with gradient descent and SGD paths",
    ariaDescription,
    x: {domain: [x1, x2], label: "x (stable direction)"},
    y: {domain: [y1, y2], label: "y (unstable direction)"},
    color: {legend: true, domain: ["SGD paths", "GD path", "|y| = ρ"], range: [COLORS.sgd, COLORS.gd, COLORS.landmark]},
    marks: [
      Plot.line(saddleLevelSets(SADDLE_LEVELS, y1, y2), {x: "x", y: "y", z: "curve", stroke: "currentColor", strokeOpacity: 0.25, clip: true}),
      Plot.ruleY([-rho, rho], {stroke: () => "|y| = ρ", strokeDasharray: "4 3"}),
      Plot.line(sgd, {x: "x", y: "y", z: "run", stroke: () => "SGD paths", strokeOpacity: 0.75, strokeWidth: 1, clip: true}),
      Plot.line(gd, {x: "x", y: "y", stroke: () => "GD path", strokeWidth: 3}),
      Plot.dot([{x: 0, y: 0}, {x: 0, y: 1}, {x: 0, y: -1}], {x: "x", y: "y", r: 3.5, fill: "currentColor"}),
      Plot.text([{x: 0, y: 0, t: "saddle"}, {x: 0, y: 1, t: "minimum"}, {x: 0, y: -1, t: "minimum"}], {x: "x", y: "y", text: "t", dx: 8, textAnchor: "start", dy: -8}),
    ],
  });
}

export interface EscapeTimesOptions {
  times: number[];
  /** t* = ln(1 + λρ²/T)/(2λ), and the linear theory's 5/50/95% quantiles. */
  tStar: number;
  theory: {q05: number; q50: number; q95: number};
  valid: boolean;
  width: number;
}

/** The distribution of the saddle's escape times, with the theory line and band. */
export function escapeTimesChart({times, tStar, theory, valid, width}: EscapeTimesOptions) {
  const hi = Math.max(theory.q95 * 1.15, ...times) || 1;
  const colour = valid ? COLORS.theory : COLORS.invalid;
  // Our own 40 bins, so the theory band can span the tallest bar.
  const binWidth = hi / 40;
  const bins = Array.from({length: 40}, (_, i) => ({x1: i * binWidth, x2: (i + 1) * binWidth, count: 0}));
  for (const t of times) bins[Math.min(39, Math.floor(t / binWidth))].count++;
  const top = Math.max(1, ...bins.map((b) => b.count));
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 260, marginLeft: 50,
    ariaLabel: "Histogram of the escape times from the saddle, with theory",
    ariaDescription: `${times.length} escape times t = kη. Theory t* = ${tStar.toFixed(3)}; linear theory median ${theory.q50.toFixed(3)}, 5–95% ${theory.q05.toFixed(3)}–${theory.q95.toFixed(3)}${valid ? "" : " (outside the theory's validity)"}.`,
    x: {domain: [0, hi], label: "Escape time t = kη (time units)"},
    y: {label: "Runs", grid: true},
    color: {legend: true, domain: ["Live escape times", "t* = ln(1 + λρ²/T)/(2λ)", "Linear theory: median and 5–95%"], range: [COLORS.sgd, valid ? COLORS.landmark : COLORS.invalid, colour]},
    marks: [
      Plot.rect([theory], {x1: "q05", x2: "q95", y1: 0, y2: top, fill: colour, fillOpacity: 0.12}),
      Plot.rectY(bins, {x1: "x1", x2: "x2", y: "count", fill: () => "Live escape times", fillOpacity: 0.85, inset: 0.5}),
      Plot.ruleX([theory.q05, theory.q95], {stroke: () => "Linear theory: median and 5–95%", strokeDasharray: "2 3"}),
      Plot.ruleX([theory.q50], {stroke: () => "Linear theory: median and 5–95%", strokeDasharray: "6 3", strokeWidth: 2}),
      Plot.ruleX([tStar], {stroke: () => "t* = ln(1 + λρ²/T)/(2λ)", strokeWidth: 2.5}),
      Plot.ruleY([0]),
    ],
  });
}

export interface QuantilesByMOptions {
  snapshot: {m: number; time_q05: number; time_q50: number; time_q95: number; theory_q05: number; theory_q50: number; theory_q95: number; theory_time: number; theory_valid: boolean}[];
  live: {m: number; q05: number; q50: number; q95: number} | null;
  width: number;
  description: string;
}

/** Escape-time quantiles against m: the snapshot's 5/50/95% against theory, the live run on top. */
export function quantilesByMChart({snapshot, live, width, description}: QuantilesByMOptions) {
  const names = ["Snapshot median, 5–95%", "Theory median, 5–95%", "t*", ...(live ? ["Live run"] : [])];
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 300, marginLeft: 50,
    ariaLabel: "Saddle escape-time quantiles against batch size",
    ariaDescription: description,
    x: {type: "log", base: 2, label: "Batch size m (log scale)", domain: [0.8, 320]},
    y: {label: "Escape time t = kη (time units)", grid: true, zero: true},
    color: {legend: true, domain: names, range: [COLORS.snapshot, COLORS.theory, COLORS.landmark, COLORS.sgd].slice(0, names.length)},
    marks: [
      Plot.areaY(snapshot, {x: "m", y1: "theory_q05", y2: "theory_q95", fill: COLORS.theory, fillOpacity: 0.12}),
      Plot.line(snapshot, {x: "m", y: "theory_q50", stroke: () => "Theory median, 5–95%", strokeWidth: 2}),
      Plot.line(snapshot, {x: "m", y: "theory_time", stroke: () => "t*", strokeDasharray: "5 3"}),
      Plot.ruleX(snapshot, {x: "m", y1: "time_q05", y2: "time_q95", stroke: COLORS.snapshot, strokeWidth: 2}),
      Plot.dot(snapshot.filter((d) => !d.theory_valid), {x: "m", y: "time_q50", fill: "none", stroke: COLORS.snapshot, strokeWidth: 1.5, r: 4}),
      Plot.dot(snapshot, {x: "m", y: "time_q50", fill: (d) => (d.theory_valid ? "Snapshot median, 5–95%" : null), stroke: COLORS.snapshot, r: 4, tip: true,
        title: (d) => `m = ${d.m}\nmedian ${d.time_q50.toFixed(3)} (theory ${d.theory_q50.toFixed(3)})\n5–95%: ${d.time_q05.toFixed(3)}–${d.time_q95.toFixed(3)}\n${d.theory_valid ? "theory valid" : "outside the theory's validity (hollow)"}`}),
      live ? Plot.ruleX([live], {x: "m", y1: "q05", y2: "q95", stroke: COLORS.sgd, strokeWidth: 3}) : null,
      live ? Plot.dot([live], {x: "m", y: "q50", fill: () => "Live run", r: 6, symbol: "diamond", stroke: "currentColor"}) : null,
    ],
  });
}

export interface ScalingCurve {
  name: string;
  points: {t: number; fraction: number}[];
}

/** Escaped fraction against time t = kη for (η, m), (2η, 2m), (4η, 4m): the linear scaling rule. */
export function scalingChart({curves, kramers, tMax, width, title, ariaDescription}: {curves: ScalingCurve[]; kramers: {t: number; probability: number}[] | null; tMax: number; width: number; title: string; ariaDescription: string}) {
  const names = curves.map((c) => c.name);
  const palette = [COLORS.sgd, COLORS.gd, COLORS.landmark];
  const domain = kramers ? [...names, "Kramers at this T"] : names;
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 260, marginLeft: 50,
    title,
    ariaLabel: `${title}: escaped fraction against time`,
    ariaDescription,
    x: {domain: [0, tMax], label: "Time t = kη (time units)"},
    y: {domain: [0, 1], label: "Fraction escaped by time t", grid: true},
    color: {legend: true, domain, range: [...palette.slice(0, names.length), COLORS.theory]},
    marks: [
      kramers ? Plot.line(kramers, {x: "t", y: "probability", stroke: () => "Kramers at this T", strokeDasharray: "5 4", strokeWidth: 1.5}) : null,
      ...curves.map((c) => Plot.line(c.points, {x: "t", y: "fraction", stroke: () => c.name, strokeWidth: 2, curve: "step-after"})),
    ],
  });
}

export interface TimescaleOptions {
  well: {inverseT: number; time: number}[];
  saddle: {inverseT: number; time: number}[];
  wellPoints: {inverseT: number; time: number; m: number}[];
  saddlePoints: {inverseT: number; time: number; m: number}[];
  width: number;
}

/** Escape time against 1/T on a log time axis: a straight line for the well, a flattening curve for the saddle. */
export function timescaleChart({well, saddle, wellPoints, saddlePoints, width}: TimescaleOptions) {
  const names = ["Double well: mean escape time 1/r (Kramers)", "Saddle: t* = ln(1 + λρ²/T)/(2λ)", "Well snapshot: −t/ln(1 − P)", "Saddle snapshot: median"];
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH), height: 320, marginLeft: 60,
    ariaLabel: "Escape time against inverse temperature for the well and the saddle",
    ariaDescription: "On a logarithmic time axis against 1/T, the well's escape time 1/r grows exponentially (a straight line), while the saddle's grows only logarithmically (a curve that flattens). Points: the snapshots.",
    x: {label: "Inverse temperature 1/T (1/loss units)", grid: true},
    y: {type: "log", label: "Escape time (time units, log scale)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: names, range: [COLORS.sgd, COLORS.theory, COLORS.sgd, COLORS.theory]},
    marks: [
      Plot.line(well, {x: "inverseT", y: "time", stroke: () => names[0], strokeWidth: 2, clip: true}),
      Plot.line(saddle, {x: "inverseT", y: "time", stroke: () => names[1], strokeWidth: 2, clip: true}),
      Plot.dot(wellPoints, {x: "inverseT", y: "time", stroke: () => names[2], r: 4, tip: true, title: (d) => `well, m = ${d.m}: ${d.time.toPrecision(3)}`}),
      Plot.dot(saddlePoints, {x: "inverseT", y: "time", fill: () => names[3], r: 3.5, tip: true, title: (d) => `saddle, m = ${d.m}: ${d.time.toPrecision(3)}`}),
    ],
  });
}
