// Confidence intervals for a comparison of losses: the mean of a metric over folds, the
// paired per-fold difference of two losses under cross-validation (corrected resampled
// t-test). The paired bootstrap of a single split is in evaluation/bootstrap.ts.
// Intervals are null, never NaN, when there is too little to compute one: results.json must
// stay valid JSON.

import { studentTCdf, studentTQuantile } from './studentT';

export interface MeanInterval {
  /** Mean of the finite values; null when there are none. */
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** How many values were finite and used. */
  n: number;
}

export interface CorrectedResampledInterval {
  /** Mean of the finite paired differences (candidate − baseline); null when there are none. */
  meanDifference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** How many differences were finite and used. */
  n: number;
  /** √((1/n + n_test/n_train) · s²); null when n < 2. */
  standardError: number | null;
  /** n − 1; null when n < 2. */
  degreesOfFreedom: number | null;
  /** Two-sided p-value of "the mean difference is 0"; null when n < 2. */
  pValue: number | null;
}

function checkLevel(what: string, level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${what} needs a confidence level in (0, 1), got ${level}.`);
}

/** Mean and sample variance (n − 1) of the finite values; NaN (e.g. ROC-AUC of a one-class fold) and ±∞ are left out. */
function finiteSummary(values: ArrayLike<number>): { n: number; mean: number; variance: number } {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const n = finite.length;
  if (n === 0) return { n, mean: NaN, variance: NaN };
  // Shifting by the first value keeps equal values exactly equal (zero variance, not 1e-17)
  // and avoids cancellation for values far from zero.
  const shift = finite[0];
  let sum = 0;
  for (const value of finite) sum += value - shift;
  const shiftedMean = sum / n;
  let squares = 0;
  for (const value of finite) squares += (value - shift - shiftedMean) ** 2;
  return { n, mean: shift + shiftedMean, variance: n > 1 ? squares / (n - 1) : NaN };
}

/**
 * Mean of the finite values with its Student-t interval:
 * mean ± t_{(1+level)/2, n−1} · s / √n, s² = Σ(x − mean)² / (n − 1), as scipy.stats.t.interval
 * with scale = scipy.stats.sem. With n < 2 the interval is null (mean is the one value, or null).
 */
export function meanInterval(values: ArrayLike<number>, level = 0.95): MeanInterval {
  checkLevel('meanInterval', level);
  const { n, mean, variance } = finiteSummary(values);
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, n };
  if (n === 1) return { mean, ciLow: null, ciHigh: null, n };
  const halfWidth = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, n };
}

/**
 * The corrected resampled t-test (Nadeau & Bengio 2003; Bouckaert & Frank 2004 for repeated
 * K-fold) on paired per-fold differences d (candidate − baseline) over n = K·R test folds.
 * Folds share training rows, so the differences are correlated and the plain t-test's
 * s²/n underestimates the variance; the correction inflates it:
 *
 *   se = √((1/n + n_test/n_train) · s²),  s² = Σ(d − d̄)² / (n − 1),
 *   interval d̄ ± t_{(1+level)/2, n−1} · se,  p = 2 · P(T_{n−1} > |d̄| / se).
 *
 * testToTrainRatio is n_test/n_train: 1/(K − 1) for K-fold when every non-test row trains.
 * Non-finite differences are left out; with n < 2 the interval, se and p are null. When all
 * differences are equal (se = 0) the interval has zero width and p is 1 if they are 0, else 0.
 */
export function correctedResampledInterval(differences: ArrayLike<number>, testToTrainRatio: number, level = 0.95): CorrectedResampledInterval {
  checkLevel('correctedResampledInterval', level);
  if (!(testToTrainRatio >= 0 && Number.isFinite(testToTrainRatio))) {
    throw new RangeError(`correctedResampledInterval needs a finite testToTrainRatio >= 0, got ${testToTrainRatio}.`);
  }
  const { n, mean, variance } = finiteSummary(differences);
  if (n < 2) {
    return { meanDifference: n === 1 ? mean : null, ciLow: null, ciHigh: null, n, standardError: null, degreesOfFreedom: null, pValue: null };
  }
  const degreesOfFreedom = n - 1;
  const standardError = Math.sqrt((1 / n + testToTrainRatio) * variance);
  const halfWidth = studentTQuantile((1 + level) / 2, degreesOfFreedom) * standardError;
  const pValue = standardError === 0 ? (mean === 0 ? 1 : 0) : 2 * studentTCdf(-Math.abs(mean) / standardError, degreesOfFreedom);
  return { meanDifference: mean, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, n, standardError, degreesOfFreedom, pValue };
}
