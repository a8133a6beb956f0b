// Builds each snapshot once and keeps its exact bytes on disk, so the CSV, the JSON,
// the manifest and the tests all read the same bytes. The on-disk copy is keyed by a
// fingerprint of the spec and of every source file that could change the numbers,
// so it can never be stale; files are written to a temporary name and renamed, so a
// snapshot is never half-written.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, statSync} from "node:fs";
import {join, dirname} from "node:path";
import {fileURLToPath} from "node:url";
import {formatCsv} from "./csv.js";
import {snapshotName, type SnapshotFile, type SnapshotSpec} from "./types.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const STORE = process.env.SNAPSHOT_STORE ?? join(ROOT, ".snapshots");

export const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|js|json)$/.test(entry.name) ? [path] : [];
  });
}

let codeFingerprint: string | undefined;
function fingerprintCode(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash("sha256");
  const files = [...sourceFiles(join(ROOT, "src", "lib")), ...sourceFiles(join(ROOT, "data-loaders")), join(ROOT, "package-lock.json")];
  for (const file of files.sort()) hash.update(file.slice(ROOT.length)).update("\0").update(readFileSync(file)).update("\0");
  return (codeFingerprint = hash.digest("hex"));
}

const fingerprint = (spec: SnapshotSpec) =>
  sha256(JSON.stringify([snapshotName(spec), spec.grid, spec.columns]) + fingerprintCode()).slice(0, 16);

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
