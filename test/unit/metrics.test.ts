import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  accuracy,
  averagePrecisionScore,
  balancedAccuracy,
  bestF1Threshold,
  brierScore,
  computeMetrics,
  confusionAtThreshold,
  downsampleCurve,
  expectedCalibrationError,
  gMean,
  logLoss,
  matthewsCorrelation,
  perClassMetrics,
  prCurve,
  reliabilityBins,
  rocAucScore,
  rocCurve,
} from '../../src/core/metrics';
import type { CurvePoint, ModelMetrics } from '../../src/core/results';
import { seededRandom } from '../../src/core/random';

interface ThresholdCase {
  threshold: number;
  confusion: [[number, number], [number, number]];
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}
interface MetricCase {
  name: string;
  labels: number[];
  probabilities: number[];
  rocAuc: number | null;
  averagePrecision: number | null;
  sklearnAveragePrecisionOneClass: number | null;
  logLoss: number;
  brier: number;
  bestF1Threshold: number;
  calibration: { nBins: number; fractionPositive: number[]; meanPredicted: number[]; counts: number[] };
  rocCurve?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  prCurve?: { precision: number[]; recall: number[]; thresholds: number[] };
  atThreshold: ThresholdCase[];
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/metrics.json'), 'utf8')) as {
  cases: MetricCase[];
  versions: { sklearn: string };
};

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}


function syntheticCase(n: number, positiveRate: number, seed: number, decimals?: number): { labels: Uint8Array; probabilities: Float64Array } {
  const next = seededRandom(seed);
  const labels = new Uint8Array(n);
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = next() < positiveRate ? 1 : 0;
    const logit = 2 * (next() + next() + next() - 1.5) + (labels[i] ? 1.5 : -1.5);
    const p = 1 / (1 + Math.exp(-logit));
    probabilities[i] = decimals === undefined ? p : Math.round(p * 10 ** decimals) / 10 ** decimals;
  }
  return { labels, probabilities };
}

function assertCurveInvariants(points: CurvePoint[], maxPoints: number, kind: 'roc' | 'pr'): void {
  assert.ok(points.length >= 2 && points.length <= maxPoints, `${points.length} points`);
  for (let i = 1; i < points.length; i++) {
    assert.ok(points[i].x >= points[i - 1].x, `x decreases at ${i}`);
    assert.ok(points[i].threshold < points[i - 1].threshold, `threshold does not decrease at ${i}`);
    if (kind === 'roc') assert.ok(points[i].y >= points[i - 1].y, `tpr decreases at ${i}`);
  }
  for (const p of points) assert.ok(p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1);
  assert.deepEqual([points[0].x, points[0].y], kind === 'roc' ? [0, 0] : [0, 1]);
  const last = points[points.length - 1];
  assert.equal(last.x, 1);
  if (kind === 'roc') assert.equal(last.y, 1);
}

function trapezoid(points: CurvePoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) area += ((points[i].x - points[i - 1].x) * (points[i].y + points[i - 1].y)) / 2;
  return area;
}

