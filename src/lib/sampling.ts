// Mini-batch samplers: m indices from 0..N−1, with or without replacement.
import type {RandomStream} from "./random/stream.js";
import {checkInteger, checkBoolean} from "./validate.js";
import {MAX_POPULATION} from "./population.js";

export interface SamplerOptions {
  /** N, the population size. */
  n: number;
  /** m, the batch size. */
  m: number;
  /** Draw indices independently (true) or distinct within a batch (false). */
  replace: boolean;
}

export type BatchSampler = (out: Int32Array) => Int32Array;

export function checkSampler({n, m, replace}: SamplerOptions): void {
  checkInteger("n (population size N)", n, 1, MAX_POPULATION);
  checkBoolean("replace", replace);
  if (replace) checkInteger("m (batch size)", m, 1, MAX_POPULATION);
  else checkInteger("m (batch size, without replacement)", m, 1, n);
}

/**
 * A sampler that fills `out` (length m) with the next batch's indices.
 * Without replacement it runs a partial Fisher–Yates shuffle and then undoes its
 * swaps, so each batch costs O(m) and the permutation is back to the identity.
 */
export function batchSampler(options: SamplerOptions, stream: RandomStream): BatchSampler {
  checkSampler(options);
  const {n, m, replace} = options;
  if (replace) {
    return (out) => {
      for (let j = 0; j < m; ++j) out[j] = stream.below(n);
      return out;
    };
  }
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; ++i) permutation[i] = i;
  const swaps = new Int32Array(m);
  return (out) => {
    for (let j = 0; j < m; ++j) {
      const k = j + stream.below(n - j);
      swaps[j] = k;
      const picked = permutation[k];
      permutation[k] = permutation[j];
      permutation[j] = picked;
      out[j] = picked;
    }
    for (let j = m - 1; j >= 0; --j) {
      const k = swaps[j];
      const t = permutation[k];
      permutation[k] = permutation[j];
      permutation[j] = t;
    }
    return out;
  };
}
