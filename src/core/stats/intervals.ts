// Confidence intervals for a comparison of losses: the mean of a metric over folds, the
// paired per-fold difference of two losses under cross-validation (corrected resampled
// t-test), and the paired difference on one holdout split (paired bootstrap over test rows).
// Intervals are null, never NaN, when there is too little to compute one: results.json must
// stay valid JSON.

import { derivedRandom, type Random } from '../random';
import { percentile } from './percentile';
import type { ResampleMetric } from './resampleMetrics';
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

/** A metric of positive-class probabilities against 0/1 labels, e.g. averagePrecisionScore. */
export type Metric = (labels: ArrayLike<number>, probabilities: ArrayLike<number>) => number;

export interface PairedBootstrapOptions {
  /** 0/1 labels of the test rows. */
  labels: ArrayLike<number>;
  /** The baseline model's probabilities on the same rows. */
  baseline: ArrayLike<number>;
  /** The candidate model's probabilities on the same rows. */
  candidate: ArrayLike<number>;
  /**
   * A plain metric is called on the full set, then twice per resample (candidate first, then
   * baseline) on copies of the drawn rows, in arrays reused between calls (it must not keep
   * them); it should depend on the set of (label, probability) pairs, not on their order. A ResampleMetric (averagePrecisionResampleMetric,
   * rocAucResampleMetric) is evaluated on row counts instead, without copying or sorting:
   * same seed, same resamples, same interval, many times faster.
   */
  metric: Metric | ResampleMetric;
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Same seed, same interval. */
  seed: number;
  level?: number;
}

export interface PairedBootstrapInterval {
  /** metric(candidate) − metric(baseline) on all test rows; null when not finite. */
  meanDifference: number | null;
  /** Percentile interval of the resampled differences; null when no resample gave a finite difference. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Resamples drawn. */
  resamples: number;
  /** Resamples whose difference was finite (e.g. not those that drew no positive). */
  validResamples: number;
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;

/** Evaluates "candidate − baseline" on the full set and on each resample, copying rows or counting them. */
interface PairedDifference {
  observed(): number;
  /** Draws one resample of n rows (row = ⌊u·n⌋, n draws) and returns its difference. */
  resample(random: Random): number;
}

function copiedRows(labels: ArrayLike<number>, baseline: ArrayLike<number>, candidate: ArrayLike<number>, metric: Metric): PairedDifference {
  const n = labels.length;
  // One set of buffers for all resamples: 2000 × 20,000 rows would otherwise allocate 1 GB.
  const sampleLabels = new Float64Array(n);
  const sampleBaseline = new Float64Array(n);
  const sampleCandidate = new Float64Array(n);
  return {
    observed: () => metric(labels, candidate) - metric(labels, baseline),
    resample(random) {
      for (let i = 0; i < n; i++) {
        const row = Math.floor(random() * n);
        sampleLabels[i] = labels[row];
        sampleBaseline[i] = baseline[row];
        sampleCandidate[i] = candidate[row];
      }
      return metric(sampleLabels, sampleCandidate) - metric(sampleLabels, sampleBaseline);
    },
  };
}

function countedRows(labels: ArrayLike<number>, baseline: ArrayLike<number>, candidate: ArrayLike<number>, metric: ResampleMetric): PairedDifference {
  const n = labels.length;
  const evaluateBaseline = metric.prepare(labels, baseline);
  const evaluateCandidate = metric.prepare(labels, candidate);
  const counts = new Uint32Array(n);
  return {
    observed() {
      counts.fill(1);
      return evaluateCandidate(counts) - evaluateBaseline(counts);
    },
    resample(random) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
      return evaluateCandidate(counts) - evaluateBaseline(counts);
    },
  };
}

/**
 * Paired bootstrap of a metric difference on one holdout split: each resample draws n test
 * rows with replacement, the same rows for both models, and records
 * Δ* = metric(labels*, candidate*) − metric(labels*, baseline*). Pairing keeps the part of the
 * row-to-row variation that both models share out of the interval. Resamples with a
 * non-finite Δ* are skipped and counted; the interval is the (1−level)/2 and (1+level)/2
 * percentiles of the finite Δ* (numpy.percentile, 'linear'). meanDifference is the observed
 * difference on all rows, not the mean of the Δ*.
 */
export function pairedBootstrapInterval(options: PairedBootstrapOptions): PairedBootstrapInterval {
  const { labels, baseline, candidate, metric, seed } = options;
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const level = options.level ?? 0.95;
  checkLevel('pairedBootstrapInterval', level);
  const n = labels.length;
  if (n === 0) throw new RangeError('pairedBootstrapInterval needs at least one test row.');
  if (baseline.length !== n || candidate.length !== n) {
    throw new RangeError(`pairedBootstrapInterval: ${n} labels but ${baseline.length} baseline and ${candidate.length} candidate probabilities.`);
  }
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new RangeError(`pairedBootstrapInterval needs a whole number of resamples >= 1, got ${resamples}.`);
  }

  const paired = typeof metric === 'function' ? copiedRows(labels, baseline, candidate, metric) : countedRows(labels, baseline, candidate, metric);
  const observed = paired.observed();
  const random = derivedRandom(seed, 'paired-bootstrap');
  const differences = new Float64Array(resamples);
  let valid = 0;
  for (let r = 0; r < resamples; r++) {
    const difference = paired.resample(random);
    if (Number.isFinite(difference)) differences[valid++] = difference;
  }

  const sorted = differences.subarray(0, valid).sort();
  const tailPercent = (100 - 100 * level) / 2; // 2.5 for level 0.95, without the rounding of (1 − 0.95)/2
  return {
    meanDifference: Number.isFinite(observed) ? observed : null,
    ciLow: valid > 0 ? percentile(sorted, tailPercent) : null,
    ciHigh: valid > 0 ? percentile(sorted, 100 - tailPercent) : null,
    resamples,
    validResamples: valid,
  };
}
