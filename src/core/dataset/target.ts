// Chooses the target column and the positive class, and turns the target into 0/1 labels
// (one-vs-rest when it has more than two classes).

import type { CsvColumn, CsvTable } from '../csv';
import { numberToText } from '../csv/numbers';
import { clipName, FocalLabInputError, quoted as quote } from '../errors';
import type { DatasetSummary } from '../results';
import { MIN_ROWS, tooFewRowsError } from './split';

/** A target with more distinct values than this is not guessed as a class column. */
export const MAX_GUESSED_TARGET_CLASSES = 20;
const TARGET_WORDS = new Set(['label', 'labels', 'target', 'class', 'outcome', 'y']);

export interface TargetChoice {
  column: CsvColumn;
  source: DatasetSummary['targetSource'];
}

/** Class values of a column as text, with counts, in first-seen-independent (sorted) order. */
export interface ClassTally {
  names: string[];
  counts: number[];
  /** Per row: index into names, or -1 when the target is missing. */
  classOfRow: Int32Array;
  /** Spellings that differ only in upper/lower case or surrounding spaces, merged into one class each. */
  merged: MergedClass[];
}

/** One class written several ways (`Yes`, `YES`, `yes `): the most frequent spelling is kept. */
export interface MergedClass {
  kept: string;
  spellings: { name: string; count: number }[];
}

/** A numeric class value as the file writes it: 4.2207, not 4.220699787139893. */
export function formatClassValue(value: number): string {
  return numberToText(value);
}

/** Class names are the same class when they differ only in case or surrounding spaces. */
function classKey(name: string): string {
  return name.trim().toLowerCase();
}

export function tallyClasses(column: CsvColumn, rowCount: number, limit = Number.POSITIVE_INFINITY): ClassTally | null {
  const classOfRow = new Int32Array(rowCount);
  if (column.kind === 'categorical') {
    const counts = new Array<number>(column.categories.length).fill(0);
    for (let row = 0; row < rowCount; row++) {
      const code = column.codes[row];
      classOfRow[row] = code;
      if (code >= 0) counts[code]++;
    }
    const groups = new Map<string, { code: number; count: number }[]>();
    counts.forEach((count, code) => {
      if (count === 0) return;
      const key = classKey(column.categories[code]);
      const group = groups.get(key);
      if (group) group.push({ code, count });
      else groups.set(key, [{ code, count }]);
    });
    if (groups.size > limit) return null;
    // Most frequent spelling first; ties by name, so the kept spelling does not depend on row order.
    const classes = Array.from(groups.values(), (group) =>
      group.sort((a, b) => b.count - a.count || compareText(column.categories[a.code], column.categories[b.code])),
    );
    classes.sort((a, b) => compareText(column.categories[a[0].code], column.categories[b[0].code]));
    const remap = new Int32Array(column.categories.length).fill(-1);
    classes.forEach((group, index) => group.forEach((c) => (remap[c.code] = index)));
    for (let row = 0; row < rowCount; row++) if (classOfRow[row] >= 0) classOfRow[row] = remap[classOfRow[row]];
    const merged = classes
      .filter((group) => group.length > 1)
      .map((group) => ({ kept: column.categories[group[0].code], spellings: group.map((c) => ({ name: column.categories[c.code], count: c.count })) }));
    return {
      names: classes.map((group) => column.categories[group[0].code]),
      counts: classes.map((group) => group.reduce((sum, c) => sum + c.count, 0)),
      classOfRow,
      merged,
    };
  }
  const indexOfValue = new Map<number, number>();
  const values: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    const value = column.values[row];
    if (Number.isNaN(value)) {
      classOfRow[row] = -1;
      continue;
    }
    let index = indexOfValue.get(value);
    if (index === undefined) {
      if (values.length >= limit) return null;
      index = values.length;
      indexOfValue.set(value, index);
      values.push(value);
    }
    classOfRow[row] = index;
  }
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const remap = new Int32Array(values.length);
  order.forEach((o, sortedIndex) => (remap[o.index] = sortedIndex));
  const counts = new Array<number>(values.length).fill(0);
  for (let row = 0; row < rowCount; row++) {
    if (classOfRow[row] >= 0) {
      classOfRow[row] = remap[classOfRow[row]];
      counts[classOfRow[row]]++;
    }
  }
  return { names: order.map((o) => formatClassValue(o.value)), counts, classOfRow, merged: [] };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nameLooksLikeTarget(name: string): boolean {
  const words = name.trim().toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 1 && words[0] === 'y') return true;
  return words.some((word) => word !== 'y' && TARGET_WORDS.has(word));
}

