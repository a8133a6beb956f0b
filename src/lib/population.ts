// The population: N per-sample gradients g_i = gradient + noise · ε_i, ε_i ~ Normal(0, 1).
import {fillNormal} from "./random/normal.js";
import {randomStream, cellId, type RandomStream} from "./random/stream.js";
import {checkFinite, checkInteger} from "./validate.js";

export const MAX_POPULATION = 1_000_000;

export interface PopulationOptions {
  /** N, the number of per-sample gradients. */
  n: number;
  /** The centre of the gradient distribution (the "true gradient" parameter). */
  gradient: number;
  /** σ, the standard deviation of the per-sample noise. */
  noise: number;
}

export function checkPopulation({n, gradient, noise}: PopulationOptions): void {
  checkInteger("n (population size N)", n, 1, MAX_POPULATION);
  checkFinite("gradient", gradient);
  checkFinite("noise (σ)", noise, 0);
}

/** Draws the population from the given random source (a d3-random `.source`). */
export function populationFrom(source: () => number, {n, gradient, noise}: PopulationOptions): Float64Array {
  // The values of n calls of randomNormal.source(source)(gradient, noise), in one loop.
  return fillNormal(new Float64Array(n), source, gradient, noise);
}

/** The population's own stream: one per (seed, N, gradient, σ). */
export function populationStream(seed: number, {n, gradient, noise}: PopulationOptions): RandomStream {
  return randomStream(seed, cellId("population", n, gradient, noise));
}

/** The population for a seed, drawn from its own stream of the default generator. */
export function population(seed: number, options: PopulationOptions): Float64Array {
  checkPopulation(options);
  return populationFrom(populationStream(seed, options).random, options);
}
