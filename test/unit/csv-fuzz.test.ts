// Seeded fuzzing: random tables written as CSV with random quoting, padding, line
// ends, delimiters and missing spellings must read back to the same table; the same
// bytes with random damage must give a consistent table or a FocalLabInputError.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInputError } from '../../src/core/errors';
import { parseCsv, readCsvFile, type CsvDelimiter, type CsvTable } from '../../src/core/csv';
import { bomLength, sniffDelimiter } from '../../src/core/csv/sniff';
import { seededRandom } from '../../src/core/random';


type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
const NEWLINES = ['\n', '\r\n', '\r'];
const MISSING_SPELLINGS = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?', 'na', 'NONE', 'Null'];
// Text always starts with a letter that no number or missing token starts with.
const TEXT_FIRST = ['a', 'b', 'x', 'Z', 'é', '漢', 'Ω'];
const TEXT_REST = ['a', 'b', 'c', ' ', '1', '.', '-', 'é', '😀', ',', ';', '\t', '|', '"', '\n', '\r\n', "'"];

interface Generated {
  text: string;
  delimiter: CsvDelimiter;
  names: string[];
  kinds: ('numeric' | 'categorical')[];
  /** expected[column][row]: a float32, NaN, a string, or null for missing. */
  expected: (number | string | null)[][];
  rowCount: number;
}

function randomNumberText(random: Random): string {
  const magnitude = 10 ** (int(random, 13) - 6);
  const value = (random() - 0.3) * magnitude;
  const form = int(random, 8);
  let text =
    form === 0 ? String(Math.round(value))
    : form === 1 ? value.toExponential(int(random, 8))
    : form === 2 ? value.toFixed(int(random, 7))
    : form === 3 ? value.toPrecision(1 + int(random, 17))
    : form === 4 ? String(value)
    : form === 5 ? `${int(random, 100)}.`
    : form === 6 ? `.${int(random, 1000)}`
    : String(Math.fround(value)).toUpperCase();
  if (!text.startsWith('-') && random() < 0.15) text = `+${text}`;
  return text;
}

function randomText(random: Random): string {
  let text = pick(random, TEXT_FIRST);
  const length = int(random, 8);
  for (let i = 0; i < length; i++) text += pick(random, TEXT_REST);
  return text.trimEnd();
}

function needsQuotes(text: string): boolean {
  // Any candidate delimiter, so sniffing only ever sees the real one outside quotes.
  return /[,;\t|"\r\n]/.test(text);
}

function writeCell(random: Random, value: string, quoteAllowed: boolean, padAllowed: boolean): string {
  const quote = needsQuotes(value) || (quoteAllowed && random() < 0.25);
  if (quote) return `"${value.replace(/"/g, '""')}"${random() < 0.1 ? ' ' : ''}`;
  if (padAllowed && random() < 0.2) return `${' '.repeat(int(random, 3))}${value}${' '.repeat(int(random, 3))}`;
  return value;
}

function generate(random: Random): Generated {
  const columnCount = 1 + int(random, 5);
  const rowCount = 1 + int(random, 12);
  const delimiter = pick(random, DELIMITERS);
  const newline = pick(random, NEWLINES);
  const kinds = Array.from({ length: columnCount }, (): 'numeric' | 'categorical' => (random() < 0.5 ? 'numeric' : 'categorical'));
  const names = Array.from({ length: columnCount }, (_, c) => `${pick(random, TEXT_FIRST)}${c}${random() < 0.2 ? randomText(random).slice(1) : ''}`.trim());
  const expected: (number | string | null)[][] = kinds.map(() => []);
  const lines: string[] = [names.map((name) => writeCell(random, name, true, true)).join(delimiter)];

  for (let row = 0; row < rowCount; row++) {
    const cells: string[] = [];
    for (let c = 0; c < columnCount; c++) {
      if (random() < 0.15) {
        let spelling = pick(random, MISSING_SPELLINGS);
        // A one-column row written as nothing would be a blank line, which is skipped.
        if (columnCount === 1 && spelling === '') spelling = random() < 0.5 ? 'NA' : '""';
        expected[c]!.push(kinds[c] === 'numeric' ? NaN : null);
        cells.push(spelling === '""' ? spelling : writeCell(random, spelling, columnCount > 1, columnCount > 1));
        continue;
      }
      if (kinds[c] === 'numeric') {
        const text = randomNumberText(random);
        expected[c]!.push(Math.fround(Number(text)));
        cells.push(writeCell(random, text, true, true));
      } else {
        const text = randomText(random);
        expected[c]!.push(text);
        cells.push(writeCell(random, text, true, true));
      }
    }
    lines.push(cells.join(delimiter));
    if (random() < 0.05) lines.push('');
  }
  let text = lines.join(newline);
  if (random() < 0.7) text += newline;
  if (random() < 0.2) text += newline.repeat(1 + int(random, 3));
  if (random() < 0.1) text = `\ufeff${text}`;
  return { text, delimiter, names, kinds, expected, rowCount };
}

/** Every column holds rowCount values, codes point into the dictionary, missing counts add up. */
function assertConsistent(table: CsvTable): void {
  assert.ok(table.rowCount > 0);
  assert.ok(table.columns.length > 0);
  for (const column of table.columns) {
    if (column.kind === 'numeric') {
      assert.equal(column.values.length, table.rowCount);
      assert.equal(column.missing, column.values.filter((value) => Number.isNaN(value)).length);
    } else {
      assert.equal(column.codes.length, table.rowCount);
      assert.equal(column.missing, column.codes.filter((code) => code === -1).length);
      assert.ok(column.codes.every((code) => code >= -1 && code < column.categories.length));
      assert.equal(new Set(column.categories).size, column.categories.length);
    }
  }
}

function assertRoundTrip(generated: Generated, table: CsvTable, label: string): void {
  assert.equal(table.rowCount, generated.rowCount, label);
  if (generated.names.length > 1) assert.equal(table.delimiter, generated.delimiter, label);
  assert.deepEqual(
    table.columns.map((column) => column.name),
    generated.names,
    label,
  );
  table.columns.forEach((column, c) => {
    const expected = generated.expected[c]!;
    const presentCount = expected.filter((value) => value !== null && !Number.isNaN(value)).length;
    // A categorical column may be all missing; it then reads as numeric.
    assert.equal(column.kind, presentCount === 0 ? 'numeric' : generated.kinds[c], `${label}, column ${c}`);
    // The generator writes float32 values; a column kept in float64 holds exactly what was written.
    if (column.kind === 'numeric') assert.deepEqual(Array.from(column.values, (value) => Math.fround(value)), expected.map((value) => (value === null ? NaN : value)), `${label}, column ${c}`);
    else assert.deepEqual(Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code])), expected, `${label}, column ${c}`);
  });
}

