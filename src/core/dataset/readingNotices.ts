// What the reader decided about cells a person would read differently, as notices: decimal
// commas, numbers written with separators or signs, cells of a numeric column that are not
// numbers, words read as missing values, merged spellings of a class, duplicate rows.
// Cell texts are quoted as written in the file.

import { NUMERIC_SHARE, type CellSample, type CsvTable } from '../csv';
import { describeFormats, PERCENT } from '../csv/formatted';
import { quoted } from '../errors';
import type { DuplicateRows } from './duplicates';
import type { MergedClass } from './target';

/** Missing-value words listed in one notice; the rest are counted. */
const LISTED_MISSING_WORDS = 5;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function examples(sample: CellSample): string {
  return sample.examples.map(quoted).join(' and ');
}

export function readingNotices(table: CsvTable): string[] {
  const notices: string[] = [];
  if (table.decimalComma) {
    const separated = table.delimiter === '\t' ? 'tab' : `'${table.delimiter}'`;
    const { example, line } = table.decimalComma;
    notices.push(`The file is ${separated}-separated with decimal commas (such as ${quoted(example)} on line ${line}), so numbers were read with the comma as the decimal mark (${quoted(example)} = ${example.replace(',', '.')}).`);
  }
  for (const column of table.columns) {
    const formatted = column.reading?.formatted;
    if (formatted) {
      const fraction = formatted.formats & PERCENT ? ', a percentage as a fraction (12% = 0.12)' : '';
      notices.push(
        `Column ${quoted(column.name)} has numbers written with ${describeFormats(formatted.formats)} (${plural(formatted.count, 'cell')}, such as ${examples(formatted)}, the first on line ${formatted.firstLine}); they were read as numbers${fraction}.`,
      );
    }
    const unreadable = column.reading?.unreadable;
    if (unreadable) {
      const are = unreadable.count === 1 ? 'cell is not a number' : 'cells are not numbers';
      const first = unreadable.count === 1 ? `on line ${unreadable.firstLine}` : `the first on line ${unreadable.firstLine}`;
      notices.push(
        `Column ${quoted(column.name)} holds numbers, but ${unreadable.count} ${are} (${examples(unreadable)}, ${first}); ${unreadable.count === 1 ? 'it was' : 'they were'} read as missing.`,
      );
    }
  }
  for (const column of table.columns) {
    const mixed = column.reading?.mixed;
    if (mixed) {
      notices.push(
        `Column ${quoted(column.name)} has ${mixed.numbers} numbers but also ${plural(mixed.count, 'other cell')} (such as ${examples(mixed)}, the first on line ${mixed.firstLine}), too many to read as missing (more than 1 in ${Math.round(1 / (1 - NUMERIC_SHARE))}), so it was read as categories; clean those cells to use it as numbers.`,
      );
    }
  }
  const words: { word: string; column: string; cells: number }[] = [];
  for (const column of table.columns) {
    for (const [word, cells] of Object.entries(column.reading?.missingTokens ?? {})) words.push({ word, column: column.name, cells });
  }
  if (words.length > 0) {
    const listed = words.slice(0, LISTED_MISSING_WORDS).map((w) => `${quoted(w.word)} in ${quoted(w.column)} (${plural(w.cells, 'cell')})`);
    const more = words.length > LISTED_MISSING_WORDS ? ` and ${words.length - LISTED_MISSING_WORDS} more` : '';
    notices.push(
      `Read as missing values: ${listed.join(', ')}${more}; to keep such a word as a value (a class named 'NA'), set the missing-value words with --missing-values (or the focalLab.missingValues setting).`,
    );
  }
  return notices;
}

export function mergedClassesNotice(target: string, merged: readonly MergedClass[]): string | null {
  if (merged.length === 0) return null;
  const groups = merged.map((m) => `${m.spellings.map((s) => `${quoted(s.name)} (${s.count})`).join(', ')} as ${quoted(m.kept)}`);
  return `Class names in ${quoted(target)} that differ only in upper/lower case or surrounding spaces were merged, keeping the most frequent spelling: ${groups.join('; ')}.`;
}

export function duplicatesNotice(duplicates: DuplicateRows, lineOfRow: Uint32Array, dropped: boolean): string | null {
  if (duplicates.count === 0 || duplicates.first === null) return null;
  const { row, of } = duplicates.first;
  const where = `line ${lineOfRow[row]} repeats line ${lineOfRow[of]}`;
  if (dropped) {
    return `${plural(duplicates.count, 'row')} ${duplicates.count === 1 ? 'was an exact copy' : 'were exact copies'} of an earlier row (${where}) and ${duplicates.count === 1 ? 'was' : 'were'} dropped before splitting (--dedupe).`;
  }
  return `${plural(duplicates.count, 'row')} ${duplicates.count === 1 ? 'is an exact copy' : 'are exact copies'} of an earlier row (${where}); a copy in the training rows and its twin in the test rows make the scores look better than they are — drop them before splitting with --dedupe (or the focalLab.dedupe setting).`;
}
