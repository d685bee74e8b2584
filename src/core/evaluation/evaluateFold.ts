// One model on one fold: metrics on the test rows at 0.5 and at the threshold tuned on the
// validation rows, and the calibration metrics after Platt scaling fitted on the validation rows.

import { sigmoid } from '../losses';
import { bestF1Threshold, brierScore, computeMetrics, expectedCalibrationError, logLoss, reliabilityBins, DEFAULT_ECE_BINS } from '../metrics';
import { applyPlattScaling, fitPlattScaling } from '../reference';
import type { FoldEvaluation } from '../results';

export interface FoldPredictions {
  repeat: number;
  fold: number;
  trainRows: number;
  /** The file's data-row index of each test row. */
  testRows: Uint32Array;
  testLabels: Uint8Array;
  /** Logits (log-odds of the positive class) on the test and validation rows. */
  testLogits: ArrayLike<number>;
  validationLabels: Uint8Array;
  validationLogits: ArrayLike<number>;
}

/** 10^k, exact in float64 for k <= 22. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Probabilities are stored to 7 significant digits: every metric is computed from the stored values, so results.json recomputes them exactly.
 * The value is Number(value.toPrecision(7)), computed without the string where arithmetic gives
 * the same double (a quarter of the time, and every fold's test rows go through here): n / 10^k
 * with both exact is the double nearest the 7-digit decimal, as parsing it is; n is the rounded
 * value·10^k unless that product lies within rounding of a tie, and then the string decides.
 */
export function compactProbability(value: number): number {
  if (value > 1e-15 && value < 1) {
    const k = 6 - Math.floor(Math.log10(value));
    const scaled = value * POWERS_OF_TEN[k];
    const n = Math.round(scaled);
    if (n >= 1e6 && n <= 1e7 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return n / POWERS_OF_TEN[k];
  }
  return Number(value.toPrecision(7));
}

/** The log-odds of a stored probability, clamped where 7 digits saturate (p = 0 or 1). */
export function storedLogit(probability: number): number {
  const p = Math.min(Math.max(probability, 1e-12), 1 - 1e-12);
  return Math.log(p / (1 - p));
}

export function evaluateFold(predictions: FoldPredictions, classes: { positiveClass: string; negativeClass: string }): FoldEvaluation {
  const testProbabilities = Array.from(predictions.testLogits, (z) => compactProbability(sigmoid(z)));
  const validationProbabilities = Float64Array.from(predictions.validationLogits, sigmoid);
  const validationLabels = Float64Array.from(predictions.validationLabels);
  const testLabels = Array.from(predictions.testLabels);
  const tunedThreshold = bestF1Threshold(validationLabels, validationProbabilities);
  const metrics = computeMetrics(testLabels, testProbabilities, {
    ...classes,
    thresholds: [
      { threshold: 0.5, source: 'default' },
      { threshold: tunedThreshold, source: 'validation-f1' },
    ],
  });
  const platt = fitPlattScaling(predictions.validationLogits, predictions.validationLabels);
  // Applied to the stored probabilities' log-odds, so the numbers can be recomputed from results.json.
  const recalibrated = applyPlattScaling(platt, testProbabilities.map(storedLogit));
  let validationPositives = 0;
  for (const label of predictions.validationLabels) validationPositives += label;
  let testPositives = 0;
  for (const label of testLabels) testPositives += label;
  return {
    repeat: predictions.repeat,
    fold: predictions.fold,
    metrics,
    recalibrated: {
      logLoss: logLoss(testLabels, recalibrated),
      brier: brierScore(testLabels, recalibrated),
      ece: expectedCalibrationError(reliabilityBins(testLabels, recalibrated, DEFAULT_ECE_BINS)),
      slope: platt.slope,
      intercept: platt.intercept,
    },
    rows: { train: predictions.trainRows, validation: predictions.validationLabels.length, test: testLabels.length, validationPositives, testPositives },
    test: { rows: Array.from(predictions.testRows), labels: testLabels, probabilities: testProbabilities },
  };
}