const MUTATION_BYTES = [0x22, 0x2c, 0x3b, 0x09, 0x7c, 0x0a, 0x0d, 0x00, 0xe9, 0xff, 0x20, 0x31, 0x2e, 0x65, 0x2d];

function mutate(random: Random, bytes: Buffer): Buffer {
  const out = Array.from(bytes);
  const edits = 1 + int(random, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(random, out.length + 1);
    const byte = random() < 0.8 ? pick(random, MUTATION_BYTES) : int(random, 256);
    const kind = int(random, 3);
    if (kind === 0 && at < out.length) out[at] = byte;
    else if (kind === 1) out.splice(at, 0, byte);
    else out.splice(at, 1);
  }
  return Buffer.from(out);
}

/** The table, or the code of the FocalLabInputError. */
async function outcome(read: () => Promise<CsvTable>): Promise<CsvTable | string> {
  try {
    return await read();
  } catch (error) {
    if (!isInputError(error)) throw error;
    return error.code;
  }
}

describe('csv reader fuzzing (seeded)', () => {
  const CASES = 1000;
  const STREAMED_CASES = 150;
  let tempDir = '';
  before(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-csv-fuzz-'));
  });
  after(() => {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it(`reads ${CASES} generated tables back exactly`, () => {
    const random = seededRandom(20240601);
    for (let i = 0; i < CASES; i++) {
      const generated = generate(random);
      const label = `case ${i}: ${JSON.stringify(generated.text)}`;
      const bytes = Buffer.from(generated.text, 'utf8');
      const table = parseCsv(bytes);
      assertConsistent(table);
      assertRoundTrip(generated, table, label);
      assert.equal(table.encoding, 'utf-8');
      assertRoundTrip(generated, parseCsv(bytes, { delimiter: generated.delimiter }), `${label}, delimiter given`);
    }
  });

  it(`reads ${CASES} damaged files to a consistent table or a FocalLabInputError`, () => {
    const random = seededRandom(7);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const bytes = mutate(random, Buffer.from(generate(random).text, 'utf8'));
      let outcome = 'table';
      try {
        assertConsistent(parseCsv(bytes));
      } catch (error) {
        if (!isInputError(error)) assert.fail(`case ${i} (${JSON.stringify(bytes.toString('latin1'))}) threw ${String(error)}`);
        outcome = error.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The damage must exercise both outcomes, or the test proves little.
    assert.ok((outcomes.get('table') ?? 0) > CASES / 10, JSON.stringify([...outcomes]));
    assert.ok(outcomes.size > 3, JSON.stringify([...outcomes]));
  });

  it(`streams ${STREAMED_CASES} generated and damaged files in tiny reads to the same result as parseCsv`, async () => {
    const random = seededRandom(99);
    for (let i = 0; i < STREAMED_CASES; i++) {
      let bytes: Buffer = Buffer.from(generate(random).text, 'utf8');
      if (i % 2 === 1) bytes = mutate(random, bytes);
      const file = path.join(tempDir, `case${i}.csv`);
      fs.writeFileSync(file, bytes);
      const whole = await outcome(async () => parseCsv(bytes));
      // Streaming this way sniffs only the first few bytes, so it is given the delimiter
      // parseCsv found, and the cases where the encoding or binary check could differ are left out.
      if (whole === 'binary-file' || (typeof whole !== 'string' && whole.encoding !== 'utf-8')) continue;
      const delimiter = sniffDelimiter(bytes, bomLength(bytes, 0, bytes.length), bytes.length, true);
      const options = { chunkBytes: 1 + int(random, 16), sniffBytes: 1 + int(random, 16), delimiter };
      const streamed = await outcome(() => readCsvFile(file, options));
      assert.deepEqual(streamed, whole, `case ${i}: ${JSON.stringify(bytes.toString('latin1'))}`);
    }
  });
});
