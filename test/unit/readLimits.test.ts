// What the reader refuses or clips so that a hostile file cannot hang it or take memory out of
// proportion to its size (issue 13, items 8, 9 and 11): pipes and devices, headers wider than
// MAX_COLUMNS, names longer than MAX_NAME_CHARACTERS, symbolic-link loops.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv, readCsvFile, sampleCsvFile, SAMPLE_BYTES } from '../../src/core/csv';
import { MAX_COLUMNS } from '../../src/core/csv/parser';
import { inspectTable } from '../../src/core/dataset/inspect';
import { chooseTarget } from '../../src/core/dataset/target';
import { FocalLabInputError, MAX_NAME_CHARACTERS } from '../../src/core/errors';

async function inputError(promise: Promise<unknown>): Promise<FocalLabInputError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FocalLabInputError, String(error));
    return error;
  }
  assert.fail('expected an input error');
}

function parseError(text: string): FocalLabInputError {
  try {
    parseCsv(text);
  } catch (error) {
    assert.ok(error instanceof FocalLabInputError, String(error));
    return error;
  }
  assert.fail('expected an input error');
}

function header(columns: number): string {
  return Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
}

describe('reading limits', () => {
  let directory = '';
  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-limits-'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('refuses a named pipe at once, even with no writer (opening it would wait for one)', async () => {
    const fifo = path.join(directory, 'pipe.csv');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const error = await inputError(readCsvFile(fifo));
    assert.equal(error.code, 'not-a-file');
    assert.equal(error.message, 'pipe.csv is a named pipe (FIFO), not a regular file; save the data to a file and choose that file.');
  });

  it('refuses a device such as /dev/zero, which would never end', async () => {
    const error = await inputError(readCsvFile('/dev/zero'));
    assert.equal(error.code, 'not-a-file');
    assert.match(error.message, /^zero is a device, not a regular file/);
  });

  it('says a path is a loop of symbolic links instead of failing unexpectedly', async () => {
    fs.symlinkSync(path.join(directory, 'loop-b'), path.join(directory, 'loop-a'));
    fs.symlinkSync(path.join(directory, 'loop-a'), path.join(directory, 'loop-b'));
    const error = await inputError(readCsvFile(path.join(directory, 'loop-a')));
    assert.match(error.message, /goes round a loop of symbolic links; choose the CSV file itself\.$/);
  });

  it(`reads a header of exactly ${MAX_COLUMNS.toLocaleString('en-US')} columns and refuses one more, naming the limit`, () => {
    const widest = parseCsv(`${header(MAX_COLUMNS)}\n${'1,'.repeat(MAX_COLUMNS - 1)}1\n`);
    assert.equal(widest.columns.length, MAX_COLUMNS);
    const error = parseError(`${header(MAX_COLUMNS + 1)}\n`);
    assert.equal(error.code, 'too-many-columns');
    assert.equal(error.line, 1);
    assert.match(error.message, /has more than 100,000 columns, the most Focal Lab reads; keep the columns you need/);
  });

  it('refuses a data row of more than MAX_COLUMNS fields as a ragged row, without splitting it all', () => {
    const error = parseError(`a,b\n1,2\n${'1,'.repeat(MAX_COLUMNS + 5)}1\n`);
    assert.equal(error.code, 'ragged-row');
    assert.match(error.message, /^Line 3 of the CSV data has more than 100,000 fields but the header on line 1 has 2;/);
  });

  it('holds memory in proportion to a wide file: a few bytes of arrays per cell, not kilobytes per column', () => {
    // 50,000 columns, 3 rows: about 1 MB of text. Each column used to start with a 4 KB array (200 MB here).
    const columns = 50_000;
    const rows = Array.from({ length: 3 }, (_, r) => Array.from({ length: columns }, (_, c) => (c + r) % 10).join(','));
    const text = Buffer.from(`${header(columns)}\n${rows.join('\n')}\n`);
    const before = process.memoryUsage().arrayBuffers;
    const table = parseCsv(text);
    const held = process.memoryUsage().arrayBuffers - before;
    assert.equal(table.columns.length, columns);
    assert.ok(held < 20 * text.length, `${(held / 1e6).toFixed(1)} MB of arrays for a ${(text.length / 1e6).toFixed(1)} MB file`);
  });

  it(`clips names longer than ${MAX_NAME_CHARACTERS} characters when read, keeps them distinct, and still finds the target by its full name`, () => {
    const long = 'x'.repeat(1_000_000);
    const table = parseCsv(`a,${long}1,${long}2,label\n1,2,3,0\n4,5,6,1\n`);
    const names = table.columns.map((c) => c.name);
    const clipped = 'x'.repeat(MAX_NAME_CHARACTERS - 1) + '…';
    assert.deepEqual(names, ['a', clipped, `${clipped} (column 3)`, 'label']);
    assert.equal(chooseTarget(table, `${long}1`).column.name, clipped);
    const duplicate = parseError(`${long},${long}\n1,2\n`);
    assert.equal(duplicate.code, 'duplicate-column');
    assert.ok(duplicate.message.length < 400, `${duplicate.message.length} characters`);
  });
});

describe('sampleCsvFile: the quick look behind the target Quick Pick', () => {
  let directory = '';
  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-sample-'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  /** 600,000 rows sorted by class (the rare class last, as many exports are): about 11 MB. */
  function sortedFile(): string {
    const file = path.join(directory, 'sorted.csv');
    const rows = 600_000;
    const positives = 6_000;
    const lines = ['x1,x2,label'];
    for (let r = 0; r < rows; r++) lines.push(`${(r % 997) / 10},${(r % 89) / 10},${r >= rows - positives ? 'rare' : 'common'}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  it('reads at most SAMPLE_BYTES of a large file, and still sees a class sorted to its end', async () => {
    const file = sortedFile();
    const size = fs.statSync(file).size;
    assert.ok(size > 2 * SAMPLE_BYTES);
    const sample = await sampleCsvFile(file);
    assert.equal(sample.sampled, true);
    assert.ok(sample.bytesRead <= SAMPLE_BYTES, `${sample.bytesRead} bytes of ${size}`);
    const inspection = inspectTable(sample);
    assert.equal(inspection.sampled, true);
    assert.equal(inspection.target, 'label');
    assert.deepEqual(inspection.classes.map((c) => c.name), ['rare', 'common']);
    assert.equal(inspection.positiveClass, 'rare');
  });

  it('reads a small file whole, with exact counts', async () => {
    const file = path.join(directory, 'small.csv');
    fs.writeFileSync(file, 'a,label\n' + Array.from({ length: 50 }, (_, r) => `${r},${r % 10 === 0 ? 1 : 0}`).join('\n') + '\n');
    const sample = await sampleCsvFile(file);
    assert.equal(sample.sampled, false);
    assert.deepEqual(inspectTable(sample).classes, [
      { name: '1', count: 5 },
      { name: '0', count: 45 },
    ]);
  });

  it('reads the whole file when a piece starts inside a quoted value that spans lines', async () => {
    const file = path.join(directory, 'multiline.csv');
    const rows = 200_000;
    const lines = ['id,comment,label'];
    for (let r = 0; r < rows; r++) lines.push(`${r},"first line ${r}\nsecond line",${r % 10 === 0 ? 1 : 0}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    assert.ok(fs.statSync(file).size > SAMPLE_BYTES);
    const sample = await sampleCsvFile(file);
    assert.equal(sample.sampled, false);
    assert.equal(sample.rowCount, rows);
  });
});
