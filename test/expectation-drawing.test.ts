// The Expectation page's cheaper drawing: the worker-side bins and running means
// (expectation-jobs.ts) are exactly the ones the page used to compute from the raw
// estimates, and the worker transfers every buffer once.
import {describe, expect, it} from "vitest";
import {bin} from "d3-array";
import {binCounts} from "../src/components/histogram-bins.js";
import {histogramBins} from "../src/components/expectation-charts.js";
import {importanceJob, transferables, uniformJob} from "../src/components/expectation-jobs.js";
import {checkpoints, runningMeans} from "../src/lib/unbiasedness.js";
import {randomStream} from "../src/lib/random/stream.js";
import {randomNormal} from "../src/lib/random/normal.js";

const normals = (seed: number, count: number, sd = 1) => {
  const draw = randomNormal.source(randomStream(seed, 1).random)(0, sd);
  return Float64Array.from({length: count}, draw);
};

describe("binCounts", () => {
  it("counts as d3.bin does, for several series on shared bins", () => {
    const a = normals(1, 20000), b = normals(2, 5000, 3);
    const counted = binCounts([a, b], {extra: [0.5], count: 40});
    const edges = [counted.bins[0].x0, ...counted.bins.map((x) => x.x1)];
    for (const [s, values] of [a, b].entries()) {
      const d3bins = bin().domain([edges[0], edges.at(-1)!]).thresholds(edges.slice(1, -1))(Array.from(values));
      expect(counted.counts[s]).toEqual(d3bins.filter((x) => x.x1! > x.x0!).map((x) => x.length));
    }
    expect(counted.counts[0].reduce((p, q) => p + q, 0)).toBe(20000);
  });

  it("gives histogramBins the same rows whether it counts or is handed the counts", () => {
    const estimates = normals(3, 10000);
    const groups = [{name: "A", estimates, color: "red"}];
    const extra = [0.1, 0.2];
    const fresh = histogramBins([{...groups[0]}], {extra});
    expect(histogramBins(groups, {extra, counted: binCounts([estimates], {extra})})).toEqual(fresh);
    // Counts of other data (one value), binned for the same references: they are drawn as given.
    const other = binCounts([Float64Array.of(0)], {extra});
    expect(histogramBins([{...groups[0]}], {extra, counted: other}).reduce((n, b) => n + b.count, 0)).toBe(1);
    // Counts binned for other references are ignored (recounted), never drawn.
    expect(histogramBins([{...groups[0]}], {extra: [0.1, 0.3], counted: other})).toEqual(histogramBins([{...groups[0]}], {extra: [0.1, 0.3]}));
  });
});

describe("expectation jobs", () => {
  it("carry the bins and running means the page draws, computed from the run's own estimates", () => {
    const options = {seed: 3, n: 500, gradient: 2, noise: 1, m: 8, trials: 3000, replace: false};
    const run = uniformJob(options);
    expect(run.charts.at).toEqual(checkpoints(options.trials));
    expect(run.charts.running).toEqual([runningMeans(run.means, run.charts.at)]);
    expect(run.charts.counted).toEqual(binCounts([run.means], {extra: [run.populationMean, options.gradient]}));
    const imp = importanceJob({seed: 3, n: 500, gradient: 2, noise: 1, tilt: 4, m: 8, trials: 3000});
    expect(imp.charts.running).toEqual([runningMeans(imp.plain, imp.charts.at), runningMeans(imp.weighted, imp.charts.at)]);
    expect(imp.charts.counted).toEqual(binCounts([imp.plain, imp.weighted], {extra: [imp.populationMean, imp.moments.plainMean]}));
  });

  it("list each typed array's buffer once for transfer", () => {
    const shared = new Float64Array(4);
    const list = transferables({a: shared.subarray(0, 2), b: shared.subarray(2), c: new Float64Array(1), d: [1], e: 2});
    expect(list).toHaveLength(2);
    expect(list[0]).toBe(shared.buffer);
  });
});
