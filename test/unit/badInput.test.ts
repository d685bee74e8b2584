// Bad input, in the engine (src, no bundles): every file of the bad-input corpus
// (test/fixtures/bad, built by scripts/makeBadCorpus.js) gives exactly the message
// expected.json promises; and seeded fuzzing of whole files (generated, then damaged)
// through the reader and on to model inputs: each input gives data or a
// FocalLabInputError, never another error and never ragged columns or matrices.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv, readCsvFile, type CsvTable } from '../../src/core/csv';
import { DEFAULT_CONFIG, DEFAULT_MAX_FILE_MEGABYTES } from '../../src/core/config';
import { prepareDataset, type PreparedDataset, type PrepareOptions } from '../../src/core/dataset/prepare';
import { FocalLabInputError, isInputError } from '../../src/core/errors';
import { seededRandom, type Random } from '../../src/core/random';

interface CorpusCase {
  file: string;
  case: string;
  source: string;
  exitCode: number;
  errorCode: string | null;
  line: number | null;
  message: string | null;
  notices?: string[];
  /** roles: what some columns must be read as (name -> role, as in results.json's columns). */
  dataset?: { target: string; positiveClass: string; features?: string[]; inputWidth?: number; roles?: Record<string, string> };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS script shared with the extension tests
const corpus = require('../../scripts/makeBadCorpus.js') as { makeBadCorpus(directory: string): CorpusCase[] };

const MEGABYTE = 1024 * 1024;
const prepareOptions: PrepareOptions = { split: DEFAULT_CONFIG.split, seed: DEFAULT_CONFIG.seed, maxCategories: DEFAULT_CONFIG.maxCategories };

/** What the user would get: the prepared data set, or the input error. */
async function attempt(file: string, options: Parameters<typeof readCsvFile>[1] = {}): Promise<PreparedDataset | FocalLabInputError> {
  try {
    const table = await readCsvFile(file, { maxBytes: DEFAULT_MAX_FILE_MEGABYTES * MEGABYTE, ...options });
    return prepareDataset(table, prepareOptions);
  } catch (error) {
    if (error instanceof FocalLabInputError) return error;
    throw error;
  }
}

/** One sentence: one line, ends with a full stop, no stack trace, no internal words. */
function assertOneSentence(message: string): void {
  assert.ok(!message.includes('\n'), `one line: ${message}`);
  assert.match(message, /\.$/, `ends with a full stop: ${message}`);
  assert.doesNotMatch(message, /\bat \S+ \(|\.[jt]s:\d+|\bundefined\b|\[object /, `no stack trace or internals: ${message}`);
  assert.ok(message.length < 300, `short: ${message}`);
}

describe('bad-input corpus: the exact message for each case (engine)', () => {
  let directory = '';
  let cases: CorpusCase[] = [];
  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-bad-'));
    cases = corpus.makeBadCorpus(directory);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('covers every case the issue lists, each message one sentence', () => {
    const codes = new Set(cases.map((c) => c.errorCode));
    for (const code of ['empty-file', 'header-only', 'no-header', 'ragged-row', 'unterminated-quote', 'one-class', 'target-all-missing', 'binary-file', 'duplicate-column', 'too-few-rows', 'too-few-minority', 'file-too-large']) {
      assert.ok(codes.has(code), code);
    }
    for (const c of cases) {
      if (c.message !== null) assertOneSentence(c.message);
      for (const notice of c.notices ?? []) assertOneSentence(notice);
      assert.equal(c.exitCode, c.errorCode === null ? 0 : 2, c.file);
    }
  });

  it('gives every file its expected message, error code and line (or its data set and notices)', async () => {
    for (const c of cases) {
      const outcome = await attempt(path.join(directory, c.file));
      if (c.errorCode !== null) {
        assert.ok(outcome instanceof FocalLabInputError, `${c.file}: expected ${c.errorCode}`);
        assert.equal(outcome.message, c.message, c.file);
        assert.equal(outcome.code, c.errorCode, c.file);
        assert.equal(outcome.line ?? null, c.line, c.file);
        continue;
      }
      assert.ok(!(outcome instanceof FocalLabInputError), `${c.file}: ${(outcome as Error).message}`);
      assert.deepEqual(outcome.summary.notices, c.notices, c.file);
      assert.equal(outcome.summary.target, c.dataset!.target, c.file);
      assert.equal(outcome.summary.positiveClass, c.dataset!.positiveClass, c.file);
      if (c.dataset!.features) assert.deepEqual(outcome.summary.features, c.dataset!.features, c.file);
      if (c.dataset!.inputWidth) assert.equal(outcome.width, c.dataset!.inputWidth, c.file);
      for (const [name, role] of Object.entries(c.dataset!.roles ?? {})) assert.equal(outcome.summary.columns.find((column) => column.name === name)?.role, role, `${c.file}: ${name}`);
    }
  });

  it('gives the same outcome when the file is streamed in tiny reads', async () => {
    for (const c of cases) {
      if (c.errorCode === 'file-too-large' || c.file.startsWith('wide') || c.source === 'too-wide' || c.source === 'long-name') continue;
      const whole = await attempt(path.join(directory, c.file));
      const streamed = await attempt(path.join(directory, c.file), { chunkBytes: 7 });
      if (whole instanceof FocalLabInputError) {
        assert.ok(streamed instanceof FocalLabInputError, c.file);
        assert.equal(streamed.message, whole.message, c.file);
      } else {
        assert.ok(!(streamed instanceof FocalLabInputError), c.file);
        assert.deepEqual(streamed.summary, whole.summary, c.file);
      }
    }
  });

  it('decodes the Latin-1 export: é stays é in column and category names', async () => {
    const table = await readCsvFile(path.join(directory, 'latin1-export.csv'));
    assert.equal(table.encoding, 'latin1');
    assert.equal(table.delimiter, ';');
    const region = table.columns[1]!;
    assert.equal(region.kind, 'categorical');
    assert.deepEqual(region.kind === 'categorical' ? [...region.categories].sort() : [], ['Besançon', 'Béziers', 'Nîmes', 'Orléans']);
  });

  it('trains-ready inputs for 10,000 columns, with the decision-region grid kept small', async () => {
    const prepared = await attempt(path.join(directory, 'wide-10000-columns.csv'));
    assert.ok(!(prepared instanceof FocalLabInputError));
    assert.equal(prepared.width, 10000);
    assert.equal(prepared.train.inputs.length, prepared.train.rows * 10000);
    assert.ok(prepared.gridInputs!.length <= 4_000_000, `grid of ${prepared.gridInputs!.length} values`);
    assert.equal(prepared.gridInputs!.length, prepared.decisionPlane!.steps ** 2 * 10000);
  });

  it('refuses the too-large file before reading a byte, and reads it once the limit is raised', async () => {
    const file = path.join(directory, 'too-large.csv');
    const progress: number[] = [];
    const refused = await attempt(file, { onProgress: (bytes) => progress.push(bytes) });
    assert.ok(refused instanceof FocalLabInputError && refused.code === 'file-too-large');
    assert.equal(progress.length, 0, 'nothing read');
    // With the limit raised it is read: the sparse file's zeros are then refused as binary,
    // after the first read only.
    const read = await attempt(file, { maxBytes: 2000 * MEGABYTE, onProgress: (bytes) => progress.push(bytes) });
    assert.ok(read instanceof FocalLabInputError && read.code === 'binary-file', String(read));
    assert.equal(progress.length, 1);
  });

  it('picks the first bad line of a ragged file, and says so for extra fields too', () => {
    const extra = 'a,b,label\n1,2,0\n3,4,1,9\n5,6\n';
    assert.throws(() => parseCsv(extra), (error: unknown) => {
      assert.ok(isInputError(error));
      assert.equal(error.line, 3);
      assert.equal(error.message, 'Line 3 of the CSV data has 4 fields but the header on line 1 has 3; put values that contain "," in double quotes, or remove the extra fields.');
      return true;
    });
  });

  it('keeps messages one short line when names in the file hold line breaks, escape codes or pages of text', () => {
    const longClass = 'v'.repeat(500);
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${i === 3 ? longClass : 'common'}`);
    const table = parseCsv([`a,b,"tar\nget\u001b[31m"`, ...rows].join('\n'));
    assert.throws(() => prepareDataset(table, { ...prepareOptions, target: 'tar\nget\u001b[31m' }), (error: unknown) => {
      assert.ok(isInputError(error));
      assert.equal(error.code, 'too-few-minority');
      assertOneSentence(error.message);
      assert.ok(error.message.startsWith(`The positive class '${'v'.repeat(59)}…' has only 1 row;`), error.message);
      return true;
    });
    const oneClass = parseCsv([`a,"la\r\nbel\u001b[2J"`, ...Array.from({ length: 20 }, (_, i) => `${i},same`)].join('\n'));
    assert.throws(() => prepareDataset(oneClass, { ...prepareOptions, target: 'la\r\nbel\u001b[2J' }), (error: unknown) => {
      assert.ok(isInputError(error));
      assert.equal(error.message, "The target column 'la  bel[2J' has only one class ('same') in 20 rows; a classifier needs at least two classes — check that this is the right target column (--target) and file.");
      return true;
    });
  });

  it('refuses a negative class too small for the split when --positive names the majority', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 7},${i < 2 ? 'rare' : 'common'}`);
    const table = parseCsv(['a,b,label', ...rows].join('\n'));
    assert.throws(() => prepareDataset(table, { ...prepareOptions, positive: 'common' }), (error: unknown) => {
      assert.ok(isInputError(error));
      assert.equal(error.code, 'too-few-minority');
      assert.equal(
        error.message,
        "The class 'rare' has only 2 rows; a stratified train/validation/test split needs at least 3 of each class (one per split) — use a file with more examples of it or another positive class (--positive).",
      );
      return true;
    });
  });
});

// ---------------------------------------------------------------- fuzzing

const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

const DELIMITERS = [',', ';', '\t', '|'] as const;
const NEWLINES = ['\n', '\r\n', '\r'];
const MISSING = ['', 'NA', '?', 'null', 'NaN', 'None', 'N/A'];
const WORDS = ['red', 'green', 'blue', 'Paris', 'Orléans', '東京', 'yes', 'no', 'a "quoted" word', 'semi;colon', 'com,ma', 'line\nbreak', ' padded ', '=cmd()', '<b>x</b>'];
const TARGET_NAMES = ['label', 'target', 'class', 'y', 'outcome', 'is_fraud', 'churn', 'z'];

/** A plausible training file: numeric, categorical, boolean and id columns and a (usually) imbalanced target. */
function generateFile(random: Random): string {
  const delimiter = pick(random, DELIMITERS);
  const newline = pick(random, NEWLINES);
  const rows = int(random, 4) === 0 ? int(random, 12) : 10 + int(random, 70);
  const features = int(random, 4) === 0 ? 0 : 1 + int(random, 6);
  const kinds = Array.from({ length: features }, () => pick(random, ['numeric', 'numeric', 'categorical', 'boolean', 'id', 'empty', 'constant'] as const));
  const names = kinds.map((kind, i) => (kind === 'id' ? 'id' : `${kind}_${i}`));
  const targetAt = int(random, features + 1);
  const targetName = pick(random, TARGET_NAMES);
  names.splice(targetAt, 0, targetName);
  const classes = pick(random, [['0', '1'], ['no', 'yes'], ['cat', 'dog', 'bird'], ['1'], ['true', 'false'], ['0', '1', '2', '3']]);
  const positiveShare = pick(random, [0.5, 0.2, 0.1, 0.03, 0]);
  const missingShare = pick(random, [0, 0, 0.05, 0.3]);
  const quote = (cell: string): string => (/[,;\t|"\r\n]/.test(cell) || random() < 0.05 ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [names.map(quote).join(delimiter)];
  for (let r = 0; r < rows; r++) {
    const cells = kinds.map((kind, i) => {
      if (kind === 'empty' || random() < missingShare) return pick(random, MISSING);
      switch (kind) {
        case 'numeric':
          return (random() * 10 ** (int(random, 5) - 1) - 1).toPrecision(1 + int(random, 6));
        case 'categorical':
          return pick(random, WORDS);
        case 'boolean':
          return random() < 0.5 ? 'true' : 'false';
        case 'id':
          return String(r + 1);
        case 'constant':
          return `k${i}`;
      }
    });
    const label = random() < positiveShare ? classes[0]! : pick(random, classes);
    cells.splice(targetAt, 0, random() < missingShare / 3 ? '' : label);
    lines.push(cells.map(quote).join(delimiter));
  }
  return lines.join(newline) + (random() < 0.8 ? newline : '');
}

const DAMAGE_BYTES = [0x22, 0x2c, 0x3b, 0x09, 0x7c, 0x0a, 0x0d, 0x00, 0xe9, 0xc3, 0xff, 0xfe, 0x20, 0x31, 0x2d, 0x2e, 0x65, 0x1b];

/** Byte edits and structural damage: cut, duplicated or swapped lines, an extra field, junk, a BOM. */
function damage(random: Random, input: Buffer): Buffer {
  let bytes = Buffer.from(input);
  const edits = 1 + int(random, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(random, bytes.length + 1);
    switch (int(random, 9)) {
      case 0: // overwrite a byte
        if (at < bytes.length) bytes[at] = random() < 0.8 ? pick(random, DAMAGE_BYTES) : int(random, 256);
        break;
      case 1: // insert a byte
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.of(pick(random, DAMAGE_BYTES)), bytes.subarray(at)]);
        break;
      case 2: // delete a run of bytes
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + int(random, 8))]);
        break;
      case 3: // truncate (a cut download)
        bytes = bytes.subarray(0, at);
        break;
      case 4: // duplicate a stretch (a line, or half of one)
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(int(random, at + 1), at), bytes.subarray(at)]);
        break;
      case 5: {
        // swap the first line for a later one (often: no header)
        const text = bytes.toString('latin1').split('\n');
        if (text.length > 2) [text[0], text[1]] = [text[1]!, text[0]!];
        bytes = Buffer.from(text.join('\n'), 'latin1');
        break;
      }
      case 6: // random junk (binary)
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(random, 64) }, () => int(random, 256))), bytes.subarray(at)]);
        break;
      case 7: // a byte order mark, UTF-8 or UTF-16
        bytes = Buffer.concat([random() < 0.5 ? Buffer.of(0xef, 0xbb, 0xbf) : Buffer.of(0xff, 0xfe), bytes]);
        break;
      default: // an unbalanced quote
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]);
    }
  }
  return bytes;
}

