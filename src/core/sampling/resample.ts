// Random oversampling and random undersampling of a fold's training rows to a target ratio,
// as imbalanced-learn's RandomOverSampler and RandomUnderSampler do (for two or K classes).
//
// The ratio r is (rows of each smaller class) / (rows of the largest class) after resampling:
// - oversampling: every class with fewer than r * n_max rows grows to round(r * n_max) by copies
//   of its own rows drawn uniformly with replacement; classes at or above r * n_max are untouched
//   (oversampling never shrinks a class);
// - undersampling: every class with more than n_min / r rows is cut to round(n_min / r) rows drawn
//   uniformly without replacement; the others are untouched (undersampling never grows a class).
// n_max and n_min are over the classes that have training rows; a class with none stays empty.
// Output order is deterministic (the trainer shuffles): oversampling keeps every input row in
// order and appends the copies class by class; undersampling keeps the chosen rows in input order.

import { derivedRandom } from '../random';
import { DEFAULT_SAMPLING_RATIO, checkRatio, checkTrainingRows, gatherRows, rowsByClass, type ResampledRows, type TrainingRows } from './rows';

export interface ResampleOptions {
  /** Target ratio, in (0, 1]; default 1 (1:1). */
  ratio?: number;
  /** Seeds the draws: the same seed and rows give the same output. */
  seed: number;
}

/** The size each class grows to under oversampling at `ratio`: max(n_c, round(ratio * n_max)); 0 stays 0. */
export function oversampledCounts(counts: readonly number[], ratio: number): number[] {
  checkRatio(ratio);
  const target = Math.round(ratio * Math.max(0, ...counts));
  return counts.map((n) => (n > 0 ? Math.max(n, target) : 0));
}

/** The size each class shrinks to under undersampling at `ratio`: min(n_c, round(n_min / ratio)) over the classes with rows. */
export function undersampledCounts(counts: readonly number[], ratio: number): number[] {
  checkRatio(ratio);
  const present = counts.filter((n) => n > 0);
  if (present.length === 0) return counts.map(() => 0);
  const target = Math.round(Math.min(...present) / ratio);
  return counts.map((n) => Math.min(n, target));
}

/** Random oversampling of the smaller class(es): copies of their own rows, with replacement, to the ratio. */
export function randomOversample(data: TrainingRows, options: ResampleOptions): ResampledRows {
  const started = performance.now();
  const ratio = options.ratio ?? DEFAULT_SAMPLING_RATIO;
  checkRatio(ratio);
  checkTrainingRows(data);
  const byClass = rowsByClass(data.labels);
  const targets = oversampledCounts(byClass.map((list) => list.length), ratio);
  const total = targets.reduce((a, b) => a + b, 0);
  const sourceRows = new Int32Array(total);
  for (let i = 0; i < data.rows; i++) sourceRows[i] = i;
  const random = derivedRandom(options.seed, 'random-oversampling');
  let at = data.rows;
  byClass.forEach((list, c) => {
    for (let extra = targets[c] - list.length; extra > 0; extra--) sourceRows[at++] = list[Math.floor(random() * list.length)];
  });
  return gatherRows(data, sourceRows, started);
}

/** Random undersampling of the larger class(es): a uniform subset of their rows, without replacement, to the ratio. */
export function randomUndersample(data: TrainingRows, options: ResampleOptions): ResampledRows {
  const started = performance.now();
  const ratio = options.ratio ?? DEFAULT_SAMPLING_RATIO;
  checkRatio(ratio);
  checkTrainingRows(data);
  const byClass = rowsByClass(data.labels);
  const targets = undersampledCounts(byClass.map((list) => list.length), ratio);
  const keep = new Uint8Array(data.rows);
  const random = derivedRandom(options.seed, 'random-undersampling');
  byClass.forEach((list, c) => {
    const wanted = targets[c];
    if (wanted === list.length) {
      for (let i = 0; i < list.length; i++) keep[list[i]] = 1;
      return;
    }
    // Partial Fisher–Yates: the first `wanted` places end up a uniform subset.
    const order = Int32Array.from(list);
    for (let i = 0; i < wanted; i++) {
      const j = i + Math.floor(random() * (order.length - i));
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
      keep[order[i]] = 1;
    }
  });
  const total = targets.reduce((a, b) => a + b, 0);
  const sourceRows = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < data.rows; i++) if (keep[i]) sourceRows[at++] = i;
  return gatherRows(data, sourceRows, started);
}
