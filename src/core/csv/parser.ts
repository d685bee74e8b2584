// The RFC 4180 state machine: splits bytes into records and fields, takes the first
// record as the header, and types every later field into its column. It is fed
// buffers piece by piece; a record cut by the end of a piece is left unconsumed and
// parsed again, whole, with the next piece.

import { clipName, FocalLabInputError } from '../errors';
import { ColumnBuilder, type CsvColumn } from './columns';
import { DEFAULT_MISSING_VALUES, type MissingValues } from './missing';
import { COMMA, NumberPrefixReader, parseNumberBytes, parseNumberText } from './numbers';
import type { CsvDelimiter, CsvEncoding } from './sniff';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Field flags.
const QUOTED = 1;
/** The quoted value holds a doubled quote, so its text needs unescaping. */
const ESCAPED = 2;
/** Text follows the closing quote (`"ab"cd`); kept, not an error, like most readers do. */
const TRAILING_TEXT = 4;

/**
 * The most columns Focal Lab reads. A record with more fields is refused as soon as the parser
 * meets its field number MAX_COLUMNS + 1, before any column is made: a header of a million
 * names would otherwise cost far more memory than the file (docs/bad-input.md).
 */
export const MAX_COLUMNS = 100_000;

export interface ParsedTable {
  columns: CsvColumn[];
  rowCount: number;
  /** The line each data row starts on (1-based), for messages about rows. */
  lineOfRow: Uint32Array;
}

/** How errors name the input: a file name, or "the CSV data" for parseCsv. */
export interface SourceName {
  /** At the start of a sentence: "data.csv" or "The CSV data". */
  subject: string;
  /** Inside a sentence: "data.csv" or "the CSV data". */
  object: string;
}

export interface ParserOptions {
  /** Numbers are written with a decimal comma (`12,5`), decided when sniffing. */
  decimalComma?: boolean;
  missingValues?: MissingValues;
  /** The estimated number of data rows (0 when unknown), so the columns are sized once (see estimateRows). */
  expectedRows?: number;
}

export class CsvParser {
  private readonly delimiter: number;
  private readonly reader: NumberPrefixReader;
  private readonly decimalComma: boolean;
  private readonly missingValues: MissingValues;
  private readonly expectedRows: number;
  private columns: ColumnBuilder[] | null = null;
  private headerLine = 0;
  /** Physical line (1-based, counting newlines inside quotes) where the next record starts. */
  private line = 1;
  private rowCount = 0;
  private lineOfRow: Uint32Array;

  // Scratch space for the record being split: where each field's value starts and ends.
  private fieldStarts = new Int32Array(64);
  private fieldEnds = new Int32Array(64);
  private fieldFlags = new Uint8Array(64);
  /** The value of a plain unquoted numeric field, read while splitting; NaN for any other field. */
  private fieldNumbers = new Float64Array(64);
  private fieldCount = 0;
  private recordNewlines = 0;

  constructor(
    private readonly delimiterText: CsvDelimiter,
    private readonly encoding: CsvEncoding,
    private readonly source: SourceName,
    options: ParserOptions = {},
  ) {
    this.delimiter = delimiterText.charCodeAt(0);
    this.decimalComma = options.decimalComma ?? false;
    this.reader = this.decimalComma ? new NumberPrefixReader(COMMA) : new NumberPrefixReader();
    this.missingValues = options.missingValues ?? DEFAULT_MISSING_VALUES;
    this.expectedRows = options.expectedRows ?? 0;
    this.lineOfRow = new Uint32Array(Math.max(256, this.expectedRows));
  }

  /**
   * Parses the complete records in bytes [start, end) and returns where the first
   * incomplete one starts (end when all were complete). With `final`, the input ends
   * at `end`, so the last record is complete even without a newline.
   */
  feed(bytes: Buffer, start: number, end: number, final: boolean): number {
    let position = start;
    while (position < end) {
      const next = this.splitRecord(bytes, position, end, final);
      if (next < 0) break;
      const recordLine = this.line;
      this.line += this.recordNewlines;
      position = next;
      if (this.isBlankRecord(bytes)) continue;
      if (this.columns === null) this.readHeader(bytes, recordLine);
      else this.addRow(bytes, recordLine);
    }
    return position;
  }

