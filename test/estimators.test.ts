// Tests of the mean and variance estimators on cases small enough to compute by hand.
import {describe, expect, it} from "vitest";
import {mean, variance} from "../src/lib/estimators.js";

describe("mean", () => {
  it("hand-computed cases", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([5])).toBe(5);
    expect(mean([-1, 1])).toBe(0);
    expect(mean(Float64Array.of(2.5, -1, 3.25, 7, 0))).toBeCloseTo(2.35, 15);
  });

  it("is exact with a large common offset", () => {
    expect(mean([4, 7, 13, 16].map((x) => 1e9 + x))).toBe(1e9 + 10);
    expect(mean([4, 7, 13, 16].map((x) => 1e15 + x))).toBe(1e15 + 10);
  });

  it("returns a constant's value exactly (the second pass corrects the first's rounding)", () => {
    // sum/n alone gives 0.30000000000000004 / 3 = 0.10000000000000002 here.
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
  });

  it("is NaN for empty input", () => {
    expect(mean([])).toBeNaN();
    expect(mean(new Float64Array(0))).toBeNaN();
  });
});

describe("variance", () => {
  it("hand-computed cases, divisor n (ddof 0, the default) and n − 1 (ddof 1)", () => {
    // [1, 2, 3, 4]: deviations ∓1.5, ∓0.5, squares sum 5.
    expect(variance([1, 2, 3, 4])).toBe(1.25);
    expect(variance([1, 2, 3, 4], {ddof: 0})).toBe(1.25);
    expect(variance([1, 2, 3, 4], {ddof: 1})).toBe(5 / 3);
    // [2.5, −1, 3.25, 7, 0]: mean 2.35, squared deviations sum 39.2.
    expect(variance(Float64Array.of(2.5, -1, 3.25, 7, 0))).toBeCloseTo(39.2 / 5, 14);
    expect(variance(Float64Array.of(2.5, -1, 3.25, 7, 0), {ddof: 1})).toBeCloseTo(39.2 / 4, 14);
  });

  it("is numerically stable with a large offset: 1e9 + [4, 7, 13, 16] has variance exactly 22.5", () => {
    // The one-pass formula E[x²] − E[x]² loses everything here: x² ≈ 10^18 has a
    // spacing of 128 between doubles.
    const values = [4, 7, 13, 16].map((x) => 1e9 + x);
    expect(variance(values)).toBe(22.5);
    expect(variance(values, {ddof: 1})).toBe(30);
    expect(variance([4, 7, 13, 16].map((x) => 1e15 + x))).toBe(22.5);
    const naive = values.reduce((s, x) => s + x * x, 0) / 4 - mean(values) ** 2;
    expect(naive).not.toBe(22.5); // so the check above is not vacuous
  });

  it("is exactly 0 for a constant and for a single value (ddof 0)", () => {
    expect(variance([0.1, 0.1, 0.1])).toBe(0);
    expect(variance([1e9 + 0.5, 1e9 + 0.5])).toBe(0);
    expect(variance([42])).toBe(0);
  });

  it("is NaN when n − ddof ≤ 0, empty input included", () => {
    expect(variance([])).toBeNaN();
    expect(variance([], {ddof: 1})).toBeNaN();
    expect(variance([42], {ddof: 1})).toBeNaN();
    expect(variance([1, 2], {ddof: 2})).toBeNaN();
  });

  it("is invariant under a shift and scales with the square of a factor", () => {
    const x = [0.3, -1.7, 2.2, 5.5, 0.01, -3];
    const v = variance(x);
    expect(variance(x.map((t) => t + 1e6))).toBeCloseTo(v, 8);
    expect(variance(x.map((t) => 3 * t))).toBeCloseTo(9 * v, 12);
  });
});
