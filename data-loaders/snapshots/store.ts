// Builds each snapshot once and keeps its exact bytes on disk, so the CSV, the JSON,
// the manifest and the tests all read the same bytes. The on-disk copy is keyed by a
// fingerprint of the spec and of every source file and locked package that could
// change the numbers, so it is never stale. A snapshot is written into a temporary
// directory that is renamed into place, so it is never half-written; a cached copy
// is checked against its recorded SHA-256 before it is reused. When several processes
// want the same snapshot (npm run build computes them beside the build's loaders), a
// lock directory lets one compute it while the others wait for its bytes.
import {createHash, randomBytes} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {isBuiltin} from "node:module";
import {dirname, join, relative} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {buildSync} from "esbuild";
import {renderSnapshot} from "./render.js";
import {snapshotName, type SnapshotFile, type SnapshotSpec} from "./types.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where computed snapshots are kept: $SNAPSHOT_STORE, or .snapshots/ (read on every call, so a script can point it at an empty directory). */
export const storeDir = () => process.env.SNAPSHOT_STORE || join(ROOT, ".snapshots");

export const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// A module named by new URL(<relative path literal>, import.meta.url) is loaded at run time (e.g. by a
// worker); a bundler does not follow it, so the fingerprint does.
const RUNTIME_MODULE = /new\s+URL\(\s*(["'`])(\.{1,2}\/[^"'`]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The package names a set of external import specifiers refer to ("@scope/name/sub" → "@scope/name"). */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

interface PackageLock {
  packages: Record<string, {version?: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>}>;
}

/** Every package-lock entry that `names` load, following their dependencies the way Node resolves them. */
function lockedPackages(names: Iterable<string>): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as PackageLock;
  const resolve = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf("/node_modules/")))) {
      const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!base) return undefined;
    }
  };
  const seen = new Set<string>();
  const visit = (key: string | undefined) => {
    if (key === undefined || seen.has(key)) return;
    seen.add(key);
    const entry = lock.packages[key];
    for (const name of Object.keys({...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies})) visit(resolve(key, name));
  };
  for (const name of names) visit(resolve("", name));
  return [...seen].sort().map((key) => `${key}@${lock.packages[key].version}#${lock.packages[key].integrity ?? ""}`);
}

/** The local files and packages that `modules` load: esbuild's dependency graph, plus modules named by new URL("./x.ts", import.meta.url). */
function codeGraph(modules: readonly URL[]): CodeGraph {
  const entries = new Set(modules.map((url) => fileURLToPath(url)));
  const files = new Set<string>();
  const externals = new Set<string>();
  for (let size = -1; entries.size !== size; ) {
    size = entries.size;
    files.clear();
    const result = buildSync({
      entryPoints: [...entries], absWorkingDir: ROOT, bundle: true, write: false, metafile: true, platform: "node", format: "esm",
      packages: "external", logLevel: "silent", outdir: join(ROOT, "node_modules", ".cache", "unused"),
    });
    for (const [file, input] of Object.entries(result.metafile!.inputs)) {
      const path = join(ROOT, file);
      files.add(path);
      for (const {path: specifier, external} of input.imports) if (external && !isBuiltin(specifier)) externals.add(packageOf(specifier));
      for (const match of readFileSync(path, "utf8").matchAll(RUNTIME_MODULE)) {
        const module = fileURLToPath(new URL(match[2], pathToFileURL(path)));
        if (isFile(module)) entries.add(module);
      }
    }
  }
  return {files: [...files].map((file) => relative(ROOT, file)).sort(), externals: [...externals].sort()};
}

interface CodeGraph { files: string[]; externals: string[] }

// Finding the graph takes ~0.1 s (esbuild), in each of the build's ~20 loader
// processes; it is kept on disk with what it was found from. It still holds while
// none of its files changed (imports are in their text), no file was added to or
// removed from their folders (which could change how an import resolves), and the
// resolution settings (package.json, tsconfig.json) are the same.
const GRAPHS = join(ROOT, "node_modules", ".cache", "stochastic-gradients-graphs");

function graphWitness(graph: CodeGraph): string {
  const hash = createHash("sha256");
  for (const file of [...graph.files, "package.json", "tsconfig.json"]) hash.update(file).update("\0").update(readFileSync(join(ROOT, file))).update("\0");
  for (const folder of [...new Set(graph.files.map(dirname))].sort()) hash.update(folder).update("\0").update(readdirSync(join(ROOT, folder)).sort().join("\n")).update("\0");
  return hash.digest("hex");
}

function cachedCodeGraph(modules: readonly URL[]): CodeGraph {
  const file = join(GRAPHS, `${sha256(modules.map((url) => relative(ROOT, fileURLToPath(url))).sort().join("\n")).slice(0, 20)}.json`);
  try {
    const cached = JSON.parse(readFileSync(file, "utf8")) as {graph: CodeGraph; witness: string};
    if (graphWitness(cached.graph) === cached.witness) return cached.graph;
  } catch {
    // absent, unreadable, or a file of the graph is gone: find it again
  }
  const graph = codeGraph(modules);
  mkdirSync(GRAPHS, {recursive: true});
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, JSON.stringify({graph, witness: graphWitness(graph)}));
  renameSync(temporary, file);
  return graph;
}

/**
 * A hash of every local source file that the snapshot's modules import, directly or
 * not (esbuild's dependency graph, plus modules named by `new URL("./x.ts",
 * import.meta.url)` such as worker tasks), and of the locked version of every package
 * they load. Editing unrelated code or adding an unrelated dependency does not
 * invalidate a snapshot; editing anything it runs does.
 */
