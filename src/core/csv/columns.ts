// Growing typed columns: a column starts numeric and turns categorical at its first
// non-numeric, non-missing value.

import { float32ToText } from './numbers';

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** One value per row; NaN where the cell is missing. */
  values: Float32Array;
  /** Missing cells. */
  missing: number;
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  /** One code per row, an index into `categories`; -1 where the cell is missing. */
  codes: Int32Array;
  /** Distinct values in order of first appearance. */
  categories: string[];
  missing: number;
}

export type CsvColumn = NumericColumn | CategoricalColumn;

/** First allocation of a column's array, which then doubles: small, so a very wide file costs memory in proportion to its size. */
const INITIAL_CAPACITY = 16;

export class ColumnBuilder {
  kind: 'numeric' | 'categorical' = 'numeric';
  values: Float32Array;
  codes = new Int32Array(0);
  readonly categories: string[] = [];
  private readonly codeOf = new Map<string, number>();
  missing = 0;
  length = 0;

  constructor(readonly name: string) {
    this.values = new Float32Array(0);
  }

  addNumber(value: number): void {
    if (this.length === this.values.length) this.values = grow(this.values);
    this.values[this.length++] = value;
  }

  addMissing(): void {
    this.missing++;
    if (this.kind === 'numeric') {
      this.addNumber(NaN);
    } else {
      if (this.length === this.codes.length) this.codes = grow(this.codes);
      this.codes[this.length++] = -1;
    }
  }

  addText(text: string): void {
    if (this.kind === 'numeric') this.becomeCategorical();
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
   * Numbers seen so far become categories spelled the shortest way that reads back
   * as the same float32; the original spelling ("01", "1.50") is not kept in this
   * rare case, since keeping every numeric cell's text would cost a string per cell.
   */
  private becomeCategorical(): void {
    this.kind = 'categorical';
    const codes = new Int32Array(Math.max(INITIAL_CAPACITY, this.values.length));
    const codeOfValue = new Map<number, number>();
    for (let row = 0; row < this.length; row++) {
      const value = this.values[row]!;
      if (Number.isNaN(value)) {
        codes[row] = -1;
        continue;
      }
      let code = codeOfValue.get(value);
      if (code === undefined) {
        const text = float32ToText(value);
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
    this.values = new Float32Array(0);
  }

  /** The finished column, its arrays trimmed to the row count. */
  finish(): CsvColumn {
    if (this.kind === 'numeric') {
      return { kind: 'numeric', name: this.name, values: this.values.slice(0, this.length), missing: this.missing };
    }
    return { kind: 'categorical', name: this.name, codes: this.codes.slice(0, this.length), categories: this.categories, missing: this.missing };
  }
}

function grow<T extends Float32Array | Int32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(INITIAL_CAPACITY, array.length * 2));
  bigger.set(array);
  return bigger;
}
