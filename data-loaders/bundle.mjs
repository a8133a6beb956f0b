// One ES module file from a TypeScript module and every local module it imports,
// bundled by esbuild (packages stay imports), so plain node runs it without tsx's
// per-module hooks: the loaders (run-ts.mjs) and the worker threads (snapshots/pool.ts).
// Each module keeps its own import.meta.url, so paths relative to a module (workers,
// data files) still point at the sources. Plain JavaScript: run-ts.mjs runs before tsx.
import {build} from "esbuild";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// Inside node_modules, so the bundles' package imports resolve as the sources' do.
const DIR = join(ROOT, "node_modules", ".cache", "stochastic-gradients-bundles");
const DAY = 24 * 3600 * 1000;

const ownImportMetaUrl = {
  name: "own-import-meta-url",
  setup(esbuild) {
    esbuild.onLoad({filter: /\.[cm]?[jt]s$/}, ({path}) => {
      if (path.includes("/node_modules/")) return undefined;
      const contents = readFileSync(path, "utf8").replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(path).href));
      return {contents, loader: /\.[cm]?ts$/.test(path) ? "ts" : "js", resolveDir: dirname(path)};
    });
  },
};

/**
 * The path of a bundle of `entry` (a file path). Bundles are named by a hash of their
 * text, so processes that bundle the same code share one file; it is written under a
 * temporary name and renamed, so it is never read half-written.
 */
export async function bundleModule(entry) {
  const {outputFiles} = await build({
    entryPoints: [entry], bundle: true, write: false, platform: "node", format: "esm", target: "node20",
    packages: "external", sourcemap: "inline", logLevel: "silent", plugins: [ownImportMetaUrl], outfile: "bundle.mjs",
  });
  const text = outputFiles[0].text;
  const file = join(DIR, `${createHash("sha256").update(text).digest("hex").slice(0, 20)}.mjs`);
  if (existsSync(file)) {
    const now = new Date();
    utimesSync(file, now, now); // in use: not pruned below
    return file;
  }
  mkdirSync(DIR, {recursive: true});
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
  // Bundles of code that has since changed are not needed after a day.
  for (const name of readdirSync(DIR)) {
    const path = join(DIR, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY) rmSync(path, {force: true});
    } catch {
      // removed by another process meanwhile
    }
  }
  return file;
}
