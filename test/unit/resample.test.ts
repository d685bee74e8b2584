import * as assert from 'node:assert/strict';
import { FocalLabInputError } from '../../src/core/errors';
import { SAMPLING_METHODS, resampleTrainingRows, samplingProblem } from '../../src/core/sampling/methods';
import { smote } from '../../src/core/sampling/smote';
import { oversampledCounts, randomOversample, randomUndersample, undersampledCounts } from '../../src/core/sampling/resample';
import type { ResampledRows, TrainingRows } from '../../src/core/sampling/rows';
import { classCounts, rowsWithCounts } from './helpers/samplingRows';

/** Every output row is an exact copy of its source row, with its label. */
function assertCopies(data: TrainingRows, out: ResampledRows): void {
  assert.equal(out.inputs.length, out.rows * data.width);
  assert.equal(out.labels.length, out.rows);
  assert.equal(out.sourceRows.length, out.rows);
  for (let r = 0; r < out.rows; r++) {
    const from = out.sourceRows[r];
    assert.ok(from >= 0 && from < data.rows, `row ${r} copies ${from}`);
    assert.equal(out.labels[r], data.labels[from]);
    assert.deepEqual(out.inputs.subarray(r * data.width, (r + 1) * data.width), data.inputs.subarray(from * data.width, (from + 1) * data.width));
  }
}

function expectBadRatio(action: () => unknown): void {
  assert.throws(action, (error: unknown) => error instanceof FocalLabInputError && error.code === 'bad-option' && /above 0 and at most 1/.test(error.message));
}

describe('random oversampling', () => {
  for (const counts of [[900, 100], [700, 250, 50], [40, 400, 4]]) {
    for (const ratio of [1, 0.5, 0.3, 0.11]) {
      it(`${counts.join('/')} at ratio ${ratio}: each smaller class ends at round(ratio * n_max), the others untouched`, () => {
        const data = rowsWithCounts(counts, 3);
        const out = randomOversample(data, { ratio, seed: 5 });
        const nMax = Math.max(...counts);
        const expected = counts.map((n) => Math.max(n, Math.round(ratio * nMax)));
        assert.deepEqual(classCounts(out.labels, counts.length), expected);
        // The ratio asked for, to rounding, for every class that grew.
        counts.forEach((n, c) => {
          if (expected[c] > n) assert.ok(Math.abs(expected[c] / nMax - ratio) <= 0.5 / nMax);
        });
        assertCopies(data, out);
        // Every input row is kept once, in order, then copies of the same class are appended.
        for (let i = 0; i < data.rows; i++) assert.equal(out.sourceRows[i], i);
      });
    }
  }

  it('copies each minority row about equally often (uniform draws)', () => {
    const data = rowsWithCounts([1000, 10], 2);
    const out = randomOversample(data, { seed: 3 });
    const times = new Map<number, number>();
    for (let r = data.rows; r < out.rows; r++) times.set(out.sourceRows[r], (times.get(out.sourceRows[r]) ?? 0) + 1);
    assert.equal(times.size, 10);
    // 990 copies over 10 rows: 99 each expected, binomial sd about 9.4.
    for (const n of times.values()) assert.ok(n > 60 && n < 140, `a row copied ${n} times`);
  });

  it('never shrinks: a balanced fold is returned as it is', () => {
    const data = rowsWithCounts([50, 50], 2);
    const out = randomOversample(data, { ratio: 0.5, seed: 1 });
    assert.equal(out.rows, 100);
    assertCopies(data, out);
  });

  it('is deterministic for a seed, and another seed draws other copies', () => {
    const data = rowsWithCounts([300, 30], 4);
    const a = randomOversample(data, { seed: 9 });
    const b = randomOversample(data, { seed: 9 });
    const c = randomOversample(data, { seed: 10 });
    assert.deepEqual(a.sourceRows, b.sourceRows);
    assert.deepEqual(a.inputs, b.inputs);
    assert.notDeepEqual(a.sourceRows, c.sourceRows);
  });

  it('says what a usable ratio is', () => {
    const data = rowsWithCounts([30, 3], 2);
    for (const ratio of [0, -0.5, 1.5, Number.NaN, Infinity]) expectBadRatio(() => randomOversample(data, { ratio, seed: 1 }));
  });
});

