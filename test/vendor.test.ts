// The vendored bundles in src/lib/vendor/: the committed files are what
// scripts/build-vendor.ts makes from the pinned packages, and the bundle computes what
// the package computes, bit for bit.
import {describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import quantileFromPackage from "@stdlib/stats-base-dists-chisquare-quantile";
import {vendorBundles} from "../scripts/vendor-bundles.js";
import quantile from "../src/lib/vendor/chisquare-quantile.js";

describe("src/lib/vendor", () => {
  it("holds scripts/build-vendor.ts's output (run `npm run vendor` after changing a vendored package)", async () => {
    for (const {file, text} of await vendorBundles()) {
      expect(readFileSync(new URL(`../src/lib/vendor/${file}`, import.meta.url), "utf8"), file).toBe(text);
    }
  });

  const bundle = readFileSync(new URL("../src/lib/vendor/chisquare-quantile.js", import.meta.url), "utf8");

  it("imports nothing, so a page loads it as one module", () => {
    expect(bundle).not.toMatch(/\bimport\s*[\s{*"'(]|\brequire\(|\bexport\s*(\*|\{[^}]*\})\s*from\b/);
  });

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
