// A quick look at a parsed file for the UI: the guessed target and positive class, how sure
// the guess is, and the choices to offer when it is not.

import type { CsvTable } from '../csv';
import { isInputError } from '../errors';
import { chooseTarget, MAX_GUESSED_TARGET_CLASSES, tallyClasses } from './target';

export interface ClassCount {
  name: string;
  count: number;
}

export interface TableInspection {
  /** Rows read: of the sample when `sampled`. */
  rows: number;
  /** True when only a sample of a large file was read (see sampleCsvFile): counts are of the sample. */
  sampled: boolean;
  columns: string[];
  /** Columns with 2..MAX_GUESSED_TARGET_CLASSES distinct values: the plausible targets. */
  targetCandidates: string[];
  target: string | null;
  targetSource: 'user' | 'name' | 'last-low-cardinality' | null;
  /** The target's classes, rarest first. */
  classes: ClassCount[];
  positiveClass: string | null;
  /** True when the UI should ask rather than use the guess. */
  targetUncertain: boolean;
  positiveUncertain: boolean;
}

export function inspectTable(table: CsvTable & { sampled?: boolean }, requestedTarget?: string): TableInspection {
  const sampled = table.sampled ?? false;
  const columns = table.columns.map((c) => c.name);
  const targetCandidates = table.columns
    .filter((c) => {
      const tally = tallyClasses(c, table.rowCount, MAX_GUESSED_TARGET_CLASSES);
      return tally !== null && tally.names.length >= 2;
    })
    .map((c) => c.name);
  let choice: ReturnType<typeof chooseTarget> | null = null;
  try {
    choice = chooseTarget(table, requestedTarget);
  } catch (error) {
    if (!isInputError(error)) throw error;
  }
  if (!choice) {
    return { rows: table.rowCount, sampled, columns, targetCandidates, target: null, targetSource: null, classes: [], positiveClass: null, targetUncertain: true, positiveUncertain: true };
  }
  const tally = tallyClasses(choice.column, table.rowCount)!;
  const classes = tally.names.map((name, i) => ({ name, count: tally.counts[i] })).sort((a, b) => a.count - b.count || (a.name < b.name ? 1 : -1));
  const namedCandidates = targetCandidates.length;
  const targetUncertain = choice.source === 'last-low-cardinality' && namedCandidates > 1;
  // Ask for the positive class when the target has several classes (one-vs-rest of which?) or two equally common ones.
  const positiveUncertain = classes.length > 2 || (classes.length === 2 && classes[0].count === classes[1].count);
  return {
    rows: table.rowCount,
    sampled,
    columns,
    targetCandidates,
    target: choice.column.name,
    targetSource: choice.source,
    classes,
    positiveClass: classes[0]?.name ?? null,
    targetUncertain,
    positiveUncertain,
  };
}
