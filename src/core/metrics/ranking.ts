// Threshold-free metrics, following scikit-learn 1.2 (_binary_clf_curve and friends):
// the scores are grouped into distinct values (ties form one step), and for each distinct
// value t, from the highest down, we count the positives (tp) and negatives (fp) scoring >= t.
// Everything below is computed from those integer counts, so it is exact up to the final division.

import type { CurvePoint } from '../results';
import { downsampleCurve, DEFAULT_MAX_CURVE_POINTS } from './downsample';
import { checkScores } from './validate';

export interface RankedScores {
  /** Distinct scores, highest first. */
  thresholds: Float64Array;
  /** Positives with score >= thresholds[k]. */
  truePositives: Float64Array;
  /** Negatives with score >= thresholds[k]. */
  falsePositives: Float64Array;
  positives: number;
  negatives: number;
}

/** Groups the scores into distinct values with cumulative counts; O(n log n). */
export function rankScores(labels: ArrayLike<number>, scores: ArrayLike<number>): RankedScores {
  checkScores('rankScores', labels, scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  // Typed arrays throughout: the native numeric sort of a typed array is far faster than a
  // comparator sort, and filling preallocated arrays avoids growing number[]s on 200k rows.
  const pos = new Float64Array(positives);
  const neg = new Float64Array(labels.length - positives);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort().reverse();
  neg.sort().reverse();

  const thresholds = new Float64Array(labels.length);
  const tps = new Float64Array(labels.length);
  const fps = new Float64Array(labels.length);
  let distinct = 0;
  let i = 0;
  let j = 0;
  while (i < pos.length || j < neg.length) {
    const t = i < pos.length && (j >= neg.length || pos[i] >= neg[j]) ? pos[i] : neg[j];
    // `===` groups -0 with 0, as numpy's diff does.
    while (i < pos.length && pos[i] === t) i++;
    while (j < neg.length && neg[j] === t) j++;
    thresholds[distinct] = t;
    tps[distinct] = i;
    fps[distinct] = j;
    distinct++;
  }
  return {
    thresholds: thresholds.slice(0, distinct),
    truePositives: tps.slice(0, distinct),
    falsePositives: fps.slice(0, distinct),
    positives: pos.length,
    negatives: neg.length,
  };
}

/**
 * Area under the ROC curve by the trapezoid rule over the distinct thresholds, as
 * sklearn.metrics.roc_auc_score (ties give a diagonal segment, i.e. count half).
 * NaN when only one class is present (sklearn raises).
 */
export function rocAucScore(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocAucFromRanked(rankScores(labels, scores));
}

export function rocAucFromRanked(ranked: RankedScores): number {
  const { truePositives: tps, falsePositives: fps, positives, negatives } = ranked;
  if (positives === 0 || negatives === 0) return NaN;
  let twiceArea = 0; // in units of one positive x one negative: an exact integer
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    twiceArea += (fps[k] - prevFp) * (tps[k] + prevTp);
    prevTp = tps[k];
    prevFp = fps[k];
  }
  return twiceArea / (2 * positives * negatives);
}

/**
 * Average precision as sklearn.metrics.average_precision_score: sum over distinct
 * thresholds of (R_k - R_{k-1}) * P_k, step-wise, no interpolation. NaN when only one
 * class is present (sklearn 1.2 returns 0 with no positives and 1 with no negatives).
 */
export function averagePrecisionScore(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return averagePrecisionFromRanked(rankScores(labels, scores));
}

export function averagePrecisionFromRanked(ranked: RankedScores): number {
  const { truePositives: tps, falsePositives: fps, positives, negatives } = ranked;
  if (positives === 0 || negatives === 0) return NaN;
  let sum = 0;
  let prevTp = 0;
  for (let k = 0; k < tps.length && prevTp < positives; k++) {
    sum += ((tps[k] - prevTp) / positives) * (tps[k] / (tps[k] + fps[k]));
    prevTp = tps[k];
  }
  return sum;
}

