// Reference rows for the loss comparison: the base-rate predictor and logistic regression,
// and Platt scaling to recalibrate any model's logits.

export * from './baseRate';
export * from './logisticRegression';
export * from './plattScaling';
export * from './referenceModel';
export * from './multinomialLogisticRegression';
export * from './linearReference';