export function fingerprintCode(modules: readonly URL[], {cache = true}: {cache?: boolean} = {}): string {
  const {files, externals} = cache ? cachedCodeGraph(modules) : codeGraph(modules);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(ROOT, file))).update("\0");
  for (const entry of lockedPackages(externals)) hash.update(entry).update("\0");
  return hash.digest("hex");
}

// The code is fingerprinted once per process: a snapshot derived from another (a summary)
// then reads the very copy this process published, even if a file is edited meanwhile.
const codeFingerprints = new Map<string, string>();
const memoizedCode = (sources: readonly URL[]) => {
  const key = sources.map(String).sort().join("\n");
  if (!codeFingerprints.has(key)) codeFingerprints.set(key, fingerprintCode(sources));
  return codeFingerprints.get(key)!;
};

/** The file format's code, part of every fingerprint. */
const RENDER = new URL("./render.ts", import.meta.url);

/** Everything the published bytes depend on: the name, the schema, the grid, the code that computes the rows and the code that writes them. */
export const fingerprint = (spec: SnapshotSpec) =>
  sha256(JSON.stringify([snapshotName(spec), spec.columns, spec.grid]) + memoizedCode([...spec.sources, RENDER])).slice(0, 16);

export {renderSnapshot, snapshotJson} from "./render.js";

const building = new Map<string, Promise<SnapshotFile>>();

/** Forgets the snapshots built by this process, so the next build reads the store again (for tests). */
export const forgetBuilt = () => building.clear();

/** The snapshot's files, computed at most once per fingerprint and store. */
export function buildSnapshot(spec: SnapshotSpec): Promise<SnapshotFile> {
  const dir = join(storeDir(), `${snapshotName(spec)}-${fingerprint(spec)}`);
  if (!building.has(dir)) building.set(dir, load(spec, dir));
  // The same bytes, described by the caller's spec (its title may be reworded).
  return building.get(dir)!.then((file) => ({...file, spec}));
}

interface Meta { rows: number; csv: string; json: string }

function readCached(spec: SnapshotSpec, dir: string): SnapshotFile | undefined {
  if (!existsSync(join(dir, "meta.json"))) return undefined;
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as Meta;
  const csv = readFileSync(join(dir, "data.csv"), "utf8");
  const json = readFileSync(join(dir, "data.json"), "utf8");
  if (sha256(csv) !== meta.csv || sha256(json) !== meta.json) return undefined; // damaged by hand: compute again
  return {spec, csv, json, rows: meta.rows};
}

async function load(spec: SnapshotSpec, dir: string): Promise<SnapshotFile> {
  for (;;) {
    const cached = readCached(spec, dir);
    if (cached) return cached;
    // Several processes may want the same snapshot at once (the build's loaders and
    // npm run build's precompute process): one computes it, the others wait for it.
    const lock = `${dir}.lock`;
    if (!takeLock(lock)) {
      await waitForLock(lock);
      continue;
    }
    try {
      return readCached(spec, dir) ?? (await computeAndStore(spec, dir));
    } finally {
      rmSync(lock, {recursive: true, force: true});
    }
  }
}

async function computeAndStore(spec: SnapshotSpec, dir: string): Promise<SnapshotFile> {
  spec.validate(spec.grid);
  const file = renderSnapshot(spec, await spec.compute(spec.grid));
  const meta: Meta = {rows: file.rows, csv: sha256(file.csv), json: sha256(file.json)};
  const temporary = `${dir}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  mkdirSync(temporary, {recursive: true});
  writeFileSync(join(temporary, "data.csv"), file.csv);
  writeFileSync(join(temporary, "data.json"), file.json);
  writeFileSync(join(temporary, "meta.json"), JSON.stringify(meta) + "\n");
  try {
    renameSync(temporary, dir);
  } catch {
    if (readCached(spec, dir)) {
      // Another process stored the same fingerprint first; its bytes are the same.
      rmSync(temporary, {recursive: true, force: true});
    } else {
      rmSync(dir, {recursive: true, force: true}); // a damaged copy
      renameSync(temporary, dir);
    }
  }
  prune(snapshotName(spec), dir);
  return file;
}

/** Takes the lock directory (mkdir is atomic) and records this process in it; false if another holds it. */
function takeLock(lock: string): boolean {
  mkdirSync(dirname(lock), {recursive: true});
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  writeFileSync(join(lock, "pid"), String(process.pid));
  return true;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * The pid recorded in a lock directory, or undefined when there is none: not written yet, or
 * gone with the lock. Read without checking first, because the holder may release the lock
 * between a check and the read (an ENOENT that once failed a build).
 */
export function lockHolder(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, "pid"), "utf8")) || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Resolves when the lock is released, or removes it when its process has died (a killed build). */
async function waitForLock(lock: string): Promise<void> {
  for (;;) {
    let age: number;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      return; // released
    }
    const pid = lockHolder(lock);
    // Stale: its process has died, or (without a pid) it died right after taking the lock.
    // Two waiters may both clear it and both compute; the rename keeps one copy of the same bytes.
    if (pid === undefined ? age > 10_000 : !isAlive(pid)) return void rmSync(lock, {recursive: true, force: true});
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Keeps the newest two copies of a snapshot (e.g. before and after an edit), removes older ones. */
function prune(name: string, keep: string): void {
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{16}$`);
  const copies = readdirSync(storeDir())
    .filter((entry) => pattern.test(entry) && join(storeDir(), entry) !== keep)
    .map((entry) => ({path: join(storeDir(), entry), time: statSync(join(storeDir(), entry)).mtimeMs}))
    .sort((a, b) => b.time - a.time);
  for (const {path} of copies.slice(1)) rmSync(path, {recursive: true, force: true});
}

export const byteLength = (text: string) => Buffer.byteLength(text, "utf8");
export const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
