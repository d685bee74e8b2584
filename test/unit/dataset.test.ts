import * as assert from 'assert';
import { parseCsv } from '../../src/core/csv';
import { prepareDataset, type PrepareOptions } from '../../src/core/dataset/prepare';
import { chooseTarget, chooseBinaryTarget } from '../../src/core/dataset/target';
import { stratifiedSplit } from '../../src/core/dataset/split';
import { principalPlane } from '../../src/core/dataset/pca';
import { fitNumericEncoder } from '../../src/core/dataset/encoding';
import { FocalLabInputError } from '../../src/core/errors';
import { seededRandom, gaussian } from '../../src/core/random';

const options: PrepareOptions = { split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 7, maxCategories: 10 };

function csv(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function imbalancedRows(n: number, positiveEvery = 10): (string | number)[][] {
  const random = seededRandom(1);
  return Array.from({ length: n }, (_, i) => {
    const positive = i % positiveEvery === 0 ? 1 : 0;
    return [(gaussian(random) + positive).toFixed(3), (gaussian(random) - positive).toFixed(3), positive];
  });
}

function expectInputError(code: string, action: () => unknown, pattern?: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof FocalLabInputError, `expected FocalLabInputError, got ${String(error)}`);
    assert.strictEqual(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

describe('target and positive class', () => {
  it('picks a column named like a label even when it is not last', () => {
    const table = parseCsv(csv(['Class', 'a', 'b'], imbalancedRows(50).map(([a, b, y]) => [y, a, b])));
    const choice = chooseTarget(table, undefined);
    assert.strictEqual(choice.column.name, 'Class');
    assert.strictEqual(choice.source, 'name');
  });

  it('falls back to the last low-cardinality column', () => {
    const table = parseCsv(csv(['a', 'b', 'fraud', 'amount'], imbalancedRows(50).map(([a, b, y], i) => [a, b, y ? 'yes' : 'no', i * 1.5])));
    const choice = chooseTarget(table, undefined);
    assert.strictEqual(choice.column.name, 'fraud');
    assert.strictEqual(choice.source, 'last-low-cardinality');
  });

  it('uses --target, and says which columns exist when it is wrong', () => {
    const table = parseCsv(csv(['a', 'b', 'y'], imbalancedRows(20)));
    assert.strictEqual(chooseTarget(table, 'a').column.name, 'a');
    assert.strictEqual(chooseTarget(table, 'Y').column.name, 'y');
    expectInputError('missing-target', () => chooseTarget(table, 'label'), /no column named 'label'.*'a', 'b', 'y'/);
  });

  it('chooses the minority class as positive and counts classes', () => {
    const table = parseCsv(csv(['a', 'b', 'y'], imbalancedRows(100)));
    const target = chooseBinaryTarget(table, chooseTarget(table, undefined).column, undefined);
    assert.strictEqual(target.positiveClass, '1');
    assert.strictEqual(target.negativeClass, '0');
    assert.deepStrictEqual(target.classCounts, { '0': 90, '1': 10 });
    assert.strictEqual(target.positiveClassSource, 'minority');
  });

  it('makes a multi-class target one-vs-rest for the chosen class', () => {
    const rows = imbalancedRows(60).map(([a, b], i) => [a, b, ['cat', 'dog', 'bird'][i % 3]]);
    const table = parseCsv(csv(['a', 'b', 'animal'], rows));
    const target = chooseBinaryTarget(table, table.columns[2], 'dog');
    assert.strictEqual(target.oneVsRest, true);
    assert.strictEqual(target.negativeClass, 'not dog');
    assert.deepStrictEqual(target.classCounts, { 'not dog': 40, dog: 20 });
    expectInputError('unknown-positive-class', () => chooseBinaryTarget(table, table.columns[2], 'fish'), /'bird', 'cat', 'dog'/);
  });

  it('matches a numeric positive class written differently (1.0 for 1)', () => {
    const table = parseCsv(csv(['a', 'b', 'y'], imbalancedRows(30)));
    assert.strictEqual(chooseBinaryTarget(table, table.columns[2], '1.0').positiveClass, '1');
  });

  it('refuses a target with one class, or with no values', () => {
    const oneClass = parseCsv(csv(['a', 'y'], Array.from({ length: 30 }, (_, i) => [i, 'ok'])));
    expectInputError('one-class', () => chooseBinaryTarget(oneClass, oneClass.columns[1], undefined), /only one class \('ok'\) in 30 rows/);
    const empty = parseCsv(csv(['a', 'y'], Array.from({ length: 30 }, (_, i) => [i, 'NA'])));
    expectInputError('target-all-missing', () => chooseBinaryTarget(empty, empty.columns[1], undefined));
  });
});

describe('stratified split', () => {
  it('keeps the class ratio in every split, with the fractions asked for, reproducibly', () => {
    const labels = new Uint8Array(1000).map((_, i) => (i % 10 === 0 ? 1 : 0));
    const split = stratifiedSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 3, '1');
    const positives = (rows: Uint32Array) => Array.from(rows).filter((r) => labels[r] === 1).length;
    assert.deepStrictEqual([split.train.length, split.validation.length, split.test.length], [700, 100, 200]);
    assert.deepStrictEqual([positives(split.train), positives(split.validation), positives(split.test)], [70, 10, 20]);
    const all = new Set([...split.train, ...split.validation, ...split.test]);
    assert.strictEqual(all.size, 1000, 'splits are disjoint and cover every row');
    assert.deepStrictEqual(stratifiedSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 3, '1'), split);
    assert.notDeepStrictEqual(Array.from(stratifiedSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 4, '1').test), Array.from(split.test));
  });

  it('skips rows without a target and refuses too few rows or too few minority rows', () => {
    const labels = Uint8Array.from({ length: 40 }, (_, i) => (i === 2 || i === 11 ? 255 : i % 3 === 0 ? 1 : 0));
    const split = stratifiedSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 1, '1');
    assert.ok(![...split.train, ...split.validation, ...split.test].includes(2));
    expectInputError('too-few-rows', () => stratifiedSplit(Uint8Array.from([0, 1, 0]), { train: 0.7, validation: 0.1, test: 0.2 }, 1, '1'), /only 3 usable data rows/);
    expectInputError('too-few-minority', () => stratifiedSplit(new Uint8Array(50).map((_, i) => (i < 2 ? 1 : 0)), { train: 0.7, validation: 0.1, test: 0.2 }, 1, 'yes'), /'yes' has only 2 rows/);
    // Three positives: one per split, so the test split would rest on a single positive.
    expectInputError('too-few-minority', () => stratifiedSplit(new Uint8Array(50).map((_, i) => (i < 3 ? 1 : 0)), { train: 0.7, validation: 0.1, test: 0.2 }, 1, 'yes'), /test split would hold only 1 row of the positive class 'yes' \(3 in the file\)/);
    expectInputError('too-few-minority', () => stratifiedSplit(new Uint8Array(500).map((_, i) => (i < 50 ? 1 : 0)), { train: 0.98, validation: 0.01, test: 0.01 }, 1, 'yes'), /a test part of at least 0\.03/);
    expectInputError('bad-option', () => stratifiedSplit(labels, { train: 0.8, validation: 0.1, test: 0.2 }, 1, '1'), /add up to 1/);
  });
});

