// Probability-quality metrics: log loss, Brier score and the reliability diagram / ECE.

import type { ReliabilityBin } from '../results';
import { checkProbabilities } from './validate';

/**
 * Clipping used by log loss: float64 machine epsilon. scikit-learn 1.2's log_loss(eps='auto')
 * clips p to [eps, 1 - eps] with eps = finfo(dtype).eps (2.22e-16 for float64), so a
 * confident mistake (p = 0 for a positive) costs -log(2.22e-16) = 36.04, not Infinity.
 */
export const LOG_LOSS_EPS = Number.EPSILON;

/**
 * Mean binary cross-entropy of probabilities, as sklearn.metrics.log_loss in scikit-learn
 * 1.2: clip to [eps, 1 - eps], form the two columns [1 - p, p], renormalise them by their
 * sum (which can differ from 1 by an ulp), take -log of the true class's column.
 * Defined with one class too (sklearn then needs labels=[0, 1]).
 */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkProbabilities('logLoss', labels, probabilities);
  if (labels.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    const q = 1 - p;
    const total = q + p;
    sum -= Math.log((labels[i] === 1 ? p : q) / total);
  }
  return sum / labels.length;
}

/** Mean squared difference between the probability and the 0/1 label (sklearn brier_score_loss). */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkProbabilities('brierScore', labels, probabilities);
  if (labels.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = labels[i] - probabilities[i];
    sum += d * d;
  }
  return sum / labels.length;
}

/** Bin edges as numpy.linspace(0, 1, bins + 1) computes them, so edge cases bin identically. */
function binEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/**
 * Equal-width reliability bins over [0, 1], as sklearn.calibration.calibration_curve
 * (strategy='uniform'): a probability on an inner edge falls into the lower bin (bins are
 * (lower, upper], the first one [0, upper]). Unlike sklearn, empty bins are kept, with
 * count 0 and NaN for meanPredicted and fractionPositive (there is nothing to average).
 */
export function reliabilityBins(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 15): ReliabilityBin[] {
  checkProbabilities('reliabilityBins', labels, probabilities);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`reliabilityBins needs a whole number of bins >= 1, got ${bins}.`);
  const edges = binEdges(bins);
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i];
    // numpy.searchsorted(inner edges, p, side='left'): the number of inner edges < p.
    let b = Math.min(bins - 1, Math.floor(p * bins));
    while (b > 0 && edges[b] >= p) b--;
    while (b < bins - 1 && edges[b + 1] < p) b++;
    counts[b] += 1;
    sums[b] += p;
    positives[b] += labels[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const count = counts[b];
    out.push({
      lower: edges[b],
      upper: edges[b + 1],
      count,
      meanPredicted: count > 0 ? sums[b] / count : NaN,
      fractionPositive: count > 0 ? positives[b] / count : NaN,
    });
  }
  return out;
}

/** Expected calibration error: sum over bins of count / N * |fractionPositive - meanPredicted|; NaN with no samples. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  let total = 0;
  let weighted = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    total += bin.count;
    weighted += bin.count * Math.abs(bin.fractionPositive - bin.meanPredicted);
  }
  return total > 0 ? weighted / total : NaN;
}
