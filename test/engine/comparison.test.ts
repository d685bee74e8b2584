import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCore, sample, temporaryDirectory, type Core } from './helpers';
import type { ComparisonEvent } from '../../src/shared/protocol';

describe('runComparison on the bundled 90:10 sample', function () {
  let core: Core;
  let results: Awaited<ReturnType<Core['runComparison']>>;
  const events: ComparisonEvent[] = [];

  before(async () => {
    core = loadCore();
    results = await core.runComparison({ file: sample, config: { seed: 42 } }, { onEvent: (e) => events.push(e) });
  });

  it('describes the data set it read', () => {
    const { dataset } = results;
    assert.strictEqual(dataset.rows, 3000);
    assert.strictEqual(dataset.target, 'label');
    assert.strictEqual(dataset.positiveClass, '1');
    assert.deepStrictEqual(dataset.classCounts, { '0': 2700, '1': 300 });
    assert.deepStrictEqual(dataset.features, ['x1', 'x2']);
    assert.deepStrictEqual(dataset.split, { train: 2100, validation: 300, test: 600 });
    assert.strictEqual(results.decisionPlane?.kind, 'features');
  });

  it('trains bce, focal and alpha-focal with the documented defaults, naming alpha for the positive class', () => {
    assert.deepStrictEqual(results.runs.map((r) => r.loss), ['bce', 'focal', 'alpha-focal']);
    assert.ok(results.runs.every((r) => r.status === 'finished' && r.backend === 'wasm-kernel'));
    const [bce, focal, alphaFocal] = results.runs;
    assert.strictEqual(bce.alphaForPositiveClass, null);
    assert.strictEqual(focal.gamma, 2);
    assert.strictEqual(alphaFocal.alphaForPositiveClass, 1890 / 2100, 'auto alpha = negatives / all on the training split');
    for (const run of results.runs) {
      assert.strictEqual(run.history.trainLoss.length, results.config.epochs);
      assert.strictEqual(run.history.valLogLoss.length, results.config.epochs);
      assert.ok(run.history.trainLoss[run.history.trainLoss.length - 1] < run.history.trainLoss[0], `${run.loss} training loss falls`);
      assert.strictEqual(run.test.labels.length, 600);
      assert.strictEqual(run.decisionRegion!.probabilities.length, results.decisionPlane!.steps ** 2);
    }
  });

  it('alpha-balanced focal loss raises minority recall at threshold 0.5 over BCE (the idea)', () => {
    const recall = (loss: string) => {
      const run = results.runs.find((r) => r.loss === loss)!;
      return run.metrics!.atThreshold.find((t) => t.threshold === 0.5)!.perClass['1'].recall;
    };
    assert.ok(recall('alpha-focal') > recall('bce') + 0.1, `alpha-focal ${recall('alpha-focal')} vs bce ${recall('bce')}`);
    assert.match(results.verdict, /minority/);
  });

  it('reports metrics that the saved test predictions reproduce', () => {
    for (const run of results.runs) {
      const again = core.computeMetrics(run.test.labels, run.test.probabilities, {
        positiveClass: '1',
        negativeClass: '0',
        thresholds: run.metrics!.atThreshold.map((t) => ({ threshold: t.threshold, source: t.thresholdSource })),
      });
      assert.deepStrictEqual(again, run.metrics);
      assert.ok(run.metrics!.rocAuc > 0.9, `${run.loss} ROC-AUC ${run.metrics!.rocAuc}`);
      assert.strictEqual(run.metrics!.atThreshold[1].thresholdSource, 'validation-f1');
    }
  });

  it('streams stages and one epoch event per model and epoch', () => {
    const stages = events.filter((e) => e.type === 'stage').map((e) => (e as { stage: string }).stage);
    assert.deepStrictEqual(stages, ['reading', 'preparing', 'training', 'evaluating']);
    for (const loss of ['bce', 'focal', 'alpha-focal']) {
      const epochs = events.filter((e) => e.type === 'epoch' && e.loss === loss).map((e) => (e as { epoch: number }).epoch);
      assert.deepStrictEqual(epochs, Array.from({ length: results.config.epochs }, (_, i) => i + 1));
    }
    assert.strictEqual(events.filter((e) => e.type === 'run-finished').length, 3);
  });

  it('gives the same numbers run after run with the same seed, and other numbers with another seed', async () => {
    const config = { seed: 42, epochs: 3, losses: ['bce', 'alpha-focal'] as ('bce' | 'alpha-focal')[] };
    const first = await core.runComparison({ file: sample, config });
    const second = await core.runComparison({ file: sample, config });
    const other = await core.runComparison({ file: sample, config: { ...config, seed: 43 } });
    const numbers = (r: typeof first) => r.runs.map((run) => ({ history: run.history, test: run.test, metrics: run.metrics, grid: run.decisionRegion }));
    assert.deepStrictEqual(numbers(second), numbers(first));
    assert.notDeepStrictEqual(numbers(other), numbers(first));
  });

  it('writes results.json, report.md and report.html, and results.json carries the documented fields', async () => {
    const directory = temporaryDirectory('outputs');
    const written = await core.writeComparisonOutputs(results, directory);
    const json = JSON.parse(fs.readFileSync(written.resultsJson, 'utf8'));
    assert.strictEqual(json.schemaVersion, core.RESULTS_SCHEMA_VERSION);
    for (const key of ['rows', 'target', 'positiveClass', 'classCounts', 'features']) assert.ok(key in json.dataset, key);
    for (const run of json.runs) {
      for (const key of ['loss', 'gamma', 'alphaForPositiveClass', 'history', 'metrics', 'test']) assert.ok(key in run, key);
      for (const key of ['rocAuc', 'prAuc', 'logLoss', 'brier', 'ece', 'atThreshold']) assert.ok(key in run.metrics, key);
      for (const key of ['threshold', 'accuracy', 'balancedAccuracy', 'mcc', 'confusion', 'perClass']) assert.ok(key in run.metrics.atThreshold[0], key);
    }
    assert.match(fs.readFileSync(written.reportMarkdown, 'utf8'), /alpha-focal|Alpha-balanced focal/);
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
    await assert.rejects(core.runComparison({ file: sample, config: { gamma: -1 } }), (e: Error) => core.isInputError(e) && /gamma/.test(e.message));
    await assert.rejects(core.runComparison({ file: sample, maxFileBytes: 1000 }), (e: Error) => core.isInputError(e) && (e as { code?: string }).code === 'file-too-large');
  });

});
