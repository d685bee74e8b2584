// The base-rate predictor: every row gets the training prevalence. The floor any model must
// beat; its log-loss is the entropy of the labels.

export interface BaseRateModel {
  /** Share of positive (1) labels in the training rows. */
  prevalence: number;
}

export function fitBaseRate(labels: ArrayLike<number>): BaseRateModel {
  if (labels.length === 0) throw new RangeError('fitBaseRate needs at least one label.');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`fitBaseRate: labels must be 0 or 1; label ${i} is ${String(y)}.`);
    positives += y;
  }
  return { prevalence: positives / labels.length };
}

/** The training prevalence for each of `rows` rows (the inputs do not matter). */
export function predictBaseRate(model: BaseRateModel, rows: number): Float64Array {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`predictBaseRate: rows must be a whole number >= 0, got ${rows}.`);
  return new Float64Array(rows).fill(model.prevalence);
}