  finish(): ParsedTable {
    if (this.columns === null) {
      throw new FocalLabInputError(
        'empty-file',
        `${this.source.subject} is empty (it holds no text); choose a CSV file with a header line and at least one row of data.`,
      );
    }
    if (this.rowCount === 0) {
      throw new FocalLabInputError(
        'header-only',
        `${this.source.subject} has a header on line ${this.headerLine} but no data rows; add rows of data below the header.`,
        this.headerLine,
      );
    }
    return { columns: this.columns.map((column) => column.finish()), rowCount: this.rowCount, lineOfRow: this.lineOfRow.slice(0, this.rowCount) };
  }

  /**
   * Splits the record starting at `start` into the field scratch arrays and returns
   * where the next record starts, or -1 when the record is not complete before `end`.
   */
  private splitRecord(bytes: Buffer, start: number, end: number, final: boolean): number {
    const delimiter = this.delimiter;
    let position = start;
    let fieldCount = 0;
    let newlines = 0;
    for (;;) {
      if (fieldCount === this.fieldStarts.length) {
        if (fieldCount >= MAX_COLUMNS) throw this.tooManyFields();
        this.growFields();
      }
      if (position < end && bytes[position] === QUOTE) {
        const openedAt = position;
        const openedOnLine = newlines;
        let flags = QUOTED;
        let cursor = position + 1;
        for (;;) {
          while (cursor < end) {
            const byte = bytes[cursor]!;
            if (byte === QUOTE) break;
            if (byte === LF || (byte === CR && bytes[cursor + 1] !== LF)) newlines++;
            cursor++;
          }
          if (cursor >= end) {
            if (final) throw this.unterminatedQuote(this.line + openedOnLine);
            return -1;
          }
          if (cursor + 1 < end && bytes[cursor + 1] === QUOTE) {
            flags |= ESCAPED;
            cursor += 2;
            continue;
          }
          // A quote as the last byte might be the first half of a doubled one.
          if (cursor + 1 >= end && !final) return -1;
          break;
        }
        const closedAt = cursor;
        position = closedAt + 1;
        while (position < end && (bytes[position] === SPACE || (bytes[position] === TAB && delimiter !== TAB))) position++;
        if (position < end && bytes[position] !== delimiter && bytes[position] !== LF && bytes[position] !== CR) {
          flags |= TRAILING_TEXT;
          while (position < end) {
            const byte = bytes[position]!;
            if (byte === delimiter || byte === LF || byte === CR) break;
            position++;
          }
          this.fieldStarts[fieldCount] = openedAt;
          this.fieldEnds[fieldCount] = position;
        } else {
          this.fieldStarts[fieldCount] = openedAt + 1;
          this.fieldEnds[fieldCount] = closedAt;
        }
        this.fieldFlags[fieldCount] = flags;
        this.fieldNumbers[fieldCount] = NaN;
      } else {
        const fieldStart = position;
        // Most cells are plain numbers: read one while looking for the field's end.
        position = this.reader.read(bytes, position, end, this.fieldNumbers, fieldCount);
        if (position < end) {
          const byte = bytes[position]!;
          if (byte !== delimiter && byte !== LF && byte !== CR) this.fieldNumbers[fieldCount] = NaN;
        }
        while (position < end) {
          const byte = bytes[position]!;
          if (byte === delimiter || byte === LF || byte === CR) break;
          position++;
        }
        this.fieldStarts[fieldCount] = fieldStart;
        this.fieldEnds[fieldCount] = position;
        this.fieldFlags[fieldCount] = 0;
      }
      fieldCount++;

      if (position >= end) {
        if (!final) return -1;
        break;
      }
      const byte = bytes[position]!;
      if (byte === delimiter) {
        position++;
        continue;
      }
      if (byte === LF) {
        position++;
      } else if (position + 1 < end) {
        // CR: CRLF, or a lone CR as old Mac exports end lines.
        position += bytes[position + 1] === LF ? 2 : 1;
      } else if (!final) {
        return -1; // the LF of a CRLF may be in the next piece
      } else {
        position++;
      }
      newlines++;
      break;
    }
    this.fieldCount = fieldCount;
    this.recordNewlines = newlines;
    return position;
  }

