// The published bytes of a snapshot's rows: RFC 4180 CSV (csv.ts) and a compact JSON
// table. This module and its imports are part of every snapshot's cache fingerprint,
// so a change to the file format always recomputes (and the drift guard then shows
// which released bytes it would change).
import {checkRowTypes, formatCsv, type Cell} from "./csv.js";
import {snapshotName, type SnapshotFile, type SnapshotSpec} from "./types.js";

/**
 * {"snapshot": name, "columns": [...], "rows": [[...], ...]}: only what the rows mean,
 * no title or description (those live in the manifest and may be reworded without
 * changing released bytes). Numbers are JSON.stringify's shortest round-trip form.
 */
export function snapshotJson(spec: Pick<SnapshotSpec, "id" | "version" | "columns">, rows: readonly (readonly Cell[])[]): string {
  return JSON.stringify({snapshot: snapshotName(spec), columns: spec.columns.map((c) => c.name), rows}) + "\n";
}

/** Checks every cell against its column's type, then renders both files. */
export function renderSnapshot(spec: SnapshotSpec, rows: readonly (readonly Cell[])[]): SnapshotFile {
  checkRowTypes(snapshotName(spec), spec.columns, rows);
  return {spec, csv: formatCsv(spec.columns.map((c) => c.name), rows), json: snapshotJson(spec, rows), rows: rows.length};
}
