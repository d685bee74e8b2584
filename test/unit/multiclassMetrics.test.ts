import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { argmaxRows, computeMulticlassMetrics, multiclassMcc, rarestClass } from '../../src/core/metrics/multiclass';
import * as api from '../../src/api';
import { MULTICLASS_SUMMARY_METRICS, prepareWeighted, weightedMulticlassSummary } from '../../src/core/evaluation/multiclass';
import { seededRandom } from '../../src/core/random';

interface MulticlassCase {
  name: string;
  classes: number;
  labels: number[];
  probabilities: number[];
  confusion: number[][];
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  macroF1: number;
  weightedF1: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  prAuc: (number | null)[];
  rocAuc: (number | null)[];
  macroPrAuc: number;
  macroRocAuc: number;
  logLoss: number;
  brier: number;
  calibration: { counts: number[]; ece: number };
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/multiclass-metrics.json'), 'utf8')) as { cases: MulticlassCase[] };

const TOLERANCE = 1e-9;
let worst = 0;
function assertClose(actual: number, expected: number | null, what: string): void {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${what}: expected undefined (NaN), got ${actual}`);
    return;
  }
  const error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  worst = Math.max(worst, error);
  assert.ok(error <= TOLERANCE, `${what}: got ${actual}, scikit-learn ${expected}`);
}

describe('multi-class metrics', () => {
  describe('against scikit-learn', () => {
    it('has at least 20 random cases, with ties, and K from 3 to 12', () => {
      const random = fixture.cases.filter((c) => c.name.startsWith('random-'));
      assert.ok(random.length >= 20);
      const ks = new Set(fixture.cases.map((c) => c.classes));
      assert.ok(ks.has(3) && ks.has(12));
      // Ties: some case has repeated probability values within a column.
      assert.ok(random.some((c) => new Set(c.probabilities).size < c.probabilities.length / 2));
    });

    for (const c of fixture.cases) {
      it(`${c.name}: every metric to 1e-9`, () => {
        const classes = Array.from({ length: c.classes }, (_, k) => `class ${k}`);
        const m = computeMulticlassMetrics(c.labels, c.probabilities, { classes });
        assert.deepEqual(m.confusion, c.confusion);
        assertClose(m.accuracy, c.accuracy, 'accuracy');
        assertClose(m.balancedAccuracy, c.balancedAccuracy, 'balanced accuracy');
        assertClose(m.mcc, c.mcc, 'MCC');
        assertClose(m.macroF1, c.macroF1, 'macro-F1');
        assertClose(m.weightedF1, c.weightedF1, 'weighted-F1');
        assertClose(m.macroPrAuc, c.macroPrAuc, 'macro PR-AUC');
        assertClose(m.macroRocAuc, c.macroRocAuc, 'macro ROC-AUC');
        assertClose(m.logLoss, c.logLoss, 'log-loss');
        assertClose(m.brier, c.brier, 'Brier');
        assertClose(m.ece, c.calibration.ece, 'ECE');
        assert.deepEqual(m.reliability.map((b) => b.count), c.calibration.counts);
        m.perClass.forEach((row, k) => {
          assert.equal(row.class, classes[k]);
          assert.equal(row.support, c.support[k]);
          assertClose(row.precision, c.precision[k], `precision of ${k}`);
          assertClose(row.recall, c.recall[k], `recall of ${k}`);
          assertClose(row.f1, c.f1[k], `F1 of ${k}`);
          assertClose(row.prAuc, c.prAuc[k], `PR-AUC of ${k}`);
          assertClose(row.rocAuc, c.rocAuc[k], `ROC-AUC of ${k}`);
        });
        assert.equal(m.prCurves.length, c.classes);
      });
    }

    after(() => console.log(`      multi-class metrics: max relative error vs scikit-learn ${worst.toExponential(2)}`));
  });

  it("the bootstrap's weighted metrics equal the metrics of the expanded resample (every fixture case, with ties)", () => {
    const random = seededRandom(7);
    for (const c of fixture.cases) {
      const weights = Float64Array.from(c.labels, () => Math.floor(random() * 4));
      weights[0] += 1; // never an empty resample
      const labels: number[] = [];
      const probabilities: number[] = [];
      c.labels.forEach((y, i) => {
        for (let copy = 0; copy < weights[i]; copy++) {
          labels.push(y);
          probabilities.push(...c.probabilities.slice(i * c.classes, (i + 1) * c.classes));
        }
      });
      const classes = Array.from({ length: c.classes }, (_, k) => String(k));
      const counts = classes.map((_, k) => labels.filter((y) => y === k).length);
      const rarest = rarestClass(counts.map((n) => (n === 0 ? Infinity : n)));
      const expanded = computeMulticlassMetrics(labels, probabilities, { classes });
      const weighted = weightedMulticlassSummary(prepareWeighted(c.labels, c.probabilities, c.classes), weights, rarest);
      for (const spec of MULTICLASS_SUMMARY_METRICS) {
        const expected = spec.read(expanded, rarest);
        const actual = weighted[spec.key];
        if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${c.name} ${spec.key}`);
        else assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${c.name} ${spec.key}: ${actual} vs ${expected}`);
      }
    }
  });

  it('predicts the first class among tied maxima, as numpy.argmax', () => {
    assert.deepEqual(Array.from(argmaxRows([0.4, 0.4, 0.2, 0.2, 0.4, 0.4, 0.1, 0.2, 0.7], 3)), [0, 1, 2]);
  });

  it('MCC is 0 when undefined (one predicted class) and 1 for a perfect diagonal', () => {
    assert.equal(multiclassMcc([[5, 0, 0], [3, 0, 0], [1, 0, 0]]), 0);
    assert.equal(multiclassMcc([[5, 0, 0], [0, 3, 0], [0, 0, 1]]), 1);
  });

  it('names the rarest class (the first on a tie)', () => {
    assert.equal(rarestClass([80, 15, 5]), 2);
    assert.equal(rarestClass([5, 15, 5]), 0);
  });

  it('rejects bad input with a RangeError that says what is wrong', () => {
    const classes = ['a', 'b', 'c'];
    assert.throws(() => computeMulticlassMetrics([0, 1], [0.5, 0.5, 0], { classes }), /need 6 probabilities/);
    assert.throws(() => computeMulticlassMetrics([3], [0.5, 0.5, 0], { classes }), /class indices 0\.\.2/);
    assert.throws(() => computeMulticlassMetrics([0], [0.5, 0.5, NaN], { classes }), /\[0, 1\]/);
    assert.throws(() => computeMulticlassMetrics([], [], { classes }), /at least one sample/);
  });

  it('is exported from focal-lab/core', () => {
    assert.equal(api.computeMulticlassMetrics, computeMulticlassMetrics);
  });
});