  private growFields(): void {
    const size = Math.min(this.fieldStarts.length * 2, MAX_COLUMNS);
    const starts = new Int32Array(size);
    starts.set(this.fieldStarts);
    const ends = new Int32Array(size);
    ends.set(this.fieldEnds);
    const flags = new Uint8Array(size);
    flags.set(this.fieldFlags);
    const numbers = new Float64Array(size);
    numbers.set(this.fieldNumbers);
    this.fieldStarts = starts;
    this.fieldEnds = ends;
    this.fieldFlags = flags;
    this.fieldNumbers = numbers;
  }

  /** A line with nothing but spaces is skipped, not read as a row of one missing value. */
  private isBlankRecord(bytes: Buffer): boolean {
    if (this.fieldCount !== 1 || this.fieldFlags[0] !== 0) return false;
    const end = this.fieldEnds[0]!;
    for (let i = this.fieldStarts[0]!; i < end; i++) {
      if (bytes[i] !== SPACE && bytes[i] !== TAB) return false;
    }
    return true;
  }

  private readHeader(bytes: Buffer, line: number): void {
    this.headerLine = line;
    const names: string[] = [];
    let numbers = 0;
    let empties = 0;
    for (let field = 0; field < this.fieldCount; field++) {
      const name = this.fieldText(bytes, field).trim();
      if (name === '') empties++;
      else if (!Number.isNaN(parseNumberText(name))) numbers++;
      names.push(name === '' ? `column_${field + 1}` : name);
    }
    if (numbers > 0 && numbers + empties === this.fieldCount) {
      throw new FocalLabInputError(
        'no-header',
        `The first line of ${this.source.object} (line ${line}) looks like data, not a header; add a header line with column names.`,
        line,
      );
    }
    const firstPosition = new Map<string, number>();
    names.forEach((name, index) => {
      const earlier = firstPosition.get(name);
      if (earlier !== undefined) {
        throw new FocalLabInputError(
          'duplicate-column',
          `Columns ${earlier + 1} and ${index + 1} in the header on line ${line} of ${this.source.object} are both named "${clipName(name)}"; rename one of them.`,
          line,
        );
      }
      firstPosition.set(name, index);
    });
    const columnOptions = { decimalComma: this.decimalComma, expectedRows: this.expectedRows };
    this.columns = clipNames(names).map((name) => new ColumnBuilder(name, columnOptions));
  }

  private addRow(bytes: Buffer, line: number): void {
    const columns = this.columns!;
    if (this.fieldCount !== columns.length) throw this.raggedRow(line);
    const starts = this.fieldStarts;
    const ends = this.fieldEnds;
    const flags = this.fieldFlags;
    const numbers = this.fieldNumbers;
    for (let field = 0; field < columns.length; field++) {
      const column = columns[field]!;
      if (column.kind === 'numeric') {
        // The common case: a plain number, already read while splitting.
        const value = numbers[field]!;
        if (value === value /* not NaN */) {
          column.addNumber(value);
          continue;
        }
      }
      const fieldFlags = flags[field]!;
      if (fieldFlags > QUOTED) {
        this.addUnusualField(column, bytes, field, line);
        continue;
      }
      const start = starts[field]!;
      const end = ends[field]!;
      // Surrounding spaces do not count for typing; a quoted value keeps them in its category name.
      let trimmedStart = start;
      let trimmedEnd = end;
      while (trimmedStart < trimmedEnd && (bytes[trimmedStart] === SPACE || bytes[trimmedStart] === TAB)) trimmedStart++;
      while (trimmedEnd > trimmedStart && (bytes[trimmedEnd - 1] === SPACE || bytes[trimmedEnd - 1] === TAB)) trimmedEnd--;
      if (column.kind === 'numeric') {
        const value = trimmedStart === trimmedEnd ? NaN : parseNumberBytes(bytes, trimmedStart, trimmedEnd, this.reader);
        if (value === value) {
          column.addNumber(value);
          continue;
        }
      }
      if (this.missingValues.matchesBytes(bytes, trimmedStart, trimmedEnd, this.encoding)) {
        column.addMissing(trimmedStart === trimmedEnd ? undefined : bytes.toString(this.encoding, trimmedStart, trimmedEnd));
      } else if (fieldFlags === QUOTED) column.addText(bytes.toString(this.encoding, start, end), line);
      else column.addText(bytes.toString(this.encoding, trimmedStart, trimmedEnd), line);
    }
    if (this.rowCount === this.lineOfRow.length) {
      const bigger = new Uint32Array(this.lineOfRow.length * 2);
      bigger.set(this.lineOfRow);
      this.lineOfRow = bigger;
    }
    this.lineOfRow[this.rowCount++] = line;
  }

