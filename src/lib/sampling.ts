// Mini-batch samplers: m indices from 0..N−1, with or without replacement, and
// batchMeansOf, which draws batches and averages them in one pass (the hot path; for the
// default generator it runs the WebAssembly loops of kernel/batch-means.wat).
//
// Without replacement, the j-th pick of a batch is a partial Fisher–Yates step:
// k = j + below(N − j), pick position k of the pool and move position j's entry into k.
// Every loop here and in the kernel draws exactly like that, from the same stream
// outputs in the same order, so all of them pick the same values in the same order.
import {BufferedStream, rejectionThreshold, type RandomStream} from "./random/stream.js";
import {checkInteger, checkBoolean} from "./validate.js";
import {MAX_POPULATION} from "./population.js";
import {batchMeansKernel, kernelBatchMeans} from "./kernel/batch-means.js";

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
 * The sampler of batchSampler (the same indices, in the same order, from the same
 * stream outputs) for the hot paths. For the default generator it draws each batch in
 * one fused loop (see below), and without replacement it shuffles a shared identity
 * pool that every batch restores, so it costs O(m) per batch and O(1) to create (after
 * the first pool of that N). Other streams get batchSampler itself.
 */
export function fastBatchSampler(options: SamplerOptions, stream: RandomStream): BatchSampler {
  if (!(stream instanceof BufferedStream)) return batchSampler(options, stream);
  checkSampler(options);
  const {n, m, replace} = options;
  // The state is fetched per batch: other code may have read the stream in between.
  if (replace) {
    const threshold = rejectionThreshold(n);
    return (out) => (fillWithReplacement(out, n, m, stream.sync(), threshold), out);
  }
  const pool = identityPool(n), written = new Int32Array(m);
  return (out) => (fillWithoutReplacement(out, pool, written, m, stream.sync()), out);
}

// Identity permutations by N, shared by the samplers of fastBatchSampler. A batch
// cannot be interrupted (its loop calls nothing that throws or yields), and it
// restores every position it wrote, so the pool is the identity between batches.
const IDENTITY_POOLS = new Map<number, Int32Array>();
const MAX_IDENTITY_POOLS = 4;

function identityPool(n: number): Int32Array {
  let pool = IDENTITY_POOLS.get(n);
  if (pool === undefined) {
    if (IDENTITY_POOLS.size >= MAX_IDENTITY_POOLS) IDENTITY_POOLS.delete(IDENTITY_POOLS.keys().next().value!);
    pool = new Int32Array(n);
    for (let i = 0; i < n; ++i) pool[i] = i;
    IDENTITY_POOLS.set(n, pool);
  }
  return pool;
}

/**
 * The means of `trials` consecutive batches of `values` (N = values.length), each the
 * plain sum of its m picked values in draw order divided by m: the batches of
 * batchSampler({n: N, m, replace}, stream), drawn and averaged in one pass.
 */
export function batchMeansOf(values: Float64Array, {m, replace}: {m: number; replace: boolean}, trials: number, stream: RandomStream): Float64Array {
  const n = values.length;
  checkSampler({n, m, replace});
  const means = new Float64Array(trials);
  const kernel = batchMeansKernel();
  // The default generator: the WebAssembly kernel steps xoshiro128** itself.
  if (stream instanceof BufferedStream && kernel !== null && kernelBatchMeans(kernel, values, {m, replace}, means, stream.sync())) return means;
  // Other streams, no WebAssembly, or no memory for the kernel: the index sampler (its
  // fused loops for the default generator).
  const next = fastBatchSampler({n, m, replace}, stream);
  const indices = new Int32Array(m);
  for (let t = 0; t < trials; ++t) {
    next(indices);
    let sum = 0;
    for (let j = 0; j < m; ++j) sum += values[indices[j]];
    means[t] = sum / m;
  }
  return means;
}

// The fused index loops of fastBatchSampler. They keep the xoshiro128** state in
// locals (the step is the one of xoshiro128.ts, written out) and repeat
// BufferedStream.below: x·n is exact in doubles because n ≤ 2^21, Math.imul gives its
// low 32 bits and (x·n·2^-32) | 0 its high bits; x is rejected while
// low < (2^32 − n) mod n. V8 compiles these loops well only when they contain no call
// and no division, so the threshold that varies with the bound (without replacement)
// is computed outside the hot loop, after leaving it on the rare low < bound.
// An unsigned `low < threshold` is compared as signed 32-bit integers after flipping
// both sign bits, which V8 keeps in integer instructions (an unsigned comparison would
// go through doubles).
const TWO_TO_MINUS_32 = 2 ** -32;

/** The indices of one batch with replacement, as the kernel's meansWithReplacement draws them. */
function fillWithReplacement(out: Int32Array, n: number, m: number, state: Uint32Array, threshold: number): void {
  const scale = n * TWO_TO_MINUS_32, biasedThreshold = threshold ^ -2147483648;
  let s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (let j = 0; j < m; ) {
    const y = Math.imul(s1, 5);
    const x = Math.imul((y << 7) | (y >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t, s3 = (s3 << 11) | (s3 >>> 21);
    if ((Math.imul(x, n) ^ -2147483648) < biasedThreshold) continue;
    out[j++] = (x * scale) | 0;
  }
  state[0] = s0, state[1] = s1, state[2] = s2, state[3] = s3;
}

/**
 * The indices of one batch without replacement: batchSampler's partial Fisher–Yates
 * shuffle of an identity `pool`, drawn like batch-means.wat; it restores
 * the positions it wrote, in the same order as batchSampler.
 */
function fillWithoutReplacement(out: Int32Array, pool: Int32Array, written: Int32Array, m: number, state: Uint32Array): void {
  const n = pool.length;
  let s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  let j = 0;
  for (;;) {
    let pending = 0;
    for (; j < m; ++j) {
      const y = Math.imul(s1, 5);
      const x = Math.imul((y << 7) | (y >>> 25), 9); // signed here; x >>> 0 below
      const t = s1 << 9;
      s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t, s3 = (s3 << 11) | (s3 >>> 21);
      const bound = n - j;
      // low < bound, unsigned, as a signed comparison (see above)
      if ((Math.imul(x, bound) ^ -2147483648) < (bound ^ -2147483648)) {
        pending = x >>> 0;
        break;
      }
      const k = j + (((x >>> 0) * bound * TWO_TO_MINUS_32) | 0);
      out[j] = pool[k];
      pool[k] = pool[j];
      written[j] = k;
    }
    if (j === m) break;
    const bound = n - j;
    if (Math.imul(pending, bound) >>> 0 < rejectionThreshold(bound)) continue;
    const k = j + ((pending * bound * TWO_TO_MINUS_32) | 0);
    out[j] = pool[k];
    pool[k] = pool[j];
    written[j] = k;
    ++j;
  }
  state[0] = s0, state[1] = s1, state[2] = s2, state[3] = s3;
  for (let i = 0; i < m; ++i) {
    const k = written[i];
    pool[k] = k;
  }
}
