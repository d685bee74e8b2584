// Everything the results panel and report show about one model's test predictions,
// in the shape of ModelMetrics (results.ts).

import type { ModelMetrics, ThresholdMetrics } from '../results';
import { expectedCalibrationError, logLoss, brierScore, reliabilityBins } from './calibration';
import { DEFAULT_MAX_CURVE_POINTS } from './downsample';
import { averagePrecisionFromRanked, rankScores, rocAucFromRanked, rocCurveFromRanked, prCurveFromRanked } from './ranking';
import { accuracy, balancedAccuracy, confusionAtThreshold, gMean, matthewsCorrelation, perClassMetrics } from './threshold';
import { checkProbabilities } from './validate';

export * from './calibration';
export * from './downsample';
export * from './ranking';
export * from './threshold';

export interface MetricsOptions {
  positiveClass: string;
  negativeClass: string;
  /** Thresholds to report hard-prediction metrics at (predict positive when p >= threshold). */
  thresholds: { threshold: number; source: ThresholdMetrics['thresholdSource'] }[];
  /** Equal-width reliability bins (default 15). */
  eceBins?: number;
  /** Most points per curve (default 200). */
  maxCurvePoints?: number;
}

export const DEFAULT_ECE_BINS = 15;

/**
 * All metrics of positive-class probabilities against 0/1 labels (1 = positive class).
 * ROC-AUC and PR-AUC are NaN, and the ROC curve empty, when the labels hold one class only.
 */
export function computeMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: MetricsOptions): ModelMetrics {
  checkProbabilities('computeMetrics', labels, probabilities);
  if (labels.length === 0) throw new RangeError('computeMetrics needs at least one sample.');
  if (options.positiveClass === options.negativeClass) {
    throw new RangeError(`computeMetrics: the positive and negative class must differ, both are '${options.positiveClass}'.`);
  }
  const maxCurvePoints = options.maxCurvePoints ?? DEFAULT_MAX_CURVE_POINTS;
  const ranked = rankScores(labels, probabilities);
  const reliability = reliabilityBins(labels, probabilities, options.eceBins ?? DEFAULT_ECE_BINS);
  return {
    rocAuc: rocAucFromRanked(ranked),
    prAuc: averagePrecisionFromRanked(ranked),
    logLoss: logLoss(labels, probabilities),
    brier: brierScore(labels, probabilities),
    ece: expectedCalibrationError(reliability),
    reliability,
    rocCurve: rocCurveFromRanked(ranked, maxCurvePoints),
    prCurve: prCurveFromRanked(ranked, maxCurvePoints),
    atThreshold: options.thresholds.map(({ threshold, source }) => thresholdMetrics(confusionAtThreshold(labels, probabilities, threshold), threshold, source, options)),
  };
}

/** Every hard-prediction metric of one confusion matrix, as ThresholdMetrics. */
export function thresholdMetrics(
  confusion: ThresholdMetrics['confusion'],
  threshold: number,
  source: ThresholdMetrics['thresholdSource'],
  classes: { positiveClass: string; negativeClass: string },
): ThresholdMetrics {
  const { negative, positive } = perClassMetrics(confusion);
  return {
    threshold,
    thresholdSource: source,
    accuracy: accuracy(confusion),
    balancedAccuracy: balancedAccuracy(confusion),
    mcc: matthewsCorrelation(confusion),
    gMean: gMean(confusion),
    confusion,
    // Insertion order puts the negative class first (integer-like names such as "0"/"1"
    // are ordered numerically by JavaScript whatever the insertion order).
    perClass: { [classes.negativeClass]: negative, [classes.positiveClass]: positive },
  };
}
