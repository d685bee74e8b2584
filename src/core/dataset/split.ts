// Stratified train / validation / test split: every split keeps the class ratio,
// which matters most for the rare class.

import { FocalLabInputError, quoted } from '../errors';
import { derivedRandom, shuffleInPlace } from '../random';

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export interface SplitIndices {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

/** Fewer rows than this cannot be split into three useful parts. */
export const MIN_ROWS = 10;
/** Each class needs a row in each of the three splits. */
const MIN_ROWS_PER_CLASS = 3;
/**
 * Fewest rows of each class in a test split: below it a comparison would rest on a single
 * test case, so Focal Lab refuses rather than state a verdict (cross-validation always meets
 * it, as each of K folds gets at least 3 rows of each class). Fewer than FEW_POSITIVES
 * (verdict.ts) is allowed, with a note in the verdict.
 */
export const MIN_TEST_ROWS_PER_CLASS = 2;

/** Too few rows with a target value for any split (also raised before the class check, so a 1-row file hears this, not "one class"). */
export function tooFewRowsError(rows: number): FocalLabInputError {
  return new FocalLabInputError(
    'too-few-rows',
    `The file has only ${rows} usable data row${rows === 1 ? '' : 's'}; a stratified train/validation/test split needs at least ${MIN_ROWS} — use a larger file.`,
  );
}

export function validateSplitFractions(split: SplitFractions): void {
  const { train, validation, test } = split;
  const all = [train, validation, test];
  if (all.some((f) => !Number.isFinite(f) || f <= 0 || f >= 1) || Math.abs(train + validation + test - 1) > 1e-6) {
    throw new FocalLabInputError('bad-option', `The split fractions must each be between 0 and 1 and add up to 1 (got train ${train}, validation ${validation}, test ${test}).`);
  }
}

/**
 * The rows of each class ([negatives, positives], or classes 0..K-1); rows without a target
 * (255) are left out. Refuses fewer than MIN_ROWS usable rows.
 */
export function rowsByClass(labelOfRow: Uint8Array, classes = 2): number[][] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let row = 0; row < labelOfRow.length; row++) {
    const label = labelOfRow[row];
    if (label < classes) byClass[label].push(row);
  }
  const rows = byClass.reduce((sum, rowsOfClass) => sum + rowsOfClass.length, 0);
  if (rows < MIN_ROWS) throw tooFewRowsError(rows);
  return byClass;
}

/**
 * Splits the rows whose label is 0 or 1 (255 = target missing, skipped), or 0..K-1 when
 * `classNames` names K >= 3 classes. Each class is shuffled with the seed and cut by the
 * fractions; each split gets at least one row of each class.
 */
export function stratifiedSplit(labelOfRow: Uint8Array, split: SplitFractions, seed: number, positiveClass: string, negativeClass = 'other', classNames?: readonly string[]): SplitIndices {
  validateSplitFractions(split);
  const multiclass = classNames !== undefined && classNames.length >= 3;
  const byClass = rowsByClass(labelOfRow, multiclass ? classNames.length : 2);
  if (multiclass) {
    byClass.forEach((rowsOfClass, c) => {
      if (rowsOfClass.length < MIN_ROWS_PER_CLASS) {
        throw new FocalLabInputError(
          'too-few-minority',
          `The class ${quoted(classNames[c])} has only ${rowsOfClass.length} row${rowsOfClass.length === 1 ? '' : 's'}; a stratified train/validation/test split needs at least ${MIN_ROWS_PER_CLASS} of each class (one per split) — use a file with more examples of it, or compare one class against the rest (--positive).`,
        );
      }
    });
  } else if (byClass[1].length < MIN_ROWS_PER_CLASS) {
    throw new FocalLabInputError(
      'too-few-minority',
      `The positive class ${quoted(positiveClass)} has only ${byClass[1].length} row${byClass[1].length === 1 ? '' : 's'}; a stratified train/validation/test split needs at least ${MIN_ROWS_PER_CLASS} (one per split) — use a file with more examples of it or another positive class (--positive).`,
    );
  }
  // The negative class can be the rarer one too, when --positive names the majority class.
  if (!multiclass && byClass[0].length < MIN_ROWS_PER_CLASS) {
    throw new FocalLabInputError(
      'too-few-minority',
      `The class ${quoted(negativeClass)} has only ${byClass[0].length} row${byClass[0].length === 1 ? '' : 's'}; a stratified train/validation/test split needs at least ${MIN_ROWS_PER_CLASS} of each class (one per split) — use a file with more examples of it or another positive class (--positive).`,
    );
  }
  const testCounts = byClass.map((rows) => Math.max(1, Math.round(rows.length * split.test)));
  for (const label of [1, 0]) {
    if (testCounts[label]! >= MIN_TEST_ROWS_PER_CLASS) continue;
    const name = label === 1 ? `positive class ${quoted(positiveClass)}` : `class ${quoted(negativeClass)}`;
    const rows = byClass[label]!.length;
    // The test fraction that would give MIN_TEST_ROWS_PER_CLASS rows, when the class is big enough for any.
    const fraction = Math.ceil(((MIN_TEST_ROWS_PER_CLASS - 0.5) / rows) * 100) / 100;
    const advice = rows >= 3 * MIN_TEST_ROWS_PER_CLASS && fraction < 0.5 ? `a larger test fraction (--split with a test part of at least ${fraction})` : 'a file with more examples of it';
    throw new FocalLabInputError(
      'too-few-minority',
      `The test split would hold only ${testCounts[label]} row${testCounts[label] === 1 ? '' : 's'} of the ${name} (${rows} in the file); comparing losses needs at least ${MIN_TEST_ROWS_PER_CLASS} of each class in the test rows — use ${advice}.`,
    );
  }
  const parts: { train: number[]; validation: number[]; test: number[] } = { train: [], validation: [], test: [] };
  const random = derivedRandom(seed, 'split');
  for (const rowsOfClass of byClass) {
    const order = Uint32Array.from(rowsOfClass);
    shuffleInPlace(order, random);
    const n = order.length;
    const testCount = Math.max(1, Math.round(n * split.test));
    const validationCount = Math.max(1, Math.round(n * split.validation));
    const trainEnd = n - testCount - validationCount;
    for (let i = 0; i < n; i++) {
      const row = order[i];
      if (i < trainEnd) parts.train.push(row);
      else if (i < trainEnd + validationCount) parts.validation.push(row);
      else parts.test.push(row);
    }
  }
  // Sorted row order keeps results independent of class order; training shuffles anyway.
  const sorted = (values: number[]) => Uint32Array.from(values).sort();
  return { train: sorted(parts.train), validation: sorted(parts.validation), test: sorted(parts.test) };
}
