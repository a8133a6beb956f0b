// Finding the snapshot rows that match the reader's parameters.
import {csvParse, autoType} from "d3-dsv";

export interface SnapshotTable {
  snapshot: string;
  columns: string[];
  rows: (number | boolean | string)[][];
}

/** A snapshot's JSON (columns + rows as arrays) as an array of objects. */
export function snapshotObjects<T = Record<string, number | boolean>>(table: SnapshotTable): T[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])) as T);
}

export function parseCsv<T>(text: string): T[] {
  return csvParse(text, autoType) as unknown as T[];
}

export interface ManifestFile { format: string; path: string; bytes: number; sha256: string }
export interface ManifestEntry { name: string; id: string; version: string; title: string; rows: number; files: ManifestFile[] }

/**
 * "variance-summary-v1 · sha256 1a2b3c4d" for captions, linking to the snapshot's entry
 * on the Data page. That page is data/index.html (at ./data/, with the trailing slash):
 * a data.html next to the data/ directory of stable files would be unreachable on
 * GitHub Pages, which redirects /data to /data/.
 */
export function snapshotLabel(manifest: {snapshots: ManifestEntry[]}, name: string): {name: string; shortHash: string; href: string} {
  const entry = manifest.snapshots.find((s) => s.name === name);
  if (!entry) throw new Error(`snapshot ${name} is missing from the manifest`);
  return {name, shortHash: entry.files.find((f) => f.format === "csv")!.sha256.slice(0, 8), href: `./data/#${name}`};
}
