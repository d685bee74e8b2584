import * as assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv';
import { prepareDataset } from '../../src/core/dataset/prepare';
import { FocalLabInputError } from '../../src/core/errors';
import { gaussian, seededRandom } from '../../src/core/random';
import { nearestNeighboursInJs, nearestNeighboursInKernel, neighboursKernel } from '../../src/core/sampling/neighbours';
import { fitLogisticRegression, predictLogits } from '../../src/core/reference/logisticRegression';
import { oversampledCounts, randomOversample } from '../../src/core/sampling/resample';
import type { TrainingRows } from '../../src/core/sampling/rows';
import { smote, type OneHotGroup, type SmoteRows } from '../../src/core/sampling/smote';
import { classCounts, rowsWithCounts } from './helpers/samplingRows';

function squaredDistance(inputs: ArrayLike<number>, width: number, a: number, b: number): number {
  let d = 0;
  for (let c = 0; c < width; c++) d += (inputs[a * width + c] - inputs[b * width + c]) ** 2;
  return d;
}

/** Brute force: the k-th smallest distance from `row` to another row of its class. */
function kthNeighbourDistance(data: TrainingRows, row: number, k: number): number {
  const distances: number[] = [];
  for (let other = 0; other < data.rows; other++) {
    if (other !== row && data.labels[other] === data.labels[row]) distances.push(squaredDistance(data.inputs, data.width, row, other));
  }
  distances.sort((a, b) => a - b);
  return distances[Math.min(k, distances.length) - 1];
}

/**
 * Checks every new row: its parents are two rows of its class, the second among the first's k
 * nearest same-class rows (brute force), the numeric columns lie on the segment between them at one
 * u in [0, 1), and each one-hot group is the group of the parent nearer that u.
 */
