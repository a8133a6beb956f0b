// Every citable snapshot the site publishes, and their stable addresses.
import type {SnapshotSpec} from "./types.js";
import {snapshotName} from "./types.js";
import {checkSpecs, type CheckOptions} from "./check.js";
import {varianceSnapshot, varianceSummarySnapshot, varianceExcerptSnapshot} from "./variance.js";
import {expectationSnapshot} from "./expectation.js";
import {regressionPathSnapshot, twoBatchSnapshot, twoBatchSummarySnapshot} from "./regression.js";
import {escapeWellSnapshot, escapeSaddleSnapshot} from "./escape.js";

export const SNAPSHOTS: readonly SnapshotSpec<any>[] = [varianceSnapshot, varianceSummarySnapshot, varianceExcerptSnapshot, expectationSnapshot, regressionPathSnapshot, twoBatchSnapshot, twoBatchSummarySnapshot, escapeWellSnapshot, escapeSaddleSnapshot];

export function findSnapshot(name: string, specs: readonly SnapshotSpec<any>[] = SNAPSHOTS): SnapshotSpec<any> {
  const spec = specs.find((s) => snapshotName(s) === name);
  if (!spec) throw new Error(`unknown snapshot ${JSON.stringify(name)}; known: ${specs.map(snapshotName).join(", ")}`);
  return spec;
}

/** Fails with one line naming the snapshot and the field for a malformed spec or grid, or a duplicated id + version (see check.ts). */
export function checkRegistry(specs: readonly SnapshotSpec<any>[] = SNAPSHOTS, options?: CheckOptions): void {
  checkSpecs(specs, options);
}

/**
 * Snapshots that pages read one seed at a time: each seed's rows as a file of its own
 * (by-seed/<name>-seed-<k>.json, same format), so the Variance page loads the rows it
 * compares with (~20 kB) instead of the whole excerpt (~200 kB compressed).
 */
export const SEED_SLICES: readonly {name: string; seeds: readonly number[]}[] = [
  {name: "variance-excerpt-v1", seeds: Array.from({length: varianceExcerptSnapshot.grid.seeds.count}, (_, i) => varianceExcerptSnapshot.grid.seeds.from + i)},
];

export const seedSlicePath = (name: string, seed: number) => `/data/by-seed/${name}-seed-${seed}.json`;

/** The unhashed URLs, for Framework's dynamicPaths. */
export function snapshotPaths(): string[] {
  return [
    ...SNAPSHOTS.flatMap((s) => [`/data/${snapshotName(s)}.csv`, `/data/${snapshotName(s)}.json`]),
    "/data/manifest.json",
    ...SEED_SLICES.flatMap(({name, seeds}) => seeds.map((seed) => seedSlicePath(name, seed))),
  ];
}
