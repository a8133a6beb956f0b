// Checks published snapshot files (dist/data) against the manifest, the lock and the
// code: sizes and SHA-256, the canonical CSV/JSON form, and a seeded random sample of
// rows recomputed from scratch and compared byte for byte. `npm run snapshots:verify`.
import {readFileSync, existsSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {randomStream, cellId} from "../../src/lib/random/stream.js";
import {formatCsv, formatRow, parseCsv, type Cell} from "./csv.js";
import {SNAPSHOTS} from "./registry.js";
import {buildSnapshot, byteLength, sha256, snapshotJson} from "./store.js";
import {readLock, type Lock} from "./lock.js";
import {snapshotName, type SnapshotSpec} from "./types.js";
import type {Manifest} from "./manifest.js";

/**
 * `count` distinct row indices in [0, total), sorted: a reproducible sample drawn from
 * the default generator's stream for (seed, "snapshots-verify", name).
 */
export function sampleRows(name: string, total: number, count: number, seed = 0): number[] {
  const k = Math.min(count, total);
  const stream = randomStream(seed, cellId("snapshots-verify", name));
  const swapped = new Map<number, number>(); // a partial Fisher–Yates shuffle over [0, total)
  const picked: number[] = [];
  for (let i = 0; i < k; ++i) {
    const span = total - i;
    const j = i + (span <= 2 ** 21 ? stream.below(span) : Math.floor(stream.random() * span));
    picked.push(swapped.get(j) ?? j);
    swapped.set(j, swapped.get(i) ?? i);
  }
  return picked.sort((a, b) => a - b);
}

export interface VerifyOptions {
  /** The published site (default dist/). */
  dist: string;
  /** Rows recomputed per snapshot. */
  sample: number;
  seed: number;
  /** Only these snapshots (default: every one in the manifest). */
  names?: readonly string[];
  specs?: readonly SnapshotSpec<any>[];
  lock?: Lock;
  log?: (line: string) => void;
}

export interface VerifyReport { checkedRows: number; snapshots: string[]; problems: string[] }

/**
 * Runs every check and returns the problems found (an empty list means verified).
 * Everything is recomputed in an empty temporary store, so no cached copy is reused.
 */
export async function verifyPublished(options: VerifyOptions): Promise<VerifyReport> {
  const previous = process.env.SNAPSHOT_STORE;
  const store = mkdtempSync(join(tmpdir(), "snapshot-verify-"));
  process.env.SNAPSHOT_STORE = store;
  try {
    return await verify(options);
  } finally {
    if (previous === undefined) delete process.env.SNAPSHOT_STORE;
    else process.env.SNAPSHOT_STORE = previous;
    rmSync(store, {recursive: true, force: true});
  }
}

async function verify({dist, sample, seed, names, specs = SNAPSHOTS, lock = readLock(), log = () => {}}: VerifyOptions): Promise<VerifyReport> {
  const problems: string[] = [];
  const manifestPath = join(dist, "data", "manifest.json");
  if (!existsSync(manifestPath)) return {checkedRows: 0, snapshots: [], problems: [`${manifestPath} is missing: run npm run build first`]};
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const entries = manifest.snapshots.filter((entry) => !names || names.includes(entry.name));
  for (const name of names ?? []) if (!entries.some((e) => e.name === name)) problems.push(`snapshot ${name} is not in ${manifestPath}`);
  let checkedRows = 0;
  for (const entry of entries) {
    const {name} = entry;
    const fail = (message: string) => problems.push(`snapshot ${name}: ${message}`);
    const spec = specs.find((s) => snapshotName(s) === name);
    if (!spec) {
      fail("is published but not registered in data-loaders/snapshots/registry.ts");
      continue;
    }
    // 1. The bytes: sizes and hashes against the manifest and the lock.
    const text: Record<string, string> = {};
    for (const file of entry.files) {
      const path = join(dist, file.path);
      if (!existsSync(path)) {
        fail(`${file.path} is missing from ${dist}`);
        continue;
      }
      text[file.format] = readFileSync(path, "utf8");
      const hash = sha256(readFileSync(path));
      if (hash !== file.sha256 || byteLength(text[file.format]) !== file.bytes)
        fail(`${file.path} has sha256 ${hash} (${byteLength(text[file.format])} bytes), the manifest says ${file.sha256} (${file.bytes} bytes)`);
      const locked = lock.snapshots[name]?.files.find((f) => f.path === file.path);
      if (locked && locked.sha256 !== hash) fail(`${file.path} has sha256 ${hash}, snapshots.lock.json says ${locked.sha256}`);
    }
    if (text.csv === undefined || text.json === undefined) continue;
    // 2. The form: the schema, canonical RFC 4180 CSV, and a JSON table with the same rows.
    if (JSON.stringify(entry.columns.map((c) => c.name)) !== JSON.stringify(spec.columns.map((c) => c.name))) fail("the manifest's columns differ from the spec's");
    let rows: Cell[][];
    try {
      rows = parseCsv(text.csv, spec.columns);
    } catch (error) {
      fail(`data/${name}.csv does not parse: ${(error as Error).message}`);
      continue;
    }
    if (rows.length !== entry.rows) fail(`data/${name}.csv has ${rows.length} rows, the manifest says ${entry.rows}`);
    if (formatCsv(spec.columns.map((c) => c.name), rows) !== text.csv) fail(`data/${name}.csv is not in canonical form (RFC 4180, CRLF, String(x) numbers)`);
    if (snapshotJson(spec, rows) !== text.json) fail(`data/${name}.json does not hold exactly the rows of data/${name}.csv`);
    // 3. The numbers: recompute a seeded sample of rows and compare them byte for byte.
    const indices = sampleRows(name, rows.length, sample, seed);
    log(`${name}: recomputing ${indices.length} of ${rows.length} rows${spec.subgrid ? "" : " (no subgrid(): recomputing the whole snapshot)"}`);
    const whole = spec.subgrid ? undefined : parseCsv((await buildSnapshot(spec)).csv, spec.columns);
    for (const index of indices) {
      const published = formatRow(rows[index]);
      const candidates = whole ? [whole[index]] : await spec.compute(spec.subgrid!(spec.grid, rowFilter(spec, rows[index])));
      const lines = candidates.filter(Boolean).map(formatRow);
      if (!lines.includes(published))
        fail(`row ${index + 1} (line ${index + 2} of data/${name}.csv) does not recompute: published ${published}; recomputed ${lines.slice(0, 3).join(" | ") || "nothing"}`);
      ++checkedRows;
    }
  }
  return {checkedRows, snapshots: entries.map((e) => e.name), problems};
}

/** The row as a filter: every column must equal the published value (spec.subgrid uses the parameter columns it knows). */
const rowFilter = (spec: SnapshotSpec<any>, row: readonly Cell[]) => Object.fromEntries(spec.columns.map((c, i) => [c.name, [row[i]]]));
