// Builds each snapshot once and keeps its exact bytes on disk, so the CSV, the JSON,
// the manifest and the tests all read the same bytes. The on-disk copy is keyed by a
// fingerprint of the spec and of every source file that could change the numbers,
// so it can never be stale; files are written to a temporary name and renamed, so a
// snapshot is never half-written.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, statSync} from "node:fs";
import {buildSync} from "esbuild";
import {join, dirname, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {formatCsv} from "./csv.js";
import {snapshotName, type SnapshotFile, type SnapshotSpec} from "./types.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const STORE = process.env.SNAPSHOT_STORE ?? join(ROOT, ".snapshots");

export const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * A hash of every local source file that the snapshot's modules import, directly or
 * not (found by esbuild's dependency graph), and of the lockfile. Editing unrelated
 * code does not invalidate a snapshot; editing anything it runs does.
 */
function fingerprintCode(modules: readonly URL[]): string {
  const result = buildSync({
    entryPoints: modules.map((url) => fileURLToPath(url)),
    bundle: true, write: false, metafile: true, platform: "node", format: "esm", packages: "external", logLevel: "silent", outdir: "/tmp/unused",
  });
  const hash = createHash("sha256");
  const files = [...Object.keys(result.metafile!.inputs).map((file) => join(ROOT, file)), join(ROOT, "package-lock.json")];
  for (const file of files.sort()) hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

const fingerprint = (spec: SnapshotSpec) =>
  sha256(JSON.stringify([snapshotName(spec), spec.grid, spec.columns]) + fingerprintCode(spec.sources)).slice(0, 16);

export function snapshotJson(spec: SnapshotSpec, rows: readonly unknown[][]): string {
  return JSON.stringify({snapshot: snapshotName(spec), title: spec.title, columns: spec.columns.map((c) => c.name), rows}) + "\n";
}

export function renderSnapshot(spec: SnapshotSpec, rows: (string | number | boolean)[][]): SnapshotFile {
  return {spec, csv: formatCsv(spec.columns.map((c) => c.name), rows), json: snapshotJson(spec, rows), rows: rows.length};
}

const building = new Map<string, Promise<SnapshotFile>>();

/** The snapshot's files, computed at most once per fingerprint. */
export function buildSnapshot(spec: SnapshotSpec): Promise<SnapshotFile> {
  const name = snapshotName(spec);
  const dir = join(STORE, `${name}-${fingerprint(spec)}`);
  if (!building.has(dir)) building.set(dir, load(spec, dir));
  return building.get(dir)!;
}

async function load(spec: SnapshotSpec, dir: string): Promise<SnapshotFile> {
  const done = join(dir, "rows.txt");
  if (existsSync(done)) {
    return {spec, csv: readFileSync(join(dir, "data.csv"), "utf8"), json: readFileSync(join(dir, "data.json"), "utf8"), rows: Number(readFileSync(done, "utf8"))};
  }
  spec.validate(spec.grid);
  const file = renderSnapshot(spec, await spec.compute(spec.grid));
  mkdirSync(dir, {recursive: true});
  for (const [name, text] of [["data.csv", file.csv], ["data.json", file.json], ["rows.txt", String(file.rows)]]) {
    const temporary = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, join(dir, name));
  }
  return file;
}

export const byteLength = (text: string) => Buffer.byteLength(text, "utf8");
export const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
