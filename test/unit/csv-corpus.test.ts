// Every file of the tricky corpus must read the same with our reader as with papaparse,
// cell by cell: numbers as float32 (float64 where float32 would lose detail), categories as
// trimmed text, missing as missing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { isMissingText, parseCsv, readCsvFile, type CsvTable } from '../../src/core/csv';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'csv', 'tricky');
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Files whose delimiter is not a comma; the sniffer must find it. */
const EXPECTED_DELIMITER: Record<string, string> = {
  'semicolon_decimal_comma.csv': ';',
  'tab_delimited.csv': '\t',
  'pipe_delimited.csv': '|',
  'latin1_export.csv': ';',
};

function decode(bytes: Buffer, table: CsvTable): string {
  if (table.encoding === 'latin1') return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function assertSameAsPapaparse(file: string, table: CsvTable, text: string): void {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, delimiter: table.delimiter });
  assert.deepEqual(parsed.errors, [], `papaparse reported errors for ${file}`);
  const [header, ...rows] = parsed.data;
  assert.deepEqual(
    table.columns.map((column) => column.name),
    header!.map((name, index) => name.trim() || `column_${index + 1}`),
    `${file}: header`,
  );
  assert.equal(table.rowCount, rows.length, `${file}: row count`);
  // A file sniffed as using decimal commas reads `1,5` as 1.5.
  const numberText = (cell: string) => (table.decimalComma ? cell.trim().replace(',', '.') : cell.trim());
  table.columns.forEach((column, c) => {
    const cells = rows.map((row) => row[c]!);
    assert.equal(cells.length, table.rowCount);
    const present = cells.filter((cell) => !isMissingText(cell));
    const expectedKind = present.every((cell) => NUMBER.test(numberText(cell))) ? 'numeric' : 'categorical';
    assert.equal(column.kind, expectedKind, `${file}: kind of column ${column.name}`);
    assert.equal(column.missing, cells.length - present.length, `${file}: missing in ${column.name}`);
    cells.forEach((cell, r) => {
      const where = `${file}: row ${r + 1}, column ${column.name}, cell ${JSON.stringify(cell)}`;
      if (column.kind === 'numeric') {
        const value = column.values[r]!;
        if (isMissingText(cell)) assert.ok(Number.isNaN(value), where);
        else assert.equal(value, column.values instanceof Float32Array ? Math.fround(Number(numberText(cell))) : Number(numberText(cell)), where);
        return;
      }
      const code = column.codes[r]!;
      if (isMissingText(cell)) {
        assert.equal(code, -1, where);
        return;
      }
      const category = column.categories[code]!;
      // Numbers seen before a column turned categorical keep their value, not their spelling.
      if (NUMBER.test(numberText(cell)) && NUMBER.test(category)) assert.equal(Math.fround(Number(category)), Math.fround(Number(numberText(cell))), where);
      else assert.equal(category.trim(), cell.trim(), where);
    });
  });
}

describe('csv reader on the tricky corpus', () => {
  const files = fs.readdirSync(CORPUS).filter((file) => file.endsWith('.csv')).sort();

  it('has at least 15 files', () => {
    assert.ok(files.length >= 15, `only ${files.length} files`);
  });

  for (const file of files) {
    it(`reads ${file} like papaparse does`, async () => {
      const bytes = fs.readFileSync(path.join(CORPUS, file));
      const table = parseCsv(bytes);
      assert.equal(table.delimiter, EXPECTED_DELIMITER[file] ?? ',', `${file}: delimiter`);
      assert.equal(table.bytesRead, bytes.length);
      assertSameAsPapaparse(file, table, decode(bytes, table));
      // The streaming reader gives the same table, also with reads small enough to cut
      // every record (its sniffing then sees a few bytes, so it is told the delimiter and decimal mark).
      const chunkBytes = bytes.length < 4096 ? 7 : 101;
      assert.deepEqual(await readCsvFile(path.join(CORPUS, file), { chunkBytes }), table);
      if (table.encoding === 'utf-8') {
        const streamed = await readCsvFile(path.join(CORPUS, file), { chunkBytes, sniffBytes: 7, delimiter: table.delimiter, decimalComma: table.decimalComma });
        assert.deepEqual(streamed, table);
      }
    });
  }

  it('reads the corner cases the corpus is there for', () => {
    const read = (file: string) => parseCsv(fs.readFileSync(path.join(CORPUS, file)));
    const mixed = read('mixed_numeric_then_text.csv').columns[0]!;
    assert.equal(mixed.kind, 'categorical');
    if (mixed.kind === 'categorical') assert.deepEqual(mixed.categories, ['1', '2', '3.5', 'A7', '12']);

    const latin1 = read('latin1_export.csv');
    assert.equal(latin1.encoding, 'latin1');
    const city = latin1.columns[0]!;
    assert.ok(city.kind === 'categorical' && city.categories.includes('Créteil'));

    assert.equal(read('bom_utf8.csv').columns[0]!.name, 'height');
    assert.deepEqual(
      read('empty_header_names.csv').columns.map((column) => column.name),
      ['column_1', 'b', 'column_3', 'd'],
    );
    const crlf = read('crlf.csv').columns[1]!;
    assert.ok(crlf.kind === 'categorical' && crlf.categories[0] === 'two\r\nlines');
    const spaces = read('spaces_around_values.csv');
    assert.deepEqual(
      spaces.columns.map((column) => column.name),
      ['name', 'age', 'city'],
    );
    const names = spaces.columns[0]!;
    assert.ok(names.kind === 'categorical' && names.categories.join('|') === 'alice|bob|carol');
    assert.equal(read('wide_300_columns.csv').columns.length, 300);
  });
});
