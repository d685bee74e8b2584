// Reads a user's CSV into typed columns: Float32Array for numbers, dictionary codes
// for categories. The file is streamed through one reused byte buffer and parsed as
// bytes; only category cells and header names ever become strings.

import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { FocalLabInputError, throwIfAborted } from './errors';
import type { CsvColumn } from './csv/columns';
import { CsvParser, type SourceName } from './csv/parser';
import { MissingValues } from './csv/missing';
import { binaryReason, bomLength, detectEncoding, estimateRows, sniffDecimalComma, sniffDelimiter, SNIFF_BYTES, type CsvDelimiter, type CsvEncoding, type DecimalCommaEvidence } from './csv/sniff';

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
  const parsing = startParsing(bytes, bytes.length, true, source, options, bytes.length);
  parsing.parser.feed(bytes, parsing.start, bytes.length, true);
  return finishTable(parsing, bytes.length);
}

/** Streams a CSV file into typed columns. */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<CsvTable> {
  const { signal, onProgress, maxBytes } = options;
  throwIfAborted(signal);
  const name = basename(path);
  const source = { subject: name, object: name };
  const { file, size: totalBytes } = await openRegularFile(path);
  let reading: Promise<{ bytesRead: number }> | undefined;
  try {
    if (maxBytes !== undefined && totalBytes > maxBytes) {
      throw new FocalLabInputError(
        'file-too-large',
        `${name} is ${formatMegabytes(totalBytes)} MB, more than the ${formatMegabytes(maxBytes)} MB limit; raise the limit with --max-file-mb (or the focalLab.maxFileMegabytes setting).`,
      );
    }
    const chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    const sniffBytes = Math.max(1, options.sniffBytes ?? SNIFF_BYTES);
    let buffer: Buffer = Buffer.allocUnsafe(Math.max(sniffBytes, chunkBytes) + chunkBytes);
    let filled = 0;
    let bytesRead = 0;
    let parsing: ReturnType<typeof startParsing> | null = null;
    let position = 0;
    // After a record longer than a chunk stays incomplete, wait until the buffer has
    // doubled before parsing it again, so a huge record costs linear, not quadratic, time.
    let parseWhenFilled = 0;
    // The next chunk is read into `ahead` while this one is parsed: the read runs on libuv's
    // thread pool, so on another core, instead of the parser waiting for it (4-15% of the time).
    const ahead = Buffer.allocUnsafe(chunkBytes);
    reading = file.read(ahead, 0, chunkBytes, null);
    for (;;) {
      throwIfAborted(signal);
      const { bytesRead: count } = await reading;
      if (buffer.length - filled < count) buffer = grow(buffer, filled, filled + count);
      ahead.copy(buffer, filled, 0, count);
      const atEnd = count === 0;
      if (!atEnd) reading = file.read(ahead, 0, chunkBytes, null);
      filled += count;
      bytesRead += count;
      if (count > 0) onProgress?.(bytesRead, totalBytes);
      if (parsing === null) {
        if (!atEnd && filled < sniffBytes) continue;
        parsing = startParsing(buffer, filled, atEnd, source, options, totalBytes);
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
    // A read still under way when parsing stopped (an error, a cancel) ends before the file closes.
    await reading?.catch(() => undefined);
    await file.close();
  }
}

function finishTable(parsing: ReturnType<typeof startParsing>, bytesRead: number): CsvTable {
  const { delimiter, encoding, decimalComma, missingValues } = parsing;
  return { ...parsing.parser.finish(), delimiter, encoding, decimalComma, missingValues: missingValues.tokens, bytesRead };
}

/** Bytes sampleCsvFile reads from a larger file: the head, then pieces spread over the rest. */
export const SAMPLE_BYTES = 4 * MEGABYTE;
const SAMPLE_PIECES = 16;

export interface CsvSample extends CsvTable {
  /** False when the file was small enough to read whole (the counts are then exact). */
  sampled: boolean;
}

/**
 * A quick look at a file for choosing the target and positive class: files up to SAMPLE_BYTES
 * are read whole; larger ones in SAMPLE_PIECES pieces spread evenly over the file (the first
 * holding the header), each cut to whole lines, so a file sorted by class still shows every
 * class. A piece that splits a quoted value across lines makes the sample unreadable: the whole
 * file is read then, as before sampling.
 */
export async function sampleCsvFile(path: string, options: Omit<ReadCsvOptions, 'onProgress' | 'chunkBytes' | 'sniffBytes'> & { sampleBytes?: number } = {}): Promise<CsvSample> {
  const sampleBytes = options.sampleBytes ?? SAMPLE_BYTES;
  const { file, size } = await openRegularFile(path);
  let sample: Buffer;
  try {
    // Small files are read whole; too large ones get readCsvFile's refusal before a byte is read.
    if (size <= sampleBytes || (options.maxBytes !== undefined && size > options.maxBytes)) return { ...(await readCsvFile(path, options)), sampled: false };
    const pieceBytes = Math.floor(sampleBytes / SAMPLE_PIECES);
    const pieces: Buffer[] = [];
    let headerFits = true;
    for (let i = 0; i < SAMPLE_PIECES && headerFits; i++) {
      throwIfAborted(options.signal);
      const piece = Buffer.allocUnsafe(pieceBytes);
      // From the start to the very end: a class sorted to the end of the file is in the last piece.
      const { bytesRead } = await file.read(piece, 0, pieceBytes, Math.floor((i * (size - pieceBytes)) / (SAMPLE_PIECES - 1)));
      // Whole lines only: from the start of the file, or from after a piece's first line break, to its last one.
      const from = i === 0 ? 0 : piece.indexOf(0x0a) + 1;
      const to = piece.lastIndexOf(0x0a, bytesRead - 1) + 1;
      if ((i === 0 || from > 0) && to > from) pieces.push(piece.subarray(from, to));
      // A header longer than a piece: the sample would start mid-header.
      if (i === 0 && to === 0) headerFits = false;
    }
    sample = Buffer.concat(pieces);
    if (!headerFits) sample = Buffer.alloc(0);
  } finally {
    await file.close();
  }
  try {
    return { ...parseCsv(sample, { delimiter: options.delimiter, missingValues: options.missingValues, decimalComma: options.decimalComma }), sampled: true };
  } catch (error) {
    if (!(error instanceof FocalLabInputError)) throw error;
    // A piece that cut a quoted value, or a file the sample cannot stand for: read it whole, which
    // gives the user the message naming the file and line.
    return { ...(await readCsvFile(path, options)), sampled: false };
  }
}

/** `totalBytes`: the file's size, for the estimate of its rows. */
function startParsing(bytes: Buffer, end: number, complete: boolean, source: SourceName, options: ParseCsvOptions, totalBytes: number) {
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
  const expectedRows = estimateRows(bytes, start, end, complete, totalBytes);
  const parser = new CsvParser(chosen, encoding, source, { decimalComma: decimalComma !== null, missingValues, expectedRows });
  return { parser, start, delimiter: chosen, encoding, decimalComma, missingValues };
}

/** What a path that is not a regular file is, in the user's words. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

function notARegularFile(path: string, info: Stats): FocalLabInputError {
  if (info.isDirectory()) return new FocalLabInputError('file-not-found', `The path ${path} is a folder, not a CSV file; choose a CSV file.`);
  return new FocalLabInputError('not-a-file', `${basename(path)} is ${kindOf(info)}, not a regular file; save the data to a file and choose that file.`);
}

function readProblem(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FocalLabInputError('file-not-found', `The file ${path} was not found; check the path.`);
  if (code === 'ELOOP') return new FocalLabInputError('file-not-found', `The path ${path} goes round a loop of symbolic links; choose the CSV file itself.`);
  if (code === 'EACCES' || code === 'EPERM') return new FocalLabInputError('file-not-found', `Focal Lab may not read ${path} (permission denied); check the file's permissions.`);
  return error;
}

/**
 * Opens the file without blocking and refuses anything but a regular file: opening a named pipe
 * waits for a writer, and reading a pipe or a device may never end. The check is made on the
 * opened descriptor, so the path cannot be swapped for a pipe in between.
 */
async function openRegularFile(path: string): Promise<{ file: FileHandle; size: number }> {
  let file: FileHandle;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw notARegularFile(path, info);
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw readProblem(error, path);
  }
  try {
    const info = await file.stat();
    if (!info.isFile()) throw notARegularFile(path, info);
    return { file, size: info.size };
  } catch (error) {
    await file.close();
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
