// The tilted double well L(w) = h·(w² − 1)² + a·w: two wells near w = ±1, the tilt a
// raising one of them. Its stationary points are found by bisection with + − × ÷ only,
// so the starting point and the escape line of every run are the same double in every
// JavaScript engine (a closed-form cubic root would need Math.cos/acos).
import {checkFinite, ParameterError} from "../validate.js";

export interface DoubleWellOptions {
  /** h > 0, the height of the symmetric double well's barrier (L(0) − L(±1) at a = 0). */
  h: number;
  /** a, the tilt. a > 0 raises the right well, a < 0 the left one. */
  a: number;
}

export interface DoubleWell extends DoubleWellOptions {
  /** The shallow minimum: where runs start. On the right (w > 0) when a ≥ 0. */
  shallow: number;
  /** The local maximum between the wells: the top of the barrier. */
  barrier: number;
  /** The deep minimum. */
  deep: number;
  /** ΔL = L(barrier) − L(shallow), the barrier seen from the shallow well. */
  barrierHeight: number;
  /** L″ at the shallow minimum (> 0) and at the barrier top (< 0). */
  curvatureShallow: number;
  curvatureBarrier: number;
  /** Halfway from the barrier top down to the deep minimum: a run has escaped once it crosses this line. */
  escapeLine: number;
  /** +1 when the shallow well is on the right, −1 when on the left. */
  side: 1 | -1;
}

/**
 * The critical tilt 8h/(3√3): L′(w) = 4h·w³ − 4h·w + a has three real roots (two
 * minima and a barrier) iff |a| < 8h/(3√3). At |a| = 8h/(3√3) the shallow minimum and
 * the barrier merge into an inflection point; beyond it L has a single minimum.
 */
export function criticalTilt(h: number): number {
  return (8 * h) / (3 * Math.sqrt(3));
}

export function checkDoubleWell({h, a}: DoubleWellOptions): void {
  checkFinite("h (well height)", h);
  if (!(h > 0)) throw new ParameterError("h (well height)", h, "a finite number > 0");
  checkFinite("a (tilt)", a);
  const critical = criticalTilt(h);
  if (!(Math.abs(a) < critical))
    throw new ParameterError(
      "a (tilt)",
      a,
      `a finite number with |a| < 8h/(3√3) = ${critical.toPrecision(6)} for h = ${h}: beyond that tilt L(w) = h(w² − 1)² + a·w has a single minimum, so there is no shallow well to escape from`
    );
}

export const loss = ({h, a}: DoubleWellOptions, w: number): number => {
  const u = w * w - 1;
  return h * u * u + a * w;
};

/** L′(w) = 4h·w(w² − 1) + a: the full gradient. */
export const gradient = ({h, a}: DoubleWellOptions, w: number): number => 4 * h * w * (w * w - 1) + a;

/** L″(w) = 12h·w² − 4h. */
export const curvature = ({h}: DoubleWellOptions, w: number): number => 12 * h * w * w - 4 * h;

/**
 * The root of L′ in [lo, hi], where L′ changes sign, by bisection down to adjacent
 * doubles (at most ~60 halvings on these brackets). Only + − × ÷ and comparisons.
 */
function rootOfGradient(well: DoubleWellOptions, lo: number, hi: number): number {
  let gLo = gradient(well, lo);
  for (let i = 0; i < 200; ++i) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    const gMid = gradient(well, mid);
    if (gMid === 0) return mid;
    if (gMid < 0 === gLo < 0) (lo = mid), (gLo = gMid);
    else hi = mid;
  }
  // Of the two adjacent doubles, the one where |L′| is smaller.
  return Math.abs(gradient(well, lo)) <= Math.abs(gradient(well, hi)) ? lo : hi;
}

/** The landscape with its stationary points; throws a ParameterError for a bad h or a. */
export function doubleWell(options: DoubleWellOptions): DoubleWell {
  checkDoubleWell(options);
  const {h, a} = options;
  // L′ has its own extrema at ±1/√3 (where L″ = 0): the three roots lie one in each of
  // (−2, −1/√3), (−1/√3, 1/√3), (1/√3, 2); |root| < 2/√3 < 2 whenever |a| < 8h/(3√3).
  const knee = 1 / Math.sqrt(3);
  const left = rootOfGradient(options, -2, -knee);
  const middle = rootOfGradient(options, -knee, knee);
  const right = rootOfGradient(options, knee, 2);
  const side = a >= 0 ? 1 : -1;
  const shallow = side === 1 ? right : left;
  const deep = side === 1 ? left : right;
  return {
    h, a, shallow, barrier: middle, deep, side,
    barrierHeight: loss(options, middle) - loss(options, shallow),
    curvatureShallow: curvature(options, shallow),
    curvatureBarrier: curvature(options, middle),
    escapeLine: middle + (deep - middle) / 2,
  };
}

/** Whether w lies beyond the escape line, on the deep well's side. */
export const hasEscaped = (well: DoubleWell, w: number): boolean => well.side * (w - well.escapeLine) < 0;
