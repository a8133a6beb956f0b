// The vendored bundles in src/lib/vendor/ and src/components/vendor/: the committed files
// are what scripts/build-vendor.ts makes from the pinned packages, and each bundle computes
// what its package computes, bit for bit.
import {describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {JSDOM} from "jsdom";
import quantileFromPackage from "@stdlib/stats-base-dists-chisquare-quantile";
import * as PlotFromPackage from "@observablehq/plot";
import {VENDORED, packageLicense, vendorBundles} from "../scripts/vendor-bundles.js";
import quantile from "../src/lib/vendor/chisquare-quantile.js";
import * as PlotBundle from "../src/components/vendor/plot.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("the vendored bundles", () => {
  it("are scripts/build-vendor.ts's output (run `npm run vendor` after changing a vendored package)", async () => {
    const bundles = await vendorBundles();
    // A .js and a .d.ts per package, so a package left out of VENDORED cannot pass unseen.
    expect(bundles.map((b) => b.path).sort()).toEqual(VENDORED.flatMap((v) => [`${v.dir}/${v.file}`, `${v.dir}/${v.file.replace(/\.js$/, ".d.ts")}`]).sort());
    for (const {path, text} of bundles) expect(read(path), path).toBe(text);
  });

  it.each(VENDORED.map((v) => `${v.dir}/${v.file}`))("%s imports nothing, so a page loads it as one module", (path) => {
    expect(read(path)).not.toMatch(/\bimport\s*[\s{*"'(]|\brequire\(|\bexport\s*(\*|\{[^}]*\})\s*from\b/);
  });
});

describe("src/lib/vendor/chisquare-quantile.js", () => {
  const bundle = read("src/lib/vendor/chisquare-quantile.js");

  it("keeps every bundled package's license and notice", () => {
    // debug and ms are MIT, and their files carry no license comment of their own.
    for (const kept of ["debug@2.6.9 MIT", "ms@2.0.0 MIT", "@stdlib/stats-base-dists-chisquare-quantile@0.2.3 Apache-2.0", "Copyright (c) 2014 TJ Holowaychuk", "Copyright (c) 2016 Zeit, Inc.",
      "Copyright (c) 2016-2026 The Stdlib Authors.", "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "Boost Software License - Version 1.0", "Cephes", "FDLIBM"])
      expect(bundle, kept).toContain(kept);
  });

  it("gives the χ² quantiles of @stdlib/stats-base-dists-chisquare-quantile bit for bit", () => {
    const ps = [0, 1e-300, 1e-12, 0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999, 1 - 1e-12, 1, -0.1, 1.1, NaN];
    const dfs = [1e-3, 0.5, 1, 2, 3, 9, 99, 999, 99_999, 999_999, 1e9, 0, -1, NaN, Infinity];
    let compared = 0;
    for (const p of ps) for (const k of dfs) {
      expect(Object.is(quantile(p, k), quantileFromPackage(p, k)), `p ${p}, k ${k}`).toBe(true);
      ++compared;
    }
    expect(compared).toBe(ps.length * dfs.length);
    // One known value, so the comparison above cannot pass with both sides broken alike:
    // χ²₁(0.95) = 1.959963985² = 3.841458820694124.
    expect(quantile(0.95, 1)).toBeCloseTo(3.841458820694124, 12);
  });
});

describe("src/components/vendor/plot.js", () => {
  const bundle = read("src/components/vendor/plot.js");

  it("keeps the license of every package it lists, and lists the packages inside d3-delaunay's file", () => {
    const listed = /Bundled packages \(name@version license\):\n([^]*?)\n\n/.exec(bundle)![1].split("\n").map((line) => line.split("@").slice(0, -1).join("@"));
    expect(listed).toEqual(expect.arrayContaining(["@observablehq/plot", "d3-geo", "d3-scale", "binary-search-bounds", "interval-tree-1d", "isoformat", "delaunator", "robust-predicates"]));
    for (const name of listed) {
      const license = packageLicense(fileURLToPath(new URL(`../node_modules/${name}/`, import.meta.url)));
      expect(license, `${name} has a license file`).not.toBe("");
      // The copyright line, or the license's first line where it has none (the Unlicense).
      const lines = license.split("\n").map((l) => l.trim()).filter(Boolean);
      const kept = lines.find((l) => /copyright/i.test(l)) ?? lines[0];
      expect(bundle, `${name}: ${kept}`).toContain(kept);
    }
    // Packages esbuild left out entirely (Plot never uses them) are not listed.
    expect(listed).not.toContain("d3-force");
  });

  it("exports what the package exports", () => {
    expect(Object.keys(PlotBundle).sort()).toEqual(Object.keys(PlotFromPackage).sort());
  });

  // Tips and pointers draw only when the pointer moves, and the colour-ramp legend needs a
  // canvas, which jsdom lacks: those are left to the browser tests.
  it("draws the same SVG as the package, for the marks, transforms, scales and options the site's charts use", () => {
    const {document} = new JSDOM("").window;
    const points = Array.from({length: 40}, (_, i) => ({m: 2 ** (i % 9), v: Math.sin(i) + 2, i, group: i % 3 ? "with" : "without"}));
    // By the chart builders in src/components (variance, expectation, real loss, escape): log
    // and symlog axes, facets, clipping, step curves, symbols, tick formats, rules, lines,
    // dots, areas, bins and dodge.
    const charts = (Plot: typeof PlotFromPackage) => [
      Plot.plot({document, x: {type: "log", label: "batch size m →", tickFormat: "~g"}, y: {type: "log", grid: true, tickFormat: "~s"}, color: {legend: true}, marks: [Plot.ruleY([1]), Plot.line(points, {x: "m", y: "v", stroke: "group", curve: "step-after"}), Plot.dot(points, {x: "m", y: "v", fill: "group", symbol: "diamond", tip: true}), Plot.text(points.slice(0, 3), {x: "m", y: "v", text: "group", dx: 4})]}),
      Plot.plot({document, x: {type: "symlog"}, marks: [Plot.rectY(points, Plot.binX({y: "count"}, {x: "v", thresholds: 12})), Plot.areaY(points, {x: "i", y1: 0, y2: "v", fillOpacity: 0.2, curve: "monotone-x"}), Plot.ruleX([2], {strokeDasharray: "4 2"}), Plot.frame()]}),
      Plot.plot({document, height: 160, marks: [Plot.dot(points, Plot.dodgeX("middle", {y: "v", r: 2})), Plot.rect([{x1: 0, x2: 1, y1: 0, y2: 1}], {x1: "x1", x2: "x2", y1: "y1", y2: "y2"}), Plot.arrow([{x1: 0, y1: 0, x2: 1, y2: 1}], {x1: "x1", y1: "y1", x2: "x2", y2: "y2"}), Plot.ruleX(points, Plot.pointerX({x: "i", py: "v"}))]}),
      Plot.plot({document, fx: {label: null}, fy: {axis: null}, marks: [Plot.line(points, {x: "i", y: "v", fx: "group", fy: (d) => d.i % 2, clip: "frame"}), Plot.dot(points, {x: "i", y: "v", fx: "group", clip: true})]}),
      // Plot's types leave out legend's document option, which it reads like plot's.
      Plot.legend({color: {type: "ordinal", domain: ["without", "with"]}, ...({document} as object)}),
    ];
    const fromBundle = charts(PlotBundle as typeof PlotFromPackage).map((c) => c.outerHTML);
    const fromPackage = charts(PlotFromPackage).map((c) => c.outerHTML);
    expect(fromBundle).toEqual(fromPackage);
    // Real drawings, so the comparison cannot pass with both sides empty alike.
    expect(fromBundle[0]).toMatch(/<svg[^>]*class="plot-[0-9a-f]+"/);
    expect(fromBundle[3].match(/<circle/g)?.length).toBe(2 * points.length); // the dots, without fy, in both rows
    expect(fromBundle[1].match(/<rect/g)?.length).toBeGreaterThan(5);
  });
});
