// Growing typed columns. A column starts numeric; a cell that is not a number is kept aside
// as a "stray" while the column stays numeric, and at the end the share of numbers decides:
// a column of numbers with a few `#N/A` or `abc` cells stays numeric (those cells become
// missing values, with a notice), a column of words becomes categorical.
//
// Numbers are kept by a NumberStore: float32 while that loses nothing that matters, else
// float64 (see numberStore.ts). The model inputs are centred and scaled in float64 before they
// are narrowed (see encoding.ts).

import { parseFormattedNumber } from './formatted';
import { NumberStore } from './numberStore';
import { numberToText } from './numbers';

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** One value per row; NaN where the cell is missing. Float64Array when float32 would lose the column's detail. */
  values: Float32Array | Float64Array;
  /** Missing cells (including stray cells that were not numbers). */
  missing: number;
  reading?: ColumnReading;
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  /** One code per row, an index into `categories`; -1 where the cell is missing. */
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  categories: string[];
  missing: number;
  reading?: ColumnReading;
}

export type CsvColumn = NumericColumn | CategoricalColumn;

/** Some cells, as written in the file: how many, the first two distinct ones, and the first one's line. */
export interface CellSample {
  count: number;
  examples: string[];
  firstLine: number;
}

/** What the reader did with a column's unusual cells, for the notices. */
export interface ColumnReading {
  /** Cells of a numeric column that were not numbers, read as missing values. */
  unreadable?: CellSample;
  /** Numbers written with thousands separators, percent or currency signs, read as numbers. */
  formatted?: CellSample & { formats: number };
  /** A column of numbers with too many other cells (more than 1 in 10) to read them as missing: read as categories. */
  mixed?: CellSample & { numbers: number };
  /** Missing-value words found (not empty cells): token as written -> cells. */
  missingTokens?: Record<string, number>;
}

/**
 * A column is numeric when at least this share of its non-missing cells are numbers: one
 * stray cell in ten is read as a missing value (with a notice); more, and the column is
 * categorical. Spreadsheet error cells (#N/A, #DIV/0!) and typing slips stay well below it.
 */
export const NUMERIC_SHARE = 0.9;
/** Stray cells kept aside while a column is still numeric; beyond this (and the share) it turns categorical at once. */
const STRAY_CELLS_KEPT = 1000;
/** First allocation of a categorical column's codes, which then double: small, so a very wide file costs memory in proportion to its size. */
const INITIAL_CAPACITY = 16;

export interface ColumnOptions {
  decimalComma: boolean;
  /** The estimated row count (0 when unknown), so a numeric column's array is sized once. */
  expectedRows?: number;
}

export class ColumnBuilder {
  kind: 'numeric' | 'categorical' = 'numeric';
  codes = new Int32Array(0);
  readonly categories: string[] = [];
  private readonly codeOf = new Map<string, number>();
  missing = 0;
  length = 0;

  /** The numbers of a numeric column (stray cells as NaN). */
  private readonly store: NumberStore;

  // Cells of a numeric column that were not numbers: their rows and texts, in row order.
  private strayRows: number[] = [];
  private strayTexts: string[] = [];
  private unreadable: CellSample | null = null;
  private formatted: (CellSample & { formats: number }) | null = null;
  private missingTokens: Record<string, number> | null = null;
  private mixed: (CellSample & { numbers: number }) | null = null;

  constructor(
    readonly name: string,
    private readonly options: ColumnOptions = { decimalComma: false },
  ) {
    this.store = new NumberStore(options.expectedRows);
  }

  addNumber(value: number): void {
    this.store.add(value);
    this.length++;
  }

  /** `token` is the missing-value word as written, when the cell was not empty. */
  addMissing(token?: string): void {
    this.missing++;
    if (token !== undefined) {
      this.missingTokens ??= Object.create(null) as Record<string, number>;
      this.missingTokens[token] = (this.missingTokens[token] ?? 0) + 1;
    }
    if (this.kind === 'numeric') {
      this.addNumber(NaN);
    } else {
      if (this.length === this.codes.length) this.codes = grow(this.codes);
      this.codes[this.length++] = -1;
    }
  }

