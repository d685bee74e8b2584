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
  labels: Uint8Array;
  probabilities: Float64Array;
  recalibrated: Float64Array;
  /** Per-row log-loss and squared error, raw and recalibrated: a resample only weighs them. */
  rawLogLoss: Float64Array;
  recalibratedLogLoss: Float64Array;
  rawSquaredError: Float64Array;
  recalibratedSquaredError: Float64Array;
  rawBin: Uint8Array;
  recalibratedBin: Uint8Array;
  /** 1 where the row is predicted positive at 0.5 / at the tuned threshold. */
  positiveAtHalf: Uint8Array;
  positiveAtTuned: Uint8Array;
  /** Row indices by probability, highest first, and 1 where a run of tied scores ends. */
  descending: Uint32Array;
  endsTie: Uint8Array;
  /** Per-bin sums, reused by every resample. */
  binScratch: Float64Array;
}

function binOf(p: number, bins: number): number {
  // As reliabilityBins: (lower, upper], the first bin [0, upper], edges as numpy.linspace.
  let b = Math.min(bins - 1, Math.floor(p * bins));
  const edge = (i: number) => (i === bins ? 1 : i * (1 / bins));
  while (b > 0 && edge(b) >= p) b--;
  while (b < bins - 1 && edge(b + 1) < p) b++;
  return b;
}

