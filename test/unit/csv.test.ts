import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCancelled, type InputErrorCode } from '../../src/core/errors';
import { MISSING_VALUE_TOKENS, parseCsv, readCsvFile, type CsvColumn } from '../../src/core/csv';
import { float32ToText, isMissingBytes, parseNumberBytes } from '../../src/core/csv/numbers';
import { sniffDelimiter } from '../../src/core/csv/sniff';

function numbers(column: CsvColumn | undefined): number[] {
  assert.ok(column && column.kind === 'numeric', `expected a numeric column, got ${column?.kind}`);
  return Array.from(column.values);
}

function texts(column: CsvColumn | undefined): (string | null)[] {
  assert.ok(column && column.kind === 'categorical', `expected a categorical column, got ${column?.kind}`);
  return Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code]!));
}

function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

let tempDir = '';
before(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-csv-'));
});
after(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('csv numbers and missing values', () => {
  it('reads the decimal forms exactly as Number() does, to float32', () => {
    const cases = ['-1.5e-3', '+2', '.5', '5.', '1E6', '0', '-0', '007', '0.1', '123456.789', '1e22', '1e-22', '9007199254740993', '0.30000000000000004', '1.7976931348623157e308', '2.5E+10', '-.75e-2', '1e-400', '1e400', '-0.411755', '-0.0', '-12', '3.', '123456789.012345', '-1234567890.123456', '0.000000000000001', '12.5e0'];
    for (const text of cases) {
      assert.equal(parseNumberBytes(bytesOf(text), 0, text.length), Number(text), text);
    }
  });

  it('does not read other spellings as numbers', () => {
    for (const text of ['', '-', '+', '.', 'e5', '1e', '1e+', '1.2.3', '0x10', '1,5', 'Infinity', '1 2', '--1', '1f', 'NaN']) {
      assert.ok(Number.isNaN(parseNumberBytes(bytesOf(text), 0, text.length)), text);
    }
  });

  it('knows the documented missing tokens in any case, and nothing else', () => {
    assert.deepEqual([...MISSING_VALUE_TOKENS], ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?']);
    for (const token of [...MISSING_VALUE_TOKENS, 'na', 'n/a', 'NAN', 'Null', 'none', 'NONE']) {
      assert.ok(isMissingBytes(bytesOf(token), 0, token.length), token);
    }
    for (const text of ['N', 'nA/', 'nul', 'nones', '??', '0', '-', 'n\\a', 'n/b', 'nam', 'nulL!']) {
      assert.ok(!isMissingBytes(bytesOf(text), 0, text.length), text);
    }
  });

  it('spells float32 values the shortest way', () => {
    assert.equal(float32ToText(Math.fround(0.1)), '0.1');
    assert.equal(float32ToText(Math.fround(3.5)), '3.5');
    assert.equal(float32ToText(12), '12');
    assert.equal(float32ToText(Math.fround(1e-7)), '1e-7');
  });
});

describe('csv parsing', () => {
  it('types columns and keeps categories in order of first appearance', () => {
    const table = parseCsv('age,city,label\n30,Paris,yes\n41.5,Rome,no\n,Paris,yes\n');
    assert.equal(table.rowCount, 3);
    assert.equal(table.delimiter, ',');
    assert.equal(table.encoding, 'utf-8');
    assert.deepEqual(numbers(table.columns[0]), [30, 41.5, NaN]);
    assert.equal(table.columns[0]!.missing, 1);
    assert.deepEqual(texts(table.columns[1]), ['Paris', 'Rome', 'Paris']);
    const label = table.columns[2]!;
    assert.ok(label.kind === 'categorical');
    assert.deepEqual(label.categories, ['yes', 'no']);
    assert.deepEqual(Array.from(label.codes), [0, 1, 0]);
  });

  it('returns arrays trimmed to the row count', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `${i},c${i % 3}`).join('\n');
    const table = parseCsv(`x,y\n${rows}\n`);
    assert.equal(table.rowCount, 1500);
    for (const column of table.columns) {
      const array = column.kind === 'numeric' ? column.values : column.codes;
      assert.equal(array.length, 1500);
      assert.equal(array.buffer.byteLength, 1500 * 4);
    }
  });

  it('turns a column categorical when more than 1 in 10 cells are text, with numbers in their shortest spelling', () => {
    const table = parseCsv('v\n01\n0.1\nNA\nabc\n01\n');
    assert.deepEqual(texts(table.columns[0]), ['1', '0.1', null, 'abc', '1']);
    assert.equal(table.columns[0]!.missing, 1);
  });

  it('trims surrounding spaces but keeps the spaces inside quotes', () => {
    const table = parseCsv('a , b\n  x  ,"  y z  "\n 1 , NA \n');
    assert.deepEqual(
      table.columns.map((column) => column.name),
      ['a', 'b'],
    );
    assert.deepEqual(texts(table.columns[0]), ['x', '1']);
    assert.deepEqual(texts(table.columns[1]), ['  y z  ', null]);
  });

  it('reads quoted values: doubled quotes, delimiters, newlines, CRLF', () => {
    const table = parseCsv('a,b\r\n"x, ""y""","1\r\n2"\r\n"",plain\r\n');
    assert.deepEqual(texts(table.columns[0]), ['x, "y"', null]);
    assert.deepEqual(texts(table.columns[1]), ['1\r\n2', 'plain']);
  });

  it('keeps text after a closing quote instead of failing', () => {
    assert.deepEqual(texts(parseCsv('a,b\n"ab"cd,1\n"x""y" z,2\n').columns[0]), ['abcd', 'x"y z']);
  });

  it('skips blank lines in the middle and at the end, and leading blank lines', () => {
    const table = parseCsv('\n\n  \na,b\n1,2\n\n   \n3,4\n\n\n');
    assert.equal(table.rowCount, 2);
    assert.deepEqual(numbers(table.columns[1]), [2, 4]);
  });

  it('reads a quoted empty value in a one-column file as missing, not as a blank line', () => {
    const table = parseCsv('v\n1\n""\n2\n');
    assert.deepEqual(numbers(table.columns[0]), [1, NaN, 2]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const table = parseCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytesOf('x;y\n1;2\n')]));
    assert.equal(table.columns[0]!.name, 'x');
    assert.equal(table.delimiter, ';');
  });

  it('decodes a Latin-1 file as latin1', () => {
    const table = parseCsv(Buffer.from('nom,v\nCréteil,1\nNîmes,2\n', 'latin1'));
    assert.equal(table.encoding, 'latin1');
    assert.deepEqual(texts(table.columns[0]), ['Créteil', 'Nîmes']);
  });

  it('takes a given delimiter instead of sniffing', () => {
    const table = parseCsv('a;b|c\n1;2|3\n', { delimiter: '|' });
    assert.deepEqual(
      table.columns.map((column) => column.name),
      ['a;b', 'c'],
    );
  });
});