/**
 * ROC curve (x = false positive rate, y = true positive rate) from (0, 0) to (1, 1), like
 * sklearn.metrics.roc_curve with drop_intermediate=True, then downsampled to maxPoints.
 * The first point's threshold is the highest score + 1 (sklearn 1.2's convention; nothing
 * scores that high). Empty when only one class is present: a rate would be 0/0.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = DEFAULT_MAX_CURVE_POINTS): CurvePoint[] {
  return rocCurveFromRanked(rankScores(labels, scores), maxPoints);
}

export function rocCurveFromRanked(ranked: RankedScores, maxPoints = DEFAULT_MAX_CURVE_POINTS): CurvePoint[] {
  const { thresholds, truePositives: tps, falsePositives: fps, positives, negatives } = ranked;
  if (positives === 0 || negatives === 0) return [];
  const points: CurvePoint[] = [{ x: 0, y: 0, threshold: thresholds[0] + 1 }];
  const last = tps.length - 1;
  for (let k = 0; k <= last; k++) {
    // sklearn's drop_intermediate: skip a point collinear with its neighbours (zero second
    // difference in both counts); it does not change the area or the drawn shape.
    if (k > 0 && k < last && fps[k + 1] - 2 * fps[k] + fps[k - 1] === 0 && tps[k + 1] - 2 * tps[k] + tps[k - 1] === 0) continue;
    points.push({ x: fps[k] / negatives, y: tps[k] / positives, threshold: thresholds[k] });
  }
  return downsampleCurve(points, maxPoints);
}

/**
 * Precision-recall curve (x = recall, y = precision), ordered by decreasing threshold, as
 * sklearn.metrics.precision_recall_curve (1.2: the full curve, down to the lowest score,
 * so it ends on recall 1 at the base rate): it starts at sklearn's extra point (recall 0,
 * precision 1), given threshold = highest score + 1. Points inside a vertical run (recall
 * unchanged on both sides) are dropped, then the curve is downsampled to maxPoints. Empty
 * when there are no positives (recall would be 0/0).
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = DEFAULT_MAX_CURVE_POINTS): CurvePoint[] {
  return prCurveFromRanked(rankScores(labels, scores), maxPoints);
}

export function prCurveFromRanked(ranked: RankedScores, maxPoints = DEFAULT_MAX_CURVE_POINTS): CurvePoint[] {
  const { thresholds, truePositives: tps, falsePositives: fps, positives } = ranked;
  if (positives === 0) return [];
  const last = tps.length - 1;
  const points: CurvePoint[] = [{ x: 0, y: 1, threshold: thresholds[0] + 1 }];
  for (let k = 0; k <= last; k++) {
    const prevTp = k === 0 ? 0 : tps[k - 1];
    if (k < last && tps[k] === prevTp && tps[k + 1] === tps[k]) continue;
    points.push({ x: tps[k] / positives, y: tps[k] / (tps[k] + fps[k]), threshold: thresholds[k] });
  }
  return downsampleCurve(points, maxPoints);
}

/**
 * The threshold maximising the positive class's F1 when predicting positive for p >= t.
 * Candidates are the distinct probability values; ties go to the higher threshold (fewer
 * positive predictions for the same F1). With no positives F1 is 0 everywhere, so the
 * default 0.5 is returned. F1 = 2tp / (tp + fp + P) is one correctly rounded division of
 * integers, so equal F1 values compare equal and distinct ones never collide.
 */
export function bestF1Threshold(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  return bestF1ThresholdFromRanked(rankScores(labels, probabilities));
}

export function bestF1ThresholdFromRanked(ranked: RankedScores): number {
  const { thresholds, truePositives: tps, falsePositives: fps, positives } = ranked;
  if (positives === 0) return 0.5;
  let best = thresholds[0];
  let bestF1 = -1;
  for (let k = 0; k < thresholds.length; k++) {
    const f1 = (2 * tps[k]) / (tps[k] + fps[k] + positives);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = thresholds[k];
    }
  }
  return best;
}
