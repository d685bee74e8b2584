// Exact duplicate rows: every cell the same as an earlier row's (missing counts as equal to
// missing). A copy can land in the training rows and its twin in the test rows, so the model is
// scored on rows it has seen; the user hears how many there are, and --dedupe drops them.

import type { CsvColumn, CsvTable } from '../csv';

export interface DuplicateRows {
  /** 1 where the row repeats an earlier row. */
  isDuplicate: Uint8Array;
  count: number;
  /** The first duplicate row and the earlier row it repeats (0-based data rows), or null. */
  first: { row: number; of: number } | null;
}

/** Row hashes column by column (over the raw bits of each value), then one hash table of rows. */
export function findDuplicateRows(table: CsvTable): DuplicateRows {
  const rows = table.rowCount;
  const hashes = new Int32Array(rows).fill(0x2545f491);
  for (const column of table.columns) mixColumn(hashes, column);
  let size = 1;
  while (size < rows * 2) size <<= 1;
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  const isDuplicate = new Uint8Array(rows);
  let count = 0;
  let first: DuplicateRows['first'] = null;
  for (let row = 0; row < rows; row++) {
    let slot = finalise(hashes[row]!) & mask;
    for (;;) {
      const other = slots[slot]!;
      if (other < 0) {
        slots[slot] = row;
        break;
      }
      if (hashes[other] === hashes[row] && sameRow(table.columns, other, row)) {
        isDuplicate[row] = 1;
        count++;
        first ??= { row, of: other };
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { isDuplicate, count, first };
}

function mixColumn(hashes: Int32Array, column: CsvColumn): void {
  if (column.kind === 'categorical') {
    const codes = column.codes;
    for (let row = 0; row < hashes.length; row++) hashes[row] = Math.imul(hashes[row]! ^ codes[row]!, 0x9e3779b1);
    return;
  }
  const values = column.values;
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length * (values instanceof Float64Array ? 2 : 1));
  const words = bits.length / hashes.length;
  for (let row = 0; row < hashes.length; row++) {
    const value = values[row]!;
    // Every NaN (a missing cell) hashes alike, and so do 0 and -0.
    if (value !== value || value === 0) {
      hashes[row] = Math.imul(hashes[row]! ^ (value === 0 ? 0 : 0x7fc00000), 0x9e3779b1);
      continue;
    }
    let h = hashes[row]!;
    for (let w = 0; w < words; w++) h = Math.imul(h ^ bits[row * words + w]!, 0x9e3779b1);
    hashes[row] = h;
  }
}

function finalise(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

function sameRow(columns: readonly CsvColumn[], a: number, b: number): boolean {
  for (const column of columns) {
    if (column.kind === 'categorical') {
      if (column.codes[a] !== column.codes[b]) return false;
    } else {
      const x = column.values[a]!;
      const y = column.values[b]!;
      if (x !== y && !(x !== x && y !== y)) return false;
    }
  }
  return true;
}
