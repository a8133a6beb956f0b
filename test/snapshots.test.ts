// Tests of the snapshot machinery that need no build: CSV form, spec checks (through a
// loader process too), the store, the drift-guard logic, row sampling, sub-grids,
// the CLI's --snapshot, citations and CITATION.cff. Small grids only; the full grids
// are checked against the published files in snapshots-published.test.ts.
import {describe, expect, it, beforeEach, afterEach} from "vitest";
import {spawn, spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import fc from "fast-check";
import {csvParseRows} from "d3-dsv";
import {parse as parseYaml} from "yaml";
import {formatCell, formatCsv, parseCsv, checkRowTypes, type Cell} from "../data-loaders/snapshots/csv.js";
import {checkSpecs} from "../data-loaders/snapshots/check.js";
import {buildSnapshot, renderSnapshot, fingerprint, fingerprintCode, forgetBuilt, lockHolder, sha256, ROOT} from "../data-loaders/snapshots/store.js";
import {lockProblems, updateLock, emptyLock, formatLock, readLock, type SnapshotDigest} from "../data-loaders/snapshots/lock.js";
import {sampleRows} from "../data-loaders/snapshots/verify.js";
import {citationCff, CITATION_PATH} from "../data-loaders/snapshots/citation-file.js";
import {SNAPSHOTS, snapshotPaths} from "../data-loaders/snapshots/registry.js";
import {varianceSnapshot, varianceSummarySnapshot, VARIANCE_COLUMNS, VARIANCE_GRID, type VarianceGrid} from "../data-loaders/snapshots/variance.js";
import {varianceRows} from "../data-loaders/snapshots/variance-task.js";
import {recomputeRows} from "../data-loaders/snapshots/reproduce.js";
import {parseCliArgs, UsageError} from "../data-loaders/cli-args.js";
import {citationBibtex, citationText, texEscape} from "../src/components/citation.js";
import {snapshotName} from "../data-loaders/snapshots/types.js";
import {toySpec, toyCalls} from "./fixtures/toy-snapshot.js";

const TSX = ["--import", "tsx"];

describe("CSV (RFC 4180)", () => {
  it("quotes only fields with a comma, quote, CR or LF, doubling quotes, and ends every line with CRLF", () => {
    expect(formatCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", "cr\rhere"], [1.5, true]])).toBe(
      'a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak","cr\rhere"\r\n1.5,true\r\n'
    );
  });

  it("writes numbers as String(x) with a '.' decimal point, and −0 as 0; refuses NaN and ±Infinity", () => {
    expect([0.1, 1e-7, 1e21, -2.5, 123456789012345680000, 5e-324].map(formatCell)).toEqual(["0.1", "1e-7", "1e+21", "-2.5", "123456789012345680000", "5e-324"]);
    expect(formatCell(-0)).toBe("0");
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => formatCell(bad)).toThrow(/finite/);
  });

  it("round-trips every finite double and any string exactly (parse ∘ format = identity)", () => {
    const columns = [{name: "x", type: "number" as const}, {name: "s", type: "string" as const}, {name: "b", type: "boolean" as const}];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({noNaN: true, noDefaultInfinity: true}), fc.string({unit: "binary"}), fc.boolean()), {maxLength: 20}), (rows) => {
        const clean = rows.map(([x, s, b]): Cell[] => [Object.is(x, -0) ? 0 : x, s, b]);
        const text = formatCsv(["x", "s", "b"], clean);
        expect(parseCsv(text, columns)).toEqual(clean);
        expect(formatCsv(["x", "s", "b"], parseCsv(text, columns))).toBe(text);
        // An independent RFC 4180 reader (d3-dsv) sees the same fields.
        expect(csvParseRows(text.slice(0, -2)).slice(1)).toEqual(clean.map((r) => r.map(String)));
      }),
      {numRuns: 300}
    );
  });

  it("rejects a wrong header, a short row, and a cell of the wrong type, naming the column", () => {
    const columns = [{name: "n", type: "integer" as const}, {name: "ok", type: "boolean" as const}];
    expect(() => parseCsv("m,ok\r\n1,true\r\n", columns)).toThrow(/header/);
    expect(() => parseCsv("n,ok\r\n1\r\n", columns)).toThrow(/row 1 has 1 cells/);
    expect(() => parseCsv("n,ok\r\n1.5,true\r\n", columns)).toThrow(/column n: "1.5" is not a valid integer/);
    expect(() => parseCsv("n,ok\r\n1,yes\r\n", columns)).toThrow(/column ok/);
    expect(() => parseCsv("n,ok\n1,true\n", columns)).toThrow(/CRLF/);
  });

  it("checks computed cells against the column types before anything is written", () => {
    const spec = toySpec();
    expect(() => checkRowTypes("toy-v1", spec.columns, [[1.5, 0.1, "a", true]])).toThrow("snapshot toy-v1: column x must hold an integer; row 1 has 1.5");
    expect(() => checkRowTypes("toy-v1", spec.columns, [[1, "0.1", "a", true]])).toThrow("snapshot toy-v1: column square must hold a number");
    expect(() => checkRowTypes("toy-v1", spec.columns, [[1, 0.1, "a"]])).toThrow("row 1 has 3 cells, expected 4");
    expect(() => renderSnapshot(spec, [[1, NaN, "a", true]])).toThrow(/column square/);
  });
});

