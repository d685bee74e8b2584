// Where each loss spends its gradient, end to end on the bundled 90:10 sample through
// focal-lab/core: focal loss turns down the easy majority rows that BCE's gradient is spent on,
// and the pooled counts are exactly the training rows of the folds.
import * as assert from 'assert';
import { loadCore, sample, type Core } from './helpers';

describe('gradient contributions on the bundled sample', function () {
  let core: Core;
  before(() => {
    core = loadCore();
  });

  it('focal loss gives easy majority rows a smaller share of the gradient than BCE; counts are the folds\' training rows; shares add up to 1', async () => {
    const results = await core.runComparison({ file: sample, config: { seed: 11, epochs: 15, losses: ['bce', 'focal'] } });
    const trainingRows = results.runs[0].folds.reduce((sum, fold) => sum + fold.rows.train, 0);
    const easyMajority: Record<string, number> = {};
    for (const run of results.runs) {
      const contributions = run.contributions!;
      assert.deepStrictEqual(contributions.pTrueEdges, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
      for (const epoch of ['first', 'kept'] as const) {
        const table = contributions.atEpoch[epoch];
        assert.deepStrictEqual(Object.keys(table), [results.dataset.negativeClass, results.dataset.positiveClass]);
        const all = Object.values(table);
        assert.strictEqual(all.reduce((s, c) => s + c.count.reduce((a, b) => a + b, 0), 0), trainingRows, `${run.id} ${epoch}: counts`);
        for (const key of ['lossShare', 'gradientShare'] as const) {
          const total = all.reduce((s, c) => s + c[key].reduce((a, b) => a + b, 0), 0);
          assert.ok(Math.abs(total - 1) < 1e-9, `${run.id} ${epoch} ${key} sums to ${total}`);
        }
      }
      easyMajority[run.id] = contributions.atEpoch.kept[results.dataset.negativeClass].gradientShare[9];
    }
    assert.ok(easyMajority.focal < easyMajority.bce, `easy negatives' gradient share: focal ${easyMajority.focal}, BCE ${easyMajority.bce}`);
  });
});
