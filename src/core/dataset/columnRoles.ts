// Decides what each column is for: a model input (numeric, categorical, boolean) or
// left out (identifier-like, constant), with a one-sentence notice for what is left out.

import type { CsvColumn } from '../csv';
import type { ColumnRole, ColumnSummary } from '../results';

/** Distinct values are counted exactly up to this many; beyond it a column is simply "many-valued". */
export const DISTINCT_COUNT_CAP = 1000;

const IDENTIFIER_NAME = /^(id|uuid|guid|key|index|idx|row|rownum|row_?id|row_?number|unnamed:?\s*0)$|[_\s.-](id|uuid|guid|key)$|Id$/i;
const TRUE_WORDS = new Set(['true', 'yes', 'y', 't', '1']);

export interface ColumnProfile {
  column: CsvColumn;
  /** Non-missing cells. */
  present: number;
  /** Exact when below DISTINCT_COUNT_CAP, else DISTINCT_COUNT_CAP. */
  distinct: number;
  allIntegers: boolean;
}

export function profileColumn(column: CsvColumn, rowCount: number): ColumnProfile {
  const present = rowCount - column.missing;
  if (column.kind === 'categorical') {
    // Count categories actually used (a dictionary may hold values only seen in dropped rows).
    return { column, present, distinct: Math.min(column.categories.length, DISTINCT_COUNT_CAP), allIntegers: false };
  }
  const seen = new Set<number>();
  let allIntegers = true;
  const values = column.values;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) continue;
    if (allIntegers && !Number.isInteger(value)) allIntegers = false;
    if (seen.size < DISTINCT_COUNT_CAP) seen.add(value);
    else if (!allIntegers) break;
  }
  return { column, present, distinct: seen.size, allIntegers };
}

/** True when every present value differs (checked exactly, by sorting). */
function allValuesUnique(column: CsvColumn): boolean {
  if (column.kind === 'categorical') {
    const counts = new Uint8Array(column.categories.length);
    for (const code of column.codes) {
      if (code < 0) continue;
      if (counts[code]) return false;
      counts[code] = 1;
    }
    return true;
  }
  const sorted = column.values.filter((v) => !Number.isNaN(v)).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

export function inferFeatureRole(profile: ColumnProfile): { role: ColumnRole; notice?: string } {
  const { column, present, distinct } = profile;
  const quotedName = `'${column.name}'`;
  if (present === 0) return { role: 'constant', notice: `Column ${quotedName} is empty in every row, so it was left out.` };
  if (distinct <= 1) return { role: 'constant', notice: `Column ${quotedName} has the same value in every row, so it was left out.` };
  if (distinct === 2) return { role: 'boolean' };
  const manyValued = distinct >= Math.min(DISTINCT_COUNT_CAP, present) && present >= 20;
  if (column.kind === 'categorical') {
    if (manyValued && distinct >= 0.95 * present && (present <= DISTINCT_COUNT_CAP ? allValuesUnique(column) : true)) {
      return { role: 'identifier', notice: `Column ${quotedName} has a different value in (almost) every row, like an identifier, so it was left out.` };
    }
    return { role: 'categorical' };
  }
  if (profile.allIntegers && present >= 20 && IDENTIFIER_NAME.test(column.name.trim()) && allValuesUnique(column)) {
    return { role: 'identifier', notice: `Column ${quotedName} looks like a row identifier (unique integers), so it was left out.` };
  }
  return { role: 'numeric' };
}

/**
 * Maps a two-valued column to 0/1. For categories, a "true-like" value (true, yes, 1) is 1;
 * otherwise the second value in sorted order is 1, so the encoding does not depend on row order.
 */
export function booleanEncoding(column: CsvColumn): (row: number) => number {
  if (column.kind === 'numeric') {
    const present = Array.from(new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))).sort((a, b) => a - b);
    const high = present[present.length - 1];
    const values = column.values;
    return (row) => (Number.isNaN(values[row]) ? Number.NaN : values[row] === high ? 1 : 0);
  }
  const used = new Set<number>();
  for (const code of column.codes) if (code >= 0) used.add(code);
  const names = Array.from(used).map((code) => ({ code, name: column.categories[code] }));
  const trueLike = names.find((n) => TRUE_WORDS.has(n.name.trim().toLowerCase()));
  const sorted = [...names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const oneCode = trueLike ? trueLike.code : sorted[sorted.length - 1].code;
  const codes = column.codes;
  return (row) => (codes[row] < 0 ? Number.NaN : codes[row] === oneCode ? 1 : 0);
}

export function summariseColumn(profile: ColumnProfile, role: ColumnRole, notice?: string): ColumnSummary {
  return { name: profile.column.name, role, missing: profile.column.missing, distinct: profile.distinct, ...(notice ? { notice } : {}) };
}