/** No ragged columns: every column has rowCount values and valid codes. */
function assertRectangular(table: CsvTable): void {
  assert.ok(table.rowCount > 0 && table.columns.length > 0);
  for (const column of table.columns) {
    if (column.kind === 'numeric') {
      assert.equal(column.values.length, table.rowCount);
      assert.equal(column.missing, column.values.filter((v) => Number.isNaN(v)).length);
    } else {
      assert.equal(column.codes.length, table.rowCount);
      assert.equal(column.missing, column.codes.filter((c) => c === -1).length);
      assert.ok(column.codes.every((c) => c >= -1 && c < column.categories.length));
    }
  }
}

/** Model inputs a network can train on: full matrices of finite numbers, 0/1 labels, both classes in every split. */
function assertModelReady(prepared: PreparedDataset): void {
  assert.ok(prepared.width > 0);
  let labelled = 0;
  for (const split of [prepared.train, prepared.validation, prepared.test]) {
    assert.equal(split.inputs.length, split.rows * prepared.width);
    assert.equal(split.labels.length, split.rows);
    assert.ok(split.inputs.every(Number.isFinite), 'finite inputs');
    assert.ok(split.labels.every((l) => l === 0 || l === 1), '0/1 labels');
    assert.ok(split.labels.includes(0) && split.labels.includes(1), 'both classes in every split');
    labelled += split.rows;
  }
  assert.equal(labelled, prepared.summary.rows - prepared.summary.rowsWithoutTarget);
  if (prepared.gridInputs) {
    assert.equal(prepared.gridInputs.length, prepared.decisionPlane!.steps ** 2 * prepared.width);
    assert.ok(prepared.gridInputs.every(Number.isFinite), 'finite grid');
  }
}

