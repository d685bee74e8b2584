// The paired bootstrap of a single train/validation/test split: 2,000 resamples of the test rows
// (the same rows for both models each time), every summary metric of both models on each, and
// the percentile interval of their difference. A resample is a vector of multiplicities, and each
// metric is computed with those weights in one pass over rows sorted once: the same value as on
// the expanded resample, without sorting 2,000 times.

import { DEFAULT_ECE_BINS, LOG_LOSS_EPS } from '../metrics';
import { derivedRandom } from '../random';
import type { FoldEvaluation, SummaryMetricKey } from '../results';
import { percentile } from '../stats';
import { storedLogit } from './evaluateFold';

interface PreparedModel {
  probabilities: Float64Array;
  recalibrated: Float64Array;
  /** Row indices by probability, highest first (for the ranking metrics). */
  descending: Uint32Array;
  recalibratedBin: Uint8Array;
  rawBin: Uint8Array;
  tunedThreshold: number;
}

function binOf(p: number, bins: number): number {
  // As reliabilityBins: (lower, upper], the first bin [0, upper], edges as numpy.linspace.
  let b = Math.min(bins - 1, Math.floor(p * bins));
  const edge = (i: number) => (i === bins ? 1 : i * (1 / bins));
  while (b > 0 && edge(b) >= p) b--;
  while (b < bins - 1 && edge(b + 1) < p) b++;
  return b;
}

function prepare(fold: FoldEvaluation): PreparedModel {
  const n = fold.test.labels.length;
  const probabilities = Float64Array.from(fold.test.probabilities);
  const { slope, intercept } = fold.recalibrated;
  const recalibrated = probabilities.map((p) => 1 / (1 + Math.exp(-(slope * storedLogit(p) + intercept))));
  const descending = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  const tuned = fold.metrics.atThreshold.find((t) => t.thresholdSource === 'validation-f1');
  return {
    probabilities,
    recalibrated,
    descending,
    rawBin: Uint8Array.from(probabilities, (p) => binOf(p, DEFAULT_ECE_BINS)),
    recalibratedBin: Uint8Array.from(recalibrated, (p) => binOf(p, DEFAULT_ECE_BINS)),
    tunedThreshold: tuned ? tuned.threshold : 0.5,
  };
}

/** Every summary metric of one model on the weighted rows. */
function weightedMetrics(model: PreparedModel, labels: ArrayLike<number>, weights: Float64Array): Record<SummaryMetricKey, number> {
  const n = labels.length;
  let positives = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    positives += weights[i] * labels[i];
  }
  const negatives = total - positives;
  // Ranking: one pass over distinct scores, highest first (sklearn's average_precision_score and roc_auc_score).
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let auc = 0;
  let previousRecall = 0;
  let previousFpr = 0;
  let previousTpr = 0;
  const order = model.descending;
  const p = model.probabilities;
  for (let k = 0; k < n; ) {
    const score = p[order[k]];
    while (k < n && p[order[k]] === score) {
      const row = order[k];
      if (labels[row] === 1) tp += weights[row];
      else fp += weights[row];
      k++;
    }
    if (tp + fp === 0) continue;
    const recall = positives > 0 ? tp / positives : NaN;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
    const tpr = positives > 0 ? tp / positives : NaN;
    const fpr = negatives > 0 ? fp / negatives : NaN;
    auc += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousFpr = fpr;
    previousTpr = tpr;
  }
  const calibration = (probabilities: Float64Array, binOfRow: Uint8Array) => {
    let logLossSum = 0;
    let brierSum = 0;
    const count = new Float64Array(DEFAULT_ECE_BINS);
    const predicted = new Float64Array(DEFAULT_ECE_BINS);
    const observed = new Float64Array(DEFAULT_ECE_BINS);
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      const q = Math.min(Math.max(probabilities[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
      logLossSum -= w * Math.log((labels[i] === 1 ? q : 1 - q) / (q + (1 - q)));
      const d = labels[i] - probabilities[i];
      brierSum += w * d * d;
      const b = binOfRow[i];
      count[b] += w;
      predicted[b] += w * probabilities[i];
      observed[b] += w * labels[i];
    }
    let ece = 0;
    for (let b = 0; b < DEFAULT_ECE_BINS; b++) if (count[b] > 0) ece += count[b] * Math.abs(observed[b] / count[b] - predicted[b] / count[b]);
    return { logLoss: logLossSum / total, brier: brierSum / total, ece: ece / total };
  };
  const confusionAt = (threshold: number) => {
    let tpAt = 0;
    let fpAt = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] < threshold) continue;
      if (labels[i] === 1) tpAt += weights[i];
      else fpAt += weights[i];
    }
    return { tp: tpAt, fp: fpAt, fn: positives - tpAt, tn: negatives - fpAt };
  };
  const raw = calibration(model.probabilities, model.rawBin);
  const recalibrated = calibration(model.recalibrated, model.recalibratedBin);
  const atHalf = confusionAt(0.5);
  const tuned = confusionAt(model.tunedThreshold);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const tunedPrecision = ratio(tuned.tp, tuned.tp + tuned.fp);
  const tunedRecall = ratio(tuned.tp, tuned.tp + tuned.fn);
  return {
    prAuc: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? auc : NaN,
    logLoss: raw.logLoss,
    brier: raw.brier,
    ece: raw.ece,
    recalibratedLogLoss: recalibrated.logLoss,
    recalibratedBrier: recalibrated.brier,
    recalibratedEce: recalibrated.ece,
    minorityF1AtTuned: ratio(2 * tunedPrecision * tunedRecall, tunedPrecision + tunedRecall),
    balancedAccuracyAtTuned: (ratio(tuned.tp, positives) + ratio(tuned.tn, negatives)) / 2,
    minorityRecallAt05: ratio(atHalf.tp, positives),
    minorityPrecisionAt05: ratio(atHalf.tp, atHalf.tp + atHalf.fp),
    falsePositiveRateAt05: negatives > 0 ? atHalf.fp / negatives : NaN,
  };
}