describe('csv delimiter sniffing', () => {
  const sniff = (text: string) => sniffDelimiter(bytesOf(text), 0, Buffer.byteLength(text), true);

  it('picks the delimiter with the same count on every line', () => {
    assert.equal(sniff('a,b,c\n1,2,3\n'), ',');
    assert.equal(sniff('a;b;c\n1,5;2;3\n4;5,25;6\n'), ';');
    assert.equal(sniff('a\tb\n1\t2\n'), '\t');
    assert.equal(sniff('a|b\n1|2\n'), '|');
  });

  it('ignores delimiters inside quotes', () => {
    assert.equal(sniff('a;b\n"1,2,3";4\n"x,\ny";5\n'), ';');
  });

  it('breaks ties toward comma and falls back to comma for one column', () => {
    assert.equal(sniff('a,b;c\n1,2;3\n'), ',');
    assert.equal(sniff('value\n1\n2\n'), ',');
  });

  it('still finds the delimiter of a ragged file', () => {
    assert.equal(sniff('a;b;c\n1;2;3\n4;5\n6;7;8\n'), ';');
  });
});

interface ErrorCase {
  name: string;
  input: string | Buffer;
  code: InputErrorCode;
  line?: number;
  mentions?: string[];
}

const ERROR_CASES: ErrorCase[] = [
  { name: 'no bytes at all', input: '', code: 'empty-file' },
  { name: 'only a BOM and whitespace', input: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytesOf('  \n\r\n \t \n')]), code: 'empty-file' },
  { name: 'a header and no rows', input: '\na,b,c\n\n\n', code: 'header-only', line: 2 },
  { name: 'a first line of numbers', input: '1,2.5,3\n4,5,6\n', code: 'no-header', line: 1, mentions: ['looks like data, not a header', 'add a header line with column names'] },
  { name: 'a row with too many fields', input: 'a,b\n1,2\n"x\ny",2\n3,4,5\n6,7,8,9\n', code: 'ragged-row', line: 5, mentions: ['3 fields', 'has 2'] },
  { name: 'a row with too few fields', input: 'a,b,c\r\n1,2,3\r\n4,5\r\n', code: 'ragged-row', line: 3, mentions: ['2 fields', 'has 3'] },
  { name: 'a quote never closed', input: 'a,b\n1,2\n3,"four\n5,6\n7,8\n', code: 'unterminated-quote', line: 3 },
  { name: 'a quote never closed after a quoted newline', input: 'a,b\n"x\ny",2\n3,"five\n', code: 'unterminated-quote', line: 4 },
  { name: 'a quote never closed in the header', input: 'a,"b\n1,2\n', code: 'unterminated-quote', line: 1 },
  { name: 'NUL bytes', input: Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]), code: 'binary-file', mentions: ['does not look like a text CSV file'] },
  { name: 'mostly control bytes', input: Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x07 : 0x41))), code: 'binary-file' },
  { name: 'UTF-16', input: Buffer.from('\ufeffa,b\n1,2\n', 'utf16le'), code: 'binary-file', mentions: ['UTF-16'] },
  { name: 'two columns with one name', input: 'id,x,y,x\n1,2,3,4\n', code: 'duplicate-column', line: 1, mentions: ['Columns 2 and 4', '"x"'] },
];

