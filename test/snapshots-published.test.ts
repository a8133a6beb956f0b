// The published snapshots (dist/data, built once per run by ensureBuilt) against a
// from-scratch recomputation and the lock: the drift guard, determinism, manifest
// hashes against the bytes on disk and as served, the grids the issue asks for, and
// snapshots:verify. The full grids are computed at most twice per `npm test`: once by
// the build (or reused from .snapshots/ when the code is unchanged) and once here, in
// an empty store, so the comparison never reads a cached copy.
import {beforeAll, afterAll, describe, expect, it} from "vitest";
import {spawn} from "node:child_process";
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {createHash} from "node:crypto";
import {ensureBuilt} from "./support/build.js";
import {serveDist, type StaticServer} from "./support/static-server.js";
import {ROOT} from "../data-loaders/snapshots/store.js";
import {formatCsv, formatRow, parseCsv} from "../data-loaders/snapshots/csv.js";
import {readLock, emptyLock} from "../data-loaders/snapshots/lock.js";
import {sampleRows, verifyPublished} from "../data-loaders/snapshots/verify.js";
import {SNAPSHOTS} from "../data-loaders/snapshots/registry.js";
import {snapshotJson} from "../data-loaders/snapshots/store.js";
import {summarizeVarianceRows, varianceExcerptSnapshot, varianceSummarySnapshot, VARIANCE_COLUMNS, VARIANCE_SUMMARY_COLUMNS} from "../data-loaders/snapshots/variance.js";
import {snapshotName} from "../data-loaders/snapshots/types.js";
import type {Manifest} from "../data-loaders/snapshots/manifest.js";

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{status: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {cwd: ROOT, env: {...process.env, ...env}});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({status, stdout, stderr}));
  });
}

let dist: string;
let manifest: Manifest;
let fresh: string;
let regenerated: {status: number | null; stderr: string};
const work = mkdtempSync(join(tmpdir(), "snapshots-published-"));

beforeAll(async () => {
  dist = ensureBuilt();
  manifest = JSON.parse(readFileSync(join(dist, "data", "manifest.json"), "utf8"));
  fresh = join(work, "fresh");
  // Every registered snapshot recomputed in an empty store, compared with snapshots.lock.json, and written to `fresh`.
  regenerated = await run(["data-loaders/snapshots/lock-cli.ts", "--check", "--fresh", "--out", fresh]);
}, 1_800_000);

afterAll(() => rmSync(work, {recursive: true, force: true}));

describe("drift guard", () => {
  it("every snapshot recomputed from scratch matches its released bytes in snapshots.lock.json (else: revert, or bump the version)", () => {
    // The message lists, per snapshot, what changed and how to fix it.
    expect(regenerated.status, regenerated.stderr).toBe(0);
  });

  it("every released snapshot is registered and published", () => {
    for (const name of Object.keys(readLock().snapshots)) expect(manifest.snapshots.map((s) => s.name), name).toContain(name);
  });
});

describe("determinism: an independent computation from scratch gives the build's bytes", () => {
  it("for every registered snapshot, CSV and JSON", () => {
    const different: string[] = [];
    for (const spec of SNAPSHOTS)
      for (const format of ["csv", "json"]) {
        const name = `${snapshotName(spec)}.${format}`;
        const built = readFileSync(join(dist, "data", name));
        const recomputed = readFileSync(join(fresh, name));
        if (!built.equals(recomputed)) different.push(`${name}: build ${sha256(built).slice(0, 12)}…, from scratch ${sha256(recomputed).slice(0, 12)}…`);
      }
    expect(different).toEqual([]);
  });
});

