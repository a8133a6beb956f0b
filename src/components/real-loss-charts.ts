// Charts of the Real-loss page: the data with the fit, the plane of gradients (the
// mini-batch cloud, G and the covariance ellipses), the trace of the mini-batch
// covariance against m, the noise along the gradient-descent path, and the spread of
// the two-batch estimator. Drawing only: the numbers come from src/lib.
import * as Plot from "./vendor/plot.js";
import type {Covariance2} from "../lib/gradient-noise.js";
import type {Vector2, Weights} from "../lib/regression.js";
import {PALETTE} from "./palette.js";

/** What each colour means on this page (Okabe–Ito, from palette.ts). */
export const COLORS = {
  data: PALETTE.snapshot,
  fit: PALETTE.live,
  optimum: PALETTE.fpc,
  estimates: PALETTE.live,
  gradient: PALETTE.iid,
  theory: PALETTE.fpc,
  empirical: PALETTE.band,
  iid: PALETTE.iid,
  fpc: PALETTE.fpc,
  snapshot: PALETTE.snapshot,
} as const;

/**
 * The page's width, capped, and never below 320 px: Framework's `width` can be 0 for a
 * moment (e.g. while the page is hidden or resized), and a plot narrower than its
 * margins draws rectangles of negative width.
 */
export const chartWidth = (width: number, max: number) => Math.max(320, Math.min(width, max));

// ---------------------------------------------------------------------------
// Data and fit.

export interface DatasetView {
  id: string;
  feature: {label: string; unit: string; transform: "identity" | "log"};
  target: {label: string; unit: string; transform: "identity" | "log"};
  x: number[];
  y: number[];
}

export interface Scaling {
  feature: {mean: number; sd: number};
  target: {mean: number; sd: number};
}

/** A fitted line in raw units: w acts on standardised (and log-transformed) columns. */
export function fitLine(view: DatasetView, scaling: Scaling, w: Weights, count = 40): {x: number; y: number}[] {
  const forward = (v: number, t: string) => (t === "log" ? Math.log(v) : v);
  const back = (v: number, t: string) => (t === "log" ? Math.exp(v) : v);
  let lo = Infinity, hi = -Infinity;
  for (const v of view.x) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const a = forward(lo, view.feature.transform), b = forward(hi, view.feature.transform);
  return Array.from({length: count}, (_, i) => {
    const t = a + ((b - a) * i) / (count - 1);
    const f = (t - scaling.feature.mean) / scaling.feature.sd;
    const yStd = w.slope * f + w.intercept;
    return {x: back(t, view.feature.transform), y: back(scaling.target.mean + scaling.target.sd * yStd, view.target.transform)};
  });
}

