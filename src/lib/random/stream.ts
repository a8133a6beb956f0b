// The default random source: xoshiro128** with one non-overlapping stream per
// (seed, cell).
//
// Generator: xoshiro128** 1.1, period 2^128 − 1, 32-bit outputs.
// Streams: every stream starts from the same fixed base state, jumped ahead by
//   2^64 · (seed · 2^32 + cell) steps,
// where seed and cell are 32-bit unsigned integers. So each (seed, cell) owns its own
// block of 2^64 consecutive outputs of one period, and no two streams can overlap
// unless one draws more than 2^64 numbers. The jump uses precomputed polynomials
// x^(2^k) mod p(x) (see jump-table.ts), so opening any stream costs at most 64 jumps.
// A cell is a 32-bit hash of the parameters that define a grid cell (see cellId).
import {jumpStreams, nextState} from "./xoshiro128.js";
import {checkInteger} from "../validate.js";

/** Digits of φ, π and e: any non-zero state works; this one is easy to recognise. */
const BASE_STATE = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x3c6ef372];

export const GENERATOR_INFO = {
  algorithm: "xoshiro128** 1.1",
  period: "2^128 - 1",
  streams: "stream (seed, cell) = base state jumped by 2^64 * (seed * 2^32 + cell) steps; cell = FNV-1a/murmur3-fmix32 hash of the cell's parameters",
} as const;

export interface RandomStream {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits; a d3-random `.source()`. */
  random(): number;
  /** A uniform integer in [0, n), exactly unbiased (Lemire's method), for 1 ≤ n ≤ 2^21. */
  below(n: number): number;
}

/** Opens the stream for (seed, cell). Both are 32-bit unsigned integers. */
export function randomStream(seed: number, cell: number): RandomStream {
  checkInteger("seed", seed, 0, 0xffffffff);
  checkInteger("cell", cell, 0, 0xffffffff);
  const s = Uint32Array.from(BASE_STATE);
  jumpStreams(s, seed, cell);
  return streamFromState(s);
}

const BUFFER_SIZE = 256;
const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * The default generator's stream. It reads the generator's outputs strictly in order,
 * through a buffer that is refilled by a tight loop over local variables (much faster
 * than stepping a typed array).
 */
export class BufferedStream implements RandomStream {
  private readonly buffer = new Uint32Array(BUFFER_SIZE);
  private position = BUFFER_SIZE;
  /** The state the buffered outputs were generated from. */
  private readonly start = new Uint32Array(4);
  constructor(private readonly state: Uint32Array) {}

  private refill(): void {
    const {state, buffer} = this;
    this.start.set(state);
    let s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
    for (let i = 0; i < BUFFER_SIZE; ++i) {
      const x = Math.imul(s1, 5);
      buffer[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    state[0] = s0, state[1] = s1, state[2] = s2, state[3] = s3;
    this.position = 0;
  }

  /**
   * Drops the buffered outputs not read yet and returns the generator state just after
   * the last output read, for hot loops that step xoshiro128** themselves (see
   * sampling.ts). Advancing this state in place continues the stream exactly where
   * nextUint32() would have; the stream's methods go on from the advanced state.
   */
  sync(): Uint32Array {
    if (this.position < BUFFER_SIZE) {
      this.state.set(this.start);
      for (let i = 0; i < this.position; ++i) nextState(this.state);
      this.position = BUFFER_SIZE;
    }
    return this.state;
  }

  nextUint32(): number {
    if (this.position === BUFFER_SIZE) this.refill();
    return this.buffer[this.position++];
  }

  random = (): number => {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  below(n: number): number {
    // Lemire (2019). The low 32 bits of x·n come from Math.imul; the high ones from
    // the double x·n, which is exact because n ≤ 2^21 (x·n < 2^53), as is its scaling
    // by 2^-32, and `| 0` floors it exactly because it is below n ≤ 2^21 < 2^31.
    let x = this.nextUint32();
    let low = Math.imul(x, n) >>> 0;
    if (low < n) {
      const threshold = rejectionThreshold(n);
      while (low < threshold) {
        x = this.nextUint32();
        low = Math.imul(x, n) >>> 0;
      }
    }
    return (x * n * TWO_TO_MINUS_32) | 0;
  }
}

/**
 * Lemire's method rejects an output x for the bound n when the low 32 bits of x·n are
 * below (2^32 − n) mod n. The threshold is < n, so only outputs with low < n need it.
 */
export function rejectionThreshold(n: number): number {
  return (4294967296 - n) % n;
}

function streamFromState(s: Uint32Array): RandomStream {
  return new BufferedStream(s);
}

/** A 32-bit hash of a cell's defining parameters, stable across JS engines. */
export function cellId(...parts: (string | number | boolean)[]): number {
  const text = JSON.stringify(parts);
  let h = 0x811c9dc5; // FNV-1a over UTF-16 code units
  for (let i = 0; i < text.length; ++i) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16; // murmur3 fmix32 spreads FNV's weak high bits
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