describe("manifest.json", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

  it("lists every registered snapshot once, in registry order, with identity, schema, grid and generator", () => {
    expect(manifest.snapshots.map((s) => s.name)).toEqual(SNAPSHOTS.map(snapshotName));
    expect(manifest.site).toBe(pkg.homepage);
    expect(manifest.package).toEqual({name: pkg.name, version: pkg.version});
    for (const entry of manifest.snapshots) {
      const spec = SNAPSHOTS.find((s) => snapshotName(s) === entry.name)!;
      expect(entry).toMatchObject({id: spec.id, version: spec.version, title: spec.title, description: spec.description});
      expect(entry.columns).toEqual(spec.columns);
      for (const c of entry.columns) for (const key of ["name", "type", "unit", "description"] as const) expect(typeof c[key]).toBe("string");
      expect(entry.grid).toEqual(JSON.parse(JSON.stringify(spec.grid)));
      expect(entry.generator).toMatchObject({package: pkg.name, packageVersion: pkg.version, algorithm: expect.stringContaining("xoshiro128**"), period: "2^128 - 1", streams: expect.any(String)});
      expect(entry.released).toBe(readLock().snapshots[entry.name]?.released ?? null);
    }
  });

  it("gives the row count, byte size and SHA-256 of the exact bytes in dist/data", () => {
    for (const entry of manifest.snapshots) {
      expect(entry.files.map((f) => f.path)).toEqual([`data/${entry.name}.csv`, `data/${entry.name}.json`]);
      for (const file of entry.files) {
        const bytes = readFileSync(join(dist, file.path));
        expect({path: file.path, bytes: bytes.length, sha256: sha256(bytes)}).toEqual({path: file.path, bytes: file.bytes, sha256: file.sha256});
        expect(file.url).toBe(pkg.homepage + file.path);
      }
      const csv = readFileSync(join(dist, entry.files[0].path), "utf8");
      expect(csv.split("\r\n").length - 2, entry.name).toBe(entry.rows);
    }
  });

  describe("as served (static server, the GitHub Pages layout)", () => {
    let server: StaticServer;
    beforeAll(async () => (server = await serveDist(dist)));
    afterAll(() => server.close());

    it("the stable URLs serve exactly the bytes whose SHA-256 the manifest gives", async () => {
      const served = JSON.parse(await (await fetch(server.url + "data/manifest.json")).text()) as Manifest;
      expect(served).toEqual(manifest);
      for (const entry of served.snapshots)
        for (const file of entry.files) {
          const response = await fetch(server.url + file.path);
          expect(response.status, file.path).toBe(200);
          const bytes = new Uint8Array(await response.arrayBuffer());
          expect([file.path, bytes.length, sha256(bytes)]).toEqual([file.path, file.bytes, file.sha256]);
        }
    });
  });
});

