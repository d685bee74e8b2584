// Reading data as people mean it (issue 13, items 1-7): the rules behind the data-reading cases
// of the bad-input corpus, each at its edges.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv, readCsvFile, type CsvColumn } from '../../src/core/csv';
import { parseFormattedNumber } from '../../src/core/csv/formatted';
import { resolveConfig } from '../../src/core/config';
import { analyseTable, encodeFold, prepareDataset } from '../../src/core/dataset/prepare';
import { FocalLabInputError } from '../../src/core/errors';

const options = { split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 42, maxCategories: 10 };

function numeric(column: CsvColumn | undefined): Float32Array | Float64Array {
  assert.ok(column && column.kind === 'numeric', `${column?.name} is ${column?.kind}`);
  return column.values;
}

/** `rows` lines of `x,label` with x from `cell(i)` and a label that is 1 every fifth row. */
function file(rows: number, cell: (i: number) => string, header = 'x,label'): string {
  return [header, ...Array.from({ length: rows }, (_, i) => `${cell(i)},${i % 5 === 0 ? 1 : 0}`)].join('\n') + '\n';
}

function inputError(action: () => unknown): FocalLabInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof FocalLabInputError) return error;
    throw error;
  }
  assert.fail('expected a FocalLabInputError');
}

describe('reading data as people mean it', () => {
  describe('item 1: stray cells in a numeric column', () => {
    it('keeps a column numeric while at least 9 in 10 of its cells are numbers, reading the rest as missing', () => {
      // 18 numbers, 2 words: exactly 90 %.
      const table = parseCsv(file(20, (i) => (i === 3 ? '#N/A' : i === 11 ? 'abc' : String(i + 0.5))));
      const values = numeric(table.columns[0]);
      assert.ok(Number.isNaN(values[3]!) && Number.isNaN(values[11]!));
      assert.equal(values[4], 4.5);
      assert.equal(table.columns[0]!.missing, 2);
      assert.deepEqual(table.columns[0]!.reading?.unreadable, { count: 2, examples: ['#N/A', 'abc'], firstLine: 5 });
    });

    it('reads a column with more than 1 in 10 other cells as categories, and says why', () => {
      const table = parseCsv(file(20, (i) => `${i < 3 ? ['#N/A', 'abc', '#DIV/0!'][i]! : String(i % 8)},${i / 3}`, 'x,z,label'));
      const column = table.columns[0]!;
      assert.equal(column.kind, 'categorical');
      assert.deepEqual(column.reading?.mixed, { count: 3, examples: ['#N/A', 'abc'], firstLine: 2, numbers: 17 });
      const notices = analyseTable(table, {}).summary.notices;
      assert.ok(notices.includes("Column 'x' has 17 numbers but also 3 other cells (such as '#N/A' and 'abc', the first on line 2), too many to read as missing (more than 1 in 10), so it was read as categories; clean those cells to use it as numbers."), notices.join('\n'));
    });

    it('gives the same column when streamed in tiny reads, and turns a column of words categorical early', async () => {
      const text = file(3000, (i) => (i % 500 === 7 ? 'n/a?' : (i / 7).toFixed(4)));
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-reading-'));
      try {
        fs.writeFileSync(path.join(directory, 'a.csv'), text);
        assert.deepEqual(await readCsvFile(path.join(directory, 'a.csv'), { chunkBytes: 13 }), parseCsv(text));
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
      const words = parseCsv(file(5000, (i) => `w${i % 30}`)).columns[0]!;
      assert.equal(words.kind, 'categorical');
      assert.equal(words.kind === 'categorical' && words.categories[0], 'w0');
    });
  });

  describe('item 2: decimal commas and numbers written for people', () => {
    it('reads a ;-separated file with decimal commas as numbers, and not a comma-separated one', () => {
      const table = parseCsv('a;b;label\n12,5;1.234,5;x\n-0,25;"2.000";y\n3;7,0;x\n');
      assert.deepEqual(table.decimalComma, { example: '12,5', line: 2 });
      assert.deepEqual(Array.from(numeric(table.columns[0])), [12.5, -0.25, 3]);
      assert.deepEqual(Array.from(numeric(table.columns[1])), [1234.5, 2000, 7]);
      // Points as decimal marks in a ;-separated file: not decimal commas.
      assert.equal(parseCsv('a;b\n1.5;"1,5"\n2.5;x\n').decimalComma, null);
      assert.equal(parseCsv('a,b\n"1,5",2\n"2,5",3\n').decimalComma, null);
    });

    it('reads thousands separators, percentages and currency signs, and nothing that only looks like them', () => {
      const cases: [string, boolean, number | null][] = [
        ['1,234', false, 1234], ['1,234,567.5', false, 1234567.5], ['12%', false, 0.12], ['12.5 %', false, 0.125], ['$3.50', false, 3.5],
        ['-$3.50', false, -3.5], ['£1,200', false, 1200], ['3,50 €', true, 3.5], ['1 234,5', true, 1234.5], ['1.234', true, 1234],
        ['1,5', false, null], ['12,34', false, null], ['1,2345', false, null], ['abc%', false, null], ['$', false, null], ['3.50', false, null], ['€€3', false, null],
      ];
      for (const [text, decimalComma, value] of cases) assert.equal(parseFormattedNumber(text, decimalComma)?.value ?? null, value, text);
    });
  });

  describe('item 3: class names that differ only in case or spaces', () => {
    it('merges them into the most frequent spelling, with a notice, and --positive finds the merged class', () => {
      const labels = ['yes', 'yes', 'Yes', 'YES', '" yes"', 'no', 'no', 'no', 'no', 'no'];
      const text = ['x,label', ...Array.from({ length: 100 }, (_, i) => `${i},${labels[i % labels.length]}`)].join('\n');
      const analysed = analyseTable(parseCsv(text), { positive: 'YES' });
      assert.equal(analysed.summary.positiveClass, 'yes');
      assert.deepEqual(analysed.summary.classCounts, { no: 50, yes: 50 });
      assert.ok(analysed.summary.notices.includes("Class names in 'label' that differ only in upper/lower case or surrounding spaces were merged, keeping the most frequent spelling: 'yes' (20), ' yes' (10), 'YES' (10), 'Yes' (10) as 'yes'."));
    });
  });

  describe('item 4: float64 reading', () => {
    it('keeps the units digit of values near 1e8 and the size of values near 1e300, and stores ordinary columns as float32', () => {
      const text = ['stamp,huge,x,label', ...Array.from({ length: 200 }, (_, i) => `${123456000 + (i % 10)},${(i % 7) + 1}e300,${(i % 13) / 7},${i % 10 >= 8 ? 1 : 0}`)].join('\n');
      const table = parseCsv(text);
      assert.ok(numeric(table.columns[0]) instanceof Float64Array);
      assert.ok(numeric(table.columns[1]) instanceof Float64Array);
      assert.ok(numeric(table.columns[2]) instanceof Float32Array, 'N(0,1)-like values lose nothing in float32');
      assert.ok(numeric(table.columns[3]) instanceof Float32Array);
      const prepared = prepareDataset(table, options);
      assert.deepEqual(prepared.summary.columns.map((c) => [c.role, c.distinct]), [['numeric', 10], ['numeric', 7], ['numeric', 13], ['target', 2]]);
      const stamps = new Set<number>();
      const huge = new Set<number>();
      for (let row = 0; row < prepared.train.rows; row++) {
        stamps.add(prepared.train.inputs[row * prepared.width]!);
        huge.add(prepared.train.inputs[row * prepared.width + 1]!);
      }
      assert.equal(stamps.size, 10, 'ten standardised values, one per units digit');
      assert.equal(huge.size, 7);
      assert.ok([...stamps, ...huge].every((v) => Number.isFinite(v) && Math.abs(v) < 5));
    });
  });

  describe('item 5: too few positives for the test rows', () => {
    it('refuses a single split whose test part would hold one positive, naming the fraction that would do', () => {
      const text = file(500, (i) => String(i), 'x,label').replace(/,1\n/g, ',0\n');
      const lines = text.split('\n');
      for (let i = 1; i <= 50; i++) lines[i * 9] = `${i},1`;
      const table = parseCsv(lines.join('\n'));
      const error = inputError(() => prepareDataset(table, { ...options, split: { train: 0.98, validation: 0.01, test: 0.01 } }));
      assert.equal(error.message, "The test split would hold only 1 row of the positive class '1' (50 in the file); comparing losses needs at least 2 of each class in the test rows — use a larger test fraction (--split with a test part of at least 0.03).");
      assert.doesNotThrow(() => prepareDataset(table, { ...options, split: { train: 0.9, validation: 0.07, test: 0.03 } }));
    });
  });

  describe('item 6: duplicate rows', () => {
    it('counts exact copies (missing equals missing, 0 equals -0) and drops them before splitting with dedupe', () => {
      const base = Array.from({ length: 60 }, (_, i) => `${i % 3 === 0 ? '' : i / 4},${i % 5 === 0 ? 'a' : 'b'},${i},${i % 4 === 0 ? 1 : 0}`);
      const text = ['x,c,z,label', ...base, ...base.slice(0, 12), '-0,b,99,0', '0,b,99,0'].join('\n');
      const kept = analyseTable(parseCsv(text), {});
      assert.ok(kept.summary.notices.some((n) => n.startsWith('13 rows are exact copies of an earlier row (line 62 repeats line 2)')), kept.summary.notices.join('\n'));
      assert.deepEqual(kept.summary.classCounts, { 0: 56, 1: 18 });
      const deduped = analyseTable(parseCsv(text), { dedupe: true });
      assert.ok(deduped.summary.notices.includes('13 rows were exact copies of an earlier row (line 62 repeats line 2) and were dropped before splitting (--dedupe).'));
      assert.deepEqual(deduped.summary.classCounts, { 0: 46, 1: 15 });
      const fold = encodeFold(deduped, { train: Uint32Array.from({ length: 74 }, (_, i) => i).filter((row) => deduped.labelOfRow[row]! <= 1), validation: new Uint32Array(0), test: new Uint32Array(0) }, { seed: 1, maxCategories: 10, withDecisionPlane: false });
      assert.equal(fold.train.rows, 61);
    });
  });

  describe('item 7: missing-value words', () => {
    it('says which words were read as missing, and reads NA as a class when the list leaves it out', () => {
      const text = ['x,z,region,class', ...Array.from({ length: 40 }, (_, i) => `${i % 9 === 0 ? '?' : i},${i * 2},${i % 2 ? 'NA' : 'EU'},${i % 4 === 0 ? 'NA' : 'EU'}`)].join('\n');
      const error = inputError(() => analyseTable(parseCsv(text), {}));
      assert.equal(error.code, 'one-class');
      assert.match(error.message, /only one class \('EU'\) in 30 rows because 10 cells 'NA' were read as missing; if 'NA' is a class, list the missing-value words without it/);
      const table = parseCsv(text, { missingValues: ['?'] });
      const analysed = analyseTable(table, {});
      assert.equal(analysed.summary.positiveClass, 'NA');
      assert.deepEqual(analysed.summary.notices, [
        "Read as missing values: '?' in 'x' (5 cells); to keep such a word as a value (a class named 'NA'), set the missing-value words with --missing-values (or the focalLab.missingValues setting).",
      ]);
      assert.deepEqual(table.missingValues, ['?']);
      // An empty list: only empty cells are missing; numbers cannot be missing-value words.
      assert.equal(parseCsv('a,b\nNA,1\n,2\n', { missingValues: [] }).columns[0]!.missing, 1);
      assert.throws(() => resolveConfig({ missingValues: ['NA', '-999'] }), /hold the number '-999'/);
    });

    it('names numeric classes as the file writes them', () => {
      const text = ['x,label', ...Array.from({ length: 40 }, (_, i) => `${i},${i % 4 === 0 ? '4.2207' : '0.1'}`)].join('\n');
      const analysed = analyseTable(parseCsv(text), {});
      assert.equal(analysed.summary.positiveClass, '4.2207');
      assert.deepEqual(Object.keys(analysed.summary.classCounts).sort(), ['0.1', '4.2207']);
      assert.equal(analyseTable(parseCsv(text), { positive: '0.1' }).summary.positiveClass, '0.1');
    });
  });
});
