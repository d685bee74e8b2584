// What the resamplers take and give back, and the checks they share. A resampler sees only a
// fold's training rows: the caller never passes validation or test rows in.

import { FocalLabInputError, quoted } from '../errors';

/** A fold's training rows: row-major float32 inputs (standardised numerics and one-hot groups) and class indices 0..K-1. */
export interface TrainingRows {
  inputs: Float32Array;
  labels: Uint8Array;
  rows: number;
  width: number;
}

/** The resampled training rows (a TrainingRows itself, so it can be resampled or trained on as it is). */
export interface ResampledRows extends TrainingRows {
  /** For each output row, the input row it copies; -1 for a synthetic (interpolated) row. */
  sourceRows: Int32Array;
  /** Time the resampling took. */
  seconds: number;
}

/** The resampling methods (their table is SAMPLING_METHODS in methods.ts). Declared here, with the defaults, so that what only names them (the arms, the panel) does not load the SMOTE kernel. */
export type SamplingMethod = 'oversample' | 'undersample' | 'smote';

/** SMOTE's nearest same-class neighbours when none is given (Chawla et al. 2002). */
export const DEFAULT_SMOTE_NEIGHBOURS = 5;

/** The ratio used when none is given: every class as large as the largest (oversampling) or as small as the smallest (undersampling). */
export const DEFAULT_SAMPLING_RATIO = 1;

/** The sentence saying what is wrong with a sampling ratio, or null when it can be used. */
export function ratioProblem(ratio: unknown): string | null {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0 || ratio > 1) {
    return `The sampling ratio (rows of a smaller class per row of the largest, after resampling) must be a number above 0 and at most 1, like 1 or 0.5 (got ${String(ratio)}).`;
  }
  return null;
}

export function checkRatio(ratio: unknown): asserts ratio is number {
  const problem = ratioProblem(ratio);
  if (problem) throw new FocalLabInputError('bad-option', problem);
}

/** Shape checks: a mismatch is a bug in the caller, not a user's mistake. */
export function checkTrainingRows(data: TrainingRows): void {
  const { inputs, labels, rows, width } = data;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(width) || width < 1) {
    throw new RangeError(`Training rows need a whole number of rows and a width of at least 1, got ${rows} rows of width ${width}.`);
  }
  if (inputs.length !== rows * width) throw new RangeError(`inputs must hold rows * width = ${rows * width} values, got ${inputs.length}.`);
  if (labels.length !== rows) throw new RangeError(`labels must hold one class index per row (${rows}), got ${labels.length}.`);
}

/** Row indices of each class, ascending; classes run 0..max label (a class without rows has an empty list). */
export function rowsByClass(labels: Uint8Array): Int32Array[] {
  let classes = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > classes) classes = labels[i] + 1;
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const lists = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) lists[labels[i]][filled[labels[i]]++] = i;
  return lists;
}

/** The output rows that copy input rows: inputs and labels gathered by `sourceRows` (none may be -1). */
export function gatherRows(data: TrainingRows, sourceRows: Int32Array, started: number): ResampledRows {
  const { width } = data;
  const rows = sourceRows.length;
  const inputs = new Float32Array(rows * width);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const from = sourceRows[r];
    // A plain loop: a subarray per row costs an allocation each on 100,000 rows.
    for (let c = 0, a = from * width, b = r * width; c < width; c++) inputs[b + c] = data.inputs[a + c];
    labels[r] = data.labels[from];
  }
  return { inputs, labels, rows, width, sourceRows, seconds: (performance.now() - started) / 1000 };
}

/** The class name for a message: the user's name when known, else "class c". */
export function className(classNames: readonly string[] | undefined, c: number): string {
  const name = classNames?.[c];
  return name === undefined ? `class ${c}` : `class ${quoted(name)}`;
}
