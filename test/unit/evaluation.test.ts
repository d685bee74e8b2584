// The evaluation protocol: folds, per-fold encoding, the paired bootstrap's weighted metrics,
// the verdict's rules, and recomputing every summary number from the stored test predictions.
import * as assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv';
import { analyseTable, encodeFold } from '../../src/core/dataset/prepare';
import { FocalLabInputError } from '../../src/core/errors';
import { pairedBootstrap, weightedFoldMetrics } from '../../src/core/evaluation/bootstrap';
import { compactProbability, evaluateFold, storedLogit } from '../../src/core/evaluation/evaluateFold';
import { assignFolds, type EvaluationProtocol } from '../../src/core/evaluation/folds';
import { pooledMetrics } from '../../src/core/evaluation/pooled';
import { compareModels, summariseFolds } from '../../src/core/evaluation/summarise';
import { SUMMARY_METRICS } from '../../src/core/evaluation/summaryMetrics';
import { buildVerdict, recallAtFalsePositiveRate } from '../../src/core/evaluation/verdict';
import { computeMetrics } from '../../src/core/metrics';
import { gaussian, seededRandom } from '../../src/core/random';
import type { DatasetSummary, EvaluationSettings, FoldEvaluation, PairedComparison, RunResult } from '../../src/core/results';

const classes = { positive: '1', negative: '0' };

function labelsWith(n: number, positiveEvery: number, missingEvery = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (missingEvery && i % missingEvery === 5 ? 255 : i % positiveEvery === 0 ? 1 : 0));
}

function protocol(overrides: Partial<EvaluationProtocol> = {}): EvaluationProtocol {
  return { folds: 5, repeats: 1, validationShare: 0.2, split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: 42, ...overrides };
}

describe('cross-validation folds', () => {
  it('are stratified, disjoint, and cover every row with a target exactly once per repeat', () => {
    const labels = labelsWith(1003, 10, 97);
    const folds = assignFolds(labels, protocol({ repeats: 3 }), classes);
    assert.equal(folds.length, 15);
    const usable = labels.filter((l) => l <= 1).length;
    const positives = labels.filter((l) => l === 1).length;
    for (let repeat = 0; repeat < 3; repeat++) {
      const ofRepeat = folds.filter((f) => f.repeat === repeat);
      const tested = new Map<number, number>();
      for (const fold of ofRepeat) {
        for (const row of fold.test) tested.set(row, (tested.get(row) ?? 0) + 1);
        // Train, validation and test of one fold are disjoint and together hold every usable row.
        const all = [...fold.train, ...fold.validation, ...fold.test];
        assert.equal(new Set(all).size, all.length, 'disjoint');
        assert.equal(all.length, usable);
        assert.ok(all.every((row) => labels[row] <= 1), 'rows without a target are left out');
        // Stratified: each test fold holds floor or ceil of positives / 5.
        const testPositives = [...fold.test].filter((row) => labels[row] === 1).length;
        assert.ok(testPositives === Math.floor(positives / 5) || testPositives === Math.ceil(positives / 5), `${testPositives} positives`);
        const validationPositives = [...fold.validation].filter((row) => labels[row] === 1).length;
        assert.ok(Math.abs(validationPositives - 0.2 * (positives - testPositives)) <= 1);
      }
      assert.equal(tested.size, usable, 'every usable row is tested once per repeat');
      assert.ok([...tested.values()].every((count) => count === 1));
    }
    // Repeats deal the rows differently.
    assert.notDeepEqual([...folds[0].test], [...folds[5].test]);
  });

  it('depend only on the labels and the seed', () => {
    const labels = labelsWith(500, 8);
    assert.deepEqual(assignFolds(labels, protocol(), classes), assignFolds(labels, protocol(), classes));
    assert.notDeepEqual(assignFolds(labels, protocol(), classes)[0].test, assignFolds(labels, protocol({ seed: 43 }), classes)[0].test);
  });

  it('with --folds 1 is the single stratified split', () => {
    const labels = labelsWith(400, 10);
    const [only, ...rest] = assignFolds(labels, protocol({ folds: 1 }), classes);
    assert.equal(rest.length, 0);
    assert.equal(only.test.length, 80);
    assert.equal(only.validation.length, 40);
  });

  it('refuse a class too small for the folds, with a sentence that says what to do', () => {
    const labels = labelsWith(200, 20); // 10 positives: 5 folds need 15
    assert.throws(
      () => assignFolds(labels, protocol(), classes),
      (error: unknown) => error instanceof FocalLabInputError && /only 10 rows; 5-fold cross-validation needs at least 15.*--folds 3/.test(error.message),
    );
  });
});

