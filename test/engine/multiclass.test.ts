// The multi-class task through the public module and the CLI, on the bundled 80:15:5 sample:
// one softmax model per loss, K-class folds, class weights, per-fold predictions and metrics
// that recompute from results.json, paired intervals and the verdict on the rarest class.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, loadCore, root, temporaryDirectory, type Core } from './helpers';
import type { MulticlassComparisonResults } from '../../src/core/multiclassResults';

const multiclassSample = path.join(root, 'samples', 'multiclass-80-15-5.csv');

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the multi-class task on the bundled 80:15:5 sample', function () {
  let core: Core;
  let results: MulticlassComparisonResults;

  before(async () => {
    core = loadCore();
    const any = await core.runAnyComparison({ file: multiclassSample, config: { seed: 42, losses: ['bce', 'focal', 'alpha-focal'] } });
    assert.ok(core.isMulticlassResults(any), 'a three-class target trains one multi-class model');
    results = any;
  });

  it('says which task ran and names the classes in the order used everywhere', () => {
    assert.strictEqual(results.dataset.task, 'multiclass');
    assert.deepStrictEqual(results.dataset.classes, ['common', 'rare', 'uncommon']);
    assert.deepStrictEqual(results.dataset.classCounts, { common: 2400, rare: 150, uncommon: 450 });
    assert.strictEqual(results.dataset.positiveClass, 'rare', 'the rarest class stands where the positive class does');
    assert.strictEqual(results.evaluation.protocol, 'cross-validation');
    assert.ok(results.dataset.notices.some((n) => /3 classes, trained as one multi-class model/.test(n)));
  });

  it('gives each loss that uses alpha one weight per class: inverse class frequency normalised to 1', () => {
    const byId = new Map(results.runs.map((r) => [r.id, r]));
    assert.strictEqual(byId.get('bce')!.alphaPerClass, null);
    assert.strictEqual(byId.get('focal')!.alphaPerClass, null);
    const alpha = byId.get('alpha-focal')!.alphaPerClass!;
    assert.deepStrictEqual(Object.keys(alpha), ['common', 'rare', 'uncommon']);
    assert.ok(Math.abs(alpha.common + alpha.rare + alpha.uncommon - 1) < 1e-12);
    // 80:15:5 on the training rows: the weights go as 1/80 : 1/15 : 1/5 (the split rounds each class's rows).
    assert.ok(Math.abs(alpha.rare / alpha.common - 16) < 0.5 && Math.abs(alpha.uncommon / alpha.common - 16 / 3) < 0.2, JSON.stringify(alpha));
  });

  it('stores class indices and K probabilities per test row, and every fold metric recomputes from them', () => {
    for (const run of results.runs) {
      assert.strictEqual(run.status, 'finished');
      assert.strictEqual(run.folds.length, 5);
      const seen = new Set<number>();
      for (const fold of run.folds) {
        assert.strictEqual(fold.test.labels.length, fold.test.probabilities.length);
        for (const row of fold.test.rows) seen.add(row);
        for (const p of fold.test.probabilities) {
          assert.strictEqual(p.length, 3);
          assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-6);
        }
        assert.ok(fold.test.labels.every((y) => y === 0 || y === 1 || y === 2));
        const again = core.computeMulticlassMetrics(fold.test.labels, fold.test.probabilities.flat(), { classes: results.dataset.classes });
        for (const key of ['accuracy', 'balancedAccuracy', 'mcc', 'macroF1', 'weightedF1', 'macroPrAuc', 'macroRocAuc', 'logLoss', 'brier', 'ece'] as const) {
          assert.strictEqual(fold.metrics[key], again[key], `${run.id} fold ${fold.fold} ${key}`);
        }
        assert.deepStrictEqual(fold.metrics.confusion, again.confusion);
        assert.deepStrictEqual(fold.rows.testClassCounts, [0, 1, 2].map((c) => fold.test.labels.filter((y) => y === c).length));
        // Stratified: every class in every test fold, in its share.
        assert.ok(Math.abs(fold.rows.testClassCounts[1] - 30) <= 1);
      }
      assert.strictEqual(seen.size, 3000, 'every row is in exactly one test fold');
      // Pooled: every row once, the confusion sums to the file.
      assert.strictEqual(run.pooled!.confusion.flat().reduce((a, b) => a + b, 0), 3000);
      assert.strictEqual(run.pooled!.prCurves.length, 3);
      assert.strictEqual(run.summary!.macroPrAuc.perFold.length, 5);
    }
  });

  it('alpha-balanced focal loss raises the recall of the rarest class over cross-entropy, and the verdict says so with its interval', () => {
    const byId = new Map(results.runs.map((r) => [r.id, r]));
    const ce = byId.get('bce')!.summary!.rarestClassRecall.mean!;
    const alphaFocal = byId.get('alpha-focal')!.summary!.rarestClassRecall.mean!;
    assert.ok(alphaFocal > ce + 0.2, `rarest-class recall: alpha-focal ${alphaFocal} vs cross-entropy ${ce}`);
    const comparison = results.comparisons.find((c) => c.loss === 'alpha-focal' && c.baseline === 'bce' && c.metric === 'rarestClassRecall')!;
    assert.strictEqual(comparison.method, 'corrected-resampled-t');
    assert.ok(comparison.reliable && comparison.familyCiLow! > 0);
    assert.ok(results.verdict.claims.some((c) => c.loss === 'alpha-focal' && c.metric === 'rarestClassRecall' && c.direction === 'better'));
    assert.match(results.verdict.text, /^Against Cross-entropy \(5 test folds\): .*Alpha-balanced focal: better recall of the rarest class 'rare'/);
    // Only reliable differences are claimed.
    for (const claim of results.verdict.claims) {
      assert.ok(results.comparisons.find((c) => c.loss === claim.loss && c.metric === claim.metric)!.reliable);
    }
  });

  it('draws decision regions by predicted class; the rare class\'s region grows under alpha-balanced focal loss', () => {
    const cells = (id: string) => results.runs.find((r) => r.id === id)!.decisionRegion!;
    const plane = results.decisionPlane!;
    assert.strictEqual(plane.kind, 'features');
    const ce = cells('bce');
    assert.strictEqual(ce.predicted.length, plane.steps * plane.steps);
    assert.ok(ce.confidence.every((p) => p >= 1 / 3 - 1e-4 && p <= 1));
    const rareCells = (id: string) => cells(id).predicted.filter((c) => c === 1).length;
    assert.ok(rareCells('alpha-focal') > 1.5 * rareCells('bce'), `${rareCells('alpha-focal')} vs ${rareCells('bce')} cells`);
  });

  it('the two-class report renderers hand a multi-class results.json read back from disk to the multi-class ones, rather than crash', () => {
    const readBack = core.upgradeResults(JSON.parse(core.resultsToJson(results)));
    assert.match(core.renderMarkdownReport(readBack), /^# Focal Lab: multi-class comparison/);
    assert.match(core.renderHtmlReport(readBack), /<h1>Focal Lab: multi-class comparison<\/h1>/);
  });

  it('report.html draws the training curves, the per-class PR curves and a K × K heat map per model', () => {
    // As the extension's Export Report does: results.json read back, handed to the report renderer.
    const html = core.renderHtmlReport(core.upgradeResults(JSON.parse(core.resultsToJson(results))));
    const svgTitles = [...html.matchAll(/<svg[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    for (const label of ['Cross-entropy', 'Focal', 'Alpha-balanced focal']) {
      assert.ok(svgTitles.includes(`${label}: precision–recall per class`), `PR curves of ${label}: ${svgTitles.join(' | ')}`);
      assert.ok(svgTitles.includes(`${label}: confusion (3 × 3), rows actual, columns predicted`), `heat map of ${label}`);
      assert.ok(svgTitles.some((t) => t.startsWith(`${label}: training loss`)), `loss curves of ${label}`);
    }
    assert.ok(svgTitles.some((t) => t.startsWith('Validation log-loss')));
    // The heat map writes the pooled counts of every cell.
    const ce = results.runs.find((r) => r.id === 'bce')!;
    const heatMap = html.slice(html.indexOf('<title>Cross-entropy: confusion'), html.indexOf('</svg>', html.indexOf('<title>Cross-entropy: confusion')));
    for (const count of ce.pooled!.confusion.flat()) assert.ok(heatMap.includes(`>${count}</text>`), `count ${count} in the heat map`);
    assert.ok(!/NaN|undefined/.test(html), 'no NaN or undefined in the report');
  });

  it('fits the base rate and multinomial logistic regression on every fold and compares the linear model with every loss', () => {
    assert.deepStrictEqual(results.references.map((r) => r.kind), ['base-rate', 'logistic-regression']);
    for (const reference of results.references) assert.strictEqual(reference.folds.length, results.runs[0].folds.length);
    const [base, linear] = results.references;
    // The base rate predicts the class frequencies for every row: each class's PR-AUC is its share, its argmax always 'common'.
    assert.ok(Math.abs(base.summary.macroPrAuc.mean! - 1 / 3) < 0.01, `base rate macro PR-AUC ${base.summary.macroPrAuc.mean}`);
    assert.strictEqual(base.summary.rarestClassRecall.mean, 0);
    assert.ok(linear.summary.macroPrAuc.mean! > base.summary.macroPrAuc.mean! + 0.2, `logistic regression ${linear.summary.macroPrAuc.mean}`);
    assert.deepStrictEqual(results.referenceComparisons.map((c) => [c.loss, c.baseline, c.metric]), results.runs.map((r) => ['logistic-regression', r.id, 'macroPrAuc']));
    const table = core.renderMarkdownReport(core.upgradeResults(JSON.parse(core.resultsToJson(results))));
    assert.match(table, /Logistic regression \(reference\)/);
  });

  it('is binary when asked through runComparison or given --positive (one class against the rest)', async () => {
    const config = { epochs: 2, folds: 2, losses: ['bce' as const] };
    const binary = await core.runComparison({ file: multiclassSample, config });
    assert.strictEqual(binary.dataset.task, 'binary');
    assert.strictEqual(binary.dataset.positiveClass, 'rare');
    assert.strictEqual(binary.dataset.negativeClass, 'not rare');
    const chosen = await core.runAnyComparison({ file: multiclassSample, positive: 'uncommon', config });
    assert.ok(!core.isMulticlassResults(chosen));
    assert.strictEqual(chosen.dataset.positiveClass, 'uncommon');
  });

  it('takes one weight per class, and refuses weights that do not name every class', async () => {
    const config = { epochs: 2, folds: 2, losses: ['alpha-focal' as const] };
    const given = await core.runAnyComparison({ file: multiclassSample, config: { ...config, alpha: { common: 0.1, rare: 0.6, uncommon: 0.3 } } });
    assert.ok(core.isMulticlassResults(given));
    assert.deepStrictEqual(given.runs[0].alphaPerClass, { common: 0.1, rare: 0.6, uncommon: 0.3 });
    const refused = (alpha: MulticlassComparisonResults['config']['alpha'], pattern: RegExp) =>
      assert.rejects(core.runAnyComparison({ file: multiclassSample, config: { ...config, alpha } }), (e: Error) => core.isInputError(e) && pattern.test(e.message));
    await refused({ common: 0.1, rare: 0.6 }, /no weight for 'uncommon'/);
    await refused({ common: 0.1, rare: 0.6, uncommon: 0.2, other: 0.1 }, /'other' is not a class/);
    await refused(0.25, /give one weight per class, like --alpha "common=0\.2,rare=0\.3,uncommon=0\.5"/);
  });

  it('a single split compares with the paired bootstrap over the test rows', async () => {
    const holdout = await core.runAnyComparison({ file: multiclassSample, config: { folds: 1, epochs: 5, losses: ['bce', 'alpha-focal'] } });
    assert.ok(core.isMulticlassResults(holdout));
    assert.strictEqual(holdout.evaluation.protocol, 'holdout');
    const recall = holdout.comparisons.find((c) => c.metric === 'rarestClassRecall')!;
    assert.strictEqual(recall.method, 'paired-bootstrap');
    assert.ok(recall.n >= 1900 && recall.ciLow! <= recall.meanDifference! && recall.meanDifference! <= recall.ciHigh!);
    assert.ok(holdout.verdict.notes.some((n) => /One split/.test(n)));
  });

  it('trains 50 classes as one model, with the WebAssembly kernel and with the TensorFlow.js fallback (--backend cpu)', async () => {
    const dir = temporaryDirectory('fifty-classes');
    const file = path.join(dir, 'fifty.csv');
    const lines = ['a,b,grade'];
    for (let c = 0; c < 50; c++) for (let i = 0; i < 12; i++) lines.push(`${(c % 7) + ((i * 0.13) % 1)},${Math.floor(c / 7) + ((i * 0.29) % 1)},g${c}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    for (const backend of ['wasm', 'cpu'] as const) {
      const fifty = await core.runAnyComparison({ file, target: 'grade', backend, config: { epochs: 2, folds: 2, losses: ['alpha-focal'] } });
      assert.ok(core.isMulticlassResults(fifty));
      assert.strictEqual(fifty.dataset.classes.length, 50);
      const run = fifty.runs[0];
      assert.strictEqual(run.status, 'finished', run.error);
      assert.strictEqual(run.backend === 'wasm-kernel', backend === 'wasm', run.backend);
      assert.strictEqual(Object.keys(run.alphaPerClass!).length, 50);
      assert.ok(run.folds.every((f) => f.test.probabilities.every((p) => p.length === 50)));
      assert.strictEqual(run.pooled!.confusion.length, 50);
    }
  });

  describe('the CLI', () => {
    it('trains one multi-class model by default and writes results.json and both reports', () => {
      const out = temporaryDirectory('multiclass-cli');
      const { status, stdout, stderr } = runCli(['compare', multiclassSample, '--epochs', '3', '--folds', '2', '--losses', 'bce,alpha-focal', '--alpha', 'common=0.1,rare=0.6,uncommon=0.3', '--out', out]);
      assert.strictEqual(status, 0, stderr);
      assert.match(stdout, /VERDICT/);
      assert.match(stdout, /Cross-entropy/);
      assert.doesNotMatch(stdout, /\bBCE\b/);
      const written = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as MulticlassComparisonResults;
      assert.strictEqual(written.dataset.task, 'multiclass');
      assert.deepStrictEqual(written.config.alpha, { common: 0.1, rare: 0.6, uncommon: 0.3 });
      const markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
      assert.match(markdown, /Confusion matrices/);
      assert.match(markdown, /\| rare \|/);
      assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /<caption>Alpha-balanced focal<\/caption>/);
    });

    it('says what is wrong with --alpha and exits 2', () => {
      const missing = runCli(['compare', multiclassSample, '--epochs', '1', '--alpha', 'common=0.1', '--out', temporaryDirectory('multiclass-bad')]);
      assert.strictEqual(missing.status, 2);
      assert.match(missing.stderr, /alpha must give one weight to every class \('common', 'rare', 'uncommon'\): no weight for 'rare', 'uncommon'/);
      const malformed = runCli(['compare', multiclassSample, '--alpha', 'common=0.1,rare', '--out', temporaryDirectory('multiclass-bad')]);
      assert.strictEqual(malformed.status, 2);
      assert.match(malformed.stderr, /NAME=WEIGHT/);
    });

    it('escapes class names from the file in the reports', () => {
      const dir = temporaryDirectory('multiclass-escape');
      const file = path.join(dir, 'hostile.csv');
      fs.writeFileSync(file, fs.readFileSync(multiclassSample, 'utf8').replace(/,rare$/gm, ',<img src=x onerror=alert(1)>|x'));
      const out = path.join(dir, 'out');
      const { status, stderr } = runCli(['compare', file, '--epochs', '1', '--folds', '2', '--losses', 'bce', '--out', out]);
      assert.strictEqual(status, 0, stderr);
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      assert.ok(!html.includes('<img'), 'no markup from the file');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;|x'));
      const markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
      assert.ok(!markdown.includes('<img'), 'no raw HTML in report.md');
      assert.ok(markdown.includes('&lt;img src=x onerror=alert(1)&gt;\\|x'), 'the pipe is escaped, so it cannot end a Markdown cell');
    });
  });
});
