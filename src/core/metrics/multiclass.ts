// The metrics of a K-class model (K >= 3) from its softmax probabilities, each following
// scikit-learn 1.2's definition where it has one (docs/results-schema.md lists them):
// hard-prediction metrics from the K x K confusion matrix of the argmax decision, ranking
// metrics one-vs-rest with the binary ranking code, and probability metrics on all K columns.

import type { CurvePoint, ReliabilityBin } from '../results';
import { expectedCalibrationError, LOG_LOSS_EPS, reliabilityBins } from './calibration';
import { DEFAULT_MAX_CURVE_POINTS } from './downsample';
import { averagePrecisionFromRanked, prCurveFromRanked, rankScores, rocAucFromRanked } from './ranking';

export interface MulticlassClassMetrics {
  /** The class name, as in dataset.classes. */
  class: string;
  precision: number;
  recall: number;
  f1: number;
  /** Test rows of this class. */
  support: number;
  /** One-vs-rest average precision of this class's probability (NaN when the class, or every other, is absent). */
  prAuc: number;
  /** One-vs-rest ROC-AUC (NaN when the class, or every other, is absent). */
  rocAuc: number;
}

export interface MulticlassMetrics {
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  macroF1: number;
  weightedF1: number;
  macroPrAuc: number;
  macroRocAuc: number;
  logLoss: number;
  brier: number;
  /** Top-label expected calibration error: confidence = the highest probability, outcome = the argmax is right. */
  ece: number;
  /** The bins of the top-label reliability diagram (fractionPositive = share of rows whose argmax is right). */
  reliability: ReliabilityBin[];
  /** confusion[actual][predicted], the prediction being the argmax (the first class on a tie). */
  confusion: number[][];
  /** In class order. */
  perClass: MulticlassClassMetrics[];
  /** One-vs-rest precision-recall curve per class (x = recall, y = precision), in class order. */
  prCurves: CurvePoint[][];
}

export interface MulticlassMetricsOptions {
  /** Class names in class-index order (K of them, K >= 2). */
  classes: readonly string[];
  eceBins?: number;
  maxCurvePoints?: number;
}

function check(labels: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`computeMulticlassMetrics needs at least two classes, got ${classes}.`);
  if (probabilities.length !== labels.length * classes) {
    throw new RangeError(`computeMulticlassMetrics: ${labels.length} labels need ${labels.length * classes} probabilities (row-major n x ${classes}), got ${probabilities.length}.`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) throw new RangeError(`computeMulticlassMetrics: labels must be class indices 0..${classes - 1}; label ${i} is ${String(y)}.`);
  }
  for (let j = 0; j < probabilities.length; j++) {
    const p = probabilities[j];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`computeMulticlassMetrics: probabilities must be in [0, 1]; value ${j} is ${String(p)}.`);
  }
}

/** The predicted class of each row: the argmax, the lowest index among tied maxima (as numpy.argmax). */
export function argmaxRows(probabilities: ArrayLike<number>, classes: number): Int32Array {
  const rows = probabilities.length / classes;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** confusion[actual][predicted] (sklearn.metrics.confusion_matrix with labels = 0..K-1). */
export function multiclassConfusion(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) confusion[labels[i]][predicted[i]] += 1;
  return confusion;
}

