// The linear reference of a fold, as one job: logistic regression (binary, or multinomial for
// three or more classes) fitted on the fold's training rows and scored on its validation and test
// rows. The comparison hands it to a training thread, so a slow fit (many classes, many rows)
// never holds up the comparison's live events.

import { fitLogisticRegression, predictLogits } from './logisticRegression';
import { fitMultinomialLogisticRegression, predictMultinomialLogits } from './multinomialLogisticRegression';

interface Rows {
  inputs: Float32Array;
  labels: Uint8Array;
  rows: number;
}

export interface LinearReferenceData {
  /** 2 = binary logistic regression (one logit per row); K >= 3 = multinomial (K logits per row). */
  classes: number;
  width: number;
  train: Rows;
  validation: Rows;
  test: Rows;
}

export function linearReferenceLogits(data: LinearReferenceData, signal?: AbortSignal): { testLogits: Float64Array; validationLogits: Float64Array } {
  const { width, train, validation, test } = data;
  if (data.classes <= 2) {
    const model = fitLogisticRegression(train.inputs, train.labels, train.rows, width, { signal });
    return { testLogits: predictLogits(model, test.inputs, test.rows, width), validationLogits: predictLogits(model, validation.inputs, validation.rows, width) };
  }
  const model = fitMultinomialLogisticRegression(train.inputs, train.labels, train.rows, width, data.classes, { signal });
  return {
    testLogits: predictMultinomialLogits(model, test.inputs, test.rows, width),
    validationLogits: predictMultinomialLogits(model, validation.inputs, validation.rows, width),
  };
}