  /** A cell that is not a plain number or a missing value; `line` is where its record starts. */
  addText(text: string, line: number): void {
    if (this.kind === 'numeric') {
      const formatted = parseFormattedNumber(text.trim(), this.options.decimalComma);
      if (formatted !== null) {
        this.formatted ??= { count: 0, examples: [], firstLine: line, formats: 0 };
        addToSample(this.formatted, text);
        this.formatted.formats |= formatted.formats;
        this.addNumber(formatted.value);
        return;
      }
      this.strayRows.push(this.length);
      this.strayTexts.push(text);
      this.unreadable ??= { count: 0, examples: [], firstLine: line };
      addToSample(this.unreadable, text);
      this.addNumber(NaN);
      const strays = this.strayRows.length;
      if (strays > STRAY_CELLS_KEPT && strays > (1 - NUMERIC_SHARE) * (this.length - this.missing)) this.becomeCategorical();
      return;
    }
    this.addCategory(text);
  }

  private addCategory(text: string): void {
    let code = this.codeOf.get(text);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(text);
      this.codeOf.set(text, code);
    }
    if (this.length === this.codes.length) this.codes = grow(this.codes);
    this.codes[this.length++] = code;
  }

  /**
   * The column becomes categorical: numbers become categories spelled the shortest way that
   * reads back as the same value (the original spelling, "01" or "1.50", is not kept, since
   * keeping every numeric cell's text would cost a string per cell); stray cells keep their text.
   */
  private becomeCategorical(): void {
    const numbers = this.length - this.missing - this.strayRows.length;
    if (this.unreadable && numbers >= this.unreadable.count) this.mixed = { ...this.unreadable, numbers };
    const values = this.store.take();
    this.kind = 'categorical';
    const codes = new Int32Array(Math.max(INITIAL_CAPACITY, this.length));
    const codeOfValue = new Map<number, number>();
    let stray = 0;
    for (let row = 0; row < this.length; row++) {
      if (stray < this.strayRows.length && this.strayRows[stray] === row) {
        const text = this.strayTexts[stray++]!;
        let code = this.codeOf.get(text);
        if (code === undefined) {
          code = this.categories.length;
          this.categories.push(text);
          this.codeOf.set(text, code);
        }
        codes[row] = code;
        continue;
      }
      const value = values[row]!;
      if (Number.isNaN(value)) {
        codes[row] = -1;
        continue;
      }
      let code = codeOfValue.get(value);
      if (code === undefined) {
        const text = numberToText(value);
        code = this.codeOf.get(text);
        if (code === undefined) {
          code = this.categories.length;
          this.categories.push(text);
          this.codeOf.set(text, code);
        }
        codeOfValue.set(value, code);
      }
      codes[row] = code;
    }
    this.codes = codes;
    this.strayRows = [];
    this.strayTexts = [];
    this.unreadable = null;
    this.formatted = null;
  }

  /** The finished column, its arrays trimmed to the row count. */
  finish(): CsvColumn {
    if (this.kind === 'numeric') {
      const strays = this.strayRows.length;
      const numbers = this.length - this.missing - strays;
      if (strays > 0 && numbers < NUMERIC_SHARE * (numbers + strays)) this.becomeCategorical();
    }
    const reading: ColumnReading = {};
    if (this.missingTokens) reading.missingTokens = this.missingTokens;
    if (this.mixed) reading.mixed = this.mixed;
    if (this.kind === 'numeric') {
      // Stray cells stay as the NaN they were stored as: missing values.
      this.missing += this.strayRows.length;
      if (this.unreadable) reading.unreadable = this.unreadable;
      if (this.formatted) reading.formatted = this.formatted;
      const extra = Object.keys(reading).length > 0 ? { reading } : {};
      return { kind: 'numeric', name: this.name, values: this.store.take(), missing: this.missing, ...extra };
    }
    const extra = Object.keys(reading).length > 0 ? { reading } : {};
    return { kind: 'categorical', name: this.name, codes: this.codes.slice(0, this.length), categories: this.categories, missing: this.missing, ...extra };
  }
}

/** Counts one more cell, keeping the first two distinct texts. */
function addToSample(sample: CellSample, text: string): void {
  sample.count++;
  if (sample.examples.length < 2 && !sample.examples.includes(text)) sample.examples.push(text);
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(INITIAL_CAPACITY, array.length * 2));
  bigger.set(array);
  return bigger;
}

