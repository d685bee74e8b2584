// The panel's copy of the results (stripTestPredictions): per-row predictions replaced by each
// model's operating points, exact and bounded in bytes whatever the rows; what it adds is measured.

import assert from 'node:assert/strict';
import { countsAt } from '../../src/core/metrics/operatingPoints';
import { confusionAtThreshold } from '../../src/core/metrics/threshold';
import { stripTestPredictions } from '../../src/shared/webviewProtocol';
import { sampleResults } from './helpers/sampleResults';

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

describe('panel copy of the results: operating points for the threshold explorer', () => {
  const small = sampleResults({ rows: 2000 });
  const large = sampleResults({ rows: 20_000 });

  it('carries per model the exact counts at 0.5 and at the mean validation-tuned threshold of the pooled test rows, and no per-row predictions', () => {
    const panel = stripTestPredictions(small);
    for (const [run, original] of panel.runs.map((r, i) => [r, small.runs[i]!] as const)) {
      const points = run.operatingPoints!;
      assert.ok(points, run.id);
      const firstRepeat = original.folds.filter((f) => f.repeat === 0);
      const labels = firstRepeat.flatMap((f) => f.test.labels);
      const probabilities = firstRepeat.flatMap((f) => f.test.probabilities);
      assert.equal(points.positives + points.negatives, labels.length, 'every row once');
      const tuned = run.pooled!.atThreshold.find((t) => t.thresholdSource === 'validation-f1')!.threshold;
      for (const t of [0.5, tuned]) {
        const k = points.thresholds.indexOf(t);
        assert.ok(k >= 0, `${t} is a point`);
        const [[tn, fp], [fn, tp]] = confusionAtThreshold(labels, probabilities, t);
        assert.deepEqual(countsAt(points, k), { threshold: t, tp, fp, fn, tn });
      }
      assert.ok(!('rocCurve' in run.pooled!) && !('prCurve' in run.pooled!), 'curves are drawn from the operating points');
      assert.ok(run.folds.every((f) => !('test' in f)));
    }
    assert.ok(panel.references.every((r) => r.operatingPoints), 'the reference predictors too (their curves)');
    // Already the panel's copy: kept as it is.
    assert.deepEqual(stripTestPredictions(panel).runs[0]!.operatingPoints, panel.runs[0]!.operatingPoints);
  });

  it('adds a bounded number of bytes: about 4 KB per model on 2,000 rows and on 20,000', () => {
    const perModel = (results: ReturnType<typeof sampleResults>) => {
      const panel = stripTestPredictions(results);
      return [...panel.runs, ...panel.references].map((m) => bytes(m.operatingPoints));
    };
    const smallBytes = perModel(small);
    const largeBytes = perModel(large);
    console.log(`      operating points per model: ${smallBytes.join(', ')} bytes on 2,000 rows; ${largeBytes.join(', ')} on 20,000; whole panel copy ${(bytes(stripTestPredictions(small)) / 1024).toFixed(0)} KB / ${(bytes(stripTestPredictions(large)) / 1024).toFixed(0)} KB`);
    for (const b of [...smallBytes, ...largeBytes]) assert.ok(b <= 6 * 1024, `${b} bytes`);
    assert.ok(bytes(stripTestPredictions(large)) <= 1.2 * bytes(stripTestPredictions(small)) + 8 * 1024, 'the panel copy does not grow with the rows');
  });
});
