// Stream helpers shared by the sampler tests.
import type {RandomStream} from "../../src/lib/random/stream.js";
import {batchSampler} from "../../src/lib/sampling.js";

/**
 * The same stream behind a plain object: the samplers do not recognise the default
 * generator, so they take batchSampler's generic JavaScript path.
 */
export const genericStream = (s: RandomStream): RandomStream => ({nextUint32: () => s.nextUint32(), random: () => s.random(), below: (n) => s.below(n)});

/**
 * The reference for batchMeansOf: the means of `trials` batches of batchSampler drawn from
 * `stream`, each summed in draw order and divided by m.
 */
export function samplerMeans(values: Float64Array, {m, replace}: {m: number; replace: boolean}, trials: number, stream: RandomStream): number[] {
  const next = batchSampler({n: values.length, m, replace}, stream);
  const out = new Int32Array(m);
  return Array.from({length: trials}, () => {
    let sum = 0;
    for (const k of next(out)) sum += values[k];
    return sum / m;
  });
}
