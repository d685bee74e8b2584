// Metrics of hard predictions at one threshold (positive when p >= threshold), all derived
// from the 2x2 confusion matrix, following scikit-learn's definitions.

import type { PerClassMetrics, ThresholdMetrics } from '../results';
import { checkProbabilities } from './validate';

/** [[tn, fp], [fn, tp]]: rows are the true class, columns the prediction, positive second. */
export type Confusion = ThresholdMetrics['confusion'];

export function confusionAtThreshold(labels: ArrayLike<number>, probabilities: ArrayLike<number>, threshold: number): Confusion {
  checkProbabilities('confusionAtThreshold', labels, probabilities);
  if (Number.isNaN(threshold)) throw new RangeError('confusionAtThreshold: threshold is NaN.');
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let tp = 0;
  for (let i = 0; i < labels.length; i++) {
    const predictedPositive = probabilities[i] >= threshold;
    if (labels[i] === 1) {
      if (predictedPositive) tp++;
      else fn++;
    } else if (predictedPositive) fp++;
    else tn++;
  }
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/** sklearn's zero_division=0: a ratio with an empty denominator counts as 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function accuracy(confusion: Confusion): number {
  const [[tn, fp], [fn, tp]] = confusion;
  const n = tn + fp + fn + tp;
  return n === 0 ? NaN : (tn + tp) / n;
}

/**
 * Mean recall over the classes present in the labels (sklearn balanced_accuracy_score,
 * which drops a class with no true samples); NaN with no samples.
 */
export function balancedAccuracy(confusion: Confusion): number {
  const [[tn, fp], [fn, tp]] = confusion;
  const recalls: number[] = [];
  if (tn + fp > 0) recalls.push(tn / (tn + fp));
  if (fn + tp > 0) recalls.push(tp / (fn + tp));
  if (recalls.length === 0) return NaN;
  return recalls.length === 1 ? recalls[0] : (recalls[0] + recalls[1]) / 2;
}

/** Matthews correlation coefficient with sklearn matthews_corrcoef's formula; 0 when undefined. */
export function matthewsCorrelation(confusion: Confusion): number {
  const [[tn, fp], [fn, tp]] = confusion;
  const trueNegatives = tn + fp; // row sums: samples per true class
  const truePositives = fn + tp;
  const predictedNegative = tn + fn; // column sums: samples per predicted class
  const predictedPositive = fp + tp;
  const n = trueNegatives + truePositives;
  const covTruePredicted = (tn + tp) * n - (trueNegatives * predictedNegative + truePositives * predictedPositive);
  const covPredicted = n * n - (predictedNegative * predictedNegative + predictedPositive * predictedPositive);
  const covTrue = n * n - (trueNegatives * trueNegatives + truePositives * truePositives);
  if (covPredicted * covTrue === 0) return 0;
  return covTruePredicted / Math.sqrt(covTrue * covPredicted);
}

/** Geometric mean of the two recalls, sqrt(TPR * TNR); a recall with no samples counts as 0. */
export function gMean(confusion: Confusion): number {
  const [[tn, fp], [fn, tp]] = confusion;
  return Math.sqrt(ratio(tp, tp + fn) * ratio(tn, tn + fp));
}

/** Precision, recall, F1 and support of one class (sklearn precision_recall_fscore_support, zero_division=0). */
function classMetrics(truePositive: number, falsePositive: number, falseNegative: number): PerClassMetrics {
  const precision = ratio(truePositive, truePositive + falsePositive);
  const recall = ratio(truePositive, truePositive + falseNegative);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: truePositive + falseNegative };
}

/** Per-class metrics for the negative (0) and the positive (1) class. */
export function perClassMetrics(confusion: Confusion): { negative: PerClassMetrics; positive: PerClassMetrics } {
  const [[tn, fp], [fn, tp]] = confusion;
  return { negative: classMetrics(tn, fn, fp), positive: classMetrics(tp, fp, fn) };
}