type Outcome = 'table' | 'prepared' | string;

/** Reads and prepares; any error but a FocalLabInputError fails with the input that caused it. */
function fuzzOne(bytes: Buffer, label: string, tally: Map<Outcome, number>): void {
  let outcome: Outcome;
  try {
    const table = parseCsv(bytes);
    assertRectangular(table);
    outcome = 'table';
    const prepared = prepareDataset(table, { ...prepareOptions, gridSteps: 6 });
    assertModelReady(prepared);
    outcome = 'prepared';
  } catch (error) {
    if (!isInputError(error)) assert.fail(`${label} (${JSON.stringify(bytes.toString('latin1'))}) threw ${error instanceof Error ? error.stack : String(error)}`);
    assertOneSentence(error.message);
    outcome = error.code;
  }
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
}

const FUZZ_GENERATED = 2500;
const FUZZ_DAMAGED = 2500;
const FUZZ_STREAMED = 300;

describe('bad-input fuzzing: whole files to model inputs (seeded)', () => {
  it(`${FUZZ_GENERATED} generated files each give model-ready inputs or a FocalLabInputError`, () => {
    const random = seededRandom(5150);
    const tally = new Map<Outcome, number>();
    for (let i = 0; i < FUZZ_GENERATED; i++) fuzzOne(Buffer.from(generateFile(random), 'utf8'), `generated case ${i}`, tally);
    if (process.env.FOCAL_LAB_FUZZ_TALLY) console.log(JSON.stringify([...tally]));
    // The generator must reach training-ready data often, and the refusals too.
    assert.ok((tally.get('prepared') ?? 0) > FUZZ_GENERATED / 5, JSON.stringify([...tally]));
    for (const code of ['too-few-rows', 'one-class', 'too-few-minority']) assert.ok(tally.has(code), `${code}: ${JSON.stringify([...tally])}`);
  });

  it(`${FUZZ_DAMAGED} damaged files each give model-ready inputs or a FocalLabInputError`, () => {
    const random = seededRandom(8086);
    const tally = new Map<Outcome, number>();
    for (let i = 0; i < FUZZ_DAMAGED; i++) fuzzOne(damage(random, Buffer.from(generateFile(random), 'utf8')), `damaged case ${i}`, tally);
    if (process.env.FOCAL_LAB_FUZZ_TALLY) console.log(JSON.stringify([...tally]));
    assert.ok((tally.get('prepared') ?? 0) > FUZZ_DAMAGED / 20, JSON.stringify([...tally]));
    for (const code of ['ragged-row', 'unterminated-quote', 'binary-file', 'no-header']) assert.ok(tally.has(code), `${code}: ${JSON.stringify([...tally])}`);
  });

  it(`${FUZZ_STREAMED} damaged files read from disk in tiny pieces end like parseCsv does`, async () => {
    const random = seededRandom(1234);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-bad-fuzz-'));
    try {
      for (let i = 0; i < FUZZ_STREAMED; i++) {
        const bytes = damage(random, Buffer.from(generateFile(random), 'utf8'));
        const file = path.join(directory, `case${i}.csv`);
        fs.writeFileSync(file, bytes);
        // The whole file as the sniff window, so encoding and delimiter are decided on the same bytes.
        const streamed = await readCsvFile(file, { chunkBytes: 1 + int(random, 64), sniffBytes: bytes.length + 1 }).then(
          (table) => table,
          (error: unknown) => {
            if (!isInputError(error)) throw error;
            return error.message;
          },
        );
        let whole: CsvTable | string;
        try {
          whole = parseCsv(bytes);
        } catch (error) {
          if (!isInputError(error)) throw error;
          whole = error.message.replace('The CSV data', `case${i}.csv`).replace('the CSV data', `case${i}.csv`);
        }
        if (typeof whole !== 'string') assertRectangular(whole);
        assert.deepEqual(streamed, whole, `case ${i}: ${JSON.stringify(bytes.toString('latin1'))}`);
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
