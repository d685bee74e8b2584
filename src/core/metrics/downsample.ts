// Curves are drawn in a webview and stored in results.json, so a 200k-row test set must
// not yield 200k points. Sampling evenly along the arc length keeps the detail where the
// curve bends and only thins out long straight or dense stretches.

import type { CurvePoint } from '../results';

export const DEFAULT_MAX_CURVE_POINTS = 200;

/**
 * At most maxPoints of the points, in order, always keeping the first and the last.
 * A subsequence, so any monotonicity of the input survives.
 */
export function downsampleCurve(points: CurvePoint[], maxPoints = DEFAULT_MAX_CURVE_POINTS): CurvePoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`maxPoints must be a whole number >= 2, got ${maxPoints}.`);
  }
  if (points.length <= maxPoints) return points.slice();
  const cumulative = new Float64Array(points.length);
  for (let i = 1; i < points.length; i++) {
    cumulative[i] = cumulative[i - 1] + Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  }
  // Several targets can land on one long straight segment and pick the same point, wasting
  // the budget; so look for the densest spacing whose distinct picks still fit in maxPoints.
  let lo = maxPoints;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sampleByArcLength(cumulative, mid).length <= maxPoints) lo = mid;
    else hi = mid - 1;
  }
  return sampleByArcLength(cumulative, lo).map((i) => points[i]);
}

/** Indices of the first point at or past each of `targets` evenly spaced arc positions, deduplicated. */
function sampleByArcLength(cumulative: Float64Array, targets: number): number[] {
  const last = cumulative.length - 1;
  const total = cumulative[last];
  const kept = [0];
  let i = 0;
  for (let k = 1; k < targets - 1; k++) {
    if (total > 0) {
      const target = (k * total) / (targets - 1);
      while (i < last && cumulative[i] < target) i++;
    } else {
      // All points coincide: fall back to sampling by index.
      i = Math.round((k * last) / (targets - 1));
    }
    if (i > kept[kept.length - 1] && i < last) kept.push(i);
  }
  kept.push(last);
  return kept;
}