describe('metrics', () => {
  describe(`against scikit-learn ${fixture.versions.sklearn} fixtures`, () => {
    it('has enough varied cases', () => {
      assert.ok(fixture.cases.length >= 25);
      assert.ok(fixture.cases.some((c) => c.rocAuc === null));
      assert.ok(fixture.cases.some((c) => c.labels.length >= 2000));
    });

    for (const c of fixture.cases) {
      describe(c.name, () => {
        it('ROC-AUC and average precision (NaN with one class)', () => {
          const auc = rocAucScore(c.labels, c.probabilities);
          const ap = averagePrecisionScore(c.labels, c.probabilities);
          if (c.rocAuc === null) assert.ok(Number.isNaN(auc));
          else assertClose(auc, c.rocAuc, 'rocAuc');
          if (c.averagePrecision === null) assert.ok(Number.isNaN(ap));
          else assertClose(ap, c.averagePrecision, 'averagePrecision');
        });

        it('log loss, Brier score', () => {
          assertClose(logLoss(c.labels, c.probabilities), c.logLoss, 'logLoss');
          assertClose(brierScore(c.labels, c.probabilities), c.brier, 'brier');
        });

        it('reliability bins match calibration_curve on the non-empty bins', () => {
          const bins = reliabilityBins(c.labels, c.probabilities, c.calibration.nBins);
          assert.deepEqual(bins.map((b) => b.count), c.calibration.counts);
          const nonEmpty = bins.filter((b) => b.count > 0);
          assert.equal(nonEmpty.length, c.calibration.fractionPositive.length);
          nonEmpty.forEach((b, i) => {
            assertClose(b.fractionPositive, c.calibration.fractionPositive[i], `fractionPositive ${i}`);
            assertClose(b.meanPredicted, c.calibration.meanPredicted[i], `meanPredicted ${i}`);
          });
          let ece = 0;
          nonEmpty.forEach((b, i) => (ece += (b.count / c.labels.length) * Math.abs(c.calibration.fractionPositive[i] - c.calibration.meanPredicted[i])));
          assertClose(expectedCalibrationError(bins), ece, 'ece');
        });

        it('best-F1 threshold', () => {
          assert.equal(bestF1Threshold(c.labels, c.probabilities), c.bestF1Threshold);
        });

        it('threshold metrics', () => {
          for (const t of c.atThreshold) {
            const confusion = confusionAtThreshold(c.labels, c.probabilities, t.threshold);
            assert.deepEqual(confusion, t.confusion, `confusion at ${t.threshold}`);
            assertClose(accuracy(confusion), t.accuracy, `accuracy at ${t.threshold}`);
            assertClose(balancedAccuracy(confusion), t.balancedAccuracy, `balanced accuracy at ${t.threshold}`);
            assertClose(matthewsCorrelation(confusion), t.mcc, `mcc at ${t.threshold}`);
            const { negative, positive } = perClassMetrics(confusion);
            [negative, positive].forEach((m, k) => {
              assertClose(m.precision, t.precision[k], `precision[${k}] at ${t.threshold}`);
              assertClose(m.recall, t.recall[k], `recall[${k}] at ${t.threshold}`);
              assertClose(m.f1, t.f1[k], `f1[${k}] at ${t.threshold}`);
              assert.equal(m.support, t.support[k]);
            });
            assertClose(gMean(confusion), Math.sqrt(t.recall[0] * t.recall[1]), `gMean at ${t.threshold}`);
          }
        });

        if (c.rocCurve) {
          const sk = c.rocCurve;
          it('ROC curve equals roc_curve(drop_intermediate=True) when not downsampled', () => {
            const points = rocCurve(c.labels, c.probabilities, 100_000);
            assert.deepEqual(points.map((p) => p.threshold), sk.thresholds);
            points.forEach((p, i) => {
              assertClose(p.x, sk.fpr[i], `fpr ${i}`, 1e-12);
              assertClose(p.y, sk.tpr[i], `tpr ${i}`, 1e-12);
            });
          });
        }

        if (c.prCurve) {
          const sk = c.prCurve;
          it('PR curve points are precision_recall_curve points, endpoints included', () => {
            const points = prCurve(c.labels, c.probabilities, 100_000);
            // sklearn: increasing threshold, then the extra (recall 0, precision 1) point without a threshold.
            const byThreshold = new Map(sk.thresholds.map((t, i) => [t, i]));
            assert.deepEqual([points[0].x, points[0].y], [0, 1]);
            for (const p of points.slice(1)) {
              const i = byThreshold.get(p.threshold);
              assert.ok(i !== undefined, `threshold ${p.threshold} not in sklearn's curve`);
              assertClose(p.x, sk.recall[i], 'recall', 1e-12);
              assertClose(p.y, sk.precision[i], 'precision', 1e-12);
            }
            // Ends at the lowest score; only points inside vertical runs were dropped, so every recall is still there.
            assert.equal(points[points.length - 1].threshold, sk.thresholds[0]);
            assert.deepEqual(new Set(points.map((p) => p.x)), new Set(sk.recall));
          });
        }
      });
    }
  });

  describe('curves', () => {
    const { labels, probabilities } = syntheticCase(20_000, 0.1, 7);
    const tied = syntheticCase(5_000, 0.3, 8, 2);

    it('keep monotonicity and endpoints within maxPoints', () => {
      for (const data of [{ labels, probabilities }, tied]) {
        for (const maxPoints of [2, 3, 10, 200]) {
          assertCurveInvariants(rocCurve(data.labels, data.probabilities, maxPoints), maxPoints, 'roc');
          const pr = prCurve(data.labels, data.probabilities, maxPoints);
          assertCurveInvariants(pr, maxPoints, 'pr');
        }
      }
    });

    it('downsampling keeps the shape: the area moves little', () => {
      const full = rocCurve(labels, probabilities, 1_000_000);
      const auc = rocAucScore(labels, probabilities);
      assert.ok(full.length > 200);
      assertClose(trapezoid(full), auc, 'full-curve area', 1e-12);
      assert.ok(Math.abs(trapezoid(rocCurve(labels, probabilities, 200)) - auc) < 2e-3);
    });

    it('downsampleCurve returns a subsequence with the first and last point', () => {
      const points: CurvePoint[] = Array.from({ length: 1000 }, (_, i) => ({ x: i / 999, y: Math.sqrt(i / 999), threshold: 1 - i / 999 }));
      const sampled = downsampleCurve(points, 50);
      assert.ok(sampled.length <= 50 && sampled.length > 40);
      assert.equal(sampled[0], points[0]);
      assert.equal(sampled[sampled.length - 1], points[999]);
      let j = 0;
      for (const p of sampled) {
        while (points[j] !== p) j++;
      }
      // A dense corner plus one long straight segment still uses most of the budget.
      const cornered = [...points.map((p) => ({ ...p, x: p.x / 100 })), { x: 1, y: 1, threshold: -1 }];
      const spread = downsampleCurve(cornered, 50);
      assert.ok(spread.length >= 45 && spread.length <= 50, `${spread.length} points`);
      const same = Array.from({ length: 10 }, () => ({ x: 0.5, y: 0.5, threshold: 0.5 }));
      assert.ok(downsampleCurve(same, 4).length <= 4);
      assert.deepEqual(downsampleCurve(points.slice(0, 3), 5), points.slice(0, 3));
      assert.throws(() => downsampleCurve(points, 1), RangeError);
    });

    it('are empty where a rate is undefined (one class)', () => {
      assert.deepEqual(rocCurve([0, 0, 0], [0.1, 0.5, 0.9]), []);
      assert.deepEqual(prCurve([0, 0, 0], [0.1, 0.5, 0.9]), []);
      assert.equal(prCurve([1, 1], [0.1, 0.9]).length, 3);
    });
  });

  describe('definitions on small hand-made cases', () => {
    it('ties count half in ROC-AUC', () => {
      assert.equal(rocAucScore([0, 1], [0.5, 0.5]), 0.5);
      assert.equal(rocAucScore([0, 1, 1], [0.2, 0.2, 0.9]), 0.75);
    });

    it('log loss clips at machine epsilon like sklearn 1.2', () => {
      assertClose(logLoss([1], [0]), -Math.log(Number.EPSILON), 'p=0 for a positive', 1e-12);
      assert.equal(logLoss([0, 1], [0, 1]), -Math.log(1 - Number.EPSILON) / 1);
    });

    it('best-F1 ties go to the higher threshold; no positives gives 0.5', () => {
      // t=0.9: tp 1, fp 0 -> F1 2/3; t=0.4: tp 2, fp 2 -> F1 2/3; t=0.1: F1 4/7.
      assert.equal(bestF1Threshold([1, 0, 1, 0, 0], [0.9, 0.4, 0.4, 0.4, 0.1]), 0.9);
      assert.equal(bestF1Threshold([0, 0], [0.2, 0.7]), 0.5);
    });

    it('MCC is 0 when undefined; balanced accuracy uses the classes present', () => {
      const allNegative = confusionAtThreshold([0, 0, 1], [0.1, 0.2, 0.3], 0.5);
      assert.deepEqual(allNegative, [
        [2, 0],
        [1, 0],
      ]);
      assert.equal(matthewsCorrelation(allNegative), 0);
      assert.equal(balancedAccuracy(allNegative), 0.5);
      assert.equal(gMean(allNegative), 0);
      assert.equal(balancedAccuracy(confusionAtThreshold([0, 0], [0.1, 0.9], 0.5)), 0.5);
      assert.equal(matthewsCorrelation(confusionAtThreshold([0, 1], [0.1, 0.9], 0.5)), 1);
    });

    it('the threshold rule is p >= t', () => {
      assert.deepEqual(confusionAtThreshold([1, 0], [0.5, 0.49], 0.5), [
        [1, 0],
        [0, 1],
      ]);
    });

    it('a probability on an inner bin edge falls into the lower bin', () => {
      const bins = reliabilityBins([1, 0, 1], [0.4, 0.6, 0], 5); // edges 0, 0.2, 0.4, 0.6000000000000001, 0.8, 1
      assert.deepEqual(bins.map((b) => b.count), [1, 1, 1, 0, 0]);
      assert.equal(bins[1].upper, 0.4);
      assert.ok(Number.isNaN(bins[4].meanPredicted));
      assert.equal(bins[4].upper, 1);
    });

    it('rejects bad input', () => {
      assert.throws(() => rocAucScore([0, 1], [0.5]), /same length/);
      assert.throws(() => rocAucScore([0, 2], [0.5, 0.1]), /0 or 1/);
      assert.throws(() => rocAucScore([0, 1], [NaN, 0.1]), /finite/);
      assert.throws(() => logLoss([0, 1], [1.2, 0.1]), /\[0, 1\]/);
      assert.throws(() => reliabilityBins([0], [0.1], 0), RangeError);
      assert.throws(() => computeMetrics([], [], { positiveClass: 'a', negativeClass: 'b', thresholds: [] }), /at least one/);
    });
  });

  describe('computeMetrics', () => {
    const options = {
      positiveClass: 'fraud',
      negativeClass: 'ok',
      thresholds: [
        { threshold: 0.5, source: 'default' as const },
        { threshold: 0.31, source: 'validation-f1' as const },
      ],
    };

    it('produces every field of ModelMetrics, consistent with the single metrics', () => {
      const c = fixture.cases.find((x) => x.name.startsWith('random-17'))!;
      const m: ModelMetrics = computeMetrics(c.labels, c.probabilities, options);
      assert.deepEqual(Object.keys(m).sort(), ['atThreshold', 'brier', 'ece', 'logLoss', 'prAuc', 'prCurve', 'reliability', 'rocAuc', 'rocCurve'].sort());
      assertClose(m.rocAuc, c.rocAuc!, 'rocAuc');
      assertClose(m.prAuc, c.averagePrecision!, 'prAuc');
      assertClose(m.logLoss, c.logLoss, 'logLoss');
      assertClose(m.brier, c.brier, 'brier');
      assert.equal(m.reliability.length, 15);
      assert.equal(m.ece, expectedCalibrationError(m.reliability));
      assertCurveInvariants(m.rocCurve, 200, 'roc');
      assertCurveInvariants(m.prCurve, 200, 'pr');
      assert.equal(m.atThreshold.length, 2);
      const [atHalf, atTuned] = m.atThreshold;
      assert.equal(atHalf.thresholdSource, 'default');
      assert.equal(atTuned.thresholdSource, 'validation-f1');
      assert.equal(atTuned.threshold, 0.31);
      assert.deepEqual(Object.keys(atHalf), ['threshold', 'thresholdSource', 'accuracy', 'balancedAccuracy', 'mcc', 'gMean', 'confusion', 'perClass']);
      assert.deepEqual(Object.keys(atHalf.perClass), ['ok', 'fraud']);
      const sk = c.atThreshold[0];
      assert.deepEqual(atHalf.confusion, sk.confusion);
      assertClose(atHalf.mcc, sk.mcc, 'mcc');
      assertClose(atHalf.perClass.fraud.f1, sk.f1[1], 'f1 fraud');
      assert.equal(atHalf.perClass.ok.support, sk.support[0]);
    });

    it('honours eceBins and maxCurvePoints', () => {
      const { labels, probabilities } = syntheticCase(3000, 0.2, 3);
      const m = computeMetrics(labels, probabilities, { ...options, eceBins: 10, maxCurvePoints: 25 });
      assert.equal(m.reliability.length, 10);
      assert.ok(m.rocCurve.length <= 25 && m.prCurve.length <= 25);
    });

    it('returns NaN AUCs and an empty ROC curve with one class', () => {
      const m = computeMetrics([0, 0, 0], [0.1, 0.6, 0.3], options);
      assert.ok(Number.isNaN(m.rocAuc) && Number.isNaN(m.prAuc));
      assert.deepEqual(m.rocCurve, []);
      assert.ok(Number.isFinite(m.logLoss) && Number.isFinite(m.brier) && Number.isFinite(m.ece));
    });

    it('handles 200k rows quickly', () => {
      const { labels, probabilities } = syntheticCase(200_000, 0.05, 11, 4);
      const start = performance.now();
      const m = computeMetrics(labels, probabilities, options);
      const seconds = (performance.now() - start) / 1000;
      assert.ok(seconds < 3, `took ${seconds.toFixed(2)} s`);
      assert.ok(m.rocAuc > 0.8 && m.rocAuc < 1);
      assert.ok(m.rocCurve.length <= 200 && m.prCurve.length <= 200);
    });
  });
});
