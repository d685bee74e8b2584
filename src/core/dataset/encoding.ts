// Turns the chosen feature columns into a numeric model input, with every statistic
// (medians, means, standard deviations, frequent categories) fitted on the training rows only.

import type { CsvColumn } from '../csv';
import { booleanEncoding } from './columnRoles';

export interface NumericEncoder {
  kind: 'numeric';
  name: string;
  read: (row: number) => number;
  median: number;
  mean: number;
  standardDeviation: number;
}

export interface CategoricalEncoder {
  kind: 'categorical';
  name: string;
  codes: Int32Array;
  /** Output slot per category code; -1 = "other". */
  slotOfCode: Int32Array;
  slotNames: string[];
  otherSlot: number;
  missingSlot: number;
}

export type FeatureEncoder = NumericEncoder | CategoricalEncoder;

export const MISSING_CATEGORY = '(missing)';
export const OTHER_CATEGORY = '(other)';

/** The median by selection (O(n), in place: `values` is scratch). A full sort per column and fold took seconds on 100,000 rows. */
function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const upper = selectInPlace(values, n >> 1);
  if (n % 2) return upper;
  // The lower middle is the largest value left of the upper middle after selection.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Hoare's selection: rearranges `values` so values[k] is the k-th smallest, smaller ones left of it. */
function selectInPlace(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}

export function fitNumericEncoder(name: string, read: (row: number) => number, trainRows: Uint32Array): NumericEncoder {
  // One read per row into a scratch array; indexed loops (for-of over a typed array and a growing
  // number[] cost seconds per fold on 100,000 rows).
  const values = new Float64Array(trainRows.length);
  const present = new Float64Array(trainRows.length);
  let presentCount = 0;
  let largest = 0;
  for (let i = 0; i < trainRows.length; i++) {
    const value = read(trainRows[i]);
    values[i] = value;
    if (!Number.isNaN(value)) {
      present[presentCount++] = value;
      if (Math.abs(value) > largest) largest = Math.abs(value);
    }
  }
  const fill = medianInPlace(present.subarray(0, presentCount));
  // Sums run over value / largest, so values near 1e300 cannot overflow, and around the median,
  // so a column near 1e8 whose information sits in the units digit keeps it.
  const scale = largest > 0 ? largest : 1;
  const centre = fill / scale;
  const n = Math.max(trainRows.length, 1);
  let sum = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) sum += values[i] / scale - centre;
  const offset = sum / n;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (Number.isNaN(values[i]) ? 0 : values[i] / scale - centre) - offset;
    squares += d * d;
  }
  const mean = fill + offset * scale;
  const standardDeviation = Math.sqrt(squares / n) * scale;
  // A column constant on the training rows carries no signal there; scale 1 avoids dividing by 0.
  return { kind: 'numeric', name, read, median: fill, mean, standardDeviation: standardDeviation > 1e-12 * Math.max(1, Math.abs(mean)) ? standardDeviation : 1 };
}

export function numericReader(column: CsvColumn, asBoolean: boolean): (row: number) => number {
  if (asBoolean) return booleanEncoding(column);
  if (column.kind !== 'numeric') throw new Error(`internal: column ${column.name} is not numeric`);
  const values = column.values;
  // Values beyond float32's range (1e39, "inf") carry no usable magnitude: treat them as missing.
  return (row) => (Number.isFinite(values[row]) ? values[row] : Number.NaN);
}

/** One-hot over the most frequent `maxCategories` training categories, plus "other" and "missing" slots when needed. */
export function fitCategoricalEncoder(column: CsvColumn & { kind: 'categorical' }, trainRows: Uint32Array, maxCategories: number): CategoricalEncoder {
  const counts = new Float64Array(column.categories.length);
  let missing = 0;
  for (const row of trainRows) {
    const code = column.codes[row];
    if (code < 0) missing++;
    else counts[code]++;
  }
  const seen = Array.from(counts.keys()).filter((code) => counts[code] > 0);
  // Most frequent first; ties by name so the encoding does not depend on row order.
  seen.sort((a, b) => counts[b] - counts[a] || (column.categories[a] < column.categories[b] ? -1 : 1));
  const kept = seen.slice(0, maxCategories);
  const slotOfCode = new Int32Array(column.categories.length).fill(-1);
  const slotNames: string[] = [];
  for (const code of kept) {
    slotOfCode[code] = slotNames.length;
    slotNames.push(`${column.name}=${column.categories[code]}`);
  }
  // "other" also catches categories that appear only outside the training rows.
  const otherSlot = slotNames.length;
  slotNames.push(`${column.name}=${OTHER_CATEGORY}`);
  let missingSlot = -1;
  if (missing > 0) {
    missingSlot = slotNames.length;
    slotNames.push(`${column.name}=${MISSING_CATEGORY}`);
  }
  return { kind: 'categorical', name: column.name, codes: column.codes, slotOfCode, slotNames, otherSlot, missingSlot };
}

export function encoderWidth(encoder: FeatureEncoder): number {
  return encoder.kind === 'numeric' ? 1 : encoder.slotNames.length;
}

export function encodedFeatureNames(encoders: FeatureEncoder[]): string[] {
  return encoders.flatMap((e) => (e.kind === 'numeric' ? [e.name] : e.slotNames));
}

/** Row-major float32 matrix of the given rows. */
export function encodeRows(encoders: FeatureEncoder[], rows: Uint32Array): Float32Array {
  const width = encoders.reduce((sum, e) => sum + encoderWidth(e), 0);
  const matrix = new Float32Array(rows.length * width);
  let offset = 0;
  for (const encoder of encoders) {
    if (encoder.kind === 'numeric') {
      const { read, median: fill, mean, standardDeviation } = encoder;
      for (let i = 0; i < rows.length; i++) {
        const value = read(rows[i]);
        matrix[i * width + offset] = ((Number.isNaN(value) ? fill : value) - mean) / standardDeviation;
      }
      offset += 1;
    } else {
      const { codes, slotOfCode, otherSlot, missingSlot } = encoder;
      for (let i = 0; i < rows.length; i++) {
        const code = codes[rows[i]];
        const slot = code < 0 ? (missingSlot >= 0 ? missingSlot : otherSlot) : slotOfCode[code] >= 0 ? slotOfCode[code] : otherSlot;
        matrix[i * width + offset + slot] = 1;
      }
      offset += encoder.slotNames.length;
    }
  }
  return matrix;
}
