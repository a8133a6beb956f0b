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
import {randomNormal} from "../random/normal.js";
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
  const normal = randomNormal.source(randomStream(seed, cellId(`escape-${model}-noise`, n, component)).random)(0, 1);
  const z = new Float64Array(n);
  for (let i = 0; i < n; ++i) z[i] = normal();
  return z;
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
