// Out-of-fold predictions pooled: each row of the file once (the first repeat's test folds), for
// curves, AUCs and the reliability diagram over all the data; confusion matrices summed over
// those folds, each fold at its own thresholds (0.5, and the one tuned on its validation rows).

import { computeMetrics, thresholdMetrics } from '../metrics';
import { operatingPoints, type OperatingPoints } from '../metrics/operatingPoints';
import type { Confusion } from '../metrics/threshold';
import type { FoldEvaluation, ModelMetrics, ThresholdMetrics } from '../results';

export function pooledMetrics(folds: readonly FoldEvaluation[], classes: { positiveClass: string; negativeClass: string }): ModelMetrics | null {
  const firstRepeat = folds.filter((f) => f.repeat === 0);
  if (firstRepeat.length === 0) return null;
  const labels: number[] = [];
  const probabilities: number[] = [];
  for (const fold of firstRepeat) {
    for (let i = 0; i < fold.test.labels.length; i++) {
      labels.push(fold.test.labels[i]);
      probabilities.push(fold.test.probabilities[i]);
    }
  }
  const pooled = computeMetrics(labels, probabilities, { ...classes, thresholds: [{ threshold: 0.5, source: 'default' }] });
  const sources: ThresholdMetrics['thresholdSource'][] = ['default', 'validation-f1'];
  return {
    ...pooled,
    atThreshold: sources.map((source) => summedAtThreshold(firstRepeat, source, classes)),
  };
}

function summedAtThreshold(folds: readonly FoldEvaluation[], source: ThresholdMetrics['thresholdSource'], classes: { positiveClass: string; negativeClass: string }): ThresholdMetrics {
  const confusion: Confusion = [[0, 0], [0, 0]];
  let thresholdSum = 0;
  for (const fold of folds) {
    const at = fold.metrics.atThreshold.find((t) => t.thresholdSource === source);
    if (!at) throw new Error(`a fold has no metrics at the ${source} threshold`);
    thresholdSum += at.threshold;
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) confusion[r][c] += at.confusion[r][c];
  }
  // Each fold used its own threshold; the mean is shown.
  return thresholdMetrics(confusion, thresholdSum / folds.length, source, classes);
}

/** The validation-tuned threshold of the pooled rows: the mean of the first repeat's folds' own (as pooled.atThreshold shows). */
export function meanTunedThreshold(folds: readonly FoldEvaluation[]): number | null {
  const tuned = folds.filter((f) => f.repeat === 0).map((f) => f.metrics.atThreshold.find((t) => t.thresholdSource === 'validation-f1')?.threshold);
  if (!tuned.length || tuned.some((t) => typeof t !== 'number' || !Number.isFinite(t))) return null;
  return (tuned as number[]).reduce((a, b) => a + b, 0) / tuned.length;
}

/**
 * The threshold explorer's operating points over the same rows as the pooled curves (the first
 * repeat's test folds: every row once), with 0.5 and the mean validation-tuned threshold among
 * them. Bounded in size whatever the rows.
 */
export function pooledOperatingPoints(folds: readonly FoldEvaluation[]): OperatingPoints | null {
  const firstRepeat = folds.filter((f) => f.repeat === 0 && f.test);
  if (firstRepeat.length === 0) return null;
  const labels: number[] = [];
  const probabilities: number[] = [];
  for (const fold of firstRepeat) {
    for (let i = 0; i < fold.test.labels.length; i++) {
      labels.push(fold.test.labels[i]!);
      probabilities.push(fold.test.probabilities[i]!);
    }
  }
  const tuned = meanTunedThreshold(firstRepeat);
  return operatingPoints(labels, probabilities, { include: tuned === null ? [0.5] : [0.5, tuned] });
}