describe('csv errors', () => {
  for (const testCase of ERROR_CASES) {
    it(`${testCase.code}: ${testCase.name}`, () => {
      assert.throws(
        () => parseCsv(testCase.input),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          const { code, line, message } = error as Error & { code: string; line?: number };
          assert.equal(error.name, 'FocalLabInputError');
          assert.equal(code, testCase.code, message);
          assert.equal(line, testCase.line, message);
          assertOneSentence(message);
          if (testCase.line !== undefined) assert.match(message, new RegExp(`\\bline ${testCase.line}\\b`, 'i'), message);
          for (const words of testCase.mentions ?? []) assert.ok(message.includes(words), `"${message}" should mention "${words}"`);
          return true;
        },
      );
    });
  }

  it('counts lines by physical line, newlines inside quotes included', () => {
    assert.throws(() => parseCsv('a,b\n"1\n\n\n",2\n"3\r\n",4,5\n'), { code: 'ragged-row', line: 6 });
  });

  it('names empty header fields column_N instead of failing', () => {
    const table = parseCsv(',b,\n1,2,3\n');
    assert.deepEqual(
      table.columns.map((column) => column.name),
      ['column_1', 'b', 'column_3'],
    );
  });
});

function assertOneSentence(message: string): void {
  assert.match(message, /^[A-Z]/, message);
  assert.ok(message.endsWith('.'), `"${message}" should end with a period`);
  assert.ok(!/[.!?]\s/.test(message.slice(0, -1)), `"${message}" should be one sentence`);
  assert.ok(!message.includes('\n') && !message.includes('    at '), `"${message}" should not hold a stack trace`);
}

