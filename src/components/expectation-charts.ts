// Charts of the Expectation page (and the landing page's small histogram): histograms
// of estimates with the full gradient marked, running means with a ±2 SE envelope, the
// z-scores of the snapshot's cells, and the sum-versus-mean view.
import * as Plot from "./vendor/plot.js";
import {extent} from "d3-array";
import {binCounts, sameBinning, BIN_COUNT, type BinCounts, type Binning} from "./histogram-bins.js";
import {PALETTE} from "./palette.js";
import {inTasks} from "./next-task.js";

/** What each colour means on this page (Okabe–Ito, from palette.ts). */
export const COLORS = {
  estimates: PALETTE.live,
  weighted: PALETTE.fpc,
  fullGradient: PALETTE.iid,
  parameter: PALETTE.band,
  envelope: PALETTE.snapshot,
  inside: PALETTE.snapshot,
  outside: PALETTE.live,
} as const;

export interface Reference {
  name: string;
  value: number;
  color: string;
  dashed?: boolean;
}

export interface HistogramGroup {
  name: string;
  estimates: ArrayLike<number>;
  color: string;
  /** Draw the normal density with this mean and standard deviation, scaled to counts. */
  normal?: {mean: number; sd: number; name: string};
}

export interface HistogramOptions {
  groups: HistogramGroup[];
  references: Reference[];
  width: number;
  height?: number;
  xLabel?: string;
  ariaLabel: string;
  ariaDescription: string;
  bins?: number;
  /** A fixed x-domain (the bins span it), so charts for different inputs compare. */
  domain?: [number, number];
  /** The groups' bins already counted (binCounts of the estimates, the references' values, bins and domain), e.g. in a worker. */
  counted?: BinCounts;
}

type Bins = {group: string; x0: number; x1: number; count: number}[];
/** The last bins of each groups array: a page draws a histogram and lists its bins. */
const binsCache = new WeakMap<HistogramGroup[], {key: string; bins: Bins}>();

/**
 * Shared bins for every group, so facets are comparable (binCounts in histogram-bins.ts),
 * as rows. `counted`, when given and binned with the same options, supplies the counts
 * (a worker counted them), so the groups' estimates are not read.
 */
