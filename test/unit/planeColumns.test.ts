// Decision regions over two chosen input columns: the grid varies the two columns over their
// training range in their own units and holds every other input at its training median
// (numeric) or most frequent training category; a column that cannot be an axis is refused
// with a sentence that says what to choose.
import * as assert from 'assert';
import { resolveConfig } from '../../src/core/config';
import { parseCsv } from '../../src/core/csv';
import { analyseTable, encodeFold, planeColumnIndices } from '../../src/core/dataset/prepare';
import { stratifiedSplit } from '../../src/core/dataset/split';
import { FocalLabInputError } from '../../src/core/errors';
import { gaussian, seededRandom } from '../../src/core/random';

const HEADER = ['id', 'age', 'income', 'score', 'plan', 'member', 'label'];

/** 400 rows: three numeric inputs (score with gaps), a categorical plan ('basic' most often), a yes/no column, an identifier. */
function table() {
  const random = seededRandom(5);
  const rows = Array.from({ length: 400 }, (_, i) => {
    const positive = i % 8 === 0 ? 1 : 0;
    const plan = i % 5 === 0 ? 'pro' : i % 7 === 0 ? 'max' : 'basic';
    const score = i % 11 === 0 ? '' : (50 + 10 * gaussian(random)).toFixed(2);
    return [`c${i}`, (20 + (i * 37) % 50).toString(), (30000 + 5000 * gaussian(random) + 4000 * positive).toFixed(0), score, plan, i % 3 === 0 ? 'yes' : 'no', positive];
  });
  return parseCsv([HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function expectBadOption(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof FocalLabInputError, String(error));
    assert.strictEqual(error.code, 'bad-option');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('decision regions over two chosen columns', () => {
  const csv = table();
  const analysed = analyseTable(csv, {});
  const rows = stratifiedSplit(analysed.labelOfRow, { train: 0.7, validation: 0.1, test: 0.2 }, 3, analysed.summary.positiveClass, analysed.summary.negativeClass);
  const steps = 12;
  const fold = encodeFold(analysed, rows, { seed: 3, maxCategories: 10, withDecisionPlane: true, planeColumns: ['age', 'income'], gridSteps: steps });
  const plane = fold.decisionPlane!;
  const grid = fold.gridInputs!;
  const raw = (name: string, row: number): number => {
    const column = csv.columns.find((c) => c.name === name) as { values: Float32Array };
    return column.values[row];
  };
  const trainValues = (name: string): number[] => Array.from(rows.train, (row) => raw(name, row)).filter((v) => !Number.isNaN(v));
  const slot = (name: string): number => fold.featureNames.indexOf(name);
  /** The affine map of a numeric input from raw value to model input, read off two training rows. */
  const unscale = (name: string): ((z: number) => number) => {
    const pairs = Array.from(rows.train, (row, i) => [raw(name, row), fold.train.inputs[i * fold.width + slot(name)]] as const).filter(([v]) => !Number.isNaN(v));
    const [[v1, z1]] = pairs;
    const [v2, z2] = pairs.find(([v]) => Math.abs(v - v1) > 1)!;
    const sd = (v1 - v2) / (z1 - z2);
    return (z) => v1 + (z - z1) * sd;
  };

  it('is a plane of those columns, each axis over its training range in its own units', () => {
    assert.strictEqual(plane.kind, 'columns');
    assert.deepStrictEqual([plane.xLabel, plane.yLabel], ['age', 'income']);
    const age = trainValues('age');
    const income = trainValues('income');
    assert.deepStrictEqual([plane.xMin, plane.xMax], [Math.min(...age), Math.max(...age)]);
    assert.deepStrictEqual([plane.yMin, plane.yMax], [Math.min(...income), Math.max(...income)]);
    // Along a grid row, age steps through that range (cell centres), in years, not standard units.
    const toAge = unscale('age');
    const toIncome = unscale('income');
    for (let i = 0; i < steps; i++) {
      const expected = plane.xMin + ((i + 0.5) / steps) * (plane.xMax - plane.xMin);
      assert.ok(Math.abs(toAge(grid[i * fold.width + slot('age')]) - expected) < 1e-3, `grid column ${i}`);
    }
    const lastRow = (steps - 1) * steps * fold.width;
    assert.ok(Math.abs(toIncome(grid[lastRow + slot('income')]) - (plane.yMin + ((steps - 0.5) / steps) * (plane.yMax - plane.yMin))) < 0.5);
    // Test points sit at their own raw values.
    assert.ok(plane.points.x.length > 0);
    const testAges = new Set(Array.from(rows.test, (row) => raw('age', row)));
    assert.ok(plane.points.x.every((x) => testAges.has(x)));
  });

  it('holds every other input at its training median or most frequent category, in every grid cell', () => {
    const scoreMedian = median(trainValues('score'));
    const counts = new Map<string, number>();
    const plan = csv.columns.find((c) => c.name === 'plan') as { codes: Int32Array; categories: string[] };
    for (const row of rows.train) counts.set(plan.categories[plan.codes[row]], (counts.get(plan.categories[plan.codes[row]]) ?? 0) + 1);
    const mode = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    assert.strictEqual(mode, 'basic');
    assert.ok(Math.abs((plane.heldAt!.score as number) - scoreMedian) < 1e-3, `${plane.heldAt!.score} vs ${scoreMedian}`);
    assert.strictEqual(plane.heldAt!.plan, 'basic');
    assert.ok(!('age' in plane.heldAt!) && !('income' in plane.heldAt!), 'the two axes are not held');
    const toScore = unscale('score');
    for (let cell = 0; cell < steps * steps; cell++) {
      const base = cell * fold.width;
      assert.ok(Math.abs(toScore(grid[base + slot('score')]) - scoreMedian) < 1e-3);
      assert.strictEqual(grid[base + slot('plan=basic')], 1);
      assert.strictEqual(grid[base + slot('plan=pro')], 0);
      assert.strictEqual(grid[base + slot('plan=max')], 0);
    }
  });

  it('refuses a column that cannot be an axis, saying which to choose', () => {
    const choose = /choose two of the numeric input columns: 'age', 'income', 'score'/;
    expectBadOption(() => planeColumnIndices(analysed, ['age', 'agee']), /the file has no column 'agee'; choose two/);
    expectBadOption(() => planeColumnIndices(analysed, ['label', 'age']), /'label' is the target/);
    expectBadOption(() => planeColumnIndices(analysed, ['plan', 'age']), /'plan' is categorical, which has no range/);
    expectBadOption(() => planeColumnIndices(analysed, ['age', 'member']), /'member' is a yes\/no column/);
    expectBadOption(() => planeColumnIndices(analysed, ['id', 'age']), /'id' is not an input \(it was left out as an identifier\)/);
    expectBadOption(() => planeColumnIndices(analysed, ['age', 'age']), /names 'age' twice/);
    expectBadOption(() => planeColumnIndices(analysed, ['age', 'plan']), choose);
  });

  it('the option itself needs two different names', () => {
    expectBadOption(() => resolveConfig({ planeColumns: ['age', 'age'] }), /names 'age' twice/);
    expectBadOption(() => resolveConfig({ planeColumns: ['age'] as unknown as [string, string] }), /exactly two column names/);
    assert.deepStrictEqual(resolveConfig({ planeColumns: ['age', 'income'] }).planeColumns, ['age', 'income']);
  });
});