function assertOnSegments(data: TrainingRows, out: SmoteRows, k: number, groups: readonly OneHotGroup[]): void {
  const { width } = data;
  const inGroup = new Uint8Array(width);
  for (const g of groups) inGroup.fill(1, g.start, g.start + g.width);
  assert.equal(out.synthetic, out.rows - data.rows);
  assert.equal(out.parents.length, 2 * out.synthetic);
  for (let s = 0; s < out.synthetic; s++) {
    const r = data.rows + s;
    const seed = out.parents[2 * s];
    const neighbour = out.parents[2 * s + 1];
    assert.equal(out.sourceRows[r], -1);
    assert.equal(data.labels[seed], out.labels[r], 'the seed is of the new row class');
    assert.equal(data.labels[neighbour], out.labels[r], 'the neighbour is of the new row class');
    assert.notEqual(seed, neighbour);
    const d = squaredDistance(data.inputs, width, seed, neighbour);
    assert.ok(d <= kthNeighbourDistance(data, seed, k) * (1 + 1e-12), `row ${r}: the neighbour is not among the ${k} nearest of the seed`);
    // u from the numeric column where the parents differ most, then every numeric column checked against it.
    let widest = -1;
    for (let c = 0; c < width; c++) {
      const gap = Math.abs(data.inputs[neighbour * width + c] - data.inputs[seed * width + c]);
      if (!inGroup[c] && (widest < 0 || gap > Math.abs(data.inputs[neighbour * width + widest] - data.inputs[seed * width + widest]))) widest = c;
    }
    const x = (row: number, c: number) => (row === r ? out.inputs[r * width + c] : data.inputs[row * width + c]);
    const span = x(neighbour, widest) - x(seed, widest);
    const u = span === 0 ? 0 : (x(r, widest) - x(seed, widest)) / span;
    assert.ok(u >= -1e-6 && u < 1 + 1e-6, `row ${r}: u = ${u}`);
    for (let c = 0; c < width; c++) {
      if (inGroup[c]) continue;
      const expected = x(seed, c) + u * (x(neighbour, c) - x(seed, c));
      assert.ok(Math.abs(x(r, c) - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `row ${r} column ${c}: ${x(r, c)} is off the segment (${expected})`);
    }
    for (const g of groups) {
      const group = (row: number) => Array.from({ length: g.width }, (_, i) => x(row, g.start + i));
      if (Math.abs(u - 0.5) > 1e-4) {
        assert.deepEqual(group(r), group(u < 0.5 ? seed : neighbour), `row ${r}: the one-hot group of columns ${g.start}.. is not the nearer parent's`);
      } else {
        // u = 0.5 to float32 rounding: either parent is as near.
        const same = (row: number) => group(row).every((v, i) => v === group(r)[i]);
        assert.ok(same(seed) || same(neighbour), `row ${r}: the one-hot group of columns ${g.start}.. is neither parent's`);
      }
      assert.equal(group(r).reduce((a, b) => a + b, 0), 1, 'a one-hot group has exactly one 1');
    }
  }
}

/** A small file with two numeric columns, a boolean (two values) and two categorical features, three classes. */
function smallFile(): string {
  const random = seededRandom(11);
  const colours = ['red', 'green', 'blue', 'grey'];
  const lines = ['size,weight,member,colour,shape,kind'];
  for (let i = 0; i < 240; i++) {
    const kind = i % 12 === 0 ? 'rare' : i % 4 === 1 ? 'middle' : 'common';
    const shift = kind === 'rare' ? 2 : kind === 'middle' ? 1 : 0;
    lines.push([
      (gaussian(random) + shift).toFixed(3),
      (10 * gaussian(random) - shift).toFixed(2),
      random() < 0.3 ? 'yes' : 'no',
      colours[Math.floor(random() * (kind === 'rare' ? 2 : 4))],
      ['round', 'square', 'oval'][Math.floor(random() * 3)],
      kind,
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('SMOTE', () => {
  const prepared = prepareDataset(parseCsv(smallFile()), { split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 3, maxCategories: 10, target: 'kind', task: 'auto' });
  const data: TrainingRows = { ...prepared.train, width: prepared.width };

  it('encodeFold names the one-hot groups of the categorical features', () => {
    const groups = prepared.oneHotGroups;
    assert.equal(groups.length, 2);
    for (const [g, feature] of [[groups[0], 'colour'], [groups[1], 'shape']] as const) {
      const names = prepared.featureNames.slice(g.start, g.start + g.width);
      assert.ok(names.every((n) => n.startsWith(`${feature}=`)), names.join());
      assert.ok(!prepared.featureNames.slice(0, g.start).concat(prepared.featureNames.slice(g.start + g.width)).some((n) => n.startsWith(`${feature}=`)));
    }
  });

  for (const ratio of [1, 0.6]) {
    it(`three classes at ratio ${ratio}: counts as asked, every new row on a segment to one of its seed's 5 nearest same-class rows`, () => {
      const counts = classCounts(data.labels, 3);
      assert.ok(counts.every((n) => n > 6), `each class has more than k rows (${counts.join('/')})`);
      const out = smote(data, { ratio, seed: 4, oneHotGroups: prepared.oneHotGroups });
      assert.deepEqual(classCounts(out.labels, 3), oversampledCounts(counts, ratio));
      assert.ok(out.synthetic > 0);
      assert.deepEqual(out.notices, []);
      // The input rows come first, unchanged.
      assert.deepEqual(out.inputs.subarray(0, data.inputs.length), data.inputs);
      assertOnSegments(data, out, 5, prepared.oneHotGroups);
    });
  }

  for (const [counts, ratio, k] of [[[500, 60], 1, 5], [[500, 60], 0.3, 3], [[400, 90, 30], 0.5, 5], [[400, 90, 30], 1, 1]] as const) {
    it(`${counts.join('/')} at ratio ${ratio}, k = ${k}: counts as asked and every new row on a segment`, () => {
      const rows = rowsWithCounts(counts, 4, 8);
      const out = smote(rows, { ratio, k, seed: 2 });
      assert.deepEqual(classCounts(out.labels, counts.length), counts.map((n) => Math.max(n, Math.round(ratio * Math.max(...counts)))));
      assertOnSegments(rows, out, k, []);
    });
  }

  it('is deterministic for a seed, and another seed draws other rows', () => {
    const a = smote(data, { seed: 6, oneHotGroups: prepared.oneHotGroups });
    const b = smote(data, { seed: 6, oneHotGroups: prepared.oneHotGroups });
    const c = smote(data, { seed: 7, oneHotGroups: prepared.oneHotGroups });
    assert.deepEqual(a.inputs, b.inputs);
    assert.deepEqual(a.parents, b.parents);
    assert.notDeepEqual(a.inputs, c.inputs);
  });

  it('a class with fewer than k + 1 rows uses all its other rows as neighbours, and says so', () => {
    const rows = rowsWithCounts([200, 3], 3, 5);
    const out = smote(rows, { seed: 1, classNames: ['no', 'yes'] });
    assert.deepEqual(classCounts(out.labels, 2), [200, 200]);
    assert.equal(out.notices.length, 1);
    assert.match(out.notices[0], /class 'yes'.*2 nearest neighbours, not 5: it has only 3 training rows/);
    assertOnSegments(rows, out, 2, []);
    // Both other rows get used as neighbours of some seed.
    assert.equal(new Set(Array.from(out.parents)).size, 3);
  });

  it('a class of one row is copied, with a notice', () => {
    const rows = rowsWithCounts([20, 1], 3, 5);
    const out = smote(rows, { seed: 1 });
    const only = rows.labels.indexOf(1);
    assert.deepEqual(classCounts(out.labels, 2), [20, 20]);
    assert.match(out.notices[0], /class 1 has one, so its 19 new rows are copies of it/);
    for (let r = rows.rows; r < out.rows; r++) {
      assert.equal(out.sourceRows[r], only);
      assert.deepEqual(out.inputs.subarray(r * 3, r * 3 + 3), rows.inputs.subarray(only * 3, only * 3 + 3));
    }
  });

  it('says what a usable ratio and k are', () => {
    const rows = rowsWithCounts([30, 10], 2);
    for (const ratio of [0, 1.01, -1, Number.NaN]) {
      assert.throws(() => smote(rows, { ratio, seed: 1 }), (e: unknown) => e instanceof FocalLabInputError && /above 0 and at most 1/.test(e.message));
    }
    for (const k of [0, -1, 2.5, Number.NaN]) {
      assert.throws(() => smote(rows, { k, seed: 1 }), (e: unknown) => e instanceof FocalLabInputError && /whole number from 1/.test(e.message));
    }
    assert.throws(() => smote(rows, { seed: 1, oneHotGroups: [{ start: 1, width: 5 }] }), /within the 2 input columns/);
  });
});

describe('nearest neighbours (blocked search)', () => {
  it('runs in the WebAssembly kernel here (Node has WebAssembly SIMD)', () => {
    assert.ok(neighboursKernel() !== null);
  });

  const searches = {
    kernel: (points: Float64Array, count: number, width: number, k: number) => nearestNeighboursInKernel(neighboursKernel()!, points, count, width, k),
    JavaScript: nearestNeighboursInJs,
  };
  for (const [name, search] of Object.entries(searches)) {
    for (const [count, width, k] of [[7, 3, 6], [300, 5, 5], [600, 20, 4], [513, 1, 2], [260, 7, 9]] as const) {
      it(`${name}: ${count} points of width ${width}, k = ${k}: the same distances as brute force, nearest first`, () => {
        const random = seededRandom(count);
        // Rounded coordinates: many equal distances, to exercise the ties.
        const points = Float64Array.from({ length: count * width }, () => Math.round(gaussian(random) * 4) / 4);
        const found = search(points, count, width, k);
        for (let i = 0; i < count; i++) {
          const all: number[] = [];
          for (let j = 0; j < count; j++) if (j !== i) all.push(squaredDistance(points, width, i, j));
          all.sort((a, b) => a - b);
          const got = Array.from(found.subarray(i * k, i * k + k), (j) => {
            assert.ok(j >= 0 && j < count && j !== i);
            return squaredDistance(points, width, i, j);
          });
          assert.deepEqual(got, all.slice(0, k), `point ${i}`);
          assert.equal(new Set(found.subarray(i * k, i * k + k)).size, k, 'no neighbour twice');
        }
      });
    }
  }

  it('the kernel and the JavaScript loop find the same neighbours on continuous data', () => {
    const random = seededRandom(5);
    const [count, width, k] = [700, 13, 5];
    const points = Float64Array.from({ length: count * width }, () => gaussian(random));
    assert.deepEqual(nearestNeighboursInKernel(neighboursKernel()!, points, count, width, k), nearestNeighboursInJs(points, count, width, k));
  });
});

describe('resampling moves the operating point (a seeded small minority cluster, logistic regression)', () => {
  /** Majority N(0, I) in 6 dimensions, minority a small cluster at +0.8 with spread 0.5: 3% of rows. */
  function clusterRows(rows: number, seed: number): TrainingRows {
    const random = seededRandom(seed);
    const width = 6;
    const labels = new Uint8Array(rows);
    const inputs = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) {
      labels[i] = random() < 0.03 ? 1 : 0;
      for (let c = 0; c < width; c++) inputs[i * width + c] = labels[i] ? 0.8 + 0.5 * gaussian(random) : gaussian(random);
    }
    return { inputs, labels, rows, width };
  }

  function minorityRecallAtHalf(train: TrainingRows, test: TrainingRows): number {
    const model = fitLogisticRegression(train.inputs, train.labels, train.rows, train.width);
    const logits = predictLogits(model, test.inputs, test.rows, test.width);
    let found = 0;
    let positives = 0;
    for (let i = 0; i < test.rows; i++) {
      if (test.labels[i] !== 1) continue;
      positives++;
      if (logits[i] > 0) found++;
    }
    return found / positives;
  }

  it('oversampling and SMOTE of the training rows raise minority recall at 0.5 on untouched test rows', () => {
    const train = clusterRows(4000, 21);
    const test = clusterRows(4000, 22);
    const plain = minorityRecallAtHalf(train, test);
    const oversampled = minorityRecallAtHalf(randomOversample(train, { seed: 1 }), test);
    const synthetic = minorityRecallAtHalf(smote(train, { seed: 1 }), test);
    assert.ok(oversampled > plain + 0.2, `oversampling ${oversampled} vs plain ${plain}`);
    assert.ok(synthetic > plain + 0.2, `SMOTE ${synthetic} vs plain ${plain}`);
  });
});
