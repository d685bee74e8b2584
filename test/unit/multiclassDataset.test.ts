import * as assert from 'node:assert/strict';
import { describeAlpha, parseAlphaOption, resolveAlpha } from '../../src/core/config';
import { parseCsv } from '../../src/core/csv';
import { analyseTable, prepareDataset } from '../../src/core/dataset/prepare';
import { stratifiedSplit } from '../../src/core/dataset/split';
import { assignFolds } from '../../src/core/evaluation/folds';
import { isInputError } from '../../src/core/errors';
import { resolveClassWeights } from '../../src/worker/runMulticlass';

/** A CSV with a K-class target: class c has counts[c] rows. */
function multiclassCsv(counts: number[], names = counts.map((_, c) => `class${c}`)): string {
  const lines = ['x1,x2,kind'];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) lines.push(`${(c + i * 0.37) % 5},${(i * 1.3) % 7},${names[c]}`);
  });
  return lines.join('\n') + '\n';
}

describe('the multi-class task: target, folds and class weights', () => {
  it('a target of three or more classes is multi-class unless a positive class is named or binary is asked for', () => {
    const table = parseCsv(multiclassCsv([60, 25, 15], ['slow', 'fast', 'medium']));
    const auto = analyseTable(table, { task: 'auto' });
    assert.equal(auto.task, 'multiclass');
    assert.deepEqual(auto.classes, ['fast', 'medium', 'slow']);
    assert.equal(auto.summary.task, 'multiclass');
    assert.equal(auto.summary.positiveClass, 'medium', 'the rarest class');
    assert.deepEqual(auto.summary.classCounts, { fast: 25, medium: 15, slow: 60 });
    assert.deepEqual([...new Set(auto.labelOfRow)].sort(), [0, 1, 2]);
    const positive = analyseTable(table, { task: 'auto', positive: 'fast' });
    assert.equal(positive.task, 'binary');
    assert.deepEqual(positive.classes, ['not fast', 'fast']);
    assert.equal(analyseTable(table, {}).task, 'binary', 'binary unless asked for');
    assert.equal(analyseTable(parseCsv(multiclassCsv([60, 25])), { task: 'auto' }).task, 'binary', 'two classes stay binary');
    // prepareDataset (the public single-split helper) stays two-class unless asked.
    assert.equal(prepareDataset(table, { split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 1, maxCategories: 10 }).summary.task, 'binary');
  });

  it('takes 50 classes, and refuses more than one model can be trained on, saying what to do', () => {
    const fifty = analyseTable(parseCsv(multiclassCsv(Array.from({ length: 50 }, (_, c) => 5 + c))), { task: 'auto', target: 'kind' });
    assert.equal(fifty.classes.length, 50);
    assert.throws(() => analyseTable(parseCsv(multiclassCsv(Array.from({ length: 201 }, () => 3))), { task: 'auto', target: 'kind' }), (e: Error) => isInputError(e) && /201 classes.*--positive CLASS/.test(e.message));
  });

  it('stratified folds keep every class in every fold in its share, and cover every row once', () => {
    const counts = [400, 75, 25];
    const analysed = analyseTable(parseCsv(multiclassCsv(counts)), { task: 'auto' });
    const folds = assignFolds(analysed.labelOfRow, { folds: 5, repeats: 2, validationShare: 0.2, split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 3 }, { positive: 'class2', negative: 'other', classes: analysed.classes });
    assert.equal(folds.length, 10);
    for (const repeat of [0, 1]) {
      const tested = folds.filter((f) => f.repeat === repeat).flatMap((f) => Array.from(f.test));
      assert.equal(new Set(tested).size, 500);
    }
    for (const fold of folds) {
      for (let c = 0; c < 3; c++) {
        const inTest = Array.from(fold.test).filter((row) => analysed.labelOfRow[row] === c).length;
        assert.equal(inTest, counts[c] / 5);
        assert.ok(Array.from(fold.validation).some((row) => analysed.labelOfRow[row] === c));
        assert.ok(Array.from(fold.train).some((row) => analysed.labelOfRow[row] === c));
      }
    }
    assert.throws(
      () => assignFolds(analysed.labelOfRow, { folds: 10, repeats: 1, validationShare: 0.2, split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 3 }, { positive: 'class2', negative: 'other', classes: analysed.classes }),
      (e: Error) => isInputError(e) && /class 'class2' has only 25 rows; 10-fold/.test(e.message),
    );
    const split = stratifiedSplit(analysed.labelOfRow, { train: 0.6, validation: 0.2, test: 0.2 }, 4, 'class2', 'other', analysed.classes);
    assert.equal(split.test.length + split.validation.length + split.train.length, 500);
    assert.equal(Array.from(split.test).filter((row) => analysed.labelOfRow[row] === 2).length, 5);
  });

  it('binary folds are unchanged by the K-class generalisation', () => {
    const labels = Uint8Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const protocol = { folds: 4, repeats: 1, validationShare: 0.2, split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 9 };
    assert.deepEqual(assignFolds(labels, protocol, { positive: 'p', negative: 'n' }), assignFolds(labels, protocol, { positive: 'p', negative: 'n', classes: ['n', 'p'] }));
  });

  it('parses --alpha as auto, a number, or one weight per class', () => {
    assert.equal(parseAlphaOption('auto'), 'auto');
    assert.equal(parseAlphaOption(' 0.25 '), 0.25);
    assert.deepEqual(parseAlphaOption('VF=0.1, F=0.15,M=0.3,L=0.45'), { VF: 0.1, F: 0.15, M: 0.3, L: 0.45 });
    assert.deepEqual(parseAlphaOption('a=b=0.5,c=0.5'), { 'a=b': 0.5, c: 0.5 }, 'the last = separates the weight');
    assert.throws(() => parseAlphaOption('high'), /auto, a number from 0 to 1, or one weight per class/);
    assert.throws(() => parseAlphaOption('A=0.1,B'), /NAME=WEIGHT/);
    assert.throws(() => parseAlphaOption('A=-1,B=2'), /NAME=WEIGHT/);
    assert.throws(() => parseAlphaOption('A=0.1,A=0.2'), /two weights/);
    assert.equal(describeAlpha({ A: 0.1, B: 0.9 }), 'A=0.1, B=0.9');
    assert.throws(() => resolveAlpha({ A: 0.1, B: 0.9 }, 10, 100), /three or more classes/);
  });

  it('resolves class weights: auto from the training counts, a record checked to name every class (case-insensitively)', () => {
    const classes = ['fast', 'medium', 'slow'];
    const auto = resolveClassWeights('auto', classes, [50, 30, 20]);
    const inverse = [1 / 50, 1 / 30, 1 / 20];
    const total = inverse.reduce((a, b) => a + b, 0);
    auto.forEach((a, c) => assert.ok(Math.abs(a - inverse[c] / total) < 1e-15));
    assert.deepEqual(resolveClassWeights({ Slow: 0.5, fast: 0.2, MEDIUM: 0.3 }, classes, [1, 1, 1]), [0.2, 0.3, 0.5]);
    assert.throws(() => resolveClassWeights({ fast: 0.2 }, classes, [1, 1, 1]), /no weight for 'medium', 'slow'/);
    assert.throws(() => resolveClassWeights(0.3, classes, [1, 1, 1]), /one weight per class/);
  });
});
