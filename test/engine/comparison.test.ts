import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCore, sample, temporaryDirectory, type Core } from './helpers';
import type { ComparisonEvent } from '../../src/shared/protocol';

describe('runComparison on the bundled 90:10 sample (5-fold cross-validation)', function () {
  let core: Core;
  let results: Awaited<ReturnType<Core['runComparison']>>;
  const events: ComparisonEvent[] = [];

  before(async () => {
    core = loadCore();
    results = await core.runComparison({ file: sample, config: { seed: 42 } }, { onEvent: (e) => events.push(e) });
  });

  it('describes the data set it read and the protocol it ran', () => {
    const { dataset } = results;
    assert.strictEqual(dataset.rows, 3000);
    assert.strictEqual(dataset.target, 'label');
    assert.strictEqual(dataset.positiveClass, '1');
    assert.deepStrictEqual(dataset.classCounts, { '0': 2700, '1': 300 });
    assert.deepStrictEqual(dataset.features, ['x1', 'x2']);
    // The first fold: 600 test rows; of the other 2,400, 20% validate.
    assert.deepStrictEqual(dataset.split, { train: 1920, validation: 480, test: 600 });
    assert.strictEqual(results.decisionPlane?.kind, 'features');
    assert.deepStrictEqual(results.evaluation, { protocol: 'cross-validation', folds: 5, repeats: 1, validationShare: 0.2, earlyStopping: { patience: 5, monitor: 'own-loss' } });
  });

  it('trains bce, focal and alpha-focal on every fold, naming alpha for the positive class', () => {
    assert.deepStrictEqual(results.runs.map((r) => r.id), ['bce', 'focal', 'alpha-focal']);
    assert.ok(results.runs.every((r) => r.status === 'finished' && r.backend === 'wasm-kernel'));
    const [bce, focal, alphaFocal] = results.runs;
    assert.strictEqual(bce.alphaForPositiveClass, null);
    assert.strictEqual(focal.gamma, 2);
    assert.strictEqual(alphaFocal.alphaForPositiveClass, 1728 / 1920, 'auto alpha = negatives / all training rows (first fold)');
    for (const run of results.runs) {
      assert.strictEqual(run.folds.length, 5);
      const tested = run.folds.flatMap((f) => f.test.rows).sort((a, b) => a - b);
      assert.deepStrictEqual(tested, Array.from({ length: 3000 }, (_, i) => i), 'every row is tested once');
      for (const fold of run.folds) {
        // Early stopping: the kept epoch is the best, and training stopped `patience` epochs after it (or at the last epoch).
        assert.ok(fold.bestEpoch >= 1 && fold.bestEpoch <= fold.epochsRun);
        assert.ok(fold.epochsRun === results.config.epochs || fold.epochsRun - fold.bestEpoch === 5, `${run.id} fold ${fold.fold}: best ${fold.bestEpoch} of ${fold.epochsRun}`);
        assert.strictEqual(fold.history.valLoss.length, fold.epochsRun);
        const best = Math.min(...fold.history.valLoss);
        assert.strictEqual(fold.history.valLoss[fold.bestEpoch - 1], best, 'the kept epoch has the lowest validation loss');
      }
      assert.strictEqual(run.decisionRegion!.probabilities.length, results.decisionPlane!.steps ** 2);
    }
  });

  it('alpha-balanced focal loss raises minority recall at threshold 0.5 over BCE (the idea) and the verdict says it is a moved operating point', () => {
    const recall = (id: string) => results.runs.find((r) => r.id === id)!.summary!.minorityRecallAt05.mean!;
    assert.ok(recall('alpha-focal') > recall('bce') + 0.1, `alpha-focal ${recall('alpha-focal')} vs bce ${recall('bce')}`);
    assert.match(results.verdict.text, /^No reliable difference on this data/);
    assert.deepStrictEqual(results.verdict.claims, []);
    assert.ok(results.verdict.notes.some((n) => /moved operating point/.test(n)), results.verdict.notes.join('\n'));
  });

  it('every number of the summaries and comparisons can be recomputed from runs[].folds[].test', () => {
    const classes = { positiveClass: '1', negativeClass: '0' };
    for (const model of [...results.runs, ...results.references]) {
      for (const fold of model.folds) {
        const thresholds = fold.metrics.atThreshold.map((t) => ({ threshold: t.threshold, source: t.thresholdSource }));
        assert.deepStrictEqual(core.computeMetrics(fold.test.labels, fold.test.probabilities, { ...classes, thresholds }), fold.metrics);
        const recalibrated = core.applyPlattScaling({ ...fold.recalibrated, method: 'maximum-likelihood' }, fold.test.probabilities.map(core.storedLogit));
        assert.strictEqual(core.logLoss(fold.test.labels, recalibrated), fold.recalibrated.logLoss);
        assert.strictEqual(core.brierScore(fold.test.labels, recalibrated), fold.recalibrated.brier);
      }
      for (const spec of core.SUMMARY_METRICS) {
        const perFold = model.folds.map((f) => spec.read(f, '1'));
        const interval = core.meanInterval(perFold);
        assert.deepStrictEqual(model.summary![spec.key], { mean: interval.mean, ciLow: interval.ciLow, ciHigh: interval.ciHigh, perFold });
      }
    }
    assert.strictEqual(results.comparisons.length, 2 * core.SUMMARY_METRICS.length);
    for (const comparison of results.comparisons) {
      const spec = core.SUMMARY_METRICS.find((m) => m.key === comparison.metric)!;
      const candidate = results.runs.find((r) => r.id === comparison.loss)!;
      const baseline = results.runs.find((r) => r.id === comparison.baseline)!;
      assert.strictEqual(baseline.id, 'bce');
      const differences = candidate.folds.map((f, i) => spec.read(f, '1') - spec.read(baseline.folds[i], '1'));
      const ratio = candidate.folds.reduce((sum, f) => sum + f.rows.test / (f.rows.train + f.rows.validation), 0) / candidate.folds.length;
      const at95 = core.correctedResampledInterval(differences, ratio, 0.95);
      const family = core.correctedResampledInterval(differences, ratio, 1 - 0.05 / comparison.familySize);
      assert.strictEqual(comparison.familySize, 2 * 4, 'two losses against BCE on four headline metrics');
      assert.strictEqual(comparison.method, 'corrected-resampled-t');
      assert.deepStrictEqual([comparison.meanDifference, comparison.ciLow, comparison.ciHigh], [at95.meanDifference, at95.ciLow, at95.ciHigh]);
      assert.deepStrictEqual([comparison.familyCiLow, comparison.familyCiHigh], [family.ciLow, family.ciHigh]);
      assert.strictEqual(comparison.reliable, family.ciLow! > 0 || family.ciHigh! < 0);
    }
  });

  it('evaluates the base-rate predictor and logistic regression on the same folds, outside the verdict', () => {
    assert.deepStrictEqual(results.references.map((r) => r.kind), ['base-rate', 'logistic-regression']);
    const [baseRate, linear] = results.references;
    assert.ok(baseRate.folds.every((f) => new Set(f.test.probabilities).size === 1), 'one probability per fold');
    assert.ok(Math.abs(baseRate.summary.prAuc.mean! - 0.1) < 1e-9, 'a constant ranks nothing: PR-AUC = prevalence');
    assert.ok(linear.summary.rocAuc.mean! > 0.9);
    assert.ok(!results.verdict.claims.some((c) => c.loss === 'base-rate' || c.loss === 'logistic-regression'));
  });

  it('streams stages, one started and one finished event per fit, and epochs with their fold', () => {
    const stages = events.filter((e) => e.type === 'stage').map((e) => (e as { stage: string }).stage);
    assert.deepStrictEqual(stages, ['reading', 'preparing', 'training', 'evaluating']);
    for (const id of ['bce', 'focal', 'alpha-focal']) {
      const started = events.filter((e) => e.type === 'run-started' && e.runId === id);
      assert.deepStrictEqual(started.map((e) => (e as { fold: number }).fold), [0, 1, 2, 3, 4]);
      const finished = events.filter((e) => e.type === 'fit-finished' && e.runId === id);
      assert.strictEqual(finished.length, 5);
      const run = results.runs.find((r) => r.id === id)!;
      for (const fold of run.folds) {
        const epochs = events.filter((e) => e.type === 'epoch' && e.runId === id && e.fold === fold.fold).map((e) => (e as { epoch: number }).epoch);
        assert.deepStrictEqual(epochs, Array.from({ length: fold.epochsRun }, (_, i) => i + 1));
      }
    }
  });

  it('gives the same numbers run after run with the same seed, and other numbers with another seed', async () => {
    const config = { seed: 42, epochs: 3, losses: ['bce', 'alpha-focal'] as ('bce' | 'alpha-focal')[] };
    const first = await core.runComparison({ file: sample, config });
    const second = await core.runComparison({ file: sample, config });
    const other = await core.runComparison({ file: sample, config: { ...config, seed: 43 } });
    const numbers = (r: typeof first) => ({ runs: r.runs.map((run) => ({ folds: run.folds, grid: run.decisionRegion })), comparisons: r.comparisons, references: r.references });
    assert.deepStrictEqual(numbers(second), numbers(first));
    assert.notDeepStrictEqual(numbers(other), numbers(first));
  });

  it('with --folds 1 keeps the single split and compares with a paired bootstrap over the test rows', async () => {
    const holdout = await core.runComparison({ file: sample, config: { folds: 1, epochs: 5, losses: ['bce', 'alpha-focal'] } });
    assert.strictEqual(holdout.evaluation.protocol, 'holdout');
    assert.deepStrictEqual(holdout.dataset.split, { train: 2100, validation: 300, test: 600 });
    assert.ok(holdout.comparisons.every((c) => c.method === 'paired-bootstrap' && c.n > 1900));
    assert.ok(holdout.runs.every((r) => r.summary!.prAuc.ciLow === null), 'no interval from one fold');
    assert.ok(holdout.verdict.notes.some((n) => /^One split:/.test(n)));
  });

  it('writes results.json, report.md and report.html, and results.json carries the documented fields', async () => {
    const directory = temporaryDirectory('outputs');
    const written = await core.writeComparisonOutputs(results, directory);
    const json = JSON.parse(fs.readFileSync(written.resultsJson, 'utf8'));
    assert.strictEqual(json.schemaVersion, 2);
    for (const key of ['evaluation', 'runs', 'references', 'comparisons', 'verdict']) assert.ok(key in json, key);
    for (const key of ['rows', 'target', 'positiveClass', 'classCounts', 'features']) assert.ok(key in json.dataset, key);
    for (const run of json.runs) {
      for (const key of ['id', 'loss', 'gamma', 'alphaForPositiveClass', 'folds', 'summary', 'pooled']) assert.ok(key in run, key);
      for (const key of ['repeat', 'fold', 'bestEpoch', 'epochsRun', 'history', 'metrics', 'recalibrated', 'test']) assert.ok(key in run.folds[0], key);
      for (const key of ['rows', 'labels', 'probabilities']) assert.ok(key in run.folds[0].test, key);
      for (const key of ['prAuc', 'rocAuc', 'logLoss', 'brier', 'ece', 'minorityF1AtTuned', 'minorityRecallAt05', 'minorityPrecisionAt05', 'balancedAccuracyAtTuned']) {
        for (const field of ['mean', 'ciLow', 'ciHigh', 'perFold']) assert.ok(field in run.summary[key], `${key}.${field}`);
      }
    }
    for (const key of ['text', 'claims', 'notes']) assert.ok(key in json.verdict, key);
    assert.match(fs.readFileSync(written.reportMarkdown, 'utf8'), /Alpha-balanced focal/);
    assert.match(fs.readFileSync(written.reportHtml, 'utf8'), /<svg/);
    assert.deepStrictEqual(fs.readdirSync(directory).sort(), ['report.html', 'report.md', 'results.json'], 'no temporary files left');
    fs.rmSync(directory, { recursive: true });
  });
});

