// Two runs side by side (issue 12), and progress within an epoch (defect 7), on the built engine.
import * as assert from 'assert';
import { compareRuns, renderRunsComparisonMarkdown } from '../../src/core/report/runsComparison';
import type { ComparisonEvent } from '../../src/shared/protocol';
import { loadCore, sample } from './helpers';

describe('comparing two runs, and progress within an epoch', function () {
  this.timeout(300_000);
  const core = loadCore();
  const base = { epochs: 2, folds: 2, losses: ['bce', 'focal'] as ('bce' | 'focal')[], earlyStopping: 0, batchSize: 16 };
  type Results = Awaited<ReturnType<typeof core.runComparison>>;
  let gamma1: Results;
  let gamma4: Results;
  let otherSeed: Results;
  const events: ComparisonEvent[] = [];

  before(async () => {
    gamma1 = await core.runComparison({ file: sample, config: { ...base, gamma: 1 } }, { onEvent: (e) => events.push(e) });
    gamma4 = await core.runComparison({ file: sample, config: { ...base, gamma: 4 } });
    otherSeed = await core.runComparison({ file: sample, config: { ...base, gamma: 1, seed: 7 } });
  });

  it('reports each epoch’s batches at most 50 times, in order, never the last batch', () => {
    const batches = events.filter((e): e is Extract<ComparisonEvent, { type: 'batch-progress' }> => e.type === 'batch-progress');
    const perEpoch = new Map<string, number[]>();
    for (const e of batches) {
      const key = `${e.runId}|${e.fold}|${e.epoch}`;
      perEpoch.set(key, [...(perEpoch.get(key) ?? []), e.batch]);
      assert.ok(e.batch >= 1 && e.batch < e.batches, `batch ${e.batch} of ${e.batches}`);
    }
    // 2 models × 2 folds × 2 epochs, each epoch ~85 batches of 16 rows: reported every 2nd batch.
    assert.strictEqual(perEpoch.size, 2 * 2 * 2, [...perEpoch.keys()].join(', '));
    for (const [key, reported] of perEpoch) {
      assert.ok(reported.length >= 20 && reported.length <= 50, `${key}: ${reported.length} reports`);
      assert.ok(reported.every((b, i) => i === 0 || b > reported[i - 1]), `${key} in order`);
    }
    // Each batch report comes before its epoch's own event.
    const firstEpoch = events.findIndex((e) => e.type === 'epoch');
    assert.ok(events.findIndex((e) => e.type === 'batch-progress') < firstEpoch, 'progress within the first epoch, before it ends');
  });

  it('pairs two runs that tested the same rows in the same folds, with intervals on the differences', () => {
    const comparison = compareRuns({ label: 'sample.csv #1', description: 'γ 1', results: gamma1 }, { label: 'sample.csv #2', description: 'γ 4', results: gamma4 });
    assert.strictEqual(comparison.paired, true, comparison.pairing);
    assert.deepStrictEqual(comparison.arms.map((a) => a.id), ['bce', 'focal']);
    const prAuc = comparison.arms[1].rows.find((r) => r.spec.key === 'prAuc')!;
    assert.strictEqual(prAuc.paired?.method, 'corrected-resampled-t');
    assert.ok(Math.abs(prAuc.paired!.meanDifference! - prAuc.difference!) < 1e-9, 'the paired mean difference is the difference of the means');
    // BCE does not use gamma: the same seed trains the same model twice.
    const bce = comparison.arms[0].rows.find((r) => r.spec.key === 'prAuc')!;
    assert.ok(Math.abs(bce.difference!) < 1e-9, `BCE against itself: ${bce.difference}`);
    const markdown = renderRunsComparisonMarkdown(comparison);
    assert.match(markdown, /Paired: both runs tested the same rows in the same 2 folds/);
    assert.match(markdown, /\| PR-AUC ↑ \| .+ \| .+ \| .+\[.+\] \| (no clear difference|B clearly (better|worse)) \|/);
  });

  it('does not pair runs whose folds hold other rows, and claims no difference then', () => {
    const comparison = compareRuns({ label: 'a', description: 'seed 42', results: gamma1 }, { label: 'b', description: 'seed 7', results: otherSeed });
    assert.strictEqual(comparison.paired, false);
    assert.match(comparison.pairing, /^Not paired: Their folds hold different test rows/);
    assert.ok(comparison.arms.every((arm) => arm.rows.every((r) => r.paired === null)));
    const markdown = renderRunsComparisonMarkdown(comparison);
    assert.doesNotMatch(markdown, /clearly|\| Reading \|/);
  });

  it('escapes names from the user in the Markdown', () => {
    const markdown = renderRunsComparisonMarkdown(compareRuns({ label: '<img src=x onerror=alert(1)>|#1', description: '*x*', results: gamma1 }, { label: 'b', description: 'y', results: gamma4 }));
    assert.ok(!markdown.includes('<img'), markdown.slice(0, 200));
    assert.match(markdown, /&lt;img src=x onerror=alert\(1\)&gt;\\\|#1/);
  });
});
