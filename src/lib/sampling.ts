// Mini-batch samplers: m indices from 0..N−1, with or without replacement, and the
// fused loops that draw batches and average them in one pass (the hot path).
//
// Without replacement, batch j-th pick is a partial Fisher–Yates step: k = j + below(N − j),
// pick position k of the pool and move position j's entry into k. Every loop here
// draws exactly like that, so all of them pick the same values in the same order.
import {BufferedStream, BUFFER_SIZE, rejectionThreshold, type RandomStream} from "./random/stream.js";
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
 * Without replacement it runs a partial Fisher–Yates shuffle of a permutation that
 * starts as the identity, then restores the positions it wrote, so each batch costs
 * O(m) and starts from the identity again.
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
  const written = new Int32Array(m);
  return (out) => {
    for (let j = 0; j < m; ++j) {
      const k = j + stream.below(n - j);
      out[j] = permutation[k];
      // Position j is never read again in this batch, so it needs no write.
      permutation[k] = permutation[j];
      written[j] = k;
    }
    for (let j = 0; j < m; ++j) permutation[written[j]] = written[j];
    return out;
  };
}

/**
 * The means of `trials` consecutive batches of `values` (N = values.length), each the
 * plain sum of its m picked values in draw order divided by m: the batches of
 * batchSampler(options, stream), drawn and averaged in one pass.
 */
export function batchMeansOf(values: Float64Array, {m, replace}: {m: number; replace: boolean}, trials: number, stream: RandomStream): Float64Array {
  checkSampler({n: values.length, m, replace});
  const means = new Float64Array(trials);
  if (stream instanceof BufferedStream) {
    if (replace) meansWithReplacement(values, m, means, stream);
    else meansWithoutReplacement(values, m, means, stream);
  } else {
    const next = batchSampler({n: values.length, m, replace}, stream);
    const indices = new Int32Array(m);
    for (let t = 0; t < trials; ++t) {
      next(indices);
      let sum = 0;
      for (let j = 0; j < m; ++j) sum += values[indices[j]];
      means[t] = sum / m;
    }
  }
  return means;
}

// The two loops below read the default generator's buffer inline (see BufferedStream)
// and repeat its below(): x·n is exact in doubles because n ≤ 2^21, Math.imul gives
// its low 32 bits, and (x·n·2^-32) | 0 its high bits; an output is rejected while
// low < (2^32 − n) mod n, a threshold that is < n and so only computed when low < n.
const TWO_TO_MINUS_32 = 2 ** -32;

function meansWithReplacement(values: Float64Array, m: number, means: Float64Array, stream: BufferedStream): void {
  const n = values.length, trials = means.length, buffer = stream.buffer;
  const threshold = rejectionThreshold(n), scale = n * TWO_TO_MINUS_32;
  let position = stream.position;
  for (let t = 0; t < trials; ++t) {
    let sum = 0;
    for (let j = 0; j < m; ++j) {
      if (position === BUFFER_SIZE) stream.refill(), (position = 0);
      let x = buffer[position++];
      while (Math.imul(x, n) >>> 0 < threshold) {
        if (position === BUFFER_SIZE) stream.refill(), (position = 0);
        x = buffer[position++];
      }
      sum += values[(x * scale) | 0];
    }
    means[t] = sum / m;
  }
  stream.position = position;
}

function meansWithoutReplacement(values: Float64Array, m: number, means: Float64Array, stream: BufferedStream): void {
  const n = values.length, trials = means.length, buffer = stream.buffer;
  // Fisher–Yates on a copy of the values themselves (not on indices), so a pick is one
  // load; after each batch the positions it wrote are restored from `values`.
  const pool = Float64Array.from(values);
  const written = new Int32Array(m);
  let position = stream.position;
  for (let t = 0; t < trials; ++t) {
    let sum = 0;
    for (let j = 0; j < m; ++j) {
      const bound = n - j;
      if (position === BUFFER_SIZE) stream.refill(), (position = 0);
      let x = buffer[position++];
      let low = Math.imul(x, bound) >>> 0;
      if (low < bound) {
        const threshold = rejectionThreshold(bound);
        while (low < threshold) {
          if (position === BUFFER_SIZE) stream.refill(), (position = 0);
          x = buffer[position++];
          low = Math.imul(x, bound) >>> 0;
        }
      }
      const k = j + ((x * bound * TWO_TO_MINUS_32) | 0);
      sum += pool[k];
      pool[k] = pool[j];
      written[j] = k;
    }
    means[t] = sum / m;
    for (let j = 0; j < m; ++j) {
      const k = written[j];
      pool[k] = values[k];
    }
  }
  stream.position = position;
}
