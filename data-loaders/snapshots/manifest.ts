// dist/data/manifest.json: every snapshot with its schema, grid, generator, and the
// size and SHA-256 of the exact published bytes.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {GENERATOR_INFO} from "../../src/lib/random/stream.js";
import {SNAPSHOTS, checkRegistry} from "./registry.js";
import {buildSnapshot, byteLength, sha256, ROOT} from "./store.js";
import {snapshotName, type SnapshotFile} from "./types.js";

export interface ManifestEntry {
  name: string;
  id: string;
  version: string;
  title: string;
  description: string;
  columns: {name: string; type: string; unit: string; description: string}[];
  grid: unknown;
  generator: typeof GENERATOR_INFO & {package: string; packageVersion: string};
  rows: number;
  files: {format: "csv" | "json"; path: string; bytes: number; sha256: string}[];
}

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {name: string; version: string};

export function manifestEntry(file: SnapshotFile): ManifestEntry {
  const {spec} = file;
  const name = snapshotName(spec);
  return {
    name,
    id: spec.id,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    columns: spec.columns.map((c) => ({...c})),
    grid: spec.grid,
    generator: {package: packageJson.name, packageVersion: packageJson.version, ...GENERATOR_INFO},
    rows: file.rows,
    files: (["csv", "json"] as const).map((format) => ({
      format,
      path: `data/${name}.${format}`,
      bytes: byteLength(file[format]),
      sha256: sha256(file[format]),
    })),
  };
}

export async function buildManifest(): Promise<{snapshots: ManifestEntry[]}> {
  checkRegistry();
  const files: SnapshotFile[] = [];
  for (const spec of SNAPSHOTS) files.push(await buildSnapshot(spec));
  return {snapshots: files.map(manifestEntry)};
}