describe('per-fold encoding', () => {
  it('fits scaling on the fold training rows only: a test-fold outlier does not move it', () => {
    const rows = ['x,y'];
    for (let i = 0; i < 200; i++) rows.push(`${i % 7},${i % 10 === 0 ? 1 : 0}`);
    rows[50] = '1000000,0'; // data row 49 (rows[0] is the header): one extreme value
    const table = parseCsv(rows.join('\n') + '\n');
    const analysed = analyseTable(table, {});
    const outlierRow = 49;
    const folds = assignFolds(analysed.labelOfRow, protocol(), classes);
    const withOutlierInTest = folds.find((f) => f.test.includes(outlierRow))!;
    const withOutlierInTrain = folds.find((f) => f.train.includes(outlierRow))!;
    const clean = encodeFold(analysed, withOutlierInTest, { seed: 1, maxCategories: 10, withDecisionPlane: false });
    const dirty = encodeFold(analysed, withOutlierInTrain, { seed: 1, maxCategories: 10, withDecisionPlane: false });
    // Standardised with training statistics: training inputs have mean ~0 and sd ~1 in both.
    const stats = (values: Float32Array) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return { mean, max: Math.max(...values) };
    };
    assert.ok(Math.abs(stats(clean.train.inputs).mean) < 1e-5);
    assert.ok(stats(clean.train.inputs).max < 3, 'the outlier did not shrink the clean fold scale');
    assert.ok(stats(clean.test.inputs).max > 1000, 'the outlier in the test fold is far out on the training scale');
    assert.ok(stats(dirty.train.inputs).max > 9, 'in the fold that trains on it, it is part of the scale');
  });
});

/** A fold evaluation from seeded synthetic logits: `separation` sets how well the model ranks. */
function syntheticFold(fold: number, separation: number, shift = 0, seed = 1, n = 400): FoldEvaluation {
  const random = seededRandom(seed * 1000 + fold);
  const testLabels = Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const validationLabels = Uint8Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const logit = (label: number) => (label === 1 ? separation : 0) - 2.5 + shift + gaussian(random);
  return evaluateFold(
    {
      repeat: 0,
      fold,
      trainRows: 1400,
      testRows: Uint32Array.from({ length: n }, (_, i) => fold * n + i),
      testLabels,
      testLogits: Array.from(testLabels, logit),
      validationLabels,
      validationLogits: Array.from(validationLabels, logit),
    },
    { positiveClass: '1', negativeClass: '0' },
  );
}

