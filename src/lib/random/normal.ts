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

function sourceRandomNormal(source: () => number): RandomNormal {
  function randomNormal(mu = 0, sigma = 1) {
    let x: number | null = null, r = 0;
    return () => {
      let y: number;
      if (x !== null) (y = x), (x = null);
      else
        do {
          x = source() * 2 - 1;
          y = source() * 2 - 1;
          r = x * x + y * y;
        } while (!r || r > 1);
      return mu + sigma * y * Math.sqrt((-2 * log(r)) / r);
    };
  }
  randomNormal.source = sourceRandomNormal;
  return randomNormal;
}

export const randomNormal: RandomNormal = sourceRandomNormal(Math.random);
