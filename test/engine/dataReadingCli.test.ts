// Reading data as people mean it, through the built CLI: --missing-values, --dedupe, the refusal
// of a test split with one positive, and the verdict's warning when a test fold holds few positives.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, temporaryDirectory } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain-JS generator of the corpus's data-reading files
const { dataReadingFile } = require('../../scripts/lib/dataReadingCorpus.js') as { dataReadingFile(name: string): string };

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('focal-lab CLI: reading data as people mean it', () => {
  let directory: string;
  const corpusFile = (name: string) => {
    const file = path.join(directory, name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, dataReadingFile(name));
    return file;
  };
  before(() => {
    directory = temporaryDirectory('reading');
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("--missing-values '' reads NA as a class (North America) instead of refusing the file", () => {
    const file = corpusFile('na-class.csv');
    const refused = runCli(['compare', file, '--epochs', '1', '--losses', 'bce', '--json']);
    assert.strictEqual(refused.code, 2);
    assert.match(refused.stderr, /only one class \('EU'\) in 160 rows because 40 cells 'NA' were read as missing/);
    const { code, stdout, stderr } = runCli(['compare', file, '--epochs', '1', '--losses', 'bce', '--json', '--missing-values', '']);
    assert.strictEqual(code, 0, stderr);
    const results = JSON.parse(stdout);
    assert.strictEqual(results.dataset.positiveClass, 'NA');
    assert.deepStrictEqual(results.dataset.classCounts, { EU: 160, NA: 40 });
    assert.deepStrictEqual(results.config.missingValues, []);
  });

  it('--dedupe drops exact duplicate rows before splitting and says so', () => {
    const file = corpusFile('duplicate-rows.csv');
    const { code, stdout, stderr } = runCli(['compare', file, '--epochs', '1', '--losses', 'bce', '--json', '--dedupe']);
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stderr, 'focal-lab: note: 300 rows were exact copies of an earlier row (line 302 repeats line 2) and were dropped before splitting (--dedupe).\n');
    const results = JSON.parse(stdout);
    assert.deepStrictEqual(results.dataset.classCounts, { 0: 240, 1: 60 });
    const testRows = results.runs[0].folds.reduce((sum: number, fold: { rows: { test: number } }) => sum + fold.rows.test, 0);
    assert.strictEqual(testRows, 300, 'each distinct row is tested once');
  });

  it('refuses a split whose test part would hold a single positive (exit 2, one sentence)', () => {
    const { code, stdout, stderr } = runCli(['compare', corpusFile('stray-cells.csv'), '--folds', '1', '--split', '0.98,0.01,0.01', '--epochs', '1', '--out', path.join(directory, 'never')]);
    assert.strictEqual(code, 2);
    assert.strictEqual(stdout, '');
    assert.strictEqual(
      stderr,
      "focal-lab: The test split would hold only 1 row of the positive class '1' (120 in the file); comparing losses needs at least 2 of each class in the test rows — use a larger test fraction (--split with a test part of at least 0.02).\n",
    );
    assert.ok(!fs.existsSync(path.join(directory, 'never')));
  });

  it('warns in the terminal and in report.md when a test fold holds few positives', () => {
    const out = path.join(directory, 'few');
    const { code, stdout, stderr } = runCli(['compare', corpusFile('stray-cells.csv'), '--epochs', '1', '--losses', 'bce', '--out', out]);
    assert.strictEqual(code, 0, stderr);
    const warning = /Few cases: as few as \d+ positives in a test fold and \d+ in a validation set/;
    assert.match(stdout.replace(/\s+/g, ' '), warning);
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8').replace(/\s+/g, ' '), warning);
    assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8').replace(/\s+/g, ' '), warning);
  });
});