describe("spec checks: a malformed grid or registry fails with one line naming the snapshot and the field", () => {
  const grid = (patch: Partial<VarianceGrid>) => ({...varianceSnapshot, grid: {...VARIANCE_GRID, ...patch}});
  const cases: [string, unknown[], RegExp][] = [
    ["an empty noise list", [grid({noise: []})], /^snapshot variance-v1: grid field noise must be a non-empty list; got \[\]$/],
    ["σ < 0", [grid({noise: [1, -0.5]})], /^snapshot variance-v1: grid field noise must be finite numbers ≥ 0; got -0.5$/],
    ["m > N without replacement", [grid({replace: [false, true], populations: [{n: 100, batchSizes: [4, 128]}]})], /^snapshot variance-v1: grid field populations\[n=100\]\.batchSizes must be integers in \[1, 100\] \(m ≤ N without replacement\); got 128$/],
    ["an empty batch-size list", [grid({populations: [{n: 100, batchSizes: []}]})], /^snapshot variance-v1: grid field populations\[n=100\]\.batchSizes must be a non-empty list/],
    ["an empty seed range", [grid({seeds: {from: 0, count: 0}})], /^snapshot variance-v1: grid field seeds\.count/],
    ["a duplicated N", [grid({populations: [{n: 100, batchSizes: [1]}, {n: 100, batchSizes: [2]}]})], /^snapshot variance-v1: grid field populations\.n must be a list without duplicates/],
    ["a duplicated id and version", [varianceSnapshot, {...varianceSummarySnapshot, id: "variance"}], /^snapshot variance-v1: field id\/version is duplicated/],
    ["a malformed version", [{...varianceSnapshot, version: "1.0"}], /^snapshot variance-1\.0: field version must be v1, v2, …; got "1\.0"$/],
    ["a malformed id", [{...varianceSnapshot, id: "Variance"}], /^snapshot Variance-v1: field id must be lowercase/],
    ["no columns", [{...varianceSnapshot, columns: []}], /^snapshot variance-v1: field columns must be a non-empty list$/],
    ["a duplicated column", [{...varianceSnapshot, columns: [...VARIANCE_COLUMNS, VARIANCE_COLUMNS[0]]}], /^snapshot variance-v1: field columns\[16\]\.name must be unique; got "seed"$/],
    ["an unknown column type", [{...varianceSnapshot, columns: [{...VARIANCE_COLUMNS[0], type: "float"}]}], /^snapshot variance-v1: field columns\.seed\.type must be integer, number, boolean, string; got "float"$/],
    ["no sources", [{...varianceSnapshot, sources: []}], /^snapshot variance-v1: field sources must be a non-empty list/],
    ["an empty title", [{...varianceSnapshot, title: " "}], /^snapshot variance-v1: field title must be a non-empty string/],
  ];
  for (const [what, specs, message] of cases)
    it(`rejects ${what}`, () => {
      let error: Error | undefined;
      try {
        checkSpecs(specs as never);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain("\n");
    });

  it("accepts every registered snapshot", () => {
    expect(() => checkSpecs(SNAPSHOTS)).not.toThrow();
    expect(new Set(SNAPSHOTS.map(snapshotName)).size).toBe(SNAPSHOTS.length);
    expect(snapshotPaths()).toEqual([
      ...SNAPSHOTS.flatMap((s) => [`/data/${snapshotName(s)}.csv`, `/data/${snapshotName(s)}.json`]),
      "/data/manifest.json",
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((seed) => `/data/by-seed/variance-excerpt-v1-seed-${seed}.json`),
    ]);
  });

  // The loader process is what Framework runs: it must exit non-zero with one line on stderr and nothing on stdout.
  for (const [bad, field] of [["empty-noise", "noise"], ["negative-noise", "noise"], ["m-above-n", "populations[n=100].batchSizes"], ["empty-batch-sizes", "populations[n=100].batchSizes"], ["duplicate", "id/version"], ["bad-version", "version"], ["no-columns", "columns"]])
    it(`a loader over a bad registry (${bad}) exits 1 with one line naming the snapshot and ${field}`, () => {
      const result = spawnSync(process.execPath, [...TSX, "test/fixtures/bad-snapshot-loader.ts"], {cwd: ROOT, encoding: "utf8", env: {...process.env, BAD_SNAPSHOT: bad}});
      expect(result.status, result.stderr).toBe(1);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: snapshot variance-(v1|1):/);
      expect(lines[0]).toContain(`field ${field}`);
    });
});

