// Threshold moving as an arm: the same trained model, deciding at the threshold that maximised
// F1 on the fold's validation rows instead of 0.5. It is written as a shift of the logits by
// logit(threshold), so that 0.5 on the moved probabilities is that threshold: every "@0.5"
// metric is then the moved model's decision, ranking metrics are unchanged (a monotone shift),
// and results.json still recomputes every number from the stored probabilities.

import { sigmoid } from '../losses';
import { bestF1Threshold } from '../metrics';
import type { FoldPredictions } from './evaluateFold';

/** Thresholds are kept inside (1e-6, 1 − 1e-6): a shift by logit(0) or logit(1) would be infinite. */
const THRESHOLD_LIMIT = 1e-6;

/** The threshold that maximised F1 on the validation rows, as threshold moving uses it. */
export function movedThreshold(validationLabels: ArrayLike<number>, validationLogits: ArrayLike<number>): number {
  const probabilities = Float64Array.from(validationLogits, sigmoid);
  const threshold = bestF1Threshold(Float64Array.from(validationLabels), probabilities);
  return Math.min(Math.max(threshold, THRESHOLD_LIMIT), 1 - THRESHOLD_LIMIT);
}

/** The predictions of the same model with its decision moved to the validation-F1 threshold. */
export function moveThreshold(predictions: FoldPredictions): FoldPredictions & { threshold: number } {
  const threshold = movedThreshold(predictions.validationLabels, predictions.validationLogits);
  const shift = shiftFor(threshold);
  return {
    ...predictions,
    testLogits: Float64Array.from(predictions.testLogits, (z) => z - shift),
    validationLogits: Float64Array.from(predictions.validationLogits, (z) => z - shift),
    threshold,
  };
}

/** Grid logits (the decision regions) shifted the same way. */
export function moveLogits(logits: ArrayLike<number>, threshold: number): Float64Array {
  const shift = shiftFor(threshold);
  return Float64Array.from(logits, (z) => z - shift);
}

/**
 * logit(threshold), a hair less: a row exactly at the threshold counts as positive there
 * (p >= t), and must stay at or above 0.5 after the shift despite rounding.
 */
function shiftFor(threshold: number): number {
  return Math.log(threshold / (1 - threshold)) - 1e-9;
}