/** The per-row log-loss of calibration.ts's logLoss (clipped, renormalised), so weighted sums equal it. */
function rowLogLoss(label: number, probability: number): number {
  const q = Math.min(Math.max(probability, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
  return -Math.log((label === 1 ? q : 1 - q) / (q + (1 - q)));
}

function prepare(fold: FoldEvaluation): PreparedModel {
  const n = fold.test.labels.length;
  const labels = Uint8Array.from(fold.test.labels);
  const probabilities = Float64Array.from(fold.test.probabilities);
  const { slope, intercept } = fold.recalibrated;
  const recalibrated = probabilities.map((p) => 1 / (1 + Math.exp(-(slope * storedLogit(p) + intercept))));
  const descending = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  const endsTie = new Uint8Array(n);
  for (let k = 0; k < n; k++) endsTie[k] = k === n - 1 || probabilities[descending[k + 1]] !== probabilities[descending[k]] ? 1 : 0;
  const tuned = fold.metrics.atThreshold.find((t) => t.thresholdSource === 'validation-f1');
  const tunedThreshold = tuned ? tuned.threshold : 0.5;
  return {
    labels,
    probabilities,
    recalibrated,
    rawLogLoss: probabilities.map((p, i) => rowLogLoss(labels[i], p)),
    recalibratedLogLoss: recalibrated.map((p, i) => rowLogLoss(labels[i], p)),
    rawSquaredError: probabilities.map((p, i) => (labels[i] - p) ** 2),
    recalibratedSquaredError: recalibrated.map((p, i) => (labels[i] - p) ** 2),
    rawBin: Uint8Array.from(probabilities, (p) => binOf(p, DEFAULT_ECE_BINS)),
    recalibratedBin: Uint8Array.from(recalibrated, (p) => binOf(p, DEFAULT_ECE_BINS)),
    positiveAtHalf: Uint8Array.from(probabilities, (p) => (p >= 0.5 ? 1 : 0)),
    positiveAtTuned: Uint8Array.from(probabilities, (p) => (p >= tunedThreshold ? 1 : 0)),
    descending,
    endsTie,
    binScratch: new Float64Array(6 * DEFAULT_ECE_BINS),
  };
}

/**
 * Every summary metric of one model on the weighted rows: one pass over the rows (sums the
 * resample weighs), one over the rows by score (the ranking metrics). Runs 2,000 times per
 * comparison, so nothing per row is recomputed and nothing is allocated.
 */
function weightedMetrics(model: PreparedModel, weights: Float64Array): Record<SummaryMetricKey, number> {
  const { labels, probabilities, recalibrated, rawBin, recalibratedBin, positiveAtHalf, positiveAtTuned } = model;
  const n = labels.length;
  const bins = DEFAULT_ECE_BINS;
  const scratch = model.binScratch;
  scratch.fill(0);
  let total = 0;
  let positives = 0;
  let rawLogLossSum = 0;
  let recalibratedLogLossSum = 0;
  let rawBrierSum = 0;
  let recalibratedBrierSum = 0;
  let tpAtHalf = 0;
  let fpAtHalf = 0;
  let tpAtTuned = 0;
  let fpAtTuned = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const y = labels[i];
    total += w;
    positives += w * y;
    rawLogLossSum += w * model.rawLogLoss[i];
    recalibratedLogLossSum += w * model.recalibratedLogLoss[i];
    rawBrierSum += w * model.rawSquaredError[i];
    recalibratedBrierSum += w * model.recalibratedSquaredError[i];
    // Bins: [count, predicted, observed] raw, then the same recalibrated.
    const b = rawBin[i] * 3;
    scratch[b] += w;
    scratch[b + 1] += w * probabilities[i];
    scratch[b + 2] += w * y;
    const c = 3 * bins + recalibratedBin[i] * 3;
    scratch[c] += w;
    scratch[c + 1] += w * recalibrated[i];
    scratch[c + 2] += w * y;
    if (positiveAtHalf[i]) {
      if (y === 1) tpAtHalf += w;
      else fpAtHalf += w;
    }
    if (positiveAtTuned[i]) {
      if (y === 1) tpAtTuned += w;
      else fpAtTuned += w;
    }
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
  const { descending, endsTie } = model;
  for (let k = 0; k < n; k++) {
    const row = descending[k];
    const w = weights[row];
    if (labels[row] === 1) tp += w;
    else fp += w;
    if (!endsTie[k] || tp + fp === 0) continue;
    const recall = positives > 0 ? tp / positives : NaN;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
    const fpr = negatives > 0 ? fp / negatives : NaN;
    auc += ((fpr - previousFpr) * (recall + previousTpr)) / 2;
    previousFpr = fpr;
    previousTpr = recall;
  }
  const ece = (offset: number) => {
    let sum = 0;
    for (let bin = 0; bin < bins; bin++) {
      const count = scratch[offset + bin * 3];
      if (count > 0) sum += count * Math.abs(scratch[offset + bin * 3 + 2] / count - scratch[offset + bin * 3 + 1] / count);
    }
    return sum / total;
  };
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const tunedPrecision = ratio(tpAtTuned, tpAtTuned + fpAtTuned);
  const tunedRecall = ratio(tpAtTuned, positives);
  return {
    prAuc: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? auc : NaN,
    logLoss: rawLogLossSum / total,
    brier: rawBrierSum / total,
    ece: ece(0),
    recalibratedLogLoss: recalibratedLogLossSum / total,
    recalibratedBrier: recalibratedBrierSum / total,
    recalibratedEce: ece(3 * bins),
    minorityF1AtTuned: ratio(2 * tunedPrecision * tunedRecall, tunedPrecision + tunedRecall),
    balancedAccuracyAtTuned: (ratio(tpAtTuned, positives) + ratio(negatives - fpAtTuned, negatives)) / 2,
    minorityRecallAt05: ratio(tpAtHalf, positives),
    minorityPrecisionAt05: ratio(tpAtHalf, tpAtHalf + fpAtHalf),
    falsePositiveRateAt05: negatives > 0 ? fpAtHalf / negatives : NaN,
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

/**
 * The resamples of one test split, drawn once and applied to every model evaluated on it: each
 * model's metrics on each resample are kept, so any pair's difference distribution is read off
 * without resampling again (the same seed gives the same resamples for every pair).
 */
export class SharedBootstrap {
  private readonly models = new Map<FoldEvaluation, { observed: Record<SummaryMetricKey, number>; values: Record<SummaryMetricKey, Float64Array> }>();

  constructor(folds: readonly FoldEvaluation[], options: { seed: number; resamples: number }) {
    const [first] = folds;
    if (!first) return;
    const n = first.test.labels.length;
    for (const fold of folds) {
      if (fold.test.labels.length !== n || fold.test.rows.some((row, i) => row !== first.test.rows[i])) {
        throw new Error('SharedBootstrap: the models were not evaluated on the same test rows');
      }
    }
    const prepared = folds.map(prepare);
    const ones = new Float64Array(n).fill(1);
    const entries = prepared.map((model) => {
      const observed = weightedMetrics(model, ones);
      const values = Object.fromEntries(Object.keys(observed).map((k) => [k, new Float64Array(options.resamples)])) as Record<SummaryMetricKey, Float64Array>;
      return { observed, values };
    });
    const random = derivedRandom(options.seed, 'paired-bootstrap');
    const weights = new Float64Array(n);
    for (let r = 0; r < options.resamples; r++) {
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[Math.floor(random() * n)]++;
      prepared.forEach((model, m) => {
        const metrics = weightedMetrics(model, weights);
        for (const key of Object.keys(metrics) as SummaryMetricKey[]) entries[m].values[key][r] = metrics[key];
      });
    }
    folds.forEach((fold, m) => this.models.set(fold, entries[m]));
  }

  /** Percentile intervals of candidate - baseline for every summary metric, at each level. */
  difference(candidate: FoldEvaluation, baseline: FoldEvaluation, levels: readonly number[] = [0.95]): Record<SummaryMetricKey, BootstrapDifference> {
    const a = this.models.get(candidate);
    const b = this.models.get(baseline);
    if (!a || !b) throw new Error('SharedBootstrap: a model was not part of the resampling');
    const out = {} as Record<SummaryMetricKey, BootstrapDifference>;
    for (const key of Object.keys(a.observed) as SummaryMetricKey[]) {
      const draws: number[] = [];
      const va = a.values[key];
      const vb = b.values[key];
      for (let r = 0; r < va.length; r++) {
        const d = va[r] - vb[r];
        if (Number.isFinite(d)) draws.push(d);
      }
      const sorted = draws.sort((x, y) => x - y);
      const enough = sorted.length >= 2;
      out[key] = {
        meanDifference: a.observed[key] - b.observed[key],
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
}

/** Percentile intervals (95% by default) of candidate - baseline for every summary metric, from the same resamples. */
export function pairedBootstrap(candidate: FoldEvaluation, baseline: FoldEvaluation, options: { seed: number; resamples: number; levels?: number[] }): Record<SummaryMetricKey, BootstrapDifference> {
  return new SharedBootstrap([candidate, baseline], options).difference(candidate, baseline, options.levels);
}

/** For tests: the weighted metrics of one evaluated fold (weights = multiplicities of its test rows). */
export function weightedFoldMetrics(fold: FoldEvaluation, weights: Float64Array): Record<SummaryMetricKey, number> {
  return weightedMetrics(prepare(fold), weights);
}
