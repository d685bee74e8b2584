// The evaluation protocol's row assignments: stratified K-fold cross-validation, optionally
// repeated with other fold assignments, or one stratified train/validation/test split.
// In every fold the rows outside the test fold are split again (stratified) into training
// rows and validation rows: validation serves early stopping and the tuned threshold, the test
// fold only the final metrics. Everything depends only on the labels and the seed.

import { FocalLabInputError, quoted } from '../errors';
import { derivedRandom, shuffleInPlace } from '../random';
import { rowsByClass, stratifiedSplit, type SplitFractions } from '../dataset/split';

export interface EvaluationProtocol {
  /** 1 = a single stratified train/validation/test split (`split`); 2 or more = K-fold cross-validation. */
  folds: number;
  /** Cross-validation repeated with other fold assignments (1 = once). Ignored when folds is 1. */
  repeats: number;
  /** Share of each fold's non-test rows held out for validation (cross-validation only). */
  validationShare: number;
  /** The single split's fractions (folds = 1 only). */
  split: SplitFractions;
  seed: number;
}

export interface FoldRows {
  /** 0-based repeat and fold numbers. */
  repeat: number;
  fold: number;
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

/** Each class needs a row in the training, validation and test part of every fold. */
const MIN_ROWS_PER_CLASS_PER_FOLD = 3;

/**
 * The folds of the protocol over the rows whose label is 0 or 1 (255 = no target: left out), or
 * 0..K-1 when `classNames.classes` names K >= 3 classes (one multi-class model).
 * Rows of each class are shuffled with the seed (a fresh order per repeat) and dealt to the
 * folds in turn, so every fold holds ⌊n_c/K⌋ or ⌈n_c/K⌉ rows of class c and every row is in
 * exactly one test fold per repeat.
 */
const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;
const NOT_IN_FOLD = 3;

export function assignFolds(labelOfRow: Uint8Array, protocol: EvaluationProtocol, classNames: { positive: string; negative: string; classes?: readonly string[] }): FoldRows[] {
  const multiclass = classNames.classes !== undefined && classNames.classes.length >= 3;
  if (protocol.folds === 1) {
    const split = stratifiedSplit(labelOfRow, protocol.split, protocol.seed, classNames.positive, classNames.negative, multiclass ? classNames.classes : undefined);
    return [{ repeat: 0, fold: 0, ...split }];
  }
  const { folds, repeats } = protocol;
  const byClass = rowsByClass(labelOfRow, multiclass ? classNames.classes!.length : 2);
  const needed = folds * MIN_ROWS_PER_CLASS_PER_FOLD;
  const named: (readonly [number, string])[] = multiclass ? classNames.classes!.map((name, c) => [c, name] as const) : [[1, classNames.positive], [0, classNames.negative]];
  for (const [label, name] of named) {
    if (byClass[label].length < needed) {
      throw new FocalLabInputError(
        'too-few-minority',
        `The class ${quoted(name)} has only ${byClass[label].length} row${byClass[label].length === 1 ? '' : 's'}; ${folds}-fold cross-validation needs at least ${needed} (${MIN_ROWS_PER_CLASS_PER_FOLD} per fold, for its training, validation and test parts) — use fewer folds (--folds ${Math.max(2, Math.floor(byClass[label].length / MIN_ROWS_PER_CLASS_PER_FOLD))}), a file with more examples of it, or another positive class (--positive).`,
      );
    }
  }
  const result: FoldRows[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const foldOfRow = new Int32Array(labelOfRow.length).fill(-1);
    const random = derivedRandom(protocol.seed, `folds:${repeat}`);
    for (const rowsOfClass of byClass) {
      const order = Uint32Array.from(rowsOfClass);
      shuffleInPlace(order, random);
      for (let i = 0; i < order.length; i++) foldOfRow[order[i]] = i % folds;
    }
    const validationRandom = derivedRandom(protocol.seed, `validation:${repeat}`);
    // Each row's part in the fold, then the parts collected in row order: sorted without sorting.
    const part = new Uint8Array(labelOfRow.length);
    const counts = [0, 0, 0];
    for (let fold = 0; fold < folds; fold++) {
      const rest = byClass.map((rowsOfClass) => new Uint32Array(rowsOfClass.length));
      const restCount = byClass.map(() => 0);
      part.fill(NOT_IN_FOLD);
      counts.fill(0);
      for (let row = 0; row < labelOfRow.length; row++) {
        if (foldOfRow[row] < 0) continue;
        if (foldOfRow[row] === fold) part[row] = TEST;
        else rest[labelOfRow[row]][restCount[labelOfRow[row]]++] = row;
      }
      for (let c = 0; c < rest.length; c++) {
        const order = rest[c].subarray(0, restCount[c]);
        shuffleInPlace(order, validationRandom);
        const validationCount = Math.min(order.length - 1, Math.max(1, Math.round(order.length * protocol.validationShare)));
        for (let i = 0; i < order.length; i++) part[order[i]] = i < validationCount ? VALIDATION : TRAIN;
      }
      for (let row = 0; row < part.length; row++) if (part[row] !== NOT_IN_FOLD) counts[part[row]]++;
      const rowsOf = counts.map((count) => new Uint32Array(count));
      counts.fill(0);
      for (let row = 0; row < part.length; row++) if (part[row] !== NOT_IN_FOLD) rowsOf[part[row]][counts[part[row]]++] = row;
      result.push({ repeat, fold, train: rowsOf[TRAIN], validation: rowsOf[VALIDATION], test: rowsOf[TEST] });
    }
  }
  return result;
}

/** Positives in the given rows (labels 0/1). */
export function positivesIn(labelOfRow: Uint8Array, rows: Uint32Array): number {
  let count = 0;
  for (const row of rows) if (labelOfRow[row] === 1) count++;
  return count;
}