  /** Quoted values with doubled quotes or text after the closing quote: rare, so typed from a string. */
  private addUnusualField(column: ColumnBuilder, bytes: Buffer, field: number, line: number): void {
    const text = this.fieldText(bytes, field);
    if (this.missingValues.matchesText(text)) {
      column.addMissing(text.trim() === '' ? undefined : text.trim());
      return;
    }
    const value = column.kind === 'numeric' ? parseNumberText(text, this.decimalComma) : NaN;
    if (Number.isNaN(value)) column.addText(this.fieldFlags[field]! & TRAILING_TEXT ? text.trim() : text, line);
    else column.addNumber(value);
  }

  /** A field's value as a string: unquoted and unescaped, not trimmed. */
  private fieldText(bytes: Buffer, field: number): string {
    const flags = this.fieldFlags[field]!;
    const raw = bytes.toString(this.encoding, this.fieldStarts[field], this.fieldEnds[field]);
    if (flags & TRAILING_TEXT) return unquoteWithTrailingText(raw);
    if (flags & ESCAPED) return raw.replace(/""/g, '"');
    return raw;
  }

  private tooManyFields(): FocalLabInputError {
    const limit = MAX_COLUMNS.toLocaleString('en-US');
    if (this.columns === null) {
      return new FocalLabInputError(
        'too-many-columns',
        `The header on line ${this.line} of ${this.source.object} has more than ${limit} columns, the most Focal Lab reads; keep the columns you need (the target and the features) in a new file and choose that.`,
        this.line,
      );
    }
    return new FocalLabInputError(
      'ragged-row',
      `Line ${this.line} of ${this.source.object} has more than ${limit} fields but the header on line ${this.headerLine} has ${this.columns.length}; put values that contain ${this.delimiterName()} in double quotes, or remove the extra fields.`,
      this.line,
    );
  }

  private delimiterName(): string {
    return this.delimiterText === '\t' ? 'a tab' : `"${this.delimiterText}"`;
  }

  private raggedRow(line: number): FocalLabInputError {
    const expected = this.columns!.length;
    const found = this.fieldCount;
    const delimiterName = this.delimiterName();
    const advice =
      found > expected
        ? `put values that contain ${delimiterName} in double quotes, or remove the extra fields`
        : 'add the missing fields (leave a field empty for a missing value)';
    return new FocalLabInputError(
      'ragged-row',
      `Line ${line} of ${this.source.object} has ${found} field${found === 1 ? '' : 's'} but the header on line ${this.headerLine} has ${expected}; ${advice}.`,
      line,
    );
  }

  private unterminatedQuote(line: number): FocalLabInputError {
    return new FocalLabInputError(
      'unterminated-quote',
      `A quoted value that starts on line ${line} of ${this.source.object} is never closed; add the closing double quote, and write any double quote inside a value as two ("").`,
      line,
    );
  }
}

/**
 * Names clipped to MAX_NAME_CHARACTERS; two long names that clip alike are told apart by their
 * column number, so every column keeps a name of its own.
 */
function clipNames(names: string[]): string[] {
  const clipped = names.map(clipName);
  if (clipped.every((name, i) => name === names[i])) return clipped;
  const seen = new Set(names);
  return clipped.map((name, i) => {
    if (name === names[i]) return name;
    const distinct = seen.has(name) ? `${name} (column ${i + 1})` : name;
    seen.add(distinct);
    return distinct;
  });
}

/** `"ab""c"de` -> `ab"cde`. */
function unquoteWithTrailingText(raw: string): string {
  let text = '';
  let i = 1;
  while (i < raw.length) {
    if (raw[i] === '"') {
      if (raw[i + 1] === '"') {
        text += '"';
        i += 2;
        continue;
      }
      i++;
      break;
    }
    text += raw[i];
    i++;
  }
  return text + raw.slice(i);
}
