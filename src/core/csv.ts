// Reads a user's CSV into typed columns: Float32Array for numbers, dictionary codes
// for categories. The file is streamed through one reused byte buffer and parsed as
// bytes; only category cells and header names ever become strings.

import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FocalLabInputError, throwIfAborted } from './errors';
import type { CsvColumn } from './csv/columns';
import { CsvParser, type SourceName } from './csv/parser';
import { MissingValues } from './csv/missing';
import { binaryReason, bomLength, detectEncoding, sniffDecimalComma, sniffDelimiter, SNIFF_BYTES, type CsvDelimiter, type CsvEncoding, type DecimalCommaEvidence } from './csv/sniff';

export type { CategoricalColumn, CellSample, ColumnReading, CsvColumn, NumericColumn } from './csv/columns';
export { NUMERIC_SHARE } from './csv/columns';
export { MissingValues } from './csv/missing';
export { MISSING_VALUE_TOKENS, isMissingText } from './csv/numbers';
export type { CsvDelimiter, CsvEncoding, DecimalCommaEvidence } from './csv/sniff';

export interface CsvTable {
  columns: CsvColumn[];
  rowCount: number;
  /** The line each data row starts on (1-based). */
  lineOfRow: Uint32Array;
  delimiter: CsvDelimiter;
  /** How category names and header names were decoded: latin1 when the start of the file is not valid UTF-8. */
  encoding: CsvEncoding;
  /** Set when the numbers were read with a decimal comma (`12,5` = 12.5): the first such field and its line. */
  decimalComma: DecimalCommaEvidence | null;
  /** The words read as missing values (besides empty cells). */
  missingValues: readonly string[];
  bytesRead: number;
}

export interface ReadCsvOptions {
  signal?: AbortSignal;
  /** Called after each chunk read. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Larger files are refused before any byte is read. */
  maxBytes?: number;
  /** Skips sniffing. */
  delimiter?: CsvDelimiter;
  /** Words read as missing values (default MISSING_VALUE_TOKENS); empty cells always are. */
  missingValues?: readonly string[];
  /** Skips sniffing the decimal mark (null: a decimal point). */
  decimalComma?: DecimalCommaEvidence | null;
  /** @internal Bytes per read; tests make it tiny so records straddle reads. */
  chunkBytes?: number;
  /** @internal Bytes gathered before sniffing the delimiter and encoding. */
  sniffBytes?: number;
}

export interface ParseCsvOptions {
  /** Skips sniffing. */
  delimiter?: CsvDelimiter;
  missingValues?: readonly string[];
  /** Skips sniffing the decimal mark (null: a decimal point). */
  decimalComma?: DecimalCommaEvidence | null;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const MEGABYTE = 1024 * 1024;

/** Parses a whole CSV held in memory, with the same machine readCsvFile streams through. */
export function parseCsv(data: Uint8Array | string, options: ParseCsvOptions = {}): CsvTable {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const source = { subject: 'The CSV data', object: 'the CSV data' };
  const parsing = startParsing(bytes, bytes.length, true, source, options);
  parsing.parser.feed(bytes, parsing.start, bytes.length, true);
  return finishTable(parsing, bytes.length);
}

/** Streams a CSV file into typed columns. */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<CsvTable> {
  const { signal, onProgress, maxBytes } = options;
  throwIfAborted(signal);
  const name = basename(path);
  const source = { subject: name, object: name };
  const totalBytes = await fileSize(path);
  if (maxBytes !== undefined && totalBytes > maxBytes) {
    throw new FocalLabInputError(
      'file-too-large',
      `${name} is ${formatMegabytes(totalBytes)} MB, more than the ${formatMegabytes(maxBytes)} MB limit; raise the limit with --max-file-mb (or the focalLab.maxFileMegabytes setting).`,
    );
  }

  const chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const sniffBytes = Math.max(1, options.sniffBytes ?? SNIFF_BYTES);
  const file = await open(path, 'r');
  try {
    let buffer: Buffer = Buffer.allocUnsafe(Math.max(sniffBytes, chunkBytes) + chunkBytes);
    let filled = 0;
    let bytesRead = 0;
    let parsing: ReturnType<typeof startParsing> | null = null;
    let position = 0;
    // After a record longer than a chunk stays incomplete, wait until the buffer has
    // doubled before parsing it again, so a huge record costs linear, not quadratic, time.
    let parseWhenFilled = 0;
    for (;;) {
      throwIfAborted(signal);
      if (buffer.length - filled < chunkBytes) buffer = grow(buffer, filled, filled + chunkBytes);
      const { bytesRead: count } = await file.read(buffer, filled, chunkBytes, null);
      const atEnd = count === 0;
      filled += count;
      bytesRead += count;
      if (count > 0) onProgress?.(bytesRead, totalBytes);
      if (parsing === null) {
        if (!atEnd && filled < sniffBytes) continue;
        parsing = startParsing(buffer, filled, atEnd, source, options);
        position = parsing.start;
      }
      if (!atEnd && filled < parseWhenFilled) continue;
      const consumed = parsing.parser.feed(buffer, position, filled, atEnd);
      if (atEnd) return finishTable(parsing, bytesRead);
      // Keep the incomplete last record at the front of the buffer.
      buffer.copyWithin(0, consumed, filled);
      filled -= consumed;
      position = 0;
      parseWhenFilled = filled > chunkBytes ? 2 * filled : 0;
    }
  } finally {
    await file.close();
  }
}

function finishTable(parsing: ReturnType<typeof startParsing>, bytesRead: number): CsvTable {
  const { delimiter, encoding, decimalComma, missingValues } = parsing;
  return { ...parsing.parser.finish(), delimiter, encoding, decimalComma, missingValues: missingValues.tokens, bytesRead };
}

function startParsing(bytes: Buffer, end: number, complete: boolean, source: SourceName, options: ParseCsvOptions) {
  const start = bomLength(bytes, 0, end);
  const reason = binaryReason(bytes, start, end);
  if (reason !== null) {
    const why =
      reason === 'utf-16'
        ? 'it is saved as UTF-16; save it as "CSV UTF-8" and try again'
        : `it holds ${reason === 'nul' ? 'NUL bytes' : 'many control bytes'}; choose a CSV file, or export the data as CSV first`;
    throw new FocalLabInputError('binary-file', `${source.subject} does not look like a text CSV file: ${why}.`);
  }
  const encoding = detectEncoding(bytes, start, end, complete);
  const chosen = options.delimiter ?? sniffDelimiter(bytes, start, end, complete);
  const decimalComma = options.decimalComma !== undefined ? options.decimalComma : sniffDecimalComma(bytes, start, end, complete, chosen);
  const missingValues = new MissingValues(options.missingValues);
  const parser = new CsvParser(chosen, encoding, source, { decimalComma: decimalComma !== null, missingValues });
  return { parser, start, delimiter: chosen, encoding, decimalComma, missingValues };
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new FocalLabInputError('file-not-found', `The path ${path} is a folder, not a CSV file; choose a CSV file.`);
    return info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new FocalLabInputError('file-not-found', `The file ${path} was not found; check the path.`);
    }
    throw error;
  }
}

function grow(buffer: Buffer, filled: number, needed: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
  buffer.copy(bigger, 0, 0, filled);
  return bigger;
}

function formatMegabytes(bytes: number): string {
  return String(Math.round((bytes / MEGABYTE) * 10) / 10);
}