describe("the variance snapshots have the grids and columns the issue asks for", () => {
  const entry = (name: string) => manifest.snapshots.find((s) => s.name === name)!;

  it("variance-v1: ≥ 200 seeds × σ ∈ {0.1, 0.25, 0.5, 1, 2, 4} × m ∈ {1, 2, 4, …, 1024 (≤ N)} ∪ {16, 64, 256} × N ∈ {100, 1000, 10000} × both modes, T = 1000", () => {
    const {grid, rows, columns} = entry("variance-v1") as unknown as {grid: any; rows: number; columns: {name: string}[]};
    expect(grid.seeds.count).toBeGreaterThanOrEqual(200);
    expect(grid.noise).toEqual([0.1, 0.25, 0.5, 1, 2, 4]);
    expect(grid.replace).toEqual([false, true]);
    expect(grid.trials).toBe(1000);
    expect(grid.populations.map((p: {n: number}) => p.n)).toEqual([100, 1000, 10000]);
    for (const {n, batchSizes} of grid.populations) {
      const expected = [...new Set([...Array.from({length: 11}, (_, i) => 2 ** i), 16, 64, 256])].filter((m) => m <= n).sort((a, b) => a - b);
      expect(batchSizes, `N = ${n}`).toEqual(expected);
    }
    const cells = grid.populations.reduce((sum: number, p: {batchSizes: number[]}) => sum + p.batchSizes.length, 0);
    expect(rows).toBe(grid.seeds.count * grid.noise.length * grid.replace.length * cells);
    expect(columns.map((c) => c.name)).toEqual([
      "seed", "n", "gradient", "noise", "m", "replace", "trials", "population_mean", "population_variance",
      "mean_of_means", "variance", "theory_iid", "theory_fpc", "band_low", "band_high", "ratio",
    ]);
  });

  it("variance-summary-v1 is exactly the per-cell summary of the published variance-v1 rows", () => {
    const rows = parseCsv(readFileSync(join(dist, "data", "variance-v1.csv"), "utf8"), VARIANCE_COLUMNS);
    const summary = readFileSync(join(dist, "data", "variance-summary-v1.csv"), "utf8");
    expect(formatCsv(VARIANCE_SUMMARY_COLUMNS.map((c) => c.name), summarizeVarianceRows(rows))).toBe(summary);
  });

  it("variance-summary-v1: quantiles ordered, 200 seeds per cell, and the χ² band covers ≈ 95% of seeds", () => {
    const rows = parseCsv(readFileSync(join(dist, "data", "variance-summary-v1.csv"), "utf8"), VARIANCE_SUMMARY_COLUMNS);
    const col = Object.fromEntries(VARIANCE_SUMMARY_COLUMNS.map((c, i) => [c.name, i]));
    const coverage = rows.map((r) => r[col.band_coverage] as number);
    for (const r of rows) {
      expect(r[col.seeds]).toBe(200);
      const q = ["variance_q05", "variance_q25", "variance_q50", "variance_q75", "variance_q95"].map((k) => r[col[k]] as number);
      expect(q).toEqual([...q].sort((a, b) => a - b));
    }
    // Each seed lands inside its band with probability ≈ 0.95 (batch means ≈ normal), independently
    // across seeds and cells (one stream per cell): SE of one cell's share = √(0.95·0.05/200) ≈ 0.0154,
    // of the mean over all cells √(0.95·0.05/(200·cells)). Tolerances: 5 SE per cell, 4 SE overall.
    const cellSe = Math.sqrt((0.95 * 0.05) / 200);
    for (const c of coverage) expect(Math.abs(c - 0.95)).toBeLessThan(5 * cellSe);
    const overall = coverage.reduce((a, b) => a + b, 0) / coverage.length;
    expect(Math.abs(overall - 0.95)).toBeLessThan(4 * Math.sqrt((0.95 * 0.05) / (200 * coverage.length)));
  });

  it("variance-excerpt-v1 holds the rows of variance-v1 for seeds 0–9, byte for byte", () => {
    const lines = readFileSync(join(dist, "data", "variance-v1.csv"), "utf8").split("\r\n");
    const excerpt = readFileSync(join(dist, "data", "variance-excerpt-v1.csv"), "utf8");
    const expected = [lines[0], ...lines.slice(1, -1).filter((line) => Number(line.split(",")[0]) < 10), ""].join("\r\n");
    expect(excerpt).toBe(expected);
  });

  it("each by-seed file of variance-excerpt-v1 holds exactly that seed's rows, in the excerpt's JSON form", () => {
    const table = JSON.parse(readFileSync(join(dist, "data", "variance-excerpt-v1.json"), "utf8")) as {snapshot: string; columns: string[]; rows: unknown[][]};
    expect(table.columns[0]).toBe("seed");
    const seeds = [...new Set(table.rows.map((row) => row[0] as number))];
    expect(seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let rows = 0;
    for (const seed of seeds) {
      const slice = readFileSync(join(dist, "data", "by-seed", `variance-excerpt-v1-seed-${seed}.json`), "utf8");
      const expected = JSON.stringify({...table, rows: table.rows.filter((row) => row[0] === seed)}) + "\n";
      expect(slice).toBe(expected);
      rows += JSON.parse(slice).rows.length;
    }
    expect(rows).toBe(table.rows.length);
  });
});

describe("snapshots:verify", () => {
  const VARIANCE = ["variance-v1", "variance-summary-v1", "variance-excerpt-v1"];

  it("passes on the published files: hashes, canonical form, and a seeded sample of recomputed rows", async () => {
    const args = VARIANCE.flatMap((name) => ["--snapshot", name]);
    const result = await run(["data-loaders/snapshots/verify-cli.ts", "--sample", "3", "--seed", "11", "--dist", dist, ...args]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/verified: 3 snapshots, 9 rows recomputed, 0 problems/);
  }, 600_000);

  /** A copy of dist/data with only the manifest and one snapshot, for tampering. */
  function copyOf(name: string): string {
    const copy = mkdtempSync(join(work, "dist-"));
    mkdirSync(join(copy, "data"));
    for (const file of ["manifest.json", `${name}.csv`, `${name}.json`]) copyFileSync(join(dist, "data", file), join(copy, "data", file));
    return copy;
  }

  it("reports a file whose bytes differ from the manifest's SHA-256", async () => {
    const copy = copyOf("variance-summary-v1");
    const path = join(copy, "data", "variance-summary-v1.csv");
    writeFileSync(path, readFileSync(path, "utf8").replace("0.935", "0.936"));
    const report = await verifyPublished({dist: copy, sample: 0, seed: 0, names: ["variance-summary-v1"]});
    expect(report.problems.join("\n")).toMatch(/snapshot variance-summary-v1: data\/variance-summary-v1\.csv has sha256 [0-9a-f]{64} \(74187 bytes\), the manifest says/);
  });

  it("recomputes the sampled rows: a wrong number published with a matching manifest is still caught", async () => {
    const name = "variance-excerpt-v1";
    const copy = copyOf(name);
    const rows = parseCsv(readFileSync(join(copy, "data", `${name}.csv`), "utf8"), VARIANCE_COLUMNS);
    const [index] = sampleRows(name, rows.length, 1, 5);
    const variance = VARIANCE_COLUMNS.findIndex((c) => c.name === "variance");
    rows[index][variance] = (rows[index][variance] as number) * (1 + 2 ** -40);
    const csv = formatCsv(VARIANCE_COLUMNS.map((c) => c.name), rows);
    const json = snapshotJson(varianceExcerptSnapshot, rows);
    writeFileSync(join(copy, "data", `${name}.csv`), csv);
    writeFileSync(join(copy, "data", `${name}.json`), json);
    const tampered = JSON.parse(readFileSync(join(copy, "data", "manifest.json"), "utf8")) as Manifest;
    const entry = tampered.snapshots.find((s) => s.name === name)!;
    for (const file of entry.files) {
      const text = file.format === "csv" ? csv : json;
      Object.assign(file, {bytes: Buffer.byteLength(text), sha256: sha256(text)});
    }
    writeFileSync(join(copy, "data", "manifest.json"), JSON.stringify(tampered));
    const report = await verifyPublished({dist: copy, sample: 1, seed: 5, names: [name], lock: emptyLock()});
    expect(report.checkedRows).toBe(1);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain(`snapshot ${name}: row ${index + 1} (line ${index + 2} of data/${name}.csv) does not recompute: published ${formatRow(rows[index])}`);
    // Against the lock the same copy fails on its hashes too.
    const locked = await verifyPublished({dist: copy, sample: 0, seed: 5, names: [name]});
    expect(locked.problems.join("\n")).toContain("snapshots.lock.json says");
  }, 120_000);

  it("the summary's rows recompute from their own cell (200 seeds), independently of the cache", async () => {
    const report = await verifyPublished({dist, sample: 1, seed: 3, names: [snapshotName(varianceSummarySnapshot)]});
    expect(report).toMatchObject({checkedRows: 1, problems: []});
  }, 120_000);
});

describe("no partial files", () => {
  it("the store holds no temporary directories after the build", () => {
    const store = join(ROOT, ".snapshots");
    expect(readdirSync(store).filter((entry) => entry.endsWith(".tmp"))).toEqual([]);
  });
});