describe('prepareDataset', () => {
  it('reports column roles and leaves out identifiers and constants with a notice', () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 200 }, (_, i) => [
      `user-${i}`, // identifier-like text
      i + 1, // row number named id
      'same', // constant
      ['red', 'red', 'red', 'green', 'green', 'blue'][i % 6], // categorical, red most frequent
      i % 2 ? 'yes' : 'no', // boolean
      gaussian(random).toFixed(3), // numeric
      i % 10 === 0 ? 1 : 0,
    ]);
    const table = parseCsv(csv(['name', 'customer_id', 'country', 'colour', 'member', 'score', 'label'], rows));
    const prepared = prepareDataset(table, options);
    const roles = Object.fromEntries(prepared.summary.columns.map((c) => [c.name, c.role]));
    assert.deepStrictEqual(roles, { name: 'identifier', customer_id: 'identifier', country: 'constant', colour: 'categorical', member: 'boolean', score: 'numeric', label: 'target' });
    assert.deepStrictEqual(prepared.summary.features, ['colour', 'member', 'score']);
    assert.strictEqual(prepared.summary.notices.length, 3);
    assert.ok(prepared.summary.notices.some((n) => n.includes("'name'") && n.includes('identifier')));
    // colour: 3 categories + other; member and score one column each.
    assert.strictEqual(prepared.width, 6);
    assert.deepStrictEqual(prepared.featureNames.slice(0, 4), ['colour=red', 'colour=green', 'colour=blue', 'colour=(other)']);
    assert.strictEqual(prepared.decisionPlane?.kind, 'pca');
  });

  it('fits imputation and scaling on the training split only', () => {
    const random = seededRandom(9);
    const rows = Array.from({ length: 400 }, (_, i) => [i % 7 === 0 ? 'NA' : (gaussian(random) * 3 + 10).toFixed(4), gaussian(random).toFixed(3), i % 10 === 0 ? 1 : 0]);
    const table = parseCsv(csv(['x', 'z', 'y'], rows));
    const prepared = prepareDataset(table, options);
    const column = (inputs: Float32Array, c: number) => Array.from({ length: inputs.length / 2 }, (_, r) => inputs[r * 2 + c]);
    const trainX = column(prepared.train.inputs, 0);
    const mean = trainX.reduce((a, b) => a + b, 0) / trainX.length;
    const variance = trainX.reduce((a, b) => a + (b - mean) ** 2, 0) / trainX.length;
    assert.ok(Math.abs(mean) < 1e-5, `training mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 1e-4, `training variance ${variance}`);
    const testX = column(prepared.test.inputs, 0);
    assert.ok(testX.every(Number.isFinite), 'missing values are imputed');
    const testMean = testX.reduce((a, b) => a + b, 0) / testX.length;
    assert.ok(Math.abs(testMean) > 1e-6, 'the test split is scaled with training statistics, not its own');
  });

  it('uses the two features as the decision plane when there are exactly two, in their own units', () => {
    const table = parseCsv(csv(['a', 'b', 'y'], imbalancedRows(300)));
    const prepared = prepareDataset(table, { ...options, gridSteps: 10 });
    const plane = prepared.decisionPlane!;
    assert.strictEqual(plane.kind, 'features');
    assert.deepStrictEqual([plane.xLabel, plane.yLabel], ['a', 'b']);
    assert.strictEqual(prepared.gridInputs!.length, 10 * 10 * 2);
    // A plotted point sits where its raw value is: compare with the file.
    const rawA = (table.columns[0] as { values: Float32Array }).values;
    const minA = Math.min(...rawA);
    const maxA = Math.max(...rawA);
    assert.ok(plane.xMin < minA + 0.5 && plane.xMax > maxA - 0.5, 'axis covers the data range in original units');
    assert.ok(plane.points.x.every((x) => x >= minA - 1e-3 && x <= maxA + 1e-3));
    assert.strictEqual(plane.points.x.length, prepared.test.rows);
  });
});

describe('principal plane', () => {
  it('finds the direction of largest variance and an orthogonal second one', () => {
    const random = seededRandom(11);
    const rows = 2000;
    const width = 3;
    const matrix = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      const t = gaussian(random) * 5;
      const s = gaussian(random) * 2;
      matrix[r * 3] = t + 0.1 * gaussian(random);
      matrix[r * 3 + 1] = t + 0.1 * gaussian(random);
      matrix[r * 3 + 2] = s;
    }
    const plane = principalPlane(matrix, rows, width, 1);
    const [u, v] = plane.components;
    assert.ok(Math.abs(Math.abs(u[0]) - Math.SQRT1_2) < 0.01 && Math.abs(Math.abs(u[1]) - Math.SQRT1_2) < 0.01, `pc1 ${Array.from(u)}`);
    assert.ok(Math.abs(Math.abs(v[2]) - 1) < 0.01, `pc2 ${Array.from(v)}`);
    assert.ok(Math.abs(u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) < 1e-8);
    const expectedRatio = 50 / (50 + 4 + 0.01);
    assert.ok(Math.abs(plane.explainedVariance[0] - expectedRatio) < 0.03, `explained ${plane.explainedVariance}`);
    // Both ways of applying the covariance find the same plane.
    const matrixFree = principalPlane(matrix, rows, width, 1, 'matrix-free');
    for (let k = 0; k < 2; k++) {
      for (let c = 0; c < width; c++) assert.ok(Math.abs(matrixFree.components[k][c] - plane.components[k][c]) < 1e-6, `component ${k}`);
      assert.ok(Math.abs(matrixFree.explainedVariance[k] - plane.explainedVariance[k]) < 1e-9);
    }
  });
});

describe('numeric encoder statistics', () => {
  // The median is found by selection, not by sorting; check it against a sort on awkward inputs.
  const sortedMedian = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  it('imputes the median of the present training values, odd and even counts, ties and missing cells', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 60);
      // Few distinct values (many ties), some missing.
      const values = Array.from({ length: n }, () => (random() < 0.15 ? Number.NaN : Math.floor(random() * 7) - 3));
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      const encoder = fitNumericEncoder('x', (row) => values[row], rows);
      const present = values.filter((v) => !Number.isNaN(v));
      const expectedMedian = present.length ? sortedMedian(present) : 0;
      assert.strictEqual(encoder.median, expectedMedian, `trial ${trial}: ${JSON.stringify(values)}`);
      const filled = values.map((v) => (Number.isNaN(v) ? expectedMedian : v));
      const mean = filled.reduce((a, b) => a + b, 0) / n;
      assert.ok(Math.abs(encoder.mean - mean) < 1e-12);
      const sd = Math.sqrt(filled.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
      assert.ok(Math.abs(encoder.standardDeviation - (sd > 1e-12 ? sd : 1)) < 1e-12);
    }
  });
  it('reads only the training rows it is given', () => {
    const values = [100, 1, 2, 3, -100];
    const encoder = fitNumericEncoder('x', (row) => values[row], Uint32Array.of(1, 2, 3));
    assert.strictEqual(encoder.median, 2);
    assert.strictEqual(encoder.mean, 2);
  });
});
