// SMOTE (Chawla, Bowyer, Hall and Kegelmeyer 2002, "SMOTE: Synthetic Minority Over-sampling
// Technique", JAIR 16) on a fold's training rows, to the same target ratio as random
// oversampling (see resample.ts): every class with fewer than round(ratio * n_max) rows grows to
// that many, the others are untouched.
//
// Each synthetic row, as imbalanced-learn draws them: a (seed row, neighbour) pair uniformly
// among the class's rows and each row's k nearest neighbours of the SAME class (squared Euclidean
// distance in the model's input space: standardised numerics and one-hot columns as encoded),
// and u ~ U[0, 1) per row; the row is seed + u * (neighbour - seed).
//
// One-hot groups (categorical features): an interpolated one-hot group is not a category, so the
// synthetic row takes each whole group from the parent it lies nearer to (the seed when u < 0.5,
// else the neighbour). SMOTE-NC (Chawla et al. 2002, section 6.1) instead gives a nominal feature
// the value most of the seed's k neighbours share; taking it from a parent keeps every synthetic
// row a mix of exactly two real rows of the class, which the tests check.
// SMOTE-NC also adds the median of the minority class's numeric standard deviations, squared, to
// the distance for each differing nominal feature. Not done here: a differing one-hot group
// already adds 2 to the squared distance, and the numerics are standardised on the training rows
// (unit variance), so the two penalties are of the same size; the median-std penalty would only
// shrink it for a tight minority class.
//
// Output: the input rows in order, then the new rows class by class; `parents` gives both parents
// (input row indices) of each new row. A class of one row has no neighbour: its new rows are
// copies of it (sourceRows and both parents that row). A class of 2..k rows uses k = rows - 1.

import { FocalLabInputError } from '../errors';
import { derivedRandom } from '../random';
import { nearestNeighbours } from './neighbours';
import { oversampledCounts } from './resample';
import { DEFAULT_SAMPLING_RATIO, DEFAULT_SMOTE_NEIGHBOURS, checkRatio, checkTrainingRows, className, rowsByClass, type ResampledRows, type TrainingRows } from './rows';

/** SMOTE's neighbour count when none is given (the paper's and imbalanced-learn's). */
export { DEFAULT_SMOTE_NEIGHBOURS };

/** Input columns of one categorical feature's one-hot slots (EncodedFold.oneHotGroups). */
export interface OneHotGroup {
  start: number;
  width: number;
}

export interface SmoteOptions {
  /** Target ratio, in (0, 1]; default 1 (1:1). */
  ratio?: number;
  /** Nearest same-class neighbours to interpolate towards, a whole number >= 1; default 5. */
  k?: number;
  /** Seeds the draws: the same seed and rows give the same output. */
  seed: number;
  /** The one-hot groups of the inputs; each is copied whole from one parent. */
  oneHotGroups?: readonly OneHotGroup[];
  /** Class names by index, for the notices. */
  classNames?: readonly string[];
}

export interface SmoteRows extends ResampledRows {
  /** New rows, all after the input rows (rows - input rows); interpolated unless their class had one row. */
  synthetic: number;
  /** Two input row indices per new row, [seed, neighbour], in the order of the new rows. */
  parents: Int32Array;
  /** One sentence per class whose neighbour count had to be reduced (or that was copied). */
  notices: string[];
}

/** The sentence saying what is wrong with SMOTE's k, or null when it can be used. */
export function neighboursProblem(k: unknown): string | null {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 1000) {
    return `SMOTE's neighbour count k must be a whole number from 1 to 1000, like 5 (got ${String(k)}).`;
  }
  return null;
}

export function checkNeighbours(k: unknown): asserts k is number {
  const problem = neighboursProblem(k);
  if (problem) throw new FocalLabInputError('bad-option', problem);
}

function checkGroups(groups: readonly OneHotGroup[], width: number): void {
  for (const { start, width: size } of groups) {
    if (!Number.isInteger(start) || !Number.isInteger(size) || start < 0 || size < 1 || start + size > width) {
      throw new RangeError(`A one-hot group must lie within the ${width} input columns, got start ${start}, width ${size}.`);
    }
  }
}

/** SMOTE of the smaller class(es) to the ratio. */
export function smote(data: TrainingRows, options: SmoteOptions): SmoteRows {
  const started = performance.now();
  const ratio = options.ratio ?? DEFAULT_SAMPLING_RATIO;
  const k = options.k ?? DEFAULT_SMOTE_NEIGHBOURS;
  checkRatio(ratio);
  checkNeighbours(k);
  checkTrainingRows(data);
  const groups = options.oneHotGroups ?? [];
  checkGroups(groups, data.width);
  const { width, rows: inputRows } = data;

  const byClass = rowsByClass(data.labels);
  const targets = oversampledCounts(byClass.map((list) => list.length), ratio);
  const total = targets.reduce((a, b) => a + b, 0);
  const added = total - inputRows;
  const inputs = new Float32Array(total * width);
  inputs.set(data.inputs);
  const labels = new Uint8Array(total);
  labels.set(data.labels);
  const sourceRows = new Int32Array(total);
  for (let i = 0; i < inputRows; i++) sourceRows[i] = i;
  const parents = new Int32Array(2 * added);
  const notices: string[] = [];
  const random = derivedRandom(options.seed, 'smote');

  let at = inputRows;
  byClass.forEach((members, c) => {
    const count = members.length;
    const needed = targets[c] - count;
    if (needed <= 0) return;
    const name = className(options.classNames, c);
    if (count === 1) {
      notices.push(`SMOTE needs two training rows of a class to interpolate between; ${name} has one, so its ${needed} new row${needed === 1 ? ' is a copy' : 's are copies'} of it.`);
      const only = members[0];
      for (let s = 0; s < needed; s++, at++) {
        inputs.copyWithin(at * width, only * width, only * width + width);
        labels[at] = c;
        sourceRows[at] = only;
        parents[2 * (at - inputRows)] = only;
        parents[2 * (at - inputRows) + 1] = only;
      }
      return;
    }
    const neighbours = Math.min(k, count - 1);
    if (neighbours < k) {
      notices.push(`SMOTE interpolated ${name} towards its ${neighbours} nearest neighbour${neighbours === 1 ? '' : 's'}, not ${k}: it has only ${count} training rows.`);
    }
    // The class's rows in float64, one copy, so the neighbour search reads contiguous memory.
    const points = new Float64Array(count * width);
    for (let m = 0; m < count; m++) {
      for (let col = 0, a = members[m] * width, b = m * width; col < width; col++) points[b + col] = data.inputs[a + col];
    }
    const nearest = nearestNeighbours(points, count, width, neighbours);
    for (let s = 0; s < needed; s++, at++) {
      const pick = Math.floor(random() * count * neighbours);
      const seed = Math.floor(pick / neighbours);
      const neighbour = nearest[pick];
      const u = random();
      const x = seed * width;
      const y = neighbour * width;
      const out = at * width;
      for (let col = 0; col < width; col++) inputs[out + col] = points[x + col] + u * (points[y + col] - points[x + col]);
      // Each one-hot group whole from the nearer parent.
      const nearer = u < 0.5 ? x : y;
      for (const group of groups) {
        for (let col = group.start; col < group.start + group.width; col++) inputs[out + col] = points[nearer + col];
      }
      labels[at] = c;
      sourceRows[at] = -1;
      parents[2 * (at - inputRows)] = members[seed];
      parents[2 * (at - inputRows) + 1] = members[neighbour];
    }
  });
  return { inputs, labels, rows: total, width, sourceRows, seconds: (performance.now() - started) / 1000, synthetic: added, parents, notices };
}