describe('runComparison cancellation and failures', () => {
  it('stops every worker and rejects with AbortError when cancelled mid-training', async () => {
    const core = loadCore();
    const controller = new AbortController();
    let eventsAfterCancel = 0;
    let cancelled = false;
    const run = core.runComparison({ file: sample, config: { epochs: 200 } }, {
      signal: controller.signal,
      onEvent: (event) => {
        if (cancelled) eventsAfterCancel++;
        if (event.type === 'epoch' && event.epoch === 2 && !cancelled) {
          cancelled = true;
          controller.abort();
        }
      },
    });
    await assert.rejects(run, (error: Error) => error.name === 'AbortError');
    assert.strictEqual(core.liveTrainingWorkers(), 0, 'no training thread outlives the cancelled run');
    // Epoch events already queued may still arrive, but training stopped long before 200 epochs.
    assert.ok(eventsAfterCancel < 20, `${eventsAfterCancel} events after cancel`);
  });

  it('rejects at once when the signal is already aborted, before reading the file', async () => {
    const core = loadCore();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(core.runComparison({ file: path.join(__dirname, 'does-not-exist.csv') }, { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('says what is wrong with a bad file or option, as an input error', async () => {
    const core = loadCore();
    await assert.rejects(core.runComparison({ file: sample, target: 'nope' }), (e: Error) => core.isInputError(e) && /no column named 'nope'/.test(e.message));
    await assert.rejects(core.runComparison({ file: sample, config: { gamma: -1 } }), (e: Error) => core.isInputError(e) && /gamma/i.test(e.message));
    await assert.rejects(core.runComparison({ file: sample, maxFileBytes: 1000 }), (e: Error) => core.isInputError(e) && (e as { code?: string }).code === 'file-too-large');
  });

});