/** Counts on a grid in (transformed) data space, for datasets too large to draw as dots. */
export function densityCells(view: DatasetView, bins = 60): {x1: number; x2: number; y1: number; y2: number; count: number}[] {
  const fx = view.feature.transform === "log" ? Math.log : (v: number) => v;
  const fy = view.target.transform === "log" ? Math.log : (v: number) => v;
  const bx = view.feature.transform === "log" ? Math.exp : (v: number) => v;
  const by = view.target.transform === "log" ? Math.exp : (v: number) => v;
  const tx = view.x.map(fx), ty = view.y.map(fy);
  const [x0, x1] = [Math.min(...tx), Math.max(...tx)], [y0, y1] = [Math.min(...ty), Math.max(...ty)];
  const dx = (x1 - x0) / bins || 1, dy = (y1 - y0) / bins || 1;
  const counts = new Map<number, number>();
  for (let i = 0; i < tx.length; ++i) {
    const a = Math.min(bins - 1, Math.floor((tx[i] - x0) / dx)), b = Math.min(bins - 1, Math.floor((ty[i] - y0) / dy));
    counts.set(a * bins + b, (counts.get(a * bins + b) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const a = Math.floor(key / bins), b = key % bins;
    return {x1: bx(x0 + a * dx), x2: bx(x0 + (a + 1) * dx), y1: by(y0 + b * dy), y2: by(y0 + (b + 1) * dy), count};
  });
}

export function dataChart({view, scaling, w, optimum, density, width}: {view: DatasetView; scaling: Scaling; w: Weights; optimum: Weights; density: ReturnType<typeof densityCells> | null; width: number}) {
  const log = (t: string) => (t === "log" ? "log" : "linear");
  const axis = (v: DatasetView["feature"]) => `${v.label} (${v.unit}${v.transform === "log" ? ", log scale" : ""})`;
  return Plot.plot({
    width: chartWidth(width, 640),
    height: 340,
    marginLeft: 60,
    ariaLabel: `${view.target.label} against ${view.feature.label}, with the current fit and the least-squares fit`,
    ariaDescription: `${density ? `A density grid of the ${view.x.length} rows (darker cells hold more rows)` : `One dot per row (${view.x.length})`}, the line of the current point w (slope ${w.slope.toFixed(3)}, intercept ${w.intercept.toFixed(3)} in standardised units), and the dashed least-squares line.`,
    x: {type: log(view.feature.transform), label: axis(view.feature), grid: true},
    y: {type: log(view.target.transform), label: axis(view.target), grid: true, tickFormat: "~s"},
    color: density ? {type: "log", scheme: "greys", label: "rows per cell", legend: true} : undefined,
    marks: [
      density
        ? Plot.rect(density, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "count", ariaDescription: "data density"})
        : Plot.dot(view.x.map((x, i) => ({x, y: view.y[i]})), {x: "x", y: "y", r: 2.5, fill: COLORS.data, fillOpacity: 0.7, ariaDescription: "data"}),
      Plot.line(fitLine(view, scaling, optimum), {x: "x", y: "y", stroke: COLORS.optimum, strokeWidth: 2, strokeDasharray: "6 4", ariaDescription: "least-squares fit"}),
      Plot.line(fitLine(view, scaling, w), {x: "x", y: "y", stroke: COLORS.fit, strokeWidth: 3, ariaDescription: "current fit"}),
    ],
  });
}

// ---------------------------------------------------------------------------
// The plane of gradients.

/** sqrt of the 95% point of χ² with 2 degrees of freedom: the 95% ellipse of a bivariate normal. */
export const ELLIPSE_95 = Math.sqrt(-2 * Math.log(0.05));

/** Points of {centre + k·L·(cos t, sin t)}, L the Cholesky factor of the covariance. */
export function ellipse(centre: Vector2, c: Covariance2, k = ELLIPSE_95, count = 120): {slope: number; intercept: number}[] {
  const a = Math.sqrt(Math.max(c.ss, 0));
  const b = a > 0 ? c.si / a : 0;
  const d = Math.sqrt(Math.max(c.ii - b * b, 0));
  return Array.from({length: count + 1}, (_, i) => {
    const t = (2 * Math.PI * i) / count, u = Math.cos(t), v = Math.sin(t);
    return {slope: centre.slope + k * a * u, intercept: centre.intercept + k * (b * u + d * v)};
  });
}

export interface CloudChartOptions {
  cloud: {slope: ArrayLike<number>; intercept: ArrayLike<number>};
  gradient: Vector2;
  theory: Covariance2;
  empirical: Covariance2;
  empiricalMean: Vector2;
  m: number;
  replace: boolean;
  width: number;
}