/** Multi-class Matthews correlation from the confusion matrix, as sklearn.metrics.matthews_corrcoef (0 when undefined). */
export function multiclassMcc(confusion: number[][]): number {
  const k = confusion.length;
  const actual = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = confusion[0].map((_, c) => confusion.reduce((sum, row) => sum + row[c], 0));
  const samples = actual.reduce((a, b) => a + b, 0);
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  let actualDotPredicted = 0;
  let predictedSquared = 0;
  let actualSquared = 0;
  for (let c = 0; c < k; c++) {
    actualDotPredicted += actual[c] * predicted[c];
    predictedSquared += predicted[c] * predicted[c];
    actualSquared += actual[c] * actual[c];
  }
  const covYtYp = correct * samples - actualDotPredicted;
  const covYpYp = samples * samples - predictedSquared;
  const covYtYt = samples * samples - actualSquared;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** The mean of the values that are not NaN; NaN when none is. */
function meanOfDefined(values: number[]): number {
  return mean(values.filter((v) => !Number.isNaN(v)));
}

/**
 * Every metric of a K-class model: labels are class indices, probabilities row-major n x K
 * (each row summing to 1, as softmax gives).
 */
export function computeMulticlassMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: MulticlassMetricsOptions): MulticlassMetrics {
  const names = options.classes;
  const k = names.length;
  check(labels, probabilities, k);
  const n = labels.length;
  if (n === 0) throw new RangeError('computeMulticlassMetrics needs at least one sample.');
  const predicted = argmaxRows(probabilities, k);
  const confusion = multiclassConfusion(labels, predicted, k);
  const maxCurvePoints = options.maxCurvePoints ?? DEFAULT_MAX_CURVE_POINTS;

  const perClass: MulticlassClassMetrics[] = [];
  const prCurves: CurvePoint[][] = [];
  const binary = new Uint8Array(n);
  const column = new Float64Array(n);
  let correct = 0;
  for (let c = 0; c < k; c++) {
    correct += confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c], 0);
    const tp = confusion[c][c];
    // zero_division = 0, as sklearn's default (after its warning).
    const precision = predictedAs > 0 ? tp / predictedAs : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    for (let i = 0; i < n; i++) {
      binary[i] = labels[i] === c ? 1 : 0;
      column[i] = probabilities[i * k + c];
    }
    const ranked = rankScores(binary, column);
    perClass.push({ class: names[c], precision, recall, f1, support, prAuc: averagePrecisionFromRanked(ranked), rocAuc: rocAucFromRanked(ranked) });
    prCurves.push(prCurveFromRanked(ranked, maxCurvePoints));
  }

  let logLossSum = 0;
  let brierSum = 0;
  const confidence = new Float64Array(n);
  const right = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    // sklearn 1.2 log_loss: clip every column to [eps, 1 - eps], renormalise the row, -log of the true column.
    let total = 0;
    for (let c = 0; c < k; c++) total += Math.min(Math.max(probabilities[i * k + c], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    logLossSum -= Math.log(Math.min(Math.max(probabilities[i * k + y], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS) / total);
    for (let c = 0; c < k; c++) {
      const d = probabilities[i * k + c] - (c === y ? 1 : 0);
      brierSum += d * d;
    }
    confidence[i] = probabilities[i * k + predicted[i]];
    right[i] = predicted[i] === y ? 1 : 0;
  }
  const reliability = reliabilityBins(right, confidence, options.eceBins ?? 15);
  const f1s = perClass.map((m) => m.f1);
  return {
    accuracy: correct / n,
    // sklearn: the mean recall over the classes present in the labels.
    balancedAccuracy: mean(perClass.filter((m) => m.support > 0).map((m) => m.recall)),
    mcc: multiclassMcc(confusion),
    macroF1: mean(f1s),
    weightedF1: perClass.reduce((sum, m) => sum + m.f1 * m.support, 0) / n,
    // One-vs-rest, averaged over the classes where it is defined (sklearn raises if one is not).
    macroPrAuc: meanOfDefined(perClass.map((m) => m.prAuc)),
    macroRocAuc: meanOfDefined(perClass.map((m) => m.rocAuc)),
    logLoss: logLossSum / n,
    brier: brierSum / n,
    ece: expectedCalibrationError(reliability),
    reliability,
    confusion,
    perClass,
    prCurves,
  };
}

/** The class with the fewest rows (the first on a tie): the verdict's "rarest class". */
export function rarestClass(counts: ArrayLike<number>): number {
  let rarest = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] < counts[rarest]) rarest = c;
  return rarest;
}
