// The threshold explorer's numbers: counts at every distinct score against scikit-learn's
// roc_curve(drop_intermediate=False), exact counts at the kept thresholds of a thinned list,
// confusion matrices at thresholds that are not scores, and the presets (recall >= R, cost ratio,
// best F1) against brute force (scripts/make_threshold_fixtures.py).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { countsAt, nearestPoint, operatingMetrics, operatingPoints, pointForBestF1, pointForCost, pointForRecall, type OperatingPoints } from '../../src/core/metrics/operatingPoints';
import { pooledOperatingPoints } from '../../src/core/evaluation/pooled';
import type { FoldEvaluation } from '../../src/core/results';

interface Counts {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}
interface Case {
  name: string;
  labels: number[];
  probabilities: number[];
  positives: number;
  negatives: number;
  distinct: { thresholds: number[]; tp: number[]; fp: number[] };
  at: Counts[];
  recall: Record<string, number | null>;
  cost: Record<string, number>;
  bestF1: number;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/operating-points.json'), 'utf8')) as { cases: Case[] };

function indexOf(points: OperatingPoints, t: number): number {
  const i = points.thresholds.indexOf(t);
  assert.ok(i >= 0, `threshold ${t} is a point`);
  return i;
}

describe('operating points (threshold explorer) against scikit-learn', () => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      const complete = operatingPoints(c.labels, c.probabilities, { maxPoints: 100000 });

      it('every distinct score with its exact counts, as roc_curve(drop_intermediate=False)', () => {
        assert.equal(complete.complete, true);
        assert.equal(complete.positives, c.positives);
        assert.equal(complete.negatives, c.negatives);
        assert.deepEqual(complete.thresholds, c.distinct.thresholds);
        assert.deepEqual(complete.tp, c.distinct.tp);
        assert.deepEqual(complete.fp, c.distinct.fp);
      });

      it('a thinned list keeps at most maxPoints (plus the included thresholds), each with its exact counts', () => {
        const thinned = operatingPoints(c.labels, c.probabilities, { maxPoints: 40, include: [0.5, 0.3] });
        assert.ok(thinned.thresholds.length <= 42, `${thinned.thresholds.length} points`);
        for (let k = 1; k < thinned.thresholds.length; k++) assert.ok(thinned.thresholds[k]! > thinned.thresholds[k - 1]!, 'increasing thresholds');
        for (const at of c.at) {
          const i = indexOf(thinned, at.threshold);
          assert.deepEqual(countsAt(thinned, i), at, `counts at ${at.threshold} equal confusion_matrix(y, p >= t)`);
        }
        for (let k = 0; k < thinned.thresholds.length; k++) {
          const t = thinned.thresholds[k]!;
          const ref = c.distinct.thresholds.indexOf(t);
          if (ref < 0) continue; // an included threshold that is not a score (checked above)
          assert.equal(thinned.tp[k], c.distinct.tp[ref]);
          assert.equal(thinned.fp[k], c.distinct.fp[ref]);
        }
        if (c.distinct.thresholds.length > 40) {
          assert.equal(thinned.complete, false);
          // Ends kept: everything predicted positive, and the highest score.
          assert.equal(thinned.thresholds[0], Math.min(c.distinct.thresholds[0]!, 0.3));
          assert.equal(thinned.tp[thinned.thresholds.indexOf(c.distinct.thresholds.at(-1)!)], c.distinct.tp.at(-1));
        }
      });

      it('presets: recall >= R, lowest cost k·FN + FP, best F1', () => {
        for (const [r, expected] of Object.entries(c.recall)) {
          const k = pointForRecall(complete, Number(r));
          assert.equal(k === null ? null : complete.thresholds[k], expected, `recall >= ${r}`);
        }
        for (const [ratio, expected] of Object.entries(c.cost)) assert.equal(complete.thresholds[pointForCost(complete, Number(ratio))], expected, `cost ratio ${ratio}`);
        assert.equal(complete.thresholds[pointForBestF1(complete)], c.bestF1);
      });
    });
  }

  it('precision, recall, false-positive rate and F1 follow scikit-learn (zero_division = 0)', () => {
    const m = operatingMetrics({ threshold: 0.5, tp: 8, fp: 2, fn: 2, tn: 88 });
    assert.equal(m.precision, 0.8);
    assert.equal(m.recall, 0.8);
    assert.equal(m.falsePositiveRate, 2 / 90);
    assert.ok(Math.abs(m.f1 - 0.8) < 1e-15);
    const none = operatingMetrics({ threshold: 1, tp: 0, fp: 0, fn: 10, tn: 90 });
    assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0]);
  });

  it('stays bounded whatever the rows: 200,000 distinct scores give at most maxPoints + included points', () => {
    const n = 200_000;
    const labels = new Array<number>(n);
    const probabilities = new Array<number>(n);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      labels[i] = random() < 0.1 ? 1 : 0;
      probabilities[i] = Math.min(1, Math.max(0, random() * 0.7 + labels[i]! * 0.3));
    }
    const points = operatingPoints(labels, probabilities, { include: [0.5] });
    assert.ok(points.thresholds.length <= 241, `${points.thresholds.length}`);
    assert.equal(points.positives + points.negatives, n);
    const at = countsAt(points, indexOf(points, 0.5));
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i]! < 0.5) continue;
      if (labels[i] === 1) tp++;
      else fp++;
    }
    assert.deepEqual([at.tp, at.fp], [tp, fp]);
    assert.ok(JSON.stringify(points).length < 8000, `${JSON.stringify(points).length} bytes`);
    assert.equal(points.thresholds[nearestPoint(points, 0.5)], 0.5);
  });

  it('pools the first repeat’s test folds and includes 0.5 and the mean validation-tuned threshold', () => {
    const fold = (repeat: number, f: number, labels: number[], probabilities: number[], tuned: number) =>
      ({ repeat, fold: f, test: { rows: labels.map((_, i) => i), labels, probabilities }, metrics: { atThreshold: [{ threshold: 0.5, thresholdSource: 'default' }, { threshold: tuned, thresholdSource: 'validation-f1' }] } }) as unknown as FoldEvaluation;
    const folds = [fold(0, 0, [1, 0, 0], [0.9, 0.2, 0.6], 0.4), fold(0, 1, [1, 1, 0], [0.3, 0.8, 0.1], 0.2), fold(1, 0, [1, 1, 1], [0, 0, 0], 0.9)];
    const points = pooledOperatingPoints(folds)!;
    assert.equal(points.positives, 3, 'the second repeat is left out (every row once)');
    assert.equal(points.negatives, 3);
    const tuned = indexOf(points, 0.30000000000000004);
    assert.deepEqual(countsAt(points, tuned), { threshold: 0.30000000000000004, tp: 2, fp: 1, fn: 1, tn: 2 });
    assert.deepEqual(countsAt(points, indexOf(points, 0.5)), { threshold: 0.5, tp: 2, fp: 1, fn: 1, tn: 2 });
  });
});