describe('random undersampling', () => {
  for (const counts of [[900, 100], [700, 250, 50], [40, 400, 4]]) {
    for (const ratio of [1, 0.5, 0.3, 0.11]) {
      it(`${counts.join('/')} at ratio ${ratio}: each larger class ends at round(n_min / ratio), the others untouched`, () => {
        const data = rowsWithCounts(counts, 3);
        const out = randomUndersample(data, { ratio, seed: 5 });
        const nMin = Math.min(...counts);
        const expected = counts.map((n) => Math.min(n, Math.round(nMin / ratio)));
        assert.deepEqual(classCounts(out.labels, counts.length), expected);
        assert.deepEqual(undersampledCounts(counts, ratio), expected);
        assertCopies(data, out);
        // Distinct rows, in input order, and every row of the smallest class kept.
        for (let r = 1; r < out.rows; r++) assert.ok(out.sourceRows[r] > out.sourceRows[r - 1]);
        const smallest = counts.indexOf(nMin);
        assert.equal(out.labels.filter((l) => l === smallest).length, nMin);
      });
    }
  }

  it('is deterministic for a seed, and another seed keeps other rows', () => {
    const data = rowsWithCounts([300, 30], 4);
    assert.deepEqual(randomUndersample(data, { seed: 2 }).sourceRows, randomUndersample(data, { seed: 2 }).sourceRows);
    assert.notDeepEqual(randomUndersample(data, { seed: 2 }).sourceRows, randomUndersample(data, { seed: 3 }).sourceRows);
  });

  it('says what a usable ratio is', () => {
    const data = rowsWithCounts([30, 3], 2);
    for (const ratio of [0, 2, Number.NaN]) expectBadRatio(() => randomUndersample(data, { ratio, seed: 1 }));
  });
});

describe('target counts', () => {
  it('leave a class without training rows empty', () => {
    assert.deepEqual(oversampledCounts([100, 0, 10], 1), [100, 0, 100]);
    assert.deepEqual(undersampledCounts([100, 0, 10], 1), [10, 0, 10]);
  });
});

describe('resampleTrainingRows (the call per fold and arm)', () => {
  const data = rowsWithCounts([300, 40, 12], 3, 4);

  it('runs the method the spec names, with its defaults (ratio 1, k 5)', () => {
    assert.deepEqual(resampleTrainingRows(data, { method: 'oversample' }, { seed: 3 }).sourceRows, randomOversample(data, { seed: 3 }).sourceRows);
    assert.deepEqual(resampleTrainingRows(data, { method: 'undersample', ratio: 0.5 }, { seed: 3 }).sourceRows, randomUndersample(data, { ratio: 0.5, seed: 3 }).sourceRows);
    const viaSpec = resampleTrainingRows(data, { method: 'smote' }, { seed: 3 });
    const direct = smote(data, { seed: 3, k: 5, ratio: 1 });
    assert.deepEqual(viaSpec.inputs, direct.inputs);
    assert.deepEqual(classCounts(viaSpec.labels, 3), [300, 300, 300]);
    assert.deepEqual(viaSpec.notices, []);
  });

  it('says what is wrong with a spec', () => {
    assert.match(samplingProblem({ method: 'smoke' }) ?? '', /one of oversample, undersample, smote/);
    assert.match(samplingProblem({ method: 'oversample', k: 3 }) ?? '', /Only SMOTE takes a neighbour count/);
    assert.match(samplingProblem({ method: 'smote', k: 0 }) ?? '', /whole number from 1/);
    assert.match(samplingProblem({ method: 'undersample', ratio: 3 }) ?? '', /above 0 and at most 1/);
    assert.equal(samplingProblem({ method: 'smote', ratio: 0.5, k: 3 }), null);
    assert.throws(() => resampleTrainingRows(data, { method: 'oversample', ratio: 0 }, { seed: 1 }), FocalLabInputError);
    assert.deepEqual(Object.keys(SAMPLING_METHODS), ['oversample', 'undersample', 'smote']);
  });
});