export function histogramBins(groups: HistogramGroup[], {counted, ...binning}: Binning & {counted?: BinCounts} = {}): Bins {
  const key = JSON.stringify([binning.extra ?? [], binning.count ?? BIN_COUNT, binning.domain]);
  const cached = binsCache.get(groups);
  if (cached?.key === key) return cached.bins;
  const {bins: shape, counts} = counted && counted.counts.length === groups.length && sameBinning(counted, binning)
    ? counted : binCounts(groups.map((g) => g.estimates), binning);
  const bins = groups.flatMap((g, s) => shape.map((b, k) => ({group: g.name, x0: b.x0, x1: b.x1, count: counts[s][k]})));
  binsCache.set(groups, {key, bins});
  return bins;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Framework reports width 0 while a page is hidden or resized; never draw narrower than this. */
const MIN_WIDTH = 360;
const chartWidth = (width: number) => Math.max(width || 0, MIN_WIDTH);

export function estimateHistogram(options: HistogramOptions): SVGSVGElement | HTMLElement {
  const {groups, references, width, height = groups.length > 1 ? 160 * groups.length + 40 : 260} = options;
  const bins = histogramBins(groups, {extra: references.map((r) => r.value), count: options.bins, domain: options.domain, counted: options.counted});
  const faceted = groups.length > 1;
  const curves = groups.flatMap((g) => {
    if (!g.normal || !(g.normal.sd > 0)) return [];
    const own = bins.filter((b) => b.group === g.name);
    const width = own[0].x1 - own[0].x0, lo = own[0].x0, hi = own[own.length - 1].x1;
    return Array.from({length: 121}, (_, k) => {
      const x = lo + ((hi - lo) * k) / 120, u = (x - g.normal!.mean) / g.normal!.sd;
      // Theory curve (display only, so Math.exp is fine): expected count per bin.
      return {group: g.name, name: g.normal!.name, x, y: (g.estimates.length * width * Math.exp(-0.5 * u * u)) / (g.normal!.sd * SQRT_2PI)};
    });
  });
  const legend = [...groups.map((g) => [g.name, g.color]), ...groups.filter((g) => g.normal).map((g) => [g.normal!.name, "currentColor"]), ...references.map((r) => [r.name, r.color])];
  return Plot.plot({
    width: chartWidth(width),
    height,
    marginLeft: 56,
    marginRight: 20,
    marginTop: faceted ? 26 : 20,
    ariaLabel: options.ariaLabel,
    ariaDescription: options.ariaDescription,
    x: {label: options.xLabel ?? "Mini-batch gradient estimate (gradient units)", grid: true},
    y: {label: "Batches (count)", grid: true},
    // Facet names go above each panel (right-aligned): long names do not fit in a margin.
    fy: faceted ? {axis: null, domain: groups.map((g) => g.name), padding: 0.2} : undefined,
    color: {legend: true, domain: legend.map((d) => d[0]), range: legend.map((d) => d[1])},
    marks: [
      Plot.rectY(bins, {x1: "x0", x2: "x1", y: "count", fill: "group", fillOpacity: 0.75, inset: 0.5, ...(faceted ? {fy: "group"} : {}), ariaDescription: "histogram bins",
        title: (b) => `${b.group}\n[${b.x0.toPrecision(5)}, ${b.x1.toPrecision(5)}): ${b.count} batches`}),
      Plot.line(curves, {x: "x", y: "y", z: "group", stroke: "currentColor", strokeWidth: 1.2, ...(faceted ? {fy: "group"} : {}), ariaDescription: "normal density, scaled to counts"}),
      // strokeDasharray is a constant, not a channel: one mark for solid lines, one for dashed.
      ...[false, true].map((dashed) => Plot.ruleX(references.filter((r) => !!r.dashed === dashed), {x: "value", stroke: "name", strokeWidth: 2.5, strokeDasharray: dashed ? "6 4" : undefined, ariaDescription: "reference values",
        title: (r: Reference) => `${r.name}: ${r.value.toPrecision(8)}`})),
      Plot.ruleY([0]),
      faceted ? Plot.text(groups.map((g) => g.name), {fy: (d) => d, text: (d) => d, frameAnchor: "top-right", dx: -4, dy: -14, fontWeight: "bold"}) : null,
    ],
  });
}

export interface RunningSeries {
  name: string;
  color: string;
  points: {t: number; value: number}[];
}

export interface EnvelopeBand {
  name: string;
  color: string;
  points: {t: number; low: number; high: number}[];
}

export interface RunningOptions {
  series: RunningSeries[];
  envelopes: EnvelopeBand[];
  references: Reference[];
  width: number;
  height?: number;
  ariaLabel: string;
  ariaDescription: string;
}

export function runningMeanChart(options: RunningOptions): SVGSVGElement | HTMLElement {
  const {series, envelopes, references, width, height = 300} = options;
  const legend = [...envelopes.map((e) => [e.name, e.color]), ...references.map((r) => [r.name, r.color]), ...series.map((s) => [s.name, s.color])];
  const bands = envelopes.flatMap((e) => e.points.map((p) => ({...p, name: e.name})));
  const lines = series.flatMap((s) => s.points.map((p) => ({...p, name: s.name})));
  // Start the y-axis where the running means and the envelope at t ≈ 10 live, so one wild first batch does not flatten the plot.
  const late = [...lines.filter((p) => p.t >= 10).map((p) => p.value), ...bands.filter((p) => p.t >= 10).flatMap((p) => [p.low, p.high]), ...references.map((r) => r.value)];
  const [lo, hi] = extent(late.length ? late : lines.map((p) => p.value)) as [number, number];
  const pad = (hi - lo) * 0.08 || 0.01;
  return Plot.plot({
    width: chartWidth(width),
    height,
    marginLeft: 64,
    ariaLabel: options.ariaLabel,
    ariaDescription: options.ariaDescription,
    x: {type: "log", label: "Batches drawn so far, t (log scale)", grid: true},
    // The first few running means may leave this domain; the marks are clipped to the frame.
    y: {label: "Running mean of the estimates (gradient units)", grid: true, domain: [lo - pad, hi + pad]},
    color: {legend: true, domain: legend.map((d) => d[0]), range: legend.map((d) => d[1])},
    marks: [
      Plot.areaY(bands, {x: "t", y1: "low", y2: "high", z: "name", fill: "name", fillOpacity: 0.22, clip: "frame", ariaDescription: "±2 standard-error envelope"}),
      ...[false, true].map((dashed) => Plot.ruleY(references.filter((r) => !!r.dashed === dashed), {y: "value", stroke: "name", strokeWidth: 1.5, strokeDasharray: dashed ? "6 4" : undefined, ariaDescription: "reference values"})),
      Plot.line(lines, {x: "t", y: "value", z: "name", stroke: "name", strokeWidth: 2, clip: "frame", ariaDescription: "running mean"}),
      Plot.tip(lines, Plot.pointerX({x: "t", y: "value", title: (p) => `${p.name}\nafter t = ${p.t} batches: ${p.value.toPrecision(7)}`})),
    ],
  });
}

export interface ZRow {
  m: number;
  noise: number;
  replace: boolean;
  seed: number;
  z: number;
}

export const modeName = (replace: boolean) => (replace ? "with replacement" : "without replacement");

const Z_HEIGHT = 290;
const Z_AXIS_MARGIN = 48;
/** Narrower panels wrap to the next line. */
const Z_MIN_PANEL = 100;

/**
 * The snapshot's z-scores as small multiples: a beeswarm (Plot's dodgeX) per batch size, a
 * row per sampling mode, on one y scale with the ±`critical` band. The panels are drawn one per
 * task (inTasks): one Plot of all 6000 dots held the page for 200–500 ms, a panel of 600
 * takes ~20 ms. Drawing stops when `invalidation` settles (Framework's, when the cell re-runs).
 */
export function zScoreChart(rows: ZRow[], {width, critical = 1.96, invalidation}: {width: number; critical?: number; invalidation?: Promise<unknown>}): HTMLElement {
  const labels = {inside: `|z| ≤ ${critical}`, outside: `|z| > ${critical}`, band: `±${critical} band`};
  const color = {domain: [labels.inside, labels.outside, labels.band], range: [COLORS.inside, COLORS.outside, PALETTE.band]};
  const finite = rows.filter((r) => Number.isFinite(r.z));
  const limit = Math.max(4, ...finite.map((r) => Math.abs(r.z)));
  const ms = [...new Set(finite.map((r) => r.m))].sort((a, b) => a - b);
  const panel = Math.max(Z_MIN_PANEL, Math.floor((chartWidth(width) - Z_AXIS_MARGIN) / ms.length));
  const figure = document.createElement("div");
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", `z-scores of the bias, one dot per seed and cell, one panel per batch size m (${ms.join(", ")}) and sampling mode`);
  figure.append(Plot.legend({color}));
  const panels: (() => void)[] = [];
  for (const replace of [false, true]) {
    const mode = modeName(replace);
    const title = document.createElement("p");
    title.textContent = `${mode[0].toUpperCase()}${mode.slice(1)}: batch size m (samples) left to right`;
    title.style.margin = "0.5rem 0 0";
    const line = document.createElement("div");
    line.style.display = "flex";
    line.style.flexWrap = "wrap";
    figure.append(title, line);
    ms.forEach((m, column) => {
      const data = finite.filter((r) => r.m === m && r.replace === replace).map((r) => ({...r, where: Math.abs(r.z) > critical ? labels.outside : labels.inside}));
      const outside = data.filter((r) => r.where === labels.outside).length;
      panels.push(() => line.append(Plot.plot({
        width: panel + (column === 0 ? Z_AXIS_MARGIN : 0),
        height: Z_HEIGHT,
        marginLeft: column === 0 ? Z_AXIS_MARGIN : 4,
        marginRight: 4,
        marginTop: 24,
        ariaLabel: `z-scores of the bias for m = ${m}, ${mode}`,
        ariaDescription: `${data.length} dots, one per seed and noise level: the bias of the mean of T batch means divided by its standard error. ${outside} of them (${((100 * outside) / Math.max(1, data.length)).toFixed(1)}%) are outside ±${critical}; an unbiased estimator puts about 5% there.`,
        y: {label: column === 0 ? "z = bias / standard error (1)" : null, axis: column === 0 ? "left" : null, domain: [-limit, limit], grid: true},
        color,
        marks: [
          Plot.rect([{}], {y1: -critical, y2: critical, fill: PALETTE.band, fillOpacity: 0.15}),
          Plot.ruleY([-critical, critical], {stroke: PALETTE.band, strokeDasharray: "4 3"}),
          Plot.ruleY([0], {stroke: "currentColor", strokeOpacity: 0.4}),
          Plot.dot(data, Plot.dodgeX({anchor: "middle", padding: 0.4}, {y: "z", r: 1.3, fill: "where", ariaDescription: "z-score of one seed",
            title: (r) => `seed ${r.seed}, σ = ${r.noise}, m = ${r.m}, ${mode}\nz = ${r.z.toFixed(3)}`})),
          Plot.text([`m = ${m}`], {frameAnchor: "top", dy: -16, fontWeight: "bold"}),
        ],
      })));
    });
  }
  inTasks(figure, panels, invalidation);
  return figure;
}

export interface SumRow {
  m: number;
  replace: boolean;
  /** Mean over seeds of mean_of_means / population_mean. */
  meanRatio: number;
  /** Mean over seeds of mean_of_sums / population_mean. */
  sumRatio: number;
}

/** What the estimate is worth relative to the full gradient: ≈ 1 for the mean, ≈ m for a sum. */
export function sumChart(rows: SumRow[], {width}: {width: number}): SVGSVGElement | HTMLElement {
  const names = {mean: "Mean of m gradients (÷ m)", sum: "Sum of m gradients", line: "y = m"};
  const data = rows.flatMap((r) => [
    {m: r.m, mode: modeName(r.replace), estimator: names.mean, ratio: r.meanRatio},
    {m: r.m, mode: modeName(r.replace), estimator: names.sum, ratio: r.sumRatio},
  ]);
  const ms = [...new Set(rows.map((r) => r.m))].sort((a, b) => a - b);
  return Plot.plot({
    width: chartWidth(width),
    height: 300,
    marginLeft: 64,
    ariaLabel: "Expected estimate divided by the full gradient, for the batch mean and the batch sum",
    ariaDescription: `For batch sizes ${ms.join(", ")} and both sampling modes: the mean over seeds of (estimate averaged over T batches) / (full gradient). The batch mean stays at 1; the batch sum grows like m, along the line y = m. Numbers in the table below.`,
    fx: {label: null, domain: [modeName(false), modeName(true)]},
    x: {type: "log", label: "Batch size m (samples, log scale)", grid: true},
    y: {type: "log", label: "Estimate ÷ full gradient (1, log scale)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: [names.mean, names.sum, names.line], range: [COLORS.weighted, COLORS.estimates, PALETTE.snapshot]},
    marks: [
      Plot.line(ms.flatMap((m) => [modeName(false), modeName(true)].map((mode) => ({m, mode}))), {x: "m", y: "m", fx: "mode", stroke: PALETTE.snapshot, strokeDasharray: "5 4"}),
      Plot.ruleY([1], {stroke: PALETTE.snapshot}),
      Plot.line(data, {x: "m", y: "ratio", fx: "mode", z: "estimator", stroke: "estimator", strokeOpacity: 0.6}),
      Plot.dot(data, {x: "m", y: "ratio", fx: "mode", fill: "estimator", r: 4, stroke: "currentColor", strokeWidth: 0.5,
        title: (d) => `${d.estimator}, ${d.mode}, m = ${d.m}\nestimate ÷ full gradient = ${d.ratio.toPrecision(6)}`}),
    ],
  });
}

/** Above this many samples the probability chart thins its dots (10^5 SVG dots take ~1 s to draw). */
export const MAX_PROBABILITY_DOTS = 2000;

/**
 * How strongly the non-uniform sampler prefers each sample: N·p_i against g_i (1 = uniform).
 * For large N it draws every k-th sample and the samples with the smallest and largest g_i
 * and N·p_i, so the cloud keeps its extent.
 */
export function probabilityChart(values: ArrayLike<number>, probabilities: ArrayLike<number>, {width}: {width: number}): SVGSVGElement | HTMLElement {
  const n = values.length;
  const every = Math.ceil(n / MAX_PROBABILITY_DOTS);
  const extremes = [0, 0, 0, 0]; // indices of the smallest and largest g_i, then of p_i
  for (let i = 1; i < n; ++i) {
    if (values[i] < values[extremes[0]]) extremes[0] = i;
    if (values[i] > values[extremes[1]]) extremes[1] = i;
    if (probabilities[i] < probabilities[extremes[2]]) extremes[2] = i;
    if (probabilities[i] > probabilities[extremes[3]]) extremes[3] = i;
  }
  const shown = new Set(n ? extremes : []);
  for (let i = 0; i < n; i += every) shown.add(i);
  const points = Array.from(shown, (i) => ({g: values[i], scaled: probabilities[i] * n}));
  const [low, high] = n ? [probabilities[extremes[2]] * n, probabilities[extremes[3]] * n] : [NaN, NaN];
  return Plot.plot({
    width: chartWidth(width),
    height: 200,
    marginLeft: 64,
    ariaLabel: "Sampling probability of each sample against its gradient",
    ariaDescription: `${every > 1 ? `One dot for 1 in ${every} of the ${n} samples (and the extremes)` : "One dot per sample"}: its gradient g_i and N times its sampling probability, from ${low.toFixed(3)} to ${high.toFixed(3)}. Uniform sampling would put every dot at 1.`,
    x: {label: "Per-sample gradient g_i (gradient units)", grid: true},
    y: {label: "N · p_i (1 = uniform)", grid: true, zero: true},
    marks: [
      Plot.ruleY([1], {stroke: PALETTE.snapshot, strokeDasharray: "5 4"}),
      Plot.dot(points, {x: "g", y: "scaled", r: 1.5, fill: COLORS.estimates}),
    ],
  });
}
