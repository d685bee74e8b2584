// Reading numbers and missing-value markers straight from the bytes of a cell, so
// the common numeric cell never becomes a JS string.

import { MISSING_VALUE_TOKENS } from './missingWords';

export { MISSING_VALUE_TOKENS };

const MISSING_LOWERCASE = new Set(MISSING_VALUE_TOKENS.map((token) => token.toLowerCase()));

/** Whether a cell's text is one of MISSING_VALUE_TOKENS (trimmed, case-insensitive). */
export function isMissingText(text: string): boolean {
  return MISSING_LOWERCASE.has(text.trim().toLowerCase());
}

const QUESTION_MARK = 0x3f;
const SLASH = 0x2f;
// OR-ing 0x20 lowercases an ASCII letter; every byte compared with it below is a letter,
// and only that letter's two cases map onto it.
const LOWER = 0x20;

/** Whether bytes [start, end) (already trimmed) are a missing-value token. */
export function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length === 0) return true;
  if (length === 1) return bytes[start] === QUESTION_MARK;
  if (length > 4 || (bytes[start]! | LOWER) !== 0x6e /* n */) return false;
  const second = bytes[start + 1]! | LOWER;
  if (length === 2) return second === 0x61; // na
  const third = bytes[start + 2]! | LOWER;
  if (length === 3) {
    return (bytes[start + 1] === SLASH && third === 0x61) /* n/a */ || (second === 0x61 && third === 0x6e) /* nan */;
  }
  const fourth = bytes[start + 3]! | LOWER;
  return (
    (second === 0x75 && third === 0x6c && fourth === 0x6c) /* null */ || (second === 0x6f && third === 0x6e && fourth === 0x65) /* none */
  );
}

// Powers of ten that a double holds exactly; with a mantissa below 2^53, one multiply
// or divide by one of these is correctly rounded, so the result equals Number(text).
const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_EXACT_DIGITS = 15;

const PLUS = 0x2b;
export const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Parses a decimal number (`-1.5e-3`, `+2`, `.5`, `5.`, `1E6`) from bytes [start, end),
 * already trimmed. Returns NaN when the bytes are not such a number (hex, `1,5`,
 * `Infinity` and the like are text). Long mantissas and large exponents fall back to Number().
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number, reader: NumberPrefixReader = numberPrefix): number {
  return reader.read(bytes, start, end, scratch, 0) === end ? scratch[0]! : NaN;
}

/** parseNumberBytes' landing place for the value; parsing is synchronous, so one is enough. */
const scratch = new Float64Array(1);

/**
 * Reads the longest prefix that could be a number and remembers where it stopped, so the
 * parser can read a plain numeric cell in the same pass that looks for the cell's end.
 * The decimal mark is `.`, or `,` for files with decimal commas (`12,5`).
 */
export class NumberPrefixReader {
  constructor(private readonly decimalMark: number = DOT) {}