describe('readCsvFile', () => {
  /** A file past the sniffing window, with quoted newlines, CRLF and long quoted values. */
  function makeStreamingFile(): string {
    const lines = ['id,text,value,flag'];
    for (let i = 0; i < 3000; i++) {
      const text = i % 7 === 0 ? `"line one\r\nline ""two"", ${i}"` : i % 11 === 0 ? `"${'long, '.repeat(40)}"` : `word${i % 13}`;
      const value = i % 17 === 0 ? 'NA' : (i * 0.37 - 100).toFixed(3);
      lines.push(`${i},${text},${value},${i % 2 ? 'yes' : 'no'}`);
    }
    return writeTemp('streaming.csv', `${lines.join('\r\n')}\r\n`);
  }

  it('streams to the same table as parseCsv, with records and quoted newlines across reads', async () => {
    const file = makeStreamingFile();
    const whole = parseCsv(fs.readFileSync(file));
    assert.equal(whole.rowCount, 3000);
    for (const chunkBytes of [5, 64, 1000, 1 << 20]) {
      const streamed = await readCsvFile(file, { chunkBytes });
      assert.deepEqual(streamed, whole, `chunkBytes ${chunkBytes}`);
    }
  });

  it('streams with a tiny sniffing window too', async () => {
    const file = makeStreamingFile();
    const whole = parseCsv(fs.readFileSync(file));
    assert.deepEqual(await readCsvFile(file, { chunkBytes: 3, sniffBytes: 200 }), whole);
  });

  it('reads a record far longer than a read in linear passes', async () => {
    const long = 'x'.repeat(300_000);
    const file = writeTemp('long.csv', `a,b\n1,"${long}\n${long}"\n2,z\n`);
    const table = await readCsvFile(file, { chunkBytes: 1024, sniffBytes: 1024 });
    assert.equal(table.rowCount, 2);
    assert.equal(texts(table.columns[1])[0]!.length, 600_001);
  });

  it('reports progress after each read, ending at the file size', async () => {
    const file = makeStreamingFile();
    const size = fs.statSync(file).size;
    const seen: [number, number][] = [];
    const table = await readCsvFile(file, { chunkBytes: 16 * 1024, onProgress: (read, total) => seen.push([read, total]) });
    assert.equal(table.bytesRead, size);
    assert.ok(seen.length >= Math.floor(size / (16 * 1024)));
    assert.deepEqual(seen[seen.length - 1], [size, size]);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] > seen[i - 1]![0]);
  });

  it('rejects with an AbortError when the signal is already aborted', async () => {
    const file = writeTemp('small.csv', 'a,b\n1,2\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readCsvFile(file, { signal: controller.signal }), (error: unknown) => {
      assert.equal((error as Error).name, 'AbortError');
      assert.ok(isCancelled(error));
      return true;
    });
  });

  it('stops between reads when the signal is aborted during reading', async () => {
    const file = makeStreamingFile();
    const controller = new AbortController();
    await assert.rejects(
      readCsvFile(file, { chunkBytes: 4096, signal: controller.signal, onProgress: () => controller.abort() }),
      { name: 'AbortError' },
    );
  });

  it('refuses a file over maxBytes before reading it, saying how to raise the limit', async () => {
    const file = writeTemp('big.csv', `a\n${'1\n'.repeat(1024 * 1024)}`);
    let progressCalls = 0;
    await assert.rejects(
      readCsvFile(file, { maxBytes: 1024 * 1024, onProgress: () => progressCalls++ }),
      (error: unknown) => {
        const { code, message } = error as Error & { code: string };
        assert.equal(code, 'file-too-large');
        assert.match(message, /^big\.csv is 2 MB, more than the 1 MB limit; raise the limit with --max-file-mb \(or the focalLab\.maxFileMegabytes setting\)\.$/);
        return true;
      },
    );
    assert.equal(progressCalls, 0);
  });

  it('says when the file does not exist', async () => {
    await assert.rejects(readCsvFile(path.join(tempDir, 'nope.csv')), (error: unknown) => {
      const { code, message } = error as Error & { code: string };
      assert.equal(code, 'file-not-found');
      assertOneSentence(message);
      return true;
    });
  });

  it('names the file in its errors', async () => {
    const file = writeTemp('ragged.csv', 'a,b\n1,2\n3\n');
    await assert.rejects(readCsvFile(file), { code: 'ragged-row', line: 3, message: /^Line 3 of ragged\.csv has 1 field but/ });
  });
});
