import * as assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv';
import { NumberStore } from '../../src/core/csv/numberStore';
import { estimateRows } from '../../src/core/csv/sniff';

const BLOCK = 1 << 16;

function stored(values: number[], expectedLength: number): Float32Array | Float64Array {
  const store = new NumberStore(expectedLength);
  for (const value of values) store.add(value);
  return store.take();
}

describe('NumberStore', () => {
  it('keeps float32 when every block is within tolerance, whatever the row estimate', () => {
    const values = Array.from({ length: 3 * BLOCK + 17 }, (_, i) => Math.sin(i) * 3);
    for (const estimate of [0, 10, values.length, 10 * values.length]) {
      const result = stored(values, estimate);
      assert.ok(result instanceof Float32Array, `estimate ${estimate}`);
      assert.equal(result.length, values.length);
      assert.deepEqual(Array.from(result), values.map(Math.fround));
    }
  });

  it('turns float64 at the first block that float32 would blur; earlier blocks keep their float32 values', () => {
    // Near 1e8 float32 steps by 8. Two blocks 0.01 off those steps (within 2^-20 of the range,
    // about 80,000), then a block 0.5 off them, which float32 would blur.
    const small = Array.from({ length: 2 * BLOCK }, (_, i) => 1e8 + 8 * (i % 10_000) + 0.01);
    const fine = Array.from({ length: BLOCK + 5 }, (_, i) => 1e8 + 8 * (i % 10_000) + 0.5);
    for (const estimate of [0, small.length + fine.length]) {
      const result = stored([...small, ...fine], estimate);
      assert.ok(result instanceof Float64Array, `estimate ${estimate}`);
      assert.deepEqual(Array.from(result.subarray(0, small.length)), small.map(Math.fround));
      assert.deepEqual(Array.from(result.subarray(small.length)), fine);
    }
  });

  it('keeps missing values (NaN) and infinities, which float32 holds as they are', () => {
    const values = [NaN, 1, Infinity, -Infinity, NaN, 2.5];
    const result = stored(values, 0);
    assert.ok(result instanceof Float32Array);
    assert.deepEqual(Array.from(result), values);
  });

  it('keeps values beyond float32 range in float64', () => {
    const result = stored([1e300, -1e300, 0], 3);
    assert.ok(result instanceof Float64Array);
    assert.deepEqual(Array.from(result), [1e300, -1e300, 0]);
  });

  it('returns exactly `length` values; a large array may be a view whose unwritten tail stays within the estimate', () => {
    const values = Array.from({ length: 2 * BLOCK }, (_, i) => i % 7);
    const result = stored(values, Math.ceil(values.length * 1.1));
    assert.equal(result.length, values.length);
    assert.ok(result.buffer.byteLength <= Math.ceil(values.length * 1.1) * 4);
    // Small arrays and far-off estimates are copied to their length.
    assert.equal(stored([1, 2, 3], 1000).buffer.byteLength, 3 * 4);
    assert.equal(stored(values, 10 * values.length).buffer.byteLength, values.length * 4);
  });
});

describe('estimateRows', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');

  it('counts the lines when the window is the whole file (an upper bound on the rows)', () => {
    const text = 'a,b\n1,2\n3,4\n';
    assert.equal(estimateRows(bytes(text), 0, text.length, true, text.length), 4);
    const lone = 'a,b\r1,2\r3,4';
    assert.equal(estimateRows(bytes(lone), 0, lone.length, true, lone.length), 3);
  });

  it('scales the lines of a partial window to the file size, with headroom', () => {
    const line = '0.123456,0.654321\n';
    const window = line.repeat(100);
    const estimate = estimateRows(bytes(window), 0, window.length, false, window.length * 50);
    assert.ok(estimate >= 5000 && estimate <= 5600, String(estimate));
  });

  it('says 0 (unknown) when the window holds no whole line', () => {
    assert.equal(estimateRows(bytes('x'.repeat(100)), 0, 100, false, 10_000), 0);
  });

  it('a file whose rows outnumber the estimate still reads every row (the columns grow)', () => {
    // Long first lines make the estimate low; the rest are short.
    const header = 'x,label\n';
    const long = Array.from({ length: 2000 }, (_, i) => `${i}.000000000000,${'y'.repeat(30)}\n`).join('');
    const short = Array.from({ length: 150_000 }, (_, i) => `${i % 100},n\n`).join('');
    const table = parseCsv(header + long + short);
    assert.equal(table.rowCount, 152_000);
    const x = table.columns[0]!;
    assert.ok(x.kind === 'numeric');
    assert.equal(x.values.length, 152_000);
    assert.equal(x.values[1999], 1999);
    assert.equal(x.values[151_999], 149_999 % 100);
  });
});
