// A target of three or more classes trained as one multi-class model: class indices per row
// (in the sorted class order of tallyClasses), counts, and the checks a K-class split needs.

import type { CsvColumn, CsvTable } from '../csv';
import { FocalLabInputError, quoted } from '../errors';
import { MIN_ROWS, tooFewRowsError } from './split';
import { tallyClasses, type MergedClass } from './target';

/** Labels are bytes with 255 for a missing target, so at most 254 classes; far more than one small network should be asked to separate. */
export const MAX_MULTICLASS_CLASSES = 200;

export interface MulticlassTarget {
  /** Class names in the order used everywhere (sorted as tallyClasses sorts them). */
  classes: string[];
  counts: number[];
  /** Per row: the class index, 255 where the target is missing. */
  labelOfRow: Uint8Array;
  rowsWithoutTarget: number;
  /** Class spellings merged (case, surrounding spaces), as for two classes. */
  merged: MergedClass[];
}

/** The target as K classes when it has three or more; null for two (or fewer: the binary path explains those). */
export function chooseMulticlassTarget(table: CsvTable, target: CsvColumn): MulticlassTarget | null {
  const tally = tallyClasses(target, table.rowCount)!;
  if (tally.names.length < 3) return null;
  const present = tally.counts.reduce((a, b) => a + b, 0);
  if (present < MIN_ROWS) throw tooFewRowsError(present);
  if (tally.names.length > MAX_MULTICLASS_CLASSES) {
    throw new FocalLabInputError(
      'too-many-classes',
      `The target column ${quoted(target.name)} has ${tally.names.length} classes, more than the ${MAX_MULTICLASS_CLASSES} one model can be trained on here; compare one class against the rest with --positive CLASS, or check that this is the right target column (--target).`,
    );
  }
  const labelOfRow = new Uint8Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) labelOfRow[row] = tally.classOfRow[row] < 0 ? 255 : tally.classOfRow[row];
  return { classes: tally.names, counts: tally.counts, labelOfRow, rowsWithoutTarget: table.rowCount - present, merged: tally.merged };
}