describe("store", () => {
  let store: string;
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.SNAPSHOT_STORE;
    store = mkdtempSync(join(tmpdir(), "snapshot-store-test-"));
    process.env.SNAPSHOT_STORE = store;
    forgetBuilt();
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.SNAPSHOT_STORE;
    else process.env.SNAPSHOT_STORE = previous;
    rmSync(store, {recursive: true, force: true});
    forgetBuilt();
  });

  it("computes once, writes complete files atomically (no temporary left), and reuses them from disk", async () => {
    const before = toyCalls.count;
    const file = await buildSnapshot(toySpec());
    expect(toyCalls.count).toBe(before + 1);
    expect(file.csv).toBe('x,square,label,even\r\n1,0.1,"a ""b"", c\n1",false\r\n2,0.4,"a ""b"", c\n2",true\r\n3,0.9,"a ""b"", c\n3",false\r\n');
    const [dir] = readdirSync(store);
    expect(readdirSync(store)).toEqual([dir]);
    expect(dir).toMatch(/^toy-v1-[0-9a-f]{16}$/);
    expect(readdirSync(join(store, dir)).sort()).toEqual(["data.csv", "data.json", "meta.json"]);
    forgetBuilt();
    expect((await buildSnapshot(toySpec())).csv).toBe(file.csv);
    expect(toyCalls.count).toBe(before + 1);
  });

  it("recomputes a cached copy whose bytes were damaged", async () => {
    const before = toyCalls.count;
    const file = await buildSnapshot(toySpec());
    const [dir] = readdirSync(store);
    writeFileSync(join(store, dir, "data.csv"), file.csv.replace("0.4", "0.5"));
    forgetBuilt();
    expect((await buildSnapshot(toySpec())).csv).toBe(file.csv);
    expect(toyCalls.count).toBe(before + 2);
  });

  it("keys the copy by everything the bytes depend on (grid, columns), not by rewordable metadata, and keeps the newest two copies", async () => {
    const before = toyCalls.count;
    const base = await buildSnapshot(toySpec());
    const other = await buildSnapshot(toySpec({grid: {xs: [1, 2, 4], label: "a"}}));
    expect(readdirSync(store)).toHaveLength(2);
    const renamed = await buildSnapshot(toySpec({columns: toySpec().columns.map((c) => (c.name === "x" ? {...c, name: "x2"} : c))}));
    expect(toyCalls.count).toBe(before + 3);
    expect(other.csv).not.toBe(base.csv);
    expect(renamed.csv.startsWith("x2,")).toBe(true);
    expect(readdirSync(store)).toHaveLength(2);
    // A new title or description changes neither the bytes nor the key.
    const retitled = await buildSnapshot(toySpec({title: "Another title", description: "Reworded."}));
    expect(retitled.json).toBe(base.json);
  });

  it("fingerprints the code: local imports, modules named by new URL(…, import.meta.url), not unrelated files", () => {
    mkdirSync(join(ROOT, "test-results"), {recursive: true});
    const dir = mkdtempSync(join(ROOT, "test-results", "fingerprint-"));
    try {
      writeFileSync(join(dir, "entry.ts"), 'import {f} from "./dep.js";\nexport const task = new URL("./task.ts", import.meta.url);\nexport const g = f;\n');
      writeFileSync(join(dir, "dep.ts"), "export const f = 1;\n");
      writeFileSync(join(dir, "task.ts"), "export const t = 1;\n");
      writeFileSync(join(dir, "unrelated.ts"), "export const u = 1;\n");
      const entry = [pathToFileURL(join(dir, "entry.ts"))];
      const base = fingerprintCode(entry);
      writeFileSync(join(dir, "unrelated.ts"), "export const u = 2;\n");
      expect(fingerprintCode(entry)).toBe(base);
      writeFileSync(join(dir, "dep.ts"), "export const f = 2;\n");
      const afterDep = fingerprintCode(entry);
      expect(afterDep).not.toBe(base);
      writeFileSync(join(dir, "task.ts"), "export const t = 2;\n");
      const afterTask = fingerprintCode(entry);
      expect(afterTask).not.toBe(afterDep);
      // The graph kept on disk gives what finding it afresh gives, even when a new file
      // changes how an unchanged import resolves ("./dep.js" now names dep.js, not dep.ts).
      expect(fingerprintCode(entry, {cache: false})).toBe(afterTask);
      writeFileSync(join(dir, "dep.js"), "export const f = 3;\n");
      const afterNewFile = fingerprintCode(entry);
      expect(afterNewFile).not.toBe(afterTask);
      expect(fingerprintCode(entry, {cache: false})).toBe(afterNewFile);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("lets one of two processes that want the same snapshot at once compute it; the other waits and reads the same bytes", async () => {
    const counter = join(store, "computations.log");
    writeFileSync(counter, "");
    const run = () =>
      new Promise<{code: number | null; stdout: string}>((resolve) => {
        const child = spawn(process.execPath, [...TSX, "test/fixtures/slow-toy-build.ts"], {cwd: ROOT, env: {...process.env, TOY_COUNTER: counter}});
        let stdout = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.on("exit", (code) => resolve({code, stdout}));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout).toBe(renderSnapshot(toySpec(), await toySpec().compute(toySpec().grid)).csv);
    expect(b.stdout).toBe(a.stdout);
    expect(readFileSync(counter, "utf8").trim().split("\n")).toHaveLength(1);
    expect(readdirSync(store).filter((entry) => entry.endsWith(".lock"))).toEqual([]);
  }, 30_000);

  it("takes over the lock of a process that died while computing", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const lock = join(store, `toy-v1-${fingerprint(toySpec())}.lock`);
    mkdirSync(lock);
    writeFileSync(join(lock, "pid"), String(dead));
    const before = toyCalls.count;
    expect((await buildSnapshot(toySpec())).rows).toBe(3);
    expect(toyCalls.count).toBe(before + 1);
    expect(readdirSync(store).filter((entry) => entry.endsWith(".lock"))).toEqual([]);
  });

  // A waiter reads the holder's pid while the holder may release the lock: a pid file that is
  // gone (or not written yet) is "no holder", never an error that fails the build.
  it("reads a lock's holder as its pid, or none when the pid file or the whole lock is gone", () => {
    const lock = join(store, "race.lock");
    mkdirSync(lock);
    expect(lockHolder(lock)).toBeUndefined(); // taken, pid not written yet
    writeFileSync(join(lock, "pid"), "4242");
    expect(lockHolder(lock)).toBe(4242);
    rmSync(lock, {recursive: true, force: true});
    expect(lockHolder(lock)).toBeUndefined(); // released
  });

  it("fails before writing anything when validate rejects the grid", async () => {
    await expect(buildSnapshot(toySpec({grid: {xs: [], label: ""}}))).rejects.toThrow("snapshot toy-v1: grid field xs must be a non-empty list; got []");
    expect(readdirSync(store)).toEqual([]);
  });
});

describe("drift guard (snapshots.lock.json)", () => {
  const digest = (name: string, hash: string): SnapshotDigest => {
    const [id, version] = [name.replace(/-v\d+$/, ""), name.match(/v\d+$/)![0]];
    return {name, id, version, rows: 3, files: [{path: `data/${name}.csv`, bytes: 10, sha256: hash.repeat(64).slice(0, 64)}, {path: `data/${name}.json`, bytes: 12, sha256: "e".repeat(64)}]};
  };
  const locked = updateLock([digest("a-v1", "a"), digest("b-v1", "b")], emptyLock(), {today: "2026-01-02"}).lock;

  it("adds new snapshots with today's date and accepts unchanged bytes", () => {
    expect(Object.keys(locked.snapshots)).toEqual(["a-v1", "b-v1"]);
    expect(locked.snapshots["a-v1"]).toMatchObject({id: "a", version: "v1", released: "2026-01-02", rows: 3});
    expect(lockProblems([digest("a-v1", "a"), digest("b-v1", "b")], locked)).toEqual([]);
    const again = updateLock([digest("a-v1", "a"), digest("b-v1", "b"), digest("c-v1", "c")], locked, {today: "2027-05-05"});
    expect(again.added).toEqual(["c-v1"]);
    expect(again.lock.snapshots["a-v1"].released).toBe("2026-01-02");
  });

  it("names the snapshot whose released bytes changed and says how to fix it: revert or bump the version", () => {
    const [problem] = lockProblems([digest("a-v1", "f"), digest("b-v1", "b")], locked);
    expect(problem.kind).toBe("changed");
    expect(problem.message).toMatch(/^snapshot a-v1 changed after its release: data\/a-v1\.csv sha256 aaaaaaaaaaaa… \(10 bytes\) is now ffffffffffff…/);
    expect(problem.message).toContain("revert the change");
    expect(problem.message).toContain('set version "v2"');
    expect(problem.message).toContain("npm run snapshots:lock");
  });

  it("refuses to change a locked hash, and lists every reason", () => {
    expect(() => updateLock([digest("a-v1", "f"), digest("b-v1", "0")], locked, {today: "2026-02-02"})).toThrow(/not changed:\n {2}snapshot a-v1 changed[^\n]*\n {2}snapshot b-v1 changed/);
  });

  it("fails for an unreleased snapshot and for a released one that is no longer registered; withdrawing is explicit and final", () => {
    expect(lockProblems([digest("a-v1", "a"), digest("b-v1", "b"), digest("c-v1", "c")], locked).map((p) => [p.kind, p.name])).toEqual([["unlocked", "c-v1"]]);
    const [gone] = lockProblems([digest("a-v1", "a")], locked);
    expect(gone).toMatchObject({kind: "unregistered", name: "b-v1"});
    expect(gone.message).toContain("--withdraw b-v1");
    expect(() => updateLock([digest("a-v1", "a")], locked, {today: "2026-03-03"})).toThrow(/b-v1 is released .* but no longer registered/);
    expect(() => updateLock([digest("a-v1", "a"), digest("b-v1", "b")], locked, {today: "2026-03-03", withdraw: ["b-v1"]})).toThrow(/still registered/);
    const withdrawn = updateLock([digest("a-v1", "a")], locked, {today: "2026-03-03", withdraw: ["b-v1"]});
    expect(Object.keys(withdrawn.lock.snapshots)).toEqual(["a-v1"]);
    expect(withdrawn.lock.withdrawn["b-v1"].files[0].sha256).toBe("b".repeat(64));
    const [reused] = lockProblems([digest("a-v1", "a"), digest("b-v1", "b")], withdrawn.lock);
    expect(reused).toMatchObject({kind: "withdrawn", name: "b-v1"});
    expect(reused.message).toContain("b-v2");
  });

  it("writes the lock with sorted names and a final newline, so it diffs cleanly", () => {
    const text = formatLock(updateLock([digest("z-v1", "1"), digest("a-v1", "a")], emptyLock(), {today: "2026-01-01"}).lock);
    expect(Object.keys(JSON.parse(text).snapshots)).toEqual(["a-v1", "z-v1"]);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("the committed lock is well-formed and released variance-v1 with a CSV and a JSON hash", () => {
    const lock = readLock();
    expect(lock.lockfileVersion).toBe(1);
    expect(formatLock(lock)).toBe(readFileSync(join(ROOT, "snapshots.lock.json"), "utf8"));
    const entry = lock.snapshots["variance-v1"];
    expect(entry.files.map((f) => f.path)).toEqual(["data/variance-v1.csv", "data/variance-v1.json"]);
    for (const file of entry.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("sampleRows (snapshots:verify)", () => {
  it("draws distinct, sorted, in-range indices, the same for the same seed and different for another", () => {
    const a = sampleRows("variance-v1", 67200, 50, 7);
    expect(sampleRows("variance-v1", 67200, 50, 7)).toEqual(a);
    expect(new Set(a).size).toBe(50);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 67200)).toBe(true);
    expect(sampleRows("variance-v1", 67200, 50, 8)).not.toEqual(a);
    expect(sampleRows("variance-summary-v1", 67200, 50, 7)).not.toEqual(a);
  });

  it("takes every row when the sample is as large as the file", () => {
    expect(sampleRows("x-v1", 5, 10, 0)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleRows("x-v1", 0, 10, 0)).toEqual([]);
  });
});

describe("sub-grids: recomputing single rows", () => {
  // A small grid of the variance experiment, computed whole and row by row.
  const small: VarianceGrid = {seeds: {from: 5, count: 3}, gradient: 2, trials: 200, noise: [0.5, 2], replace: [false, true], populations: [{n: 40, batchSizes: [1, 8, 39]}, {n: 100, batchSizes: [16]}]};
  const spec = {...varianceSnapshot, grid: small};

  it("computing a grid twice gives byte-identical files (no hidden state, worker scheduling irrelevant)", async () => {
    const first = renderSnapshot(spec, await spec.compute(small));
    const second = renderSnapshot(spec, await spec.compute(small));
    expect(first.rows).toBe(3 * 2 * 2 * 4);
    expect(second.csv).toBe(first.csv);
    expect(second.json).toBe(first.json);
  });

  it("every row recomputed alone equals the row computed with the whole grid", async () => {
    const whole = await spec.compute(small);
    for (const row of [whole[0], whole[17], whole[whole.length - 1]]) {
      const where = Object.fromEntries(VARIANCE_COLUMNS.slice(0, 7).map((c, i) => [c.name, [row[i]]]));
      expect(await recomputeRows(spec, where)).toEqual([row]);
    }
  });

  it("a variance-v1 row equals the core's experiment for the same parameters (no separate maths)", async () => {
    const [row] = await recomputeRows(varianceSnapshot, {seed: [3], n: [1000], noise: [0.5], m: [16], replace: [false]});
    expect(row).toEqual(varianceRows({seed: 3, n: 1000, gradient: 2, noise: 0.5, trials: 1000, replace: false, batchSizes: [16]})[0]);
  });

  it("refuses values off the grid, naming the field and the allowed values", async () => {
    await expect(recomputeRows(varianceSnapshot, {noise: [0.3]})).rejects.toThrow("snapshot variance-v1: grid field noise must be one of 0.1, 0.25, 0.5, 1, 2, 4; got 0.3");
    await expect(recomputeRows(varianceSnapshot, {n: [100], m: [128]})).rejects.toThrow(/grid field populations\[n=100\]\.batchSizes must be one of 1, 2, 4, 8, 16, 32, 64; got 128/);
    await expect(recomputeRows(varianceSnapshot, {seed: [200]})).rejects.toThrow("grid field seeds must be an integer in [0, 199]; got 200");
    await expect(recomputeRows(varianceSnapshot, {gradient: [3]})).rejects.toThrow("grid field gradient must be 2 (fixed in this snapshot); got 3");
    await expect(recomputeRows(varianceSnapshot, {trials: [500]})).rejects.toThrow("grid field trials must be 1000 (fixed in this snapshot); got 500");
    await expect(recomputeRows(varianceSummarySnapshot, {seed: [1]})).rejects.toThrow("snapshot variance-summary-v1 has no column seed");
  });
});

describe("CLI --snapshot", () => {
  it("parses the row-selecting flags into column filters, leaving out the flags not given", () => {
    const cli = parseCliArgs(["--snapshot", "variance-v1", "--seed", "3", "--noise", "0.5", "--n", "1000", "--batch-sizes", "16,1", "--replacement", "false"]);
    expect(cli.snapshot).toEqual({name: "variance-v1", where: {seed: [3], n: [1000], noise: [0.5], m: [16, 1], replace: [false]}});
    expect(parseCliArgs(["--snapshot=variance-v1", "--trials", "1000", "--gradient=2"]).snapshot).toEqual({name: "variance-v1", where: {gradient: [2], trials: [1000]}});
  });

  it("rejects a malformed snapshot name and --rng with --snapshot", () => {
    expect(() => parseCliArgs(["--snapshot", "variance"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--snapshot", "variance-v1", "--rng", "numpy"])).toThrow(/cannot be combined with --snapshot/);
  });

  const run = (args: string[]) => spawnSync(process.execPath, [...TSX, "bin/experiment.ts", ...args], {cwd: ROOT, encoding: "utf8"});

  it("prints the selected rows in the snapshot's CSV format, byte for byte as the published rows", () => {
    const result = run(["--snapshot", "variance-v1", "--seed", "3", "--noise", "0.5", "--n", "1000", "--batch-sizes", "16", "--replacement", "false"]);
    expect(result.status, result.stderr).toBe(0);
    const expected = varianceRows({seed: 3, n: 1000, gradient: 2, noise: 0.5, trials: 1000, replace: false, batchSizes: [16]});
    expect(result.stdout).toBe(formatCsv(VARIANCE_COLUMNS.map((c) => c.name), expected));
  });

  it("exits 2 with the reason for values off the grid, unknown snapshots and absent columns", () => {
    const offGrid = run(["--snapshot", "variance-v1", "--noise", "0.3", "--seed", "1"]);
    expect(offGrid.status).toBe(2);
    expect(offGrid.stderr).toContain("error: snapshot variance-v1: grid field noise must be one of 0.1, 0.25, 0.5, 1, 2, 4; got 0.3");
    const unknown = run(["--snapshot", "nothing-v1"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown snapshot "nothing-v1"');
    const noSeed = run(["--snapshot", "variance-summary-v1", "--seed", "1"]);
    expect(noSeed.status).toBe(2);
    expect(noSeed.stderr).toContain("snapshot variance-summary-v1 has no column seed");
  });
});

describe("citations", () => {
  const site = {site: "https://example.org/sg/", author: "Ada & Co", package: {name: "stochastic-gradients", version: "1.2.3"}};
  const entry = {name: "variance-v1", title: "Variance of 100% means_x", version: "v1", released: "2026-11-26", rows: 67200, files: [{format: "csv", path: "data/variance-v1.csv", bytes: 5, sha256: "ab".repeat(32)}, {format: "json", path: "data/variance-v1.json", bytes: 6, sha256: "cd".repeat(32)}]};

  it("plain text names author, year, title, name, version, URL and the CSV's SHA-256", () => {
    expect(citationText(site, entry)).toBe(
      `Ada & Co (2026). Variance of 100% means_x (variance-v1), version v1 [Data set]. stochastic-gradients 1.2.3. https://example.org/sg/data/variance-v1.csv. SHA-256: ${"ab".repeat(32)}.`
    );
  });

  it("BibTeX is a @misc entry with title, version, year, url and SHA-256, TeX specials escaped", () => {
    const bib = citationBibtex(site, entry);
    expect(bib.startsWith("@misc{stochastic-gradients-variance-v1,\n")).toBe(true);
    expect(bib).toContain("title        = {Variance of 100\\% means\\_x (variance-v1)}");
    expect(bib).toContain("author       = {{Ada \\& Co}}");
    expect(bib).toContain("version      = {v1}");
    expect(bib).toContain("year         = {2026}");
    expect(bib).toContain("url          = {https://example.org/sg/data/variance-v1.csv}");
    expect(bib).toContain(`SHA-256 of data/variance-v1.csv: ${"ab".repeat(32)}`);
    // Balanced braces: a BibTeX parser reads exactly one entry.
    let depth = 0;
    for (const c of bib.replace(/\\[{}]/g, "")) depth += c === "{" ? 1 : c === "}" ? -1 : 0;
    expect(depth).toBe(0);
    expect(texEscape("a_b%c&d#e$f{g}h~i^j\\k")).toBe("a\\_b\\%c\\&d\\#e\\$f\\{g\\}h\\~{}i\\^{}j\\textbackslash{}k");
  });

  it("an unreleased snapshot says so instead of giving a year", () => {
    expect(citationText(site, {...entry, released: null})).toContain("(unreleased)");
    expect(citationBibtex(site, {...entry, released: null})).not.toContain("year");
  });
});

describe("CITATION.cff", () => {
  const text = readFileSync(CITATION_PATH, "utf8");
  const cff = parseYaml(text) as Record<string, any>;
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

  it("is what npm run snapshots:lock generates from package.json and the lock", () => {
    expect(text).toBe(citationCff(readLock()));
  });

  // The keys and types of the Citation File Format 1.2.0 schema that this file uses.
  it("is valid CFF 1.2.0: required keys, known keys only, well-formed values", () => {
    const known = ["abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers", "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository", "repository-artifact", "repository-code", "title", "type", "url", "version"];
    expect(Object.keys(cff).filter((k) => !known.includes(k))).toEqual([]);
    expect(cff["cff-version"]).toBe("1.2.0");
    for (const key of ["message", "title"]) expect(typeof cff[key] === "string" && cff[key].length > 0).toBe(true);
    expect(["software", "dataset"]).toContain(cff.type);
    expect(Array.isArray(cff.authors) && cff.authors.length > 0).toBe(true);
    for (const author of cff.authors) expect(typeof author.name === "string" || typeof author["family-names"] === "string").toBe(true);
    expect(cff.url).toMatch(/^https?:\/\/\S+\/$/);
    expect(cff.url).toBe(pkg.homepage);
    expect(String(cff.version)).toBe(pkg.version);
    if (cff["date-released"] !== undefined) expect(cff["date-released"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cff.keywords.every((k: unknown) => typeof k === "string")).toBe(true);
    for (const id of cff.identifiers) {
      expect(["doi", "url", "swh", "other"]).toContain(id.type);
      expect(id.value).toMatch(/^https?:\/\/\S+$/);
      expect(typeof id.description).toBe("string");
    }
  });

  it("lists every released snapshot's stable CSV URL and SHA-256", () => {
    const lock = readLock();
    for (const [name, entry] of Object.entries(lock.snapshots)) {
      const id = cff.identifiers.find((i: {value: string}) => i.value === `${pkg.homepage}data/${name}.csv`);
      expect(id, name).toBeDefined();
      expect(id.description).toContain(entry.files[0].sha256);
    }
  });
});