export function cloudChart({cloud, gradient, theory, empirical, empiricalMean, m, replace, width}: CloudChartOptions) {
  const points = Array.from({length: cloud.slope.length}, (_, i) => ({slope: cloud.slope[i], intercept: cloud.intercept[i]}));
  const theoryEllipse = ellipse(gradient, theory), empiricalEllipse = ellipse(empiricalMean, empirical);
  // Equal spans on both axes, so the ellipse's shape is true.
  const all = [...points, ...theoryEllipse, {slope: 0, intercept: 0}];
  const xs = all.map((p) => p.slope), ys = all.map((p) => p.intercept);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) * 1.08 || 1;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const size = chartWidth(width, 520);
  const labels = {
    estimates: `mini-batch estimates (m = ${m})`,
    gradient: "full gradient G",
    theory: replace ? "95% ellipse of Σ/m" : "95% ellipse of (Σ/m)(N−m)/(N−1)",
    empirical: "95% ellipse of the estimates' covariance",
  };
  return Plot.plot({
    width: size,
    height: size,
    marginLeft: 60,
    ariaLabel: "The plane of gradients: mini-batch estimates, the full gradient and the covariance ellipses",
    ariaDescription: `${points.length} mini-batch gradient estimates with m = ${m} (${replace ? "with" : "without"} replacement), the full gradient G = (${gradient.slope.toPrecision(4)}, ${gradient.intercept.toPrecision(4)}) as an arrow from the origin, the 95% ellipse of the theoretical covariance and, dashed, that of the estimates' own covariance.`,
    x: {domain: [cx - span / 2, cx + span / 2], label: "∂L/∂slope (standardised units)", grid: true},
    y: {domain: [cy - span / 2, cy + span / 2], label: "∂L/∂intercept (standardised units)", grid: true},
    color: {legend: true, domain: Object.values(labels), range: [COLORS.estimates, COLORS.gradient, COLORS.theory, COLORS.empirical]},
    marks: [
      Plot.ruleX([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.dot(points, {x: "slope", y: "intercept", r: 1.8, fill: COLORS.estimates, fillOpacity: 0.45, ariaDescription: labels.estimates}),
      Plot.line(theoryEllipse, {x: "slope", y: "intercept", stroke: COLORS.theory, strokeWidth: 2.5, ariaDescription: labels.theory}),
      Plot.line(empiricalEllipse, {x: "slope", y: "intercept", stroke: COLORS.empirical, strokeWidth: 2, strokeDasharray: "5 4", ariaDescription: labels.empirical}),
      Plot.arrow([gradient], {x1: 0, y1: 0, x2: "slope", y2: "intercept", stroke: COLORS.gradient, strokeWidth: 3, headLength: 12, ariaDescription: labels.gradient}),
    ],
  });
}

// ---------------------------------------------------------------------------
// tr(Cov) against m.

export interface TraceRow {
  m: number;
  /** tr of the estimates' covariance (divisor T − 1). */
  trace: number;
  /** Its standard error, sd over batches of |ĝ − mean ĝ|² divided by √T. */
  se: number;
  theoryIid: number;
  theoryFpc: number;
}

export function traceChart({rows, curve, replace, n, batches, width}: {rows: TraceRow[]; curve: {m: number; iid: number; fpc: number}[]; replace: boolean; n: number; batches: number; width: number}) {
  const labels = {live: `empirical tr Cov, ${batches} batches (±2 SE)`, iid: "tr(Σ)/m", fpc: "tr(Σ)/m · (N−m)/(N−1)"};
  const positive = rows.filter((r) => r.trace > 0);
  return Plot.plot({
    width: chartWidth(width, 640),
    height: 340,
    marginLeft: 70,
    ariaLabel: "Trace of the covariance of mini-batch gradient estimates against batch size, log–log",
    ariaDescription: `Empirical traces for m = ${rows.map((r) => r.m).join(", ")} (${replace ? "with" : "without"} replacement, N = ${n}) with ±2 standard-error bars, the line tr(Σ)/m and the finite-population curve that bends to zero at m = N.`,
    x: {type: "log", label: "Batch size m (samples, log scale)", grid: true},
    y: {type: "log", label: "tr Cov(ĝ) (gradient units², log scale)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: Object.values(labels), range: [COLORS.estimates, COLORS.iid, COLORS.fpc]},
    marks: [
      Plot.line(curve, {x: "m", y: "iid", stroke: COLORS.iid, strokeWidth: 2, ariaDescription: labels.iid}),
      Plot.line(curve.filter((c) => c.fpc > 0), {x: "m", y: "fpc", stroke: COLORS.fpc, strokeWidth: 2, strokeDasharray: "6 3", ariaDescription: labels.fpc}),
      Plot.ruleX(positive.filter((r) => r.trace - 2 * r.se > 0), {x: "m", y1: (r: TraceRow) => r.trace - 2 * r.se, y2: (r: TraceRow) => r.trace + 2 * r.se, stroke: COLORS.estimates, strokeWidth: 1.5}),
      Plot.dot(positive, {x: "m", y: "trace", r: 4, fill: COLORS.estimates, stroke: "currentColor", ariaDescription: labels.live, tip: true,
        title: (r: TraceRow) => `m = ${r.m}\nempirical = ${r.trace.toPrecision(5)} ± ${r.se.toPrecision(2)}\ntheory = ${(replace ? r.theoryIid : r.theoryFpc).toPrecision(5)}`}),
    ],
  });
}

// ---------------------------------------------------------------------------
// Along the gradient-descent path.

export interface PathRow {
  step: number;
  gradientNorm2: number;
  trace: number;
  bSimple: number;
}

export function pathNormsChart({rows, snapshot, step, width}: {rows: PathRow[]; snapshot: PathRow[] | null; step: number; width: number}) {
  const labels = {g2: "|G|²", trace: "tr(Σ)", snapshot: "snapshot regression-path-v1"};
  const shown = snapshot ? Object.values(labels) : [labels.g2, labels.trace];
  return Plot.plot({
    width: chartWidth(width, 640),
    height: 280,
    marginLeft: 70,
    ariaLabel: "Squared gradient norm and trace of the gradient covariance along gradient descent",
    ariaDescription: `|G|² and tr(Σ) at each of the ${rows.length} points of full-batch gradient descent, log scale; the vertical rule marks the current step ${step}.${snapshot ? " Grey dots are the snapshot's values for the same path." : ""}`,
    x: {label: "Gradient-descent step k", grid: true},
    y: {type: "log", label: "gradient units² (log scale)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: shown, range: [COLORS.gradient, COLORS.theory, COLORS.snapshot].slice(0, shown.length)},
    marks: [
      Plot.ruleX([step], {stroke: COLORS.fit, strokeWidth: 2}),
      snapshot ? Plot.dot(snapshot.flatMap((r) => [{step: r.step, v: r.gradientNorm2}, {step: r.step, v: r.trace}]), {x: "step", y: "v", r: 3.5, fill: COLORS.snapshot, ariaDescription: labels.snapshot}) : null,
      Plot.line(rows, {x: "step", y: "gradientNorm2", stroke: COLORS.gradient, strokeWidth: 2, ariaDescription: labels.g2}),
      Plot.line(rows, {x: "step", y: "trace", stroke: COLORS.theory, strokeWidth: 2, ariaDescription: labels.trace}),
    ],
  });
}

export function bSimpleChart({rows, snapshot, step, m, n, width}: {rows: PathRow[]; snapshot: PathRow[] | null; step: number; m: number; n: number; width: number}) {
  const labels = {b: "B_simple = tr(Σ)/|G|²", m: `your batch size m = ${m}`, n: `N = ${n}`, snapshot: "snapshot regression-path-v1"};
  const shown = [labels.b, labels.m, labels.n, ...(snapshot ? [labels.snapshot] : [])];
  const current = rows.find((r) => r.step === step);
  return Plot.plot({
    width: chartWidth(width, 640),
    height: 300,
    marginLeft: 70,
    ariaLabel: "The simple gradient noise scale along gradient descent",
    ariaDescription: `B_simple at each step of full-batch gradient descent, log scale, with horizontal rules at the chosen batch size m = ${m} and at N = ${n}; the vertical rule marks the current step ${step}${current ? `, where B_simple = ${current.bSimple.toPrecision(4)}` : ""}.`,
    x: {label: "Gradient-descent step k", grid: true},
    y: {type: "log", label: "B_simple (samples, log scale)", grid: true, tickFormat: "~s"},
    color: {legend: true, domain: shown, range: [COLORS.fit, COLORS.empirical, COLORS.snapshot, COLORS.snapshot].slice(0, shown.length)},
    marks: [
      Plot.ruleY([m], {stroke: COLORS.empirical, strokeWidth: 2, ariaDescription: labels.m}),
      Plot.ruleY([n], {stroke: COLORS.snapshot, strokeWidth: 1.5, strokeDasharray: "4 3", ariaDescription: labels.n}),
      Plot.ruleX([step], {stroke: COLORS.fit, strokeOpacity: 0.5}),
      snapshot ? Plot.dot(snapshot, {x: "step", y: "bSimple", r: 3.5, fill: COLORS.snapshot, ariaDescription: labels.snapshot}) : null,
      Plot.line(rows, {x: "step", y: "bSimple", stroke: COLORS.fit, strokeWidth: 2.5, ariaDescription: labels.b}),
      current ? Plot.dot([current], {x: "step", y: "bSimple", r: 6, fill: COLORS.fit, stroke: "currentColor"}) : null,
    ],
  });
}

// ---------------------------------------------------------------------------
// The two-batch estimator across seeds.

export interface TwoBatchSummaryRow {
  step: number;
  b_small: number;
  b_big: number;
  repeats: number;
  b_simple_exact: number;
  b_ratio_q05: number;
  b_ratio_q25: number;
  b_ratio_q50: number;
  b_ratio_q75: number;
  b_ratio_q95: number;
}

export function twoBatchChart({rows, width}: {rows: TwoBatchSummaryRow[]; width: number}) {
  const repeats = [...new Set(rows.map((r) => r.repeats))].sort((a, b) => a - b);
  const colors = [COLORS.estimates, COLORS.iid, COLORS.fpc];
  const label = (r: number) => `r = ${r} pair${r === 1 ? "" : "s"}`;
  const pair = (r: TwoBatchSummaryRow) => `${r.b_small}/${r.b_big}`;
  const facet = (r: TwoBatchSummaryRow) => `step ${r.step}: B_simple = ${r.b_simple_exact.toPrecision(3)}`;
  const offsets = repeats.map((_, i) => (i - (repeats.length - 1) / 2) * 9);
  return Plot.plot({
    width: chartWidth(width, 1200),
    height: 340,
    marginLeft: 60,
    marginBottom: 45,
    ariaLabel: "Two-batch estimates of B_simple divided by the exact value, across 200 seeds",
    ariaDescription: `For each point of the path (facets), each pair B_small/B_big (x) and each number r of averaged batch pairs (colour): the 5–95% range (thin), 25–75% range (thick) and median (dot) over seeds of the estimate divided by the exact B_simple. 1 is exact; the axis is symmetric-log so that negative estimates show.`,
    fx: {label: null},
    x: {label: "B_small/B_big (samples)", domain: [...new Set(rows.map(pair))]},
    y: {type: "symlog", label: "estimate / exact B_simple (symlog)", grid: true, domain: [-30, 50], ticks: [-30, -10, -3, -1, 0, 1, 3, 10, 30], tickFormat: (d: number) => String(d)},
    color: {legend: true, domain: repeats.map(label), range: colors.slice(0, repeats.length)},
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      Plot.ruleY([1], {stroke: "currentColor", strokeDasharray: "4 3"}),
      Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.3}),
      ...repeats.flatMap((r, i) => {
        const data = rows.filter((row) => row.repeats === r);
        const common = {fx: facet, x: pair, dx: offsets[i], stroke: colors[i], clip: true};
        return [
          Plot.ruleX(data, {...common, y1: "b_ratio_q05", y2: "b_ratio_q95", strokeWidth: 1.5, ariaDescription: `${label(r)}: 5–95%`}),
          Plot.ruleX(data, {...common, y1: "b_ratio_q25", y2: "b_ratio_q75", strokeWidth: 5, ariaDescription: `${label(r)}: 25–75%`}),
          Plot.dot(data, {fx: facet, x: pair, dx: offsets[i], y: "b_ratio_q50", r: 3.5, fill: "white", stroke: colors[i], ariaDescription: `${label(r)}: median`}),
        ];
      }),
    ],
  });
}
