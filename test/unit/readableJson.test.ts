import * as assert from 'assert';
import { readableJson } from '../../src/core/readableJson';
import { sampleResults } from './helpers/sampleResults';

describe('readableJson', () => {
  it('holds the same values as JSON.stringify, on awkward inputs', () => {
    const awkward = {
      a: [1, -0, 1.5e-300, Number.NaN, Number.POSITIVE_INFINITY, null, true],
      b: { skipped: undefined, fn: () => 1, nested: [[1, 2], [], {}, [{ x: 'y\n"z"' }]], date: new Date(0) },
      c: [undefined, 'text', { k: Number.NEGATIVE_INFINITY }],
      'key "quoted"': {},
    };
    assert.deepStrictEqual(JSON.parse(readableJson(awkward)), JSON.parse(JSON.stringify(awkward)));
  });
  it('writes results.json with indented objects and each array of numbers on one line', () => {
    const results = sampleResults();
    const text = readableJson(results);
    assert.deepStrictEqual(JSON.parse(text), JSON.parse(JSON.stringify(results)));
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /^ {2}"schemaVersion": 2,$/m);
    // No line holds a bare number: number arrays are not spread one value per line.
    assert.doesNotMatch(text, /^\s*-?\d[\d.eE+-]*,?$/m);
  });
});
