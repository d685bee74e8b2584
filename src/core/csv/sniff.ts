// Looking at the start of a file before parsing it: which delimiter, which text
// encoding, and whether it is text at all.

import { isUtf8 } from 'node:buffer';

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type CsvEncoding = 'utf-8' | 'latin1';

/** In order of preference when two delimiters fit equally well. */
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
const DELIMITER_BYTES = DELIMITERS.map((delimiter) => delimiter.charCodeAt(0));

/** Bytes the delimiter, encoding and binary checks look at. */
export const SNIFF_BYTES = 64 * 1024;
const BINARY_CHECK_BYTES = 8 * 1024;
/** Above this share of control bytes, a file is not text. */
const MAX_CONTROL_SHARE = 0.1;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Length of a UTF-8 byte order mark at `start`, or 0. */
export function bomLength(bytes: Uint8Array, start: number, end: number): number {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf ? 3 : 0;
}

/** Why the bytes are not a text CSV file ('nul', 'utf-16', 'control'), or null when they look like text. */
export function binaryReason(bytes: Uint8Array, start: number, end: number): 'nul' | 'utf-16' | 'control' | null {
  if (end - start >= 2 && ((bytes[start] === 0xff && bytes[start + 1] === 0xfe) || (bytes[start] === 0xfe && bytes[start + 1] === 0xff))) {
    return 'utf-16';
  }
  const stop = Math.min(end, start + BINARY_CHECK_BYTES);
  let control = 0;
  for (let i = start; i < stop; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return 'nul';
    // Tab, LF, FF and CR are ordinary in text files.
    if ((byte < 0x20 && byte !== 0x09 && byte !== LF && byte !== 0x0c && byte !== CR) || byte === 0x7f) control++;
  }
  return control > (stop - start) * MAX_CONTROL_SHARE ? 'control' : null;
}

/**
 * 'utf-8' when the first SNIFF_BYTES are valid UTF-8, else 'latin1' (a Windows or
 * old Excel export, where é is the single byte 0xE9). `complete` says the bytes end
 * where the file ends; otherwise a character cut at the window's end is not held against it.
 */
export function detectEncoding(bytes: Uint8Array, start: number, end: number, complete: boolean): CsvEncoding {
  let stop = Math.min(end, start + SNIFF_BYTES);
  if (!complete || stop < end) {
    // An ASCII byte is always a character boundary.
    while (stop > start && bytes[stop - 1]! >= 0x80) stop--;
  }
  return isUtf8(bytes.subarray(start, stop)) ? 'utf-8' : 'latin1';
}

/**
 * Picks the delimiter from the lines in the first SNIFF_BYTES: count each candidate
 * outside quotes on every non-blank line, and keep the ones with the same non-zero
 * count on every line; the highest count wins, ties go to the earlier of , ; tab |.
 * When none is consistent (a ragged file), the one that agrees with the header's
 * count on most lines wins, so the ragged row is reported with the right delimiter.
 */