  /**
   * Writes the number in bytes [start, stop) to out[index], NaN when that prefix is not a
   * whole number, and returns stop: the first byte that cannot continue a number. The value
   * goes into an array because a double returned from a call that is not inlined is boxed on
   * the heap, an allocation per cell (320 MB of garbage for the 21 million cells of the bench).
   */
  read(bytes: Uint8Array, start: number, end: number, out: Float64Array, index: number): number {
    // The common cell (`-0.411755`, `3`, `12.5`), in a function small enough for V8 to inline
    // into the parser's loop; anything else (a sign `+`, an exponent, long or no digits) is
    // read again, from the start, by readAny, which gives the same value for these.
    let i = start;
    const negative = i < end && bytes[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    const digitsStart = i;
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    let digits = i - digitsStart;
    let fractionDigits = 0;
    if (i < end && bytes[i] === this.decimalMark) {
      const fractionStart = ++i;
      for (; i < end; i++) {
        const digit = bytes[i]! - ZERO;
        if (digit < 0 || digit > 9) break;
        mantissa = mantissa * 10 + digit;
      }
      fractionDigits = i - fractionStart;
      digits += fractionDigits;
    }
    if (digits === 0 || digits > MAX_EXACT_DIGITS || (i < end && (bytes[i]! | LOWER) === 0x65) /* e */) return this.readAny(bytes, start, end, out, index);
    if (mantissa === 0) out[index] = negative ? -0 : 0;
    else out[index] = (negative ? -mantissa : mantissa) / EXACT_POWERS_OF_TEN[fractionDigits]!;
    return i;
  }

  /** read for every form: signs, exponents, mantissas too long for a double to hold exactly. */
  private readAny(bytes: Uint8Array, start: number, end: number, out: Float64Array, index: number): number {
    let i = start;
    let negative = false;
    if (i < end && bytes[i] === MINUS) {
      negative = true;
      i++;
    } else if (i < end && bytes[i] === PLUS) {
      i++;
    }
    // Digits are read into an integer mantissa; past MAX_EXACT_DIGITS it may be inexact,
    // and Number() takes over (also for leading zeros, which are rare enough not to count).
    let mantissa = 0;
    const digitsStart = i;
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    let digits = i - digitsStart;
    let exponent = 0;
    if (i < end && bytes[i] === this.decimalMark) {
      const fractionStart = ++i;
      for (; i < end; i++) {
        const digit = bytes[i]! - ZERO;
        if (digit < 0 || digit > 9) break;
        mantissa = mantissa * 10 + digit;
      }
      exponent = fractionStart - i;
      digits -= exponent;
    }
    if (digits === 0) {
      out[index] = NaN;
      return i;
    }
    if (i < end && (bytes[i]! | LOWER) === 0x65 /* e */) {
      i++;
      let exponentNegative = false;
      if (i < end && bytes[i] === MINUS) {
        exponentNegative = true;
        i++;
      } else if (i < end && bytes[i] === PLUS) {
        i++;
      }
      const exponentStart = i;
      let written = 0;
      for (; i < end; i++) {
        const digit = bytes[i]! - ZERO;
        if (digit < 0 || digit > 9) break;
        if (written < 1e6) written = written * 10 + digit; // beyond this it is 0 or Infinity anyway
      }
      if (i === exponentStart) {
        out[index] = NaN;
        return i;
      }
      exponent += exponentNegative ? -written : written;
    }
    if (mantissa === 0) out[index] = negative ? -0 : 0;
    else if (digits > MAX_EXACT_DIGITS || exponent > 22 || exponent < -22) out[index] = Number(decimalText(bytes, start, i, this.decimalMark));
    else {
      if (negative) mantissa = -mantissa;
      out[index] = exponent >= 0 ? mantissa * EXACT_POWERS_OF_TEN[exponent]! : mantissa / EXACT_POWERS_OF_TEN[-exponent]!;
    }
    return i;
  }
}

export const numberPrefix = new NumberPrefixReader();

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER_PATTERN = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** parseNumberBytes for text that is already a string (rare paths: cells with quotes inside). */
export function parseNumberText(text: string, decimalComma = false): number {
  const trimmed = text.trim();
  if (decimalComma) return COMMA_NUMBER_PATTERN.test(trimmed) ? Number(trimmed.replace(',', '.')) : NaN;
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : NaN;
}

/**
 * The shortest decimal spelling that reads back as the same float32, used when a
 * column that looked numeric turns out to be categorical: 0.1 stays "0.1", not
 * "0.10000000149011612".
 */
export function float32ToText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}

/** The number's text for Number(): with a decimal comma, the comma becomes a point. */
function decimalText(bytes: Uint8Array, start: number, end: number, decimalMark: number): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  return decimalMark === DOT ? text : text.replace(',', '.');
}

/**
 * A class name or category for a number read from the file: the shortest spelling that
 * reads back as the same value. A value stored as float32 (see ColumnBuilder) is spelled
 * as the float32 it is, so 4.2207 stays "4.2207", not "4.220699787139893".
 */
export function numberToText(value: number): string {
  return Math.fround(value) === value ? float32ToText(value) : String(value);
}
