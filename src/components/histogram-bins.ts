// A histogram's bins and counts, without Plot or the DOM: the page's charts draw them, and
// its worker counts them for large runs, so the main thread never loops over 10^6 estimates.
import {bin, extent, nice, ticks} from "d3-array";

/** About how many bins, when Binning.count is not given. */
export const BIN_COUNT = 40;

/** How to bin: values the bins must reach (reference lines), about how many bins, or a fixed domain. */
export interface Binning {
  extra?: number[];
  count?: number;
  domain?: [number, number];
}

/** Shared bins of several series, and how many values of each series fall in each bin. */
export interface BinCounts {
  /** What was binned, so a reader can check the counts answer its question (see sameBinning). */
  extra: number[];
  count: number;
  domain?: [number, number];
  bins: {x0: number; x1: number}[];
  /** counts[s][k]: values of series s in bins[k]. */
  counts: number[][];
}

/**
 * Shared bins for every series, so facets are comparable; `extra` values (reference lines)
 * are inside the bins' range. The bins and counts are d3.bin's (its edges; values assigned
 * as by its bisectRight), counted in one pass without copying: a live run can have 10^6 estimates.
 */
export function binCounts(series: ArrayLike<number>[], {extra = [], count = BIN_COUNT, domain}: Binning = {}): BinCounts {
  const all: number[] = [...extra];
  if (domain) all.push(...domain);
  else
    for (const values of series) {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < values.length; ++i) {
        const x = values[i];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      if (lo <= hi) all.push(lo, hi);
    }
  const [lo0, hi0] = extent(all) as [number, number];
  const [lo, hi] = lo0 === hi0 ? [lo0 - 0.5, hi0 + 0.5] : nice(lo0, hi0, count);
  const shape = bin().domain([lo, hi]).thresholds(ticks(lo, hi, count))([]);
  const edges = shape.slice(1).map((b) => b.x0!);
  const spacing = (hi - lo) / shape.length;
  // d3 can end with an empty zero-width bin at the domain's top; drop it.
  const keep = shape.map((b) => b.x1! > b.x0!);
  const counts = series.map((values) => {
    const counts = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < values.length; ++i) {
      const x = values[i];
      if (!(x != null && lo <= x && x <= hi)) continue;
      // bisectRight(edges, x): guess from the (near-uniform) spacing, then step to the exact bin.
      let k = Math.min(edges.length, Math.max(0, Math.floor((x - lo) / spacing)));
      while (k > 0 && x < edges[k - 1]) --k;
      while (k < edges.length && x >= edges[k]) ++k;
      ++counts[k];
    }
    return counts.filter((_, k) => keep[k]);
  });
  return {extra: [...extra], count, domain, bins: shape.filter((_, k) => keep[k]).map((b) => ({x0: b.x0!, x1: b.x1!})), counts};
}

/** Whether `counted` was binned with these options (Object.is: NaN matches NaN, −0 is not 0). */
export function sameBinning(counted: BinCounts, {extra = [], count = BIN_COUNT, domain}: Binning = {}): boolean {
  const same = (a: readonly number[] = [], b: readonly number[] = []) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return counted.count === count && same(counted.extra, extra) && (counted.domain === undefined) === (domain === undefined) && same(counted.domain, domain);
}
