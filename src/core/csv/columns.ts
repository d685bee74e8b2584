// Growing typed columns. A column starts numeric; a cell that is not a number is kept aside
// as a "stray" while the column stays numeric, and at the end the share of numbers decides:
// a column of numbers with a few `#N/A` or `abc` cells stays numeric (those cells become
// missing values, with a notice), a column of words becomes categorical.
//
// Numbers are read as float64 and kept in blocks; a full block is stored as float32 when
// that loses nothing that matters: every value within 2^-20 of the column's range so far
// (so N(0, 1) features, counts and 0/1 targets are float32, but a column around 1e8 whose
// information sits in the units digit, or values near 1e300, stay float64). The model
// inputs are centred and scaled in float64 before they are narrowed (see encoding.ts).

import { parseFormattedNumber } from './formatted';
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
const BLOCK = 1 << 16;
/** A block is stored as float32 when every value is within range × this of its float64 value. */
const FLOAT32_TOLERANCE = 2 ** -20;
const FLOAT32_MAX = 3.4028234663852886e38;
/** First allocation of a column's array, which then doubles: small, so a very wide file costs memory in proportion to its size. */
const INITIAL_CAPACITY = 16;

export interface ColumnOptions {
  decimalComma: boolean;
}

export class ColumnBuilder {
  kind: 'numeric' | 'categorical' = 'numeric';
  codes = new Int32Array(0);
  readonly categories: string[] = [];
  private readonly codeOf = new Map<string, number>();
  missing = 0;
  length = 0;

  // Numeric storage: full blocks (float32 or float64) and the block being filled.
  private blocks: (Float32Array | Float64Array)[] = [];
  /** Grows to BLOCK values, then is reused: a wide file with few rows does not pay BLOCK per column. */
  private block = new Float64Array(0);
  private blockLength = 0;
  private allNarrowed = true;
  private min = Infinity;
  private max = -Infinity;

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
  ) {}

  addNumber(value: number): void {
    if (this.blockLength === this.block.length) {
      if (this.blockLength < BLOCK) this.block = grow(this.block, BLOCK);
      else this.storeBlock();
    }
    this.block[this.blockLength++] = value;
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

  /** Stores the full block, as float32 when that keeps every value within tolerance of the range so far. */
  private storeBlock(): void {
    const block = this.block;
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < this.blockLength; i++) {
      const value = block[i]!;
      if (value < min && value > -Infinity) min = value;
      if (value > max && value < Infinity) max = value;
    }
    this.min = min;
    this.max = max;
    let narrow = this.allNarrowed;
    if (narrow) {
      const tolerance = (max - min) * FLOAT32_TOLERANCE;
      for (let i = 0; i < this.blockLength; i++) {
        const value = block[i]!;
        // NaN (missing) and ±Infinity are the same in float32.
        if (value !== value || value === Infinity || value === -Infinity) continue;
        if (!(Math.abs(Math.fround(value) - value) <= tolerance) || Math.abs(value) > FLOAT32_MAX) {
          narrow = false;
          break;
        }
      }
    }
    this.allNarrowed = narrow;
    this.blocks.push(narrow ? new Float32Array(block.subarray(0, this.blockLength)) : block.slice(0, this.blockLength));
    this.blockLength = 0;
  }

  /** All numbers so far, as one array (float32 when every block was narrowed). */
  private numbers(): Float32Array | Float64Array {
    if (this.blockLength > 0 || this.blocks.length === 0) this.storeBlock();
    if (this.blocks.length === 1) {
      const only = this.blocks[0]!;
      this.blocks = [];
      this.block = new Float64Array(0);
      return only;
    }
    const values = this.allNarrowed ? new Float32Array(this.length) : new Float64Array(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      values.set(block, offset);
      offset += block.length;
    }
    this.blocks = [];
    this.block = new Float64Array(0);
    return values;
  }

  /**
   * The column becomes categorical: numbers become categories spelled the shortest way that
   * reads back as the same value (the original spelling, "01" or "1.50", is not kept, since
   * keeping every numeric cell's text would cost a string per cell); stray cells keep their text.
   */
  private becomeCategorical(): void {
    const numbers = this.length - this.missing - this.strayRows.length;
    if (this.unreadable && numbers >= this.unreadable.count) this.mixed = { ...this.unreadable, numbers };
    const values = this.numbers();
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
      return { kind: 'numeric', name: this.name, values: this.numbers(), missing: this.missing, ...extra };
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

function grow<T extends Float64Array | Int32Array>(array: T, limit = Infinity): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.min(limit, Math.max(INITIAL_CAPACITY, array.length * 2)));
  bigger.set(array);
  return bigger;
}