export function sniffDelimiter(bytes: Uint8Array, start: number, end: number, complete: boolean): CsvDelimiter {
  const stop = Math.min(end, start + SNIFF_BYTES);
  const windowIsWhole = complete && stop === end;
  const candidates = DELIMITERS.length;
  const lineCounts = new Array<number>(candidates).fill(0);
  const headerCounts = new Array<number>(candidates).fill(-1);
  const consistent = new Array<boolean>(candidates).fill(true);
  const agreeing = new Array<number>(candidates).fill(0);
  let inQuotes = false;
  let lineHasText = false;

  const endLine = (): void => {
    if (!lineHasText) return;
    for (let k = 0; k < candidates; k++) {
      const count = lineCounts[k]!;
      if (headerCounts[k] === -1) headerCounts[k] = count;
      if (count !== headerCounts[k]) consistent[k] = false;
      else agreeing[k]!++;
      lineCounts[k] = 0;
    }
    lineHasText = false;
  };

  for (let i = start; i < stop; i++) {
    const byte = bytes[i]!;
    // Toggling on every quote is enough here: a doubled quote toggles twice.
    if (byte === QUOTE) {
      inQuotes = !inQuotes;
      lineHasText = true;
      continue;
    }
    if (inQuotes) continue;
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) {
      endLine();
      continue;
    }
    const k = DELIMITER_BYTES.indexOf(byte);
    if (k >= 0) lineCounts[k]!++;
    // Lines of spaces and tabs only are blank lines, as the parser skips them.
    if (byte !== 0x20 && byte !== 0x09 && byte !== CR) lineHasText = true;
  }
  // The last line may be cut by the window's end: it counts only when the window holds
  // the whole file, or when it is all there is (a header wider than the window).
  if (windowIsWhole || headerCounts[0] === -1) endLine();

  let best = -1;
  for (let k = 0; k < candidates; k++) {
    if (consistent[k] && headerCounts[k]! > 0 && (best < 0 || headerCounts[k]! > headerCounts[best]!)) best = k;
  }
  if (best >= 0) return DELIMITERS[best]!;
  for (let k = 0; k < candidates; k++) {
    if (headerCounts[k]! > 0 && (best < 0 || agreeing[k]! > agreeing[best]!)) best = k;
  }
  return best >= 0 ? DELIMITERS[best]! : ',';
}

/** Headroom over estimateRows' guess, for files whose later lines are shorter than their first. */
const ROW_ESTIMATE_HEADROOM = 1.1;

/**
 * About how many rows a file of `totalBytes` holds, judged from the lines in its first
 * SNIFF_BYTES (bytes [start, end) hold the file's start; `complete`: they are the whole file):
 * a hint that lets the reader size its columns once. Too high costs nothing (memory is only
 * used where rows are written), too low a copy. 0 when the window holds no whole line.
 */
export function estimateRows(bytes: Uint8Array, start: number, end: number, complete: boolean, totalBytes: number): number {
  const stop = Math.min(end, start + SNIFF_BYTES);
  let lines = 0;
  let linesEnd = start;
  for (let i = start; i < stop; i++) {
    const byte = bytes[i]!;
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) {
      lines++;
      linesEnd = i + 1;
    }
  }
  // The whole file is in the window: its lines are an upper bound on its rows.
  if (complete && stop === end) return lines + 1;
  if (lines === 0) return 0;
  return Math.ceil(((totalBytes - start) / (linesEnd - start)) * lines * ROW_ESTIMATE_HEADROOM);
}

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const POINT_DECIMAL = /^[+-]?\d*\.\d+$/;

/** The first number written with a decimal comma, as written, and its line. */
export interface DecimalCommaEvidence {
  example: string;
  line: number;
}

/**
 * Whether the numbers use a decimal comma (`12,5`), as European spreadsheets export them with
 * `;` between fields. Only a file not separated by commas can; it does when, in the data lines
 * of the first SNIFF_BYTES, more fields look like `12,5` than like `12.5`. Returns the first
 * such field, or null.
 */
export function sniffDecimalComma(bytes: Uint8Array, start: number, end: number, complete: boolean, delimiter: CsvDelimiter): DecimalCommaEvidence | null {
  if (delimiter === ',') return null;
  const stop = Math.min(end, start + SNIFF_BYTES);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, stop - start).toString('latin1');
  const lines = text.split(/\r\n|\n|\r/);
  // The last line may be cut by the window's end.
  if (!(complete && stop === end)) lines.pop();
  let commas = 0;
  let points = 0;
  let evidence: DecimalCommaEvidence | null = null;
  let header = true;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (header) {
      header = false;
      continue;
    }
    for (const raw of line.split(delimiter)) {
      const field = raw.trim().replace(/^"(.*)"$/, '$1').trim();
      if (COMMA_DECIMAL.test(field)) {
        commas++;
        evidence ??= { example: field, line: index + 1 };
      } else if (POINT_DECIMAL.test(field)) {
        points++;
      }
    }
  }
  return commas > points ? evidence : null;
}
