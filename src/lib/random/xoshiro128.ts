// xoshiro128** 1.1 (Blackman & Vigna, 2018): 128-bit state, period 2^128 − 1,
// 32-bit outputs. Fast in JavaScript because it needs only 32-bit operations.
import {JUMP_POLYNOMIALS} from "./jump-table.js";

/** Advances the state in place by one step and returns the 32-bit output. */
export function nextState(s: Uint32Array): number {
  const s1 = s[1];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s[2] ^= s[0];
  s[3] ^= s1;
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Advances s in place by the polynomial's number of steps (standard xoshiro jump). */
export function applyJump(s: Uint32Array, polynomial: readonly number[]): void {
  // nextState, inlined with the state in locals: opening a stream costs up to 64 jumps.
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  let a = 0, b = 0, c = 0, d = 0;
  for (let i = 0; i < 4; ++i) {
    const word = polynomial[i];
    for (let bit = 0; bit < 32; ++bit) {
      if (word & (1 << bit)) a ^= s0, b ^= s1, c ^= s2, d ^= s3;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
    }
  }
  s[0] = a, s[1] = b, s[2] = c, s[3] = d;
}

/** Advances s in place by 2^64 · (hi · 2^32 + lo) steps, for 32-bit unsigned hi and lo. */
export function jumpStreams(s: Uint32Array, hi: number, lo: number): void {
  for (let bit = 0; bit < 32; ++bit) {
    if ((lo >>> bit) & 1) applyJump(s, JUMP_POLYNOMIALS[bit]);
    if ((hi >>> bit) & 1) applyJump(s, JUMP_POLYNOMIALS[32 + bit]);
  }
}
