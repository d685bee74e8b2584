// One shape for both reference rows, so cross-validation fits, predicts and recalibrates
// them like the network's losses without knowing which is which.

import { sigmoid } from '../losses';
import { fitBaseRate, predictBaseRate, type BaseRateModel } from './baseRate';
import { fitLogisticRegression, predictLogits, type LogisticRegressionModel, type LogisticRegressionOptions } from './logisticRegression';

export type ReferenceKind = 'base-rate' | 'logistic-regression';

interface ReferencePredictions {
  /**
   * Logits of the positive class. The base rate's is logit(prevalence) on every row:
   * ±Infinity when the training labels held one class.
   */
  predictLogits(inputs: Float32Array, rows: number, width: number): Float64Array;
  /** Probabilities of the positive class. */
  predictProbabilities(inputs: Float32Array, rows: number, width: number): Float64Array;
}

/** A fitted reference; `fitted` holds its plain-data parameters (safe to post between threads). */
export type ReferenceModel = ReferencePredictions &
  ({ readonly kind: 'base-rate'; readonly fitted: BaseRateModel } | { readonly kind: 'logistic-regression'; readonly fitted: LogisticRegressionModel });

/** Fits a reference of the given kind to row-major inputs and 0/1 labels; options apply to logistic regression. */
export function fitReferenceModel(
  kind: ReferenceKind,
  inputs: Float32Array,
  labels: Uint8Array,
  rows: number,
  width: number,
  options?: LogisticRegressionOptions,
): ReferenceModel {
  if (kind === 'base-rate') {
    if (labels.length !== rows) throw new RangeError(`fitReferenceModel: ${labels.length} labels for ${rows} rows.`);
    return baseRateReference(fitBaseRate(labels));
  }
  return logisticRegressionReference(fitLogisticRegression(inputs, labels, rows, width, options));
}

export function baseRateReference(fitted: BaseRateModel): ReferenceModel {
  const logit = Math.log(fitted.prevalence) - Math.log1p(-fitted.prevalence);
  return {
    kind: 'base-rate',
    fitted,
    predictLogits: (_inputs, rows) => new Float64Array(rows).fill(logit),
    predictProbabilities: (_inputs, rows) => predictBaseRate(fitted, rows),
  };
}

export function logisticRegressionReference(fitted: LogisticRegressionModel): ReferenceModel {
  return {
    kind: 'logistic-regression',
    fitted,
    predictLogits: (inputs, rows, width) => predictLogits(fitted, inputs, rows, width),
    predictProbabilities: (inputs, rows, width) => predictLogits(fitted, inputs, rows, width).map(sigmoid),
  };
}
