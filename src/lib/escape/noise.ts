// The per-sample noise of the escape models: N values ξ_i = σ·(z_i − z̄), with z_i ~
// Normal(0, 1) drawn once per (seed, model, N, component) and centred so that the full
// gradient (the mean over all N samples) is exactly the landscape's gradient.
//
// Centring in floating point: z̄ is computed with a second, corrective pass (Higham
// §1.9) and subtracted, and then σ scales the result. The mean of the stored doubles is
// then zero only up to rounding, |mean| ≲ a few ulp of max|ξ_i| (about 1e-15·σ). We
// keep that residual visible instead of hiding it: `residualMean` reports it, and the
// models never rely on it being 0: full-batch GD uses the exact gradient L′(w) (it
// never sums the ξ), and in SGD the residual is ~14 orders of magnitude below the batch
// noise σ/√m, so it cannot change an escape. (Only a batch of all N without
// replacement sees it, as a constant tilt of ~1e-15·σ.)
import {fillNormal} from "../random/normal.js";
import {randomStream, cellId} from "../random/stream.js";
import {mean, variance} from "../estimators.js";
import {checkFinite, checkInteger, ParameterError} from "../validate.js";
import {MAX_POPULATION} from "../population.js";

export type EscapeModel = "well" | "saddle";

export interface NoiseOptions {
  /** N, the number of data points. */
  n: number;
  /** σ, the standard deviation the ξ_i are drawn with. */
  sigma: number;
}

export interface NoisePopulation {
  /** One array of N values per component (1 for the well, 2 — x then y — for the saddle). */
  components: Float64Array[];
  /** Per component: the mean of the stored doubles, 0 up to rounding. */
  residualMean: number[];
  /** Per component: s², the variance with divisor N (what the temperature uses). */
  variance: number[];
}

export function checkNoise({n, sigma}: NoiseOptions): void {
  checkInteger("N (data points)", n, 2, MAX_POPULATION);
  checkFinite("σ (noise)", sigma, 0);
}

const COMPONENTS: Record<EscapeModel, number> = {well: 1, saddle: 2};

/** The standard normals of component c: their own stream, independent of σ, so σ only scales. */
function standardNormals(seed: number, model: EscapeModel, n: number, component: number): Float64Array {
  // The values of n calls of randomNormal.source(random)(0, 1), in one loop.
  return fillNormal(new Float64Array(n), randomStream(seed, cellId(`escape-${model}-noise`, n, component)).random, 0, 1);
}

/** The centred noise population of a model for a seed. */
export function noisePopulation(seed: number, model: EscapeModel, options: NoiseOptions): NoisePopulation {
  checkNoise(options);
  checkInteger("seed", seed, 0, 0xffffffff);
  if (!(model in COMPONENTS)) throw new ParameterError("model", model, `"well" or "saddle"`);
  const {n, sigma} = options;
  const components = Array.from({length: COMPONENTS[model]}, (_, c) => {
    const z = standardNormals(seed, model, n, c);
    const centre = mean(z);
    for (let i = 0; i < n; ++i) z[i] = sigma * (z[i] - centre);
    return z;
  });
  return {components, residualMean: components.map((xi) => mean(xi)), variance: components.map((xi) => variance(xi))};
}

// ---------------------------------------------------------------- replaying batches across σ

/** Values beyond these bounds (and factors beyond 2^±60) are never treated as scaled copies. */
const SMALLEST_SCALED = 2 ** -900, LARGEST_SCALED = 2 ** 900, MAX_FACTOR_STEPS = 60;

/** p if ratio = p = 2^k with |k| ≤ 60, else null (with + − × ÷ only). */
function powerOfTwo(ratio: number): number | null {
  if (!(ratio > 0 && ratio < Infinity)) return null;
  let p = 1;
  for (let k = 0; k < MAX_FACTOR_STEPS && p < ratio; ++k) p *= 2;
  for (let k = 0; k < MAX_FACTOR_STEPS && p > ratio; ++k) p /= 2;
  return p === ratio ? p : null;
}

/**
 * The factor p = 2^k with other[c][i] = p·base[c][i] bit for bit (signed zeros too), for
 * every component c and point i, or null. Then any batch mean of `other` is exactly p
 * times the same batch's mean of `base`: multiplying by a power of two is exact in
 * binary floating point, so every partial sum and the division by m scale exactly, as
 * long as nothing leaves the normal range. The bounds make sure of that: values that are
 * 0 or in [2^−900, 2^900] are multiples of 2^−952, so every sum of them is 0 or ≥ 2^−952
 * in size (never subnormal), and a sum of at most 2^20 of them stays below 2^921.
 * Populations σ·(z − z̄) of the same z with σ a power of two apart are such copies.
 */
export function powerOfTwoFactor(base: readonly Float64Array[], other: readonly Float64Array[]): number | null {
  if (base.length !== other.length) return null;
  let ratio = 1; // all-zero populations are copies of each other with p = 1
  find: for (let c = 0; c < base.length; ++c)
    for (let i = 0; i < base[c].length; ++i)
      if (base[c][i] !== 0) {
        ratio = other[c][i] / base[c][i];
        break find;
      }
  const p = powerOfTwo(ratio);
  if (p === null) return null;
  const inRange = (v: number) => v === 0 || (Math.abs(v) >= SMALLEST_SCALED && Math.abs(v) <= LARGEST_SCALED);
  for (let c = 0; c < base.length; ++c) {
    const b = base[c], o = other[c];
    if (b.length !== o.length) return null;
    for (let i = 0; i < b.length; ++i) if (!Object.is(o[i], b[i] * p) || !inRange(b[i]) || !inRange(o[i])) return null;
  }
  return p;
}

/** Cells whose batch means are one cell's (the base's) times a power of two. */
export interface ReplayFamily {
  /** Index of the cell whose population the batches are averaged over. */
  base: number;
  /** Every cell of the family (the base first, factor 1), in input order, with its factor. */
  members: {cell: number; factor: number}[];
}

/**
 * Splits cells (given by the noise components they average) into families that can share
 * one draw of each batch: a cell joins the first family whose base it is a power-of-two
 * multiple of (see powerOfTwoFactor), or starts its own.
 */
export function replayFamilies(cells: readonly (readonly Float64Array[])[]): ReplayFamily[] {
  const families: ReplayFamily[] = [];
  cells.forEach((components, cell) => {
    for (const family of families) {
      const factor = powerOfTwoFactor(cells[family.base], components);
      if (factor !== null) return void family.members.push({cell, factor});
    }
    families.push({base: cell, members: [{cell, factor: 1}]});
  });
  return families;
}
