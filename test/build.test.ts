// The built site as a whole: the stable snapshot addresses exist, the Data page is
// where GitHub Pages can serve it, the pages load the vendored Plot bundle, Framework
// leaves no partial files, and a malformed snapshot fails a real Framework build with
// one line naming the snapshot and field.
import {beforeAll, describe, expect, it} from "vitest";
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {ensureBuilt} from "./support/build.js";
import {ROOT} from "../data-loaders/snapshots/store.js";
import {SNAPSHOTS, snapshotPaths} from "../data-loaders/snapshots/registry.js";
import {snapshotName} from "../data-loaders/snapshots/types.js";

let dist: string;
beforeAll(() => void (dist = ensureBuilt()), 1_800_000);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? [path + "/", ...walk(path)] : [path];
  });
}

describe("dist/", () => {
  it("has every stable snapshot address (dynamicPaths) and the manifest, unhashed", () => {
    for (const path of snapshotPaths()) expect(existsSync(join(dist, path)), path).toBe(true);
    for (const spec of SNAPSHOTS) expect(existsSync(join(dist, "data", `${snapshotName(spec)}.csv`))).toBe(true);
  });

  it("serves the Data page as data/index.html, next to the data files", () => {
    expect(existsSync(join(dist, "data", "index.html"))).toBe(true);
    const page = readFileSync(join(dist, "data", "index.html"), "utf8");
    expect(page).toContain("Data snapshots and citing");
    expect(page).toMatch(/href="\.\/manifest\.json" rel="external"/);
  });

  // GitHub Pages answers /x with a redirect to /x/ when a directory x/ exists, even if x.html
  // exists too, so a page x.html next to a directory x/ could never be reached there.
  it("has no page x.html next to a directory x/ (unreachable on GitHub Pages)", () => {
    const files = walk(dist).map((path) => relative(dist, path));
    const collisions = files.filter((f) => f.endsWith(".html") && files.includes(f.replace(/\.html$/, "/")));
    expect(collisions).toEqual([]);
  });

  // Framework would serve Plot as 35 modules (itself, d3 and 33 more packages) on every page
  // with a chart; the pages load src/components/vendor/plot.js instead (scripts/build-vendor.ts).
  it("has pages that draw with the vendored Plot bundle, not Framework's copies of Plot and d3", () => {
    const pages = walk(dist).filter((f) => f.endsWith(".html")).map((f) => ({name: relative(dist, f), html: readFileSync(f, "utf8")}));
    expect(pages.filter((p) => p.html.includes("/components/vendor/plot.")).length).toBeGreaterThanOrEqual(5);
    // _node/ for an import from node_modules, _npm/ for Framework's implicit Plot or an npm: import.
    for (const {name, html} of pages) expect(html, name).not.toMatch(/_n(?:ode|pm)\/(?:@observablehq\/plot|d3)@/);
  });

  it("holds no temporary or partial files from Framework's loaders or the snapshot store", () => {
    const leftovers = (dir: string) => (existsSync(dir) ? walk(dir).filter((f) => /\.(tmp|err)\/?$|\.\d+$/.test(f)) : []);
    expect(leftovers(dist)).toEqual([]);
    expect(leftovers(join(ROOT, "src", ".observablehq", "cache"))).toEqual([]);
  });
});

describe("a malformed snapshot fails Framework's build", () => {
  function build(cwd: string, env: NodeJS.ProcessEnv): Promise<{status: number | null; output: string}> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js"), "build"], {
        cwd,
        env: {...process.env, ...env, OBSERVABLE_TELEMETRY_DISABLE: "true", PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}`},
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({status, output}));
    });
  }

  it("exits non-zero, prints one line naming the snapshot and the field, and publishes nothing of it", async () => {
    mkdirSync(join(ROOT, "test-results"), {recursive: true});
    const project = mkdtempSync(join(ROOT, "test-results", "bad-build-"));
    try {
      mkdirSync(join(project, "src"));
      writeFileSync(join(project, "observablehq.config.js"), 'export default {root: "src", title: "bad"};\n');
      writeFileSync(join(project, "src", "index.md"), '# Bad\n\n```js\nconst rows = FileAttachment("variance-v1.csv").text();\n```\n');
      // The same loader code as src/data/[name].csv.ts, over a registry with σ < 0.
      writeFileSync(join(project, "src", "variance-v1.csv.ts"), `import ${JSON.stringify(join(ROOT, "test", "fixtures", "bad-snapshot-loader.ts"))};\n`);
      const {status, output} = await build(project, {BAD_SNAPSHOT: "negative-noise"});
      expect(status, output).not.toBe(0);
      // Framework prints the loader's stderr after its own "load …" progress on the same line.
      expect(output.match(/error: snapshot[^\n]*/g)).toEqual(["error: snapshot variance-v1: grid field noise must be finite numbers ≥ 0; got -1"]);
      const published = existsSync(join(project, "dist")) ? walk(join(project, "dist")).filter((f) => f.includes("variance-v1")) : [];
      expect(published).toEqual([]);
      const cache = join(project, "src", ".observablehq", "cache");
      expect(existsSync(join(cache, "variance-v1.csv"))).toBe(false);
    } finally {
      rmSync(project, {recursive: true, force: true});
    }
  }, 180_000);
});
