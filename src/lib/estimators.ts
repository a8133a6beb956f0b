// Numerically stable estimators (two-pass: the mean first, then squared deviations).

/** The arithmetic mean of the values. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; ++i) sum += values[i];
  const first = sum / n;
  // A second pass corrects the rounding error of the first (Higham, §1.9).
  let correction = 0;
  for (let i = 0; i < n; ++i) correction += values[i] - first;
  return first + correction / n;
}

/**
 * The variance with divisor n (the population variance), or n − ddof.
 * ddof = 0 matches numpy's np.var and the s² of the theory.
 */
export function variance(values: ArrayLike<number>, {ddof = 0}: {ddof?: number} = {}): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const centre = mean(values);
  let squares = 0, residual = 0;
  for (let i = 0; i < n; ++i) {
    const d = values[i] - centre;
    squares += d * d;
    residual += d;
  }
  // The corrected two-pass formula (Chan, Golub & LeVeque 1983).
  return (squares - (residual * residual) / n) / (n - ddof);
}
