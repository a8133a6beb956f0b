// Normal variates by Marsaglia's polar method, in the style of d3-random:
// randomNormal.source(uniform)(mu, sigma). The algorithm and the order in which it
// consumes uniforms are exactly d3-random's randomNormal (it caches the second value
// of each pair), but it takes its logarithm from fdlibm-log.ts instead of Math.log,
// so the same seed gives the same doubles in every JavaScript engine.
import {log} from "./fdlibm-log.js";

export interface RandomNormal {
  (mu?: number, sigma?: number): () => number;
  source(source: () => number): RandomNormal;
}

// The last pair drawPair accepted: both of its normals are μ + σ·y·scale and μ + σ·x·scale.
// (Module variables instead of a returned object: no allocation per pair. They are read
// right after the call, and a uniform source never draws normals itself.)
let pairX = 0, pairY = 0, pairScale = 0;

/** One accepted pair of the polar method: (x, y) uniform in the unit disc, scale = √(−2 ln r / r), r = x² + y². */
function drawPair(source: () => number): void {
  let x: number, y: number, r: number;
  do {
    x = source() * 2 - 1;
    y = source() * 2 - 1;
    r = x * x + y * y;
  } while (!r || r > 1);
  pairX = x, pairY = y, pairScale = Math.sqrt((-2 * log(r)) / r);
}

function sourceRandomNormal(source: () => number): RandomNormal {
  function randomNormal(mu = 0, sigma = 1) {
    let cached = false, x = 0, scale = 0;
    return () => {
      if (cached) {
        cached = false;
        return mu + sigma * x * scale;
      }
      drawPair(source);
      (cached = true), (x = pairX), (scale = pairScale);
      return mu + sigma * pairY * scale;
    };
  }
  randomNormal.source = sourceRandomNormal;
  return randomNormal;
}

export const randomNormal: RandomNormal = sourceRandomNormal(Math.random);

/**
 * Fills `out` with the values that out.length calls of a new
 * randomNormal.source(source)(mu, sigma) return, from the same uniforms (when out.length
 * is odd, the last pair's second value is dropped, as the generator would keep it), in
 * one loop without a closure per value: the fast way to draw a whole population.
 */
export function fillNormal(out: Float64Array, source: () => number, mu = 0, sigma = 1): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; ) {
    drawPair(source);
    out[i++] = mu + sigma * pairY * pairScale;
    if (i < n) out[i++] = mu + sigma * pairX * pairScale;
  }
  return out;
}
