// The Wilson score interval for a binomial proportion: better behaved than p̂ ± z·SE
// near 0 and 1 (it never leaves [0, 1] and is not empty at k = 0 or k = n).
import {checkInteger, checkFinite} from "./validate.js";

/** z for a central 95% interval: the 0.975 quantile of the standard normal. */
export const Z95 = 1.959963984540054;

export interface Interval { low: number; high: number }

/** Wilson's interval for k successes in n trials (Wilson 1927). */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  checkInteger("n (trials)", n, 1);
  checkInteger("k (successes)", k, 0, n);
  checkFinite("z", z, 0);
  const p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp the rounding at the ends: at k = 0 the low end is exactly 0, at k = n the high end 1.
  return {low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half)};
}