describe('the paired bootstrap of a single split', () => {
  it('computes each metric with resample weights exactly as on the expanded rows', () => {
    const fold = syntheticFold(0, 2, 0.3, 5, 300);
    const random = seededRandom(9);
    const weights = new Float64Array(300);
    for (let i = 0; i < 300; i++) weights[Math.floor(random() * 300)]++;
    const weighted = weightedFoldMetrics(fold, weights);
    // Expand: each row as many times as it was drawn, then the ordinary metrics.
    const labels: number[] = [];
    const probabilities: number[] = [];
    const rows: number[] = [];
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        labels.push(fold.test.labels[i]);
        probabilities.push(fold.test.probabilities[i]);
        rows.push(i);
      }
    });
    const thresholds = fold.metrics.atThreshold.map((t) => ({ threshold: t.threshold, source: t.thresholdSource }));
    const metrics = computeMetrics(labels, probabilities, { positiveClass: '1', negativeClass: '0', thresholds });
    const recalibrated = probabilities.map((p) => 1 / (1 + Math.exp(-(fold.recalibrated.slope * storedLogit(p) + fold.recalibrated.intercept))));
    const recalibratedMetrics = computeMetrics(labels, recalibrated, { positiveClass: '1', negativeClass: '0', thresholds });
    const expanded: FoldEvaluation = {
      ...fold,
      metrics,
      recalibrated: { ...fold.recalibrated, logLoss: recalibratedMetrics.logLoss, brier: recalibratedMetrics.brier, ece: recalibratedMetrics.ece },
      test: { rows, labels, probabilities },
    };
    for (const spec of SUMMARY_METRICS) {
      const expected = spec.read(expanded, '1');
      assert.ok(Math.abs(weighted[spec.key] - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${spec.key}: ${weighted[spec.key]} vs ${expected}`);
    }
  });

  it('gives the same interval for the same seed, zero for identical models, and a positive one for a clearly better model', () => {
    const baseline = syntheticFold(0, 1.2, 0, 3, 2000);
    const better = syntheticFold(0, 3.5, 0, 4, 2000);
    const once = pairedBootstrap(better, baseline, { seed: 1, resamples: 300, levels: [0.95] });
    assert.deepEqual(pairedBootstrap(better, baseline, { seed: 1, resamples: 300, levels: [0.95] }), once);
    assert.ok(once.prAuc.intervals[0].low! > 0, `PR-AUC interval ${once.prAuc.intervals[0].low}..${once.prAuc.intervals[0].high}`);
    assert.ok(once.recalibratedLogLoss.intervals[0].high! < 0, 'a better ranking model also has a lower recalibrated log-loss');
    const same = pairedBootstrap(baseline, baseline, { seed: 1, resamples: 100, levels: [0.95] });
    for (const key of ['prAuc', 'rocAuc', 'logLoss'] as const) {
      assert.equal(same[key].meanDifference, 0);
      assert.deepEqual([same[key].intervals[0].low, same[key].intervals[0].high], [0, 0]);
    }
  });
});

function finishedRun(id: string, loss: RunResult['loss'], folds: FoldEvaluation[]): RunResult {
  const foldResults = folds.map((f) => ({ ...f, bestEpoch: 3, epochsRun: 8, history: { trainLoss: [], valLoss: [], valLogLoss: [] } }));
  return {
    id, loss, gamma: loss === 'bce' ? 0 : 2, alphaForPositiveClass: loss === 'alpha-focal' ? 0.9 : null, status: 'finished', trainingSeconds: 1, backend: 'test',
    folds: foldResults, summary: summariseFolds(folds, '1'), pooled: pooledMetrics(folds, { positiveClass: '1', negativeClass: '0' }),
    history: foldResults[0].history, bestEpoch: 3, epochsRun: 8, decisionRegion: null,
  };
}

const cv: EvaluationSettings = { protocol: 'cross-validation', folds: 5, repeats: 1, validationShare: 0.2, earlyStopping: null };
const dataset = { positiveClass: '1', negativeClass: '0', classCounts: { '0': 1800, '1': 200 } } as unknown as DatasetSummary;

function verdictFor(candidate: FoldEvaluation[], baseline: FoldEvaluation[]) {
  const runs = [finishedRun('bce', 'bce', baseline), finishedRun('alpha-focal', 'alpha-focal', candidate)];
  const comparisons = compareModels(runs[1], runs[0], { evaluation: cv, positiveClass: '1', seed: 1, familySize: 4 });
  return { comparisons, verdict: buildVerdict({ dataset, evaluation: cv, runs, labels: ['BCE', 'Alpha-balanced focal'], baselineId: 'bce', comparisons, references: [], linearComparisons: [], maxEpochs: 30 }) };
}

describe('the verdict states only what the intervals support', () => {
  const folds = (separation: number, shift = 0, seed = 1) => [0, 1, 2, 3, 4].map((k) => syntheticFold(k, separation, shift, seed));

  const cases: { name: string; candidate: FoldEvaluation[]; baseline: FoldEvaluation[]; text: RegExp; claims: string[]; note?: RegExp }[] = [
    { name: 'a reliable gain', candidate: folds(4, 0, 2), baseline: folds(1, 0, 1), text: /^Against BCE \(5 test folds\): Alpha-balanced focal: better PR-AUC \(\+0\.\d+, 95% CI \+/, claims: ['prAuc:better'] },
    { name: 'a reliable loss', candidate: folds(1, 0, 2), baseline: folds(4, 0, 1), text: /Alpha-balanced focal: worse PR-AUC \(−0\.\d+/, claims: ['prAuc:worse'] },
    { name: 'no difference', candidate: folds(2, 0, 1), baseline: folds(2, 0, 1), text: /^No reliable difference on this data: no loss beat or trailed BCE on PR-AUC, ROC-AUC, Minority F1 \(tuned\) or Log-loss \(recalibrated\) beyond chance \(5 test folds\)\.$/, claims: [] },
    {
      name: 'a gain in recall at 0.5 from a moved operating point only',
      candidate: folds(2, 1.8, 1),
      baseline: folds(2, 0, 1),
      text: /^No reliable difference on this data/,
      claims: [],
      note: /Alpha-balanced focal's higher recall at 0\.5 \([\d.]+ vs [\d.]+ for '1'\) comes with a false-positive rate of [\d.]+% \(vs [\d.]+%\) and from a moved operating point, not a better model: at the same false-positive rate BCE reaches a recall of [\d.]+\./,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { verdict, comparisons } = verdictFor(c.candidate, c.baseline);
      assert.match(verdict.text, c.text);
      const claimed = verdict.claims.map((x) => `${x.metric}:${x.direction}`);
      for (const expected of c.claims) assert.ok(claimed.includes(expected), `${expected} in ${claimed.join(', ')}`);
      if (c.claims.length === 0) assert.deepEqual(verdict.claims, []);
      // Claims are exactly the reliable headline comparisons.
      const reliableHeadline = comparisons.filter((x: PairedComparison) => x.reliable && SUMMARY_METRICS.find((m) => m.key === x.metric)!.headline).map((x) => x.metric);
      assert.deepEqual(verdict.claims.map((x) => x.metric).sort(), reliableHeadline.sort());
      if (c.note) assert.ok(verdict.notes.some((n) => c.note!.test(n)), verdict.notes.join('\n'));
    });
  }

  it('warns when a few positives carry the per-fold figures', () => {
    const small = [0, 1, 2, 3, 4].map((k) => syntheticFold(k, 2, 0, 1, 60));
    const { verdict } = verdictFor(small, small);
    assert.ok(verdict.notes.some((n) => /Few cases: as few as 6 positives in a test fold and 20 in a validation set/.test(n)), verdict.notes.join('\n'));
  });
});

describe('recall at a matched false-positive rate', () => {
  it('takes the largest threshold step whose false-positive rate does not exceed the target', () => {
    const labels = [1, 0, 1, 0, 0, 1, 0, 0];
    const probabilities = [0.9, 0.8, 0.7, 0.6, 0.6, 0.5, 0.2, 0.1];
    assert.equal(recallAtFalsePositiveRate(labels, probabilities, 0), 1 / 3);
    assert.equal(recallAtFalsePositiveRate(labels, probabilities, 0.2), 2 / 3);
    // The tie at 0.6 adds two negatives at once: 3/5 > 0.4, so it is not taken.
    assert.equal(recallAtFalsePositiveRate(labels, probabilities, 0.4), 2 / 3);
    assert.equal(recallAtFalsePositiveRate(labels, probabilities, 0.6), 1);
  });
});

describe('stored probabilities', () => {
  it('are the 7-digit decimal of the probability, the double that parsing toPrecision(7) gives, ties and near-ties included', () => {
    const random = seededRandom(17);
    const values: number[] = [0, 1, 0.5, 0.1, 0.15, 1e-15, 1e-16, 2e-15, 0.9999999, 0.99999995, 0.99999996, 5e-324, 1 - 2 ** -53, NaN];
    for (let i = 0; i < 200_000; i++) {
      values.push(random(), 1 / (1 + Math.exp(-(random() * 80 - 40))), 10 ** (-random() * 16));
      // Exactly halfway between two 7-digit decimals, and a hair either side.
      const tie = (1e6 + Math.floor(random() * 9e6) + 0.5) / 10 ** (7 + Math.floor(random() * 10));
      values.push(tie, tie * (1 + 1e-16), tie * (1 - 1e-16));
    }
    for (const value of values) assert.ok(Object.is(compactProbability(value), Number(value.toPrecision(7))), `${value}: ${compactProbability(value)} vs ${value.toPrecision(7)}`);
  });
});
