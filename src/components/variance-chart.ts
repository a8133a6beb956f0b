// The log–log chart of the Variance page: live estimates against theory, the χ² band,
// and the snapshot's spread across seeds.
import * as Plot from "./vendor/plot.js";
import {iidVariance, withoutReplacementVariance, varianceBand} from "../lib/theory.js";
import type {ExperimentResult} from "../lib/experiment.js";
import {PALETTE} from "./palette.js";

export interface SummaryRow {
  m: number;
  variance_q05: number;
  variance_q95: number;
}

export interface VarianceChartOptions {
  result: ExperimentResult;
  n: number;
  trials: number;
  replace: boolean;
  showTheory: boolean;
  /** The snapshot's 5–95% band for this cell, or null when off the grid or hidden. */
  snapshotRows: SummaryRow[] | null;
  width: number;
}

const LABELS = {
  live: "Live estimate",
  iid: "s²/m (independent draws)",
  fpc: "(s²/m)(N−m)/(N−1) (without replacement)",
  band: "95% χ² band for T batches",
  snapshot: "Snapshot: 5–95% across seeds",
};

/** Log-spaced batch sizes for drawing theory as continuous lines. */
function theoryGrid(lo: number, hi: number, count = 60): number[] {
  if (hi <= lo) return [lo];
  return Array.from({length: count}, (_, i) => lo * (hi / lo) ** (i / (count - 1)));
}

export function theoryCurves({result, n, trials, replace}: Pick<VarianceChartOptions, "result" | "n" | "trials" | "replace">) {
  const ms = result.rows.map((r) => r.m);
  const hi = Math.min(Math.max(...ms), replace ? Infinity : n);
  // The band is proportional to the variance: scale one band rather than computing two χ²
  // quantiles (~10 µs each) at each of the 60 points on every redraw. Drawing only: the
  // table's band columns come from varianceBand itself.
  const unit = varianceBand(1, trials);
  return theoryGrid(Math.min(...ms), hi).map((m) => {
    const iid = iidVariance(result.populationVariance, m);
    const fpc = withoutReplacementVariance(result.populationVariance, m, n);
    const v = replace ? iid : fpc;
    return {m, iid, fpc, low: v * unit.low, high: v * unit.high};
  });
}

export function varianceChart(options: VarianceChartOptions): SVGSVGElement | HTMLElement {
  const {result, showTheory, snapshotRows, width} = options;
  const curves = showTheory ? theoryCurves(options) : [];
  const positive = (v: number) => v > 0; // a log scale cannot show zero (m = N without replacement)
  const shown = [
    ...(snapshotRows ? ["snapshot"] : []),
    ...(showTheory ? ["band", "iid", "fpc"] : []),
    "live",
  ] as (keyof typeof LABELS)[];
  return Plot.plot({
    width,
    height: 380,
    marginLeft: 70,
    ariaLabel: "Variance of the mini-batch mean against batch size, log–log",
    ariaDescription: `Live variance of ${options.trials} batch means for batch sizes ${result.rows.map((r) => r.m).join(", ")}${showTheory ? ", with the theory lines s²/m and (s²/m)(N−m)/(N−1) and the 95% χ² band" : ""}${snapshotRows ? ", over the snapshot's 5–95% band across seeds" : ""}. The table below the chart lists the numbers.`,
    x: {type: "log", label: "Batch size m (samples, log scale)", grid: true},
    y: {type: "log", label: "Variance of the batch mean (gradient units², log scale)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: shown.map((k) => LABELS[k]), range: shown.map((k) => PALETTE[k])},
    marks: [
      snapshotRows &&
        Plot.areaY(snapshotRows.filter((r) => positive(r.variance_q05)), {x: "m", y1: "variance_q05", y2: "variance_q95", fill: PALETTE.snapshot, fillOpacity: 0.35, curve: "monotone-x", ariaDescription: LABELS.snapshot}),
      showTheory ? Plot.areaY(curves.filter((c) => positive(c.low)), {x: "m", y1: "low", y2: "high", fill: PALETTE.band, fillOpacity: 0.25, ariaDescription: LABELS.band}) : null,
      showTheory ? Plot.line(curves, {x: "m", y: "iid", stroke: PALETTE.iid, strokeWidth: 2, ariaDescription: LABELS.iid}) : null,
      showTheory ? Plot.line(curves.filter((c) => positive(c.fpc)), {x: "m", y: "fpc", stroke: PALETTE.fpc, strokeWidth: 2, strokeDasharray: "6 3", ariaDescription: LABELS.fpc}) : null,
      Plot.dot(result.rows.filter((r) => positive(r.variance)), {x: "m", y: "variance", fill: PALETTE.live, stroke: "currentColor", r: 5, ariaDescription: LABELS.live, ariaLabel: (r) => `m = ${r.m}: variance ${r.variance.toPrecision(6)}`, tip: true,
        title: (r) => `m = ${r.m}\nvariance = ${r.variance.toPrecision(6)}\ntheory = ${(options.replace ? r.theoryIid : r.theoryFpc).toPrecision(6)}\nratio = ${r.ratio.toFixed(4)}`}),
    ],
  });
}
