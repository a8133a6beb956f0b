// dist/data/manifest.json: every snapshot with its schema, grid, generator, release
// date, and the stable URL, size and SHA-256 of the exact published bytes.
import {GENERATOR_INFO} from "../../src/lib/random/stream.js";
import {SNAPSHOTS, checkRegistry} from "./registry.js";
import {buildSnapshot} from "./store.js";
import {digestOf, readLock, type LockEntry} from "./lock.js";
import {PACKAGE, SITE_URL, AUTHOR, siteUrl} from "./site.js";
import type {Column, SnapshotFile, SnapshotSpec} from "./types.js";

export interface ManifestFile {
  format: "csv" | "json";
  /** Relative to the site root: data/<name>.<format>. */
  path: string;
  /** Absolute stable URL (package.json "homepage" + path). */
  url: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface ManifestEntry {
  name: string;
  id: string;
  version: string;
  title: string;
  description: string;
  columns: Column[];
  grid: unknown;
  generator: typeof GENERATOR_INFO & {package: string; packageVersion: string};
  rows: number;
  /** The day it was released (first locked in snapshots.lock.json), or null while unreleased. */
  released: string | null;
  /** Whether single rows can be recomputed (`npm run experiment -- --snapshot <name> …`, snapshots:verify). */
  rowReproducible: boolean;
  files: ManifestFile[];
}

export interface Manifest {
  manifestVersion: 1;
  /** The site's public URL: package.json "homepage". */
  site: string;
  /** Who citations credit. */
  author: string;
  package: {name: string; version: string};
  snapshots: ManifestEntry[];
  /** Retired snapshots: no longer published, their hashes kept so old copies can still be identified. */
  withdrawn: (Omit<LockEntry, "files"> & {name: string; files: {path: string; bytes: number; sha256: string}[]})[];
}

const MEDIA_TYPES = {csv: "text/csv; charset=utf-8; header=present", json: "application/json"} as const;

export function manifestEntry(file: SnapshotFile, released: string | null = null): ManifestEntry {
  const spec: SnapshotSpec = file.spec;
  const digest = digestOf(file);
  return {
    name: digest.name,
    id: spec.id,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    columns: spec.columns.map((c) => ({...c})),
    grid: spec.grid,
    generator: {package: PACKAGE.name, packageVersion: PACKAGE.version, ...GENERATOR_INFO},
    rows: file.rows,
    released,
    rowReproducible: typeof spec.subgrid === "function",
    files: digest.files.map((f) => {
      const format = f.path.endsWith(".csv") ? "csv" : "json";
      return {format, path: f.path, url: siteUrl(f.path), mediaType: MEDIA_TYPES[format], bytes: f.bytes, sha256: f.sha256};
    }),
  };
}

export async function buildManifest(specs: readonly SnapshotSpec<any>[] = SNAPSHOTS): Promise<Manifest> {
  checkRegistry(specs);
  const lock = readLock();
  const entries: ManifestEntry[] = [];
  for (const spec of specs) {
    const file = await buildSnapshot(spec);
    entries.push(manifestEntry(file, lock.snapshots[digestOf(file).name]?.released ?? null));
  }
  return {
    manifestVersion: 1,
    site: SITE_URL,
    author: AUTHOR,
    package: {name: PACKAGE.name, version: PACKAGE.version},
    snapshots: entries,
    withdrawn: Object.entries(lock.withdrawn).map(([name, entry]) => ({name, ...entry})),
  };
}
