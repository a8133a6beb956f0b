// Every citable snapshot the site publishes, and their stable addresses.
import type {SnapshotSpec} from "./types.js";
import {snapshotName} from "./types.js";
import {varianceSnapshot, varianceSummarySnapshot, varianceExcerptSnapshot} from "./variance.js";

export const SNAPSHOTS: readonly SnapshotSpec<any>[] = [varianceSnapshot, varianceSummarySnapshot, varianceExcerptSnapshot];

export function findSnapshot(name: string): SnapshotSpec<any> {
  const spec = SNAPSHOTS.find((s) => snapshotName(s) === name);
  if (!spec) throw new Error(`unknown snapshot ${JSON.stringify(name)}; known: ${SNAPSHOTS.map(snapshotName).join(", ")}`);
  return spec;
}

/** Fails with one line naming the duplicate when two snapshots share an id and version. */
export function checkRegistry(specs: readonly SnapshotSpec<any>[] = SNAPSHOTS): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!/^[a-z][a-z0-9-]*$/.test(spec.id)) throw new Error(`snapshot ${spec.id}: field id must be lowercase letters, digits and dashes`);
    if (!/^v[1-9][0-9]*$/.test(spec.version)) throw new Error(`snapshot ${spec.id}: field version must look like v1, v2, …; got ${spec.version}`);
    const name = snapshotName(spec);
    if (seen.has(name)) throw new Error(`snapshot ${name}: field id/version is duplicated`);
    seen.add(name);
  }
}

/** The unhashed URLs, for Framework's dynamicPaths. */
export function snapshotPaths(): string[] {
  return [...SNAPSHOTS.flatMap((s) => [`/data/${snapshotName(s)}.csv`, `/data/${snapshotName(s)}.json`]), "/data/manifest.json"];
}
