// The polar-method normals: the generator closure and fillNormal (the fast path that
// draws whole populations) give, bit for bit, d3-random's randomNormal with fdlibm's log.
import {describe, expect, it} from "vitest";
import {randomNormal, fillNormal} from "../src/lib/random/normal.js";
import {log} from "../src/lib/random/fdlibm-log.js";
import {randomStream} from "../src/lib/random/stream.js";
import {population, populationFrom, populationStream} from "../src/lib/population.js";

/** d3-random 3's randomNormal, as written there, with Math.log replaced by fdlibm's log: the reference. */
function d3RandomNormal(source: () => number, mu = 0, sigma = 1): () => number {
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

const take = (next: () => number, count: number) => Array.from({length: count}, next);

describe("normals", () => {
  it("the closure gives d3-random's values from the same uniforms", () => {
    for (const [mu, sigma] of [[0, 1], [2, 0.25], [-3, 4.7]]) {
      const ours = randomNormal.source(randomStream(1, 2).random)(mu, sigma);
      const reference = d3RandomNormal(randomStream(1, 2).random, mu, sigma);
      expect(take(ours, 10_001)).toEqual(take(reference, 10_001));
    }
  });

  it("fillNormal gives the closure's first n values and leaves the stream where the closure would", () => {
    for (const n of [0, 1, 2, 3, 1000, 1001]) {
      const a = randomStream(7, n), b = randomStream(7, n);
      const filled = fillNormal(new Float64Array(n), a.random, 1.7, 0.3);
      const reference = d3RandomNormal(b.random, 1.7, 0.3);
      expect(Array.from(filled), `n = ${n}`).toEqual(take(reference, n));
      // n odd: the reference keeps the pair's second value and has drawn no more uniforms.
      expect(a.nextUint32(), `n = ${n}`).toBe(b.nextUint32());
    }
  });

  it("a population is the closure's values", () => {
    const options = {n: 999, gradient: 2, noise: 1};
    const reference = d3RandomNormal(populationStream(5, options).random, 2, 1);
    expect(Array.from(population(5, options))).toEqual(take(reference, 999));
    const uniforms = randomStream(0, 1);
    expect(Array.from(populationFrom(uniforms.random, options))).toEqual(take(d3RandomNormal(randomStream(0, 1).random, 2, 1), 999));
  });
});
