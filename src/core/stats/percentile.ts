// Percentiles of a sorted sample, as numpy.percentile(method='linear') computes them, so a
// bootstrap interval here equals the one a Python user gets from the same resampled values.

/**
 * The q-th percentile (q in [0, 100]) of values sorted ascending, by linear interpolation
 * between order statistics (Hyndman & Fan type 7, numpy's default):
 * h = (n − 1) · q/100, i = ⌊h⌋, γ = h − i, result = x[i] + γ · (x[i+1] − x[i]).
 * Like numpy, the interpolation is written from the nearer end (x[i+1] − (1 − γ)·(x[i+1] − x[i])
 * when γ ≥ ½), which makes the two agree to the last bit.
 */
export function percentile(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) throw new RangeError('percentile needs at least one value.');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile needs q in [0, 100], got ${q}.`);
  const position = (n - 1) * (q / 100);
  if (position >= n - 1) return sortedValues[n - 1];
  const below = Math.floor(position);
  const gamma = position - below;
  const a = sortedValues[below];
  const b = sortedValues[below + 1];
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}