export interface BootstrapDifference {
  /** candidate - baseline on the whole test split. */
  meanDifference: number;
  /** Percentile intervals, one per requested level. */
  intervals: { level: number; low: number | null; high: number | null }[];
  /** Resamples where both values were defined (e.g. a resample without positives has no PR-AUC). */
  n: number;
}

/** Percentile intervals (95%) of candidate - baseline for every summary metric, from the same resamples. */
export function pairedBootstrap(candidate: FoldEvaluation, baseline: FoldEvaluation, options: { seed: number; resamples: number; levels?: number[] }): Record<SummaryMetricKey, BootstrapDifference> {
  const labels = candidate.test.labels;
  const n = labels.length;
  if (baseline.test.labels.length !== n || baseline.test.rows.some((row, i) => row !== candidate.test.rows[i])) {
    throw new Error('pairedBootstrap: the two models were not evaluated on the same test rows');
  }
  const a = prepare(candidate);
  const b = prepare(baseline);
  const ones = new Float64Array(n).fill(1);
  const observedA = weightedMetrics(a, labels, ones);
  const observedB = weightedMetrics(b, labels, ones);
  const keys = Object.keys(observedA) as SummaryMetricKey[];
  const draws = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<SummaryMetricKey, number[]>;
  const random = derivedRandom(options.seed, 'paired-bootstrap');
  const weights = new Float64Array(n);
  for (let r = 0; r < options.resamples; r++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[Math.floor(random() * n)]++;
    const ma = weightedMetrics(a, labels, weights);
    const mb = weightedMetrics(b, labels, weights);
    for (const key of keys) {
      const d = ma[key] - mb[key];
      if (Number.isFinite(d)) draws[key].push(d);
    }
  }
  const levels = options.levels ?? [0.95];
  const out = {} as Record<SummaryMetricKey, BootstrapDifference>;
  for (const key of keys) {
    const sorted = draws[key].sort((x, y) => x - y);
    const enough = sorted.length >= 2;
    out[key] = {
      meanDifference: observedA[key] - observedB[key],
      intervals: levels.map((level) => ({
        level,
        low: enough ? percentile(sorted, (100 * (1 - level)) / 2) : null,
        high: enough ? percentile(sorted, 100 - (100 * (1 - level)) / 2) : null,
      })),
      n: sorted.length,
    };
  }
  return out;
}

/** For tests: the weighted metrics of one evaluated fold (weights = multiplicities of its test rows). */
export function weightedFoldMetrics(fold: FoldEvaluation, weights: Float64Array): Record<SummaryMetricKey, number> {
  return weightedMetrics(prepare(fold), fold.test.labels, weights);
}