export function chooseTarget(table: CsvTable, requested: string | undefined): TargetChoice {
  const names = table.columns.map((c) => c.name);
  if (requested !== undefined) {
    // A name longer than MAX_NAME_CHARACTERS was clipped when read: the full name still finds it.
    const exact = table.columns.find((c) => c.name === requested) ?? table.columns.find((c) => c.name === clipName(requested));
    if (exact) return { column: exact, source: 'user' };
    const loose = table.columns.filter((c) => c.name.trim().toLowerCase() === requested.trim().toLowerCase());
    if (loose.length === 1) return { column: loose[0], source: 'user' };
    throw new FocalLabInputError('missing-target', `There is no column named ${quote(requested)} in the file; pick one of: ${listNames(names)}.`);
  }
  const lowCardinality = (column: CsvColumn, minimumClasses: number) => {
    const tally = tallyClasses(column, table.rowCount, MAX_GUESSED_TARGET_CLASSES);
    return tally !== null && tally.names.length >= minimumClasses;
  };
  // A column named like a target is taken even with one class (or none), so the user hears why it cannot work.
  const named = table.columns.filter((c) => nameLooksLikeTarget(c.name) && lowCardinality(c, 0));
  if (named.length > 0) return { column: named[named.length - 1], source: 'name' };
  for (let i = table.columns.length - 1; i >= 0; i--) {
    if (lowCardinality(table.columns[i], 2)) return { column: table.columns[i], source: 'last-low-cardinality' };
  }
  throw new FocalLabInputError(
    'missing-target',
    `Could not tell which column is the target (none is named like label/target/class/y/outcome and none has 2 to ${MAX_GUESSED_TARGET_CLASSES} distinct values); name it with --target COLUMN (columns: ${listNames(names)}).`,
  );
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 12).map(quote).join(', ');
  return names.length > 12 ? `${shown}, … (${names.length} columns)` : shown;
}

export interface BinaryTarget {
  positiveClass: string;
  negativeClass: string;
  positiveClassSource: DatasetSummary['positiveClassSource'];
  /** Per row: 1 positive, 0 negative, 255 target missing. */
  labelOfRow: Uint8Array;
  classCounts: Record<string, number>;
  rowsWithoutTarget: number;
  /** The target had more than two classes and became one-vs-rest. */
  oneVsRest: boolean;
  /** Class spellings merged (case, surrounding spaces). */
  merged: MergedClass[];
}

function sameClassValue(requested: string, name: string, numeric: boolean): boolean {
  if (requested === name) return true;
  if (numeric) {
    const value = Number(requested.trim());
    return requested.trim() !== '' && Number.isFinite(value) && value === Number(name);
  }
  return requested.trim().toLowerCase() === name.trim().toLowerCase();
}

export function chooseBinaryTarget(table: CsvTable, target: CsvColumn, requestedPositive: string | undefined): BinaryTarget {
  const tally = tallyClasses(target, table.rowCount)!;
  const present = tally.counts.reduce((a, b) => a + b, 0);
  const quoted = quote(target.name);
  if (present === 0) {
    throw new FocalLabInputError('target-all-missing', `The target column ${quoted} is empty in every row; choose a column that holds the class (--target).`);
  }
  if (present < MIN_ROWS) throw tooFewRowsError(present);
  if (tally.names.length < 2) {
    const tokens = Object.entries(target.reading?.missingTokens ?? {});
    if (tokens.length > 0) {
      const [token, cells] = tokens.sort((a, b) => b[1] - a[1])[0]!;
      throw new FocalLabInputError(
        'one-class',
        `The target column ${quoted} has only one class (${quote(tally.names[0])}) in ${present} rows because ${cells} cell${cells === 1 ? '' : 's'} ${quote(token)} ${cells === 1 ? 'was' : 'were'} read as missing; if ${quote(token)} is a class, list the missing-value words without it with --missing-values (or the focalLab.missingValues setting), for example --missing-values "N/A,null".`,
      );
    }
    throw new FocalLabInputError(
      'one-class',
      `The target column ${quoted} has only one class (${quote(tally.names[0])}) in ${present} rows; a classifier needs at least two classes — check that this is the right target column (--target) and file.`,
    );
  }
  let positiveIndex: number;
  let source: BinaryTarget['positiveClassSource'];
  if (requestedPositive !== undefined) {
    positiveIndex = tally.names.findIndex((name) => sameClassValue(requestedPositive, name, target.kind === 'numeric') || clipName(name) === requestedPositive);
    if (positiveIndex < 0) {
      throw new FocalLabInputError(
        'unknown-positive-class',
        `The target column ${quoted} has no class ${quote(requestedPositive)}; its classes are ${listNames(tally.names)} — pass one of them with --positive.`,
      );
    }
    source = 'user';
  } else {
    // The minority value; on a tie, the last in sorted order (so 0/1 and false/true pick 1 / true).
    positiveIndex = 0;
    for (let i = 1; i < tally.counts.length; i++) if (tally.counts[i] <= tally.counts[positiveIndex]) positiveIndex = i;
    source = 'minority';
  }
  // Class names go into every message, report and results.json: very long ones are clipped (MAX_NAME_CHARACTERS).
  const positiveClass = clipName(tally.names[positiveIndex]);
  const oneVsRest = tally.names.length > 2;
  const negativeClass = oneVsRest ? `not ${positiveClass}` : clipName(tally.names[1 - positiveIndex]);
  const labelOfRow = new Uint8Array(table.rowCount);
  let positives = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const index = tally.classOfRow[row];
    if (index < 0) labelOfRow[row] = 255;
    else if (index === positiveIndex) {
      labelOfRow[row] = 1;
      positives++;
    }
  }
  return {
    positiveClass,
    negativeClass,
    positiveClassSource: source,
    labelOfRow,
    classCounts: { [negativeClass]: present - positives, [positiveClass]: positives },
    rowsWithoutTarget: table.rowCount - present,
    oneVsRest,
    merged: tally.merged,
  };
}
