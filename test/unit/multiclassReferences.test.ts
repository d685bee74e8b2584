// The multi-class reference rows in a comparison: fitted per fold on the models' rows, summarised,
// and the verdict's "a linear model does better" note only when logistic regression beats every
// loss with a paired interval above zero.
import * as assert from 'node:assert/strict';
import { fitMulticlassReferenceFold, linearModelNote, multiclassReferences } from '../../src/core/evaluation/multiclassReferences';
import type { MulticlassPairedComparison } from '../../src/core/multiclassResults';
import { seededRandom } from '../../src/core/random';

const classes = ['a', 'b', 'c'];

/** Three well separated blobs on a line: a linear model ranks them almost perfectly. */
function fold(seed: number, rows: number) {
  const random = seededRandom(seed);
  const make = (n: number) => {
    const labels = new Uint8Array(n);
    const inputs = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const y = i % 10 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
      labels[i] = y;
      inputs[2 * i] = 3 * y + random() - 0.5;
      inputs[2 * i + 1] = random();
    }
    return { inputs, labels, rows: n };
  };
  return { width: 2, train: make(rows), validation: make(20), test: make(rows / 2) };
}

describe('multi-class reference rows', () => {
  it('base rate and logistic regression per fold; logistic regression ranks separable classes well, the base rate at chance', () => {
    const folds = [0, 1, 2].map((f) => fitMulticlassReferenceFold(fold(f + 1, 120), { repeat: 0, fold: f, test: Array.from({ length: 60 }, (_, i) => i + 60 * f) }, classes));
    const options = { evaluation: { protocol: 'cross-validation' as const, folds: 3, repeats: 1, validationShare: 0.1, earlyStopping: null }, classes, rarest: 2, seed: 1, familySize: 1 };
    const { references, referenceComparisons } = multiclassReferences(folds, [], 2, options);
    assert.deepEqual(references.map((r) => r.kind), ['base-rate', 'logistic-regression']);
    const [base, linear] = references;
    assert.ok(linear.summary.macroPrAuc.mean! > 0.95, `logistic regression macro PR-AUC ${linear.summary.macroPrAuc.mean}`);
    // The base rate gives every row the same probabilities: each class's PR-AUC is its share of the rows.
    assert.ok(Math.abs(base.summary.macroPrAuc.mean! - 1 / 3) < 0.05, `base rate macro PR-AUC ${base.summary.macroPrAuc.mean}`);
    assert.equal(base.summary.rarestClassRecall.mean, 0, 'the base rate never predicts the rarest class');
    assert.equal(referenceComparisons.length, 0, 'no finished loss, nothing to compare');
    assert.equal(linear.pooled?.perClass.reduce((n, c) => n + c.support, 0), 180);
  });

  it('says a linear model does better only when its interval is above zero against every loss', () => {
    const fits = [0, 1, 2].map((f) => fitMulticlassReferenceFold(fold(f + 1, 120), { repeat: 0, fold: f, test: [] }, classes));
    const options = { evaluation: { protocol: 'cross-validation' as const, folds: 3, repeats: 1, validationShare: 0.1, earlyStopping: null }, classes, rarest: 2, seed: 1, familySize: 1 };
    const { references } = multiclassReferences(fits, [], 2, options);
    const comparison = (baseline: string, low: number, high: number): MulticlassPairedComparison => ({
      loss: 'logistic-regression', baseline, metric: 'macroPrAuc', meanDifference: (low + high) / 2, ciLow: low, ciHigh: high,
      method: 'corrected-resampled-t', familySize: 2, familyCiLow: low, familyCiHigh: high, reliable: low > 0 || high < 0, n: 3,
    });
    const summary = (mean: number) => ({ macroPrAuc: { mean, ciLow: null, ciHigh: null, perFold: [] } }) as never;
    const runs = [{ id: 'bce', summary: summary(0.6) }, { id: 'focal', summary: summary(0.65) }];
    const note = linearModelNote(references, [comparison('bce', 0.1, 0.3), comparison('focal', 0.05, 0.2)], runs);
    assert.match(note ?? '', /A linear model does better here: multinomial logistic regression reaches a macro PR-AUC of [01]\.\d{3} against at most 0\.650/);
    assert.equal(linearModelNote(references, [comparison('bce', 0.1, 0.3), comparison('focal', -0.05, 0.2)], runs), null, 'not when one loss is within chance');
    assert.equal(linearModelNote(references, [comparison('bce', 0.1, 0.3)], runs), null, 'not when a loss was not compared');
  });
});
