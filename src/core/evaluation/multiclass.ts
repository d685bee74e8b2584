// Evaluation of the multi-class task, the counterpart of evaluateFold / summarise / pooled /
// verdict for K >= 3 classes: per-fold metrics from the stored probabilities, summaries over
// folds, paired comparisons with the baseline (corrected resampled t over folds; paired
// bootstrap over the test rows for a single split), pooled out-of-fold metrics, and a verdict
// on the headline metrics (macro PR-AUC, macro-F1, recall of the rarest class) that states
// only differences whose family-wise interval excludes zero.

import { computeMulticlassMetrics, multiclassMcc } from '../metrics/multiclass';
import type {
  MulticlassFoldEvaluation,
  MulticlassMetricSummaries,
  MulticlassModelMetrics,
  MulticlassPairedComparison,
  MulticlassPooledMetrics,
  MulticlassRunResult,
  MulticlassSummaryMetricKey,
  MulticlassVerdict,
} from '../multiclassResults';
import { derivedRandom } from '../random';
import { formatMetric } from '../report/format';
import type { EvaluationSettings } from '../results';
import { softmaxProbabilities } from '../softmaxLosses';
import { correctedResampledInterval, meanInterval, percentile } from '../stats';
import { compactProbability } from './evaluateFold';
import { familyLevel, LEVEL } from './summarise';
import { protocolPhrase } from './verdict';

export interface MulticlassSummaryMetricSpec {
  key: MulticlassSummaryMetricKey;
  label: string;
  description: string;
  better: 'higher' | 'lower';
  /** Headline metrics can make the verdict name a loss better or worse than the baseline. */
  headline: boolean;
  read(metrics: MulticlassModelMetrics, rarest: number): number;
}

/** The one list of multi-class metrics that are summarised, compared and shown (the binary task's is SUMMARY_METRICS). */
export const MULTICLASS_SUMMARY_METRICS: readonly MulticlassSummaryMetricSpec[] = [
  { key: 'macroPrAuc', label: 'Macro PR-AUC', description: 'one-vs-rest average precision, averaged over the classes: how well each class is ranked', better: 'higher', headline: true, read: (m) => m.macroPrAuc },
  { key: 'macroF1', label: 'Macro-F1', description: 'F1 of each class at the argmax decision, averaged over the classes (each counts the same)', better: 'higher', headline: true, read: (m) => m.macroF1 },
  { key: 'rarestClassRecall', label: 'Rarest-class recall', description: 'recall of the class with the fewest rows, at the argmax decision', better: 'higher', headline: true, read: (m, rarest) => m.perClass[rarest]?.recall ?? NaN },
  { key: 'macroRocAuc', label: 'Macro ROC-AUC', description: 'one-vs-rest ROC-AUC averaged over the classes', better: 'higher', headline: false, read: (m) => m.macroRocAuc },
  { key: 'balancedAccuracy', label: 'Balanced accuracy', description: 'mean recall over the classes at the argmax decision', better: 'higher', headline: false, read: (m) => m.balancedAccuracy },
  { key: 'mcc', label: 'MCC', description: 'multi-class Matthews correlation of the argmax decision', better: 'higher', headline: false, read: (m) => m.mcc },
  { key: 'weightedF1', label: 'Weighted-F1', description: 'F1 of each class weighted by its rows (dominated by the common classes)', better: 'higher', headline: false, read: (m) => m.weightedF1 },
  { key: 'accuracy', label: 'Accuracy', description: 'share of rows whose argmax is the true class', better: 'higher', headline: false, read: (m) => m.accuracy },
  { key: 'logLoss', label: 'Log-loss', description: 'multi-class log-loss of the probabilities as trained', better: 'lower', headline: false, read: (m) => m.logLoss },
  { key: 'brier', label: 'Brier', description: 'mean over rows of the summed squared error of the K probabilities', better: 'lower', headline: false, read: (m) => m.brier },
  { key: 'ece', label: 'ECE (top-label)', description: 'expected calibration error of the highest probability (15 bins)', better: 'lower', headline: false, read: (m) => m.ece },
];

export function multiclassMetric(key: MulticlassSummaryMetricKey): MulticlassSummaryMetricSpec {
  const spec = MULTICLASS_SUMMARY_METRICS.find((m) => m.key === key);
  if (!spec) throw new Error(`unknown metric ${key}`);
  return spec;
}

export interface MulticlassFoldPredictions {
  repeat: number;
  fold: number;
  trainRows: number;
  testRows: Uint32Array;
  /** Class indices. */
  testLabels: Uint8Array;
  /** K logits per test row, row-major. */
  testLogits: ArrayLike<number>;
  validationLabels: Uint8Array;
}

function countClasses(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** The metrics results.json keeps per fold: everything but the curves. */
function withoutCurves(metrics: ReturnType<typeof computeMulticlassMetrics>): MulticlassModelMetrics {
  const { prCurves: _curves, ...rest } = metrics;
  return rest;
}

/** One model on one fold: softmax probabilities stored to 7 digits, and every metric computed from the stored values. */
export function evaluateMulticlassFold(predictions: MulticlassFoldPredictions, classes: readonly string[]): MulticlassFoldEvaluation {
  const k = classes.length;
  const probabilities = Array.from(softmaxProbabilities(predictions.testLogits, k), compactProbability);
  const testLabels = Array.from(predictions.testLabels);
  const metrics = computeMulticlassMetrics(testLabels, probabilities, { classes });
  const rows: number[][] = [];
  for (let i = 0; i < testLabels.length; i++) rows.push(probabilities.slice(i * k, (i + 1) * k));
  return {
    repeat: predictions.repeat,
    fold: predictions.fold,
    metrics: withoutCurves(metrics),
    rows: {
      train: predictions.trainRows,
      validation: predictions.validationLabels.length,
      test: testLabels.length,
      validationClassCounts: countClasses(predictions.validationLabels, k),
      testClassCounts: countClasses(testLabels, k),
    },
    test: { rows: Array.from(predictions.testRows), labels: testLabels, probabilities: rows },
  };
}

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function summariseMulticlassFolds(folds: readonly MulticlassFoldEvaluation[], rarest: number): MulticlassMetricSummaries {
  const summaries = {} as MulticlassMetricSummaries;
  for (const spec of MULTICLASS_SUMMARY_METRICS) {
    const perFold = folds.map((fold) => finite(spec.read(fold.metrics, rarest)));
    const interval = meanInterval(perFold.map((v) => (v === null ? NaN : v)));
    summaries[spec.key] = { mean: interval.mean, ciLow: interval.ciLow, ciHigh: interval.ciHigh, perFold };
  }
  return summaries;
}

/** The first repeat's out-of-fold predictions pooled (every row once), with one PR curve per class. */
export function pooledMulticlassMetrics(folds: readonly MulticlassFoldEvaluation[], classes: readonly string[]): MulticlassPooledMetrics | null {
  const firstRepeat = folds.filter((f) => f.repeat === 0);
  if (firstRepeat.length === 0) return null;
  const labels: number[] = [];
  const probabilities: number[] = [];
  for (const fold of firstRepeat) {
    labels.push(...fold.test.labels);
    for (const row of fold.test.probabilities) probabilities.push(...row);
  }
  return computeMulticlassMetrics(labels, probabilities, { classes });
}

export interface MulticlassComparisonOptions {
  evaluation: EvaluationSettings;
  classes: readonly string[];
  rarest: number;
  seed: number;
  familySize: number;
  resamples?: number;
}

export const MULTICLASS_BOOTSTRAP_RESAMPLES = 2000;

interface ComparedRun {
  id: string;
  folds: readonly MulticlassFoldEvaluation[];
}

/** Paired differences (candidate − baseline) of every summary metric. */
export function compareMulticlassModels(candidate: ComparedRun, baseline: ComparedRun, options: MulticlassComparisonOptions): MulticlassPairedComparison[] {
  const pairs: [MulticlassFoldEvaluation, MulticlassFoldEvaluation][] = [];
  for (const fold of candidate.folds) {
    const other = baseline.folds.find((f) => f.repeat === fold.repeat && f.fold === fold.fold);
    if (other) pairs.push([fold, other]);
  }
  const family = familyLevel(options.familySize);
  const base = (metric: MulticlassSummaryMetricKey) => ({ loss: candidate.id, baseline: baseline.id, metric, familySize: options.familySize });
  if (options.evaluation.protocol === 'holdout') {
    const differences = pairs.length ? bootstrapDifferences(pairs[0][0], pairs[0][1], options) : null;
    return MULTICLASS_SUMMARY_METRICS.map((spec): MulticlassPairedComparison => {
      const sample = differences?.get(spec.key);
      if (!sample || sample.resampled.length === 0) {
        return { ...base(spec.key), meanDifference: null, ciLow: null, ciHigh: null, method: 'paired-bootstrap', familyCiLow: null, familyCiHigh: null, reliable: false, n: 0 };
      }
      const sorted = Float64Array.from(sample.resampled).sort();
      const at = (level: number) => [percentile(sorted, (100 * (1 - level)) / 2), percentile(sorted, 100 - (100 * (1 - level)) / 2)];
      const [ciLow, ciHigh] = at(LEVEL);
      const [familyCiLow, familyCiHigh] = at(family);
      return { ...base(spec.key), meanDifference: finite(sample.observed), ciLow, ciHigh, method: 'paired-bootstrap', familyCiLow, familyCiHigh, reliable: excludesZero(familyCiLow, familyCiHigh), n: sorted.length };
    });
  }
  return MULTICLASS_SUMMARY_METRICS.map((spec): MulticlassPairedComparison => {
    const differences = pairs.map(([c, b]) => spec.read(c.metrics, options.rarest) - spec.read(b.metrics, options.rarest));
    // n_test / n_train of the corrected variance: the models were built from the training and validation rows.
    const ratios = pairs.map(([c]) => c.rows.test / (c.rows.train + c.rows.validation));
    const ratio = ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length);
    const interval = correctedResampledInterval(differences, ratio, LEVEL);
    const wide = correctedResampledInterval(differences, ratio, family);
    return {
      ...base(spec.key),
      meanDifference: interval.meanDifference,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      method: 'corrected-resampled-t',
      familyCiLow: wide.ciLow,
      familyCiHigh: wide.ciHigh,
      reliable: excludesZero(wide.ciLow, wide.ciHigh),
      n: interval.n,
    };
  });
}

/**
 * A single split: the same resamples of the test rows for both models (seeded). A resample is a
 * vector of multiplicities, and every summary metric is computed from it in O(K n) on orders and
 * per-row terms prepared once (weightedMulticlassSummary), equal to the metric of the expanded
 * resample; resamples where a metric is undefined (a class drawn out) are skipped.
 */
function bootstrapDifferences(candidate: MulticlassFoldEvaluation, baseline: MulticlassFoldEvaluation, options: MulticlassComparisonOptions): Map<MulticlassSummaryMetricKey, { observed: number; resampled: number[] }> {
  const n = candidate.test.labels.length;
  const k = options.classes.length;
  const labels = candidate.test.labels;
  const a = prepareWeighted(labels, candidate.test.probabilities.flat(), k);
  const b = prepareWeighted(labels, baseline.test.probabilities.flat(), k);
  const out = new Map<MulticlassSummaryMetricKey, { observed: number; resampled: number[] }>();
  for (const spec of MULTICLASS_SUMMARY_METRICS) {
    out.set(spec.key, { observed: spec.read(candidate.metrics, options.rarest) - spec.read(baseline.metrics, options.rarest), resampled: [] });
  }
  const random = derivedRandom(options.seed, 'multiclass-bootstrap');
  const weights = new Float64Array(n);
  for (let r = 0; r < (options.resamples ?? MULTICLASS_BOOTSTRAP_RESAMPLES); r++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[Math.floor(random() * n)] += 1;
    const ma = weightedMulticlassSummary(a, weights, options.rarest);
    const mb = weightedMulticlassSummary(b, weights, options.rarest);
    for (const spec of MULTICLASS_SUMMARY_METRICS) {
      const d = ma[spec.key] - mb[spec.key];
      if (Number.isFinite(d)) out.get(spec.key)!.resampled.push(d);
    }
  }
  return out;
}

/** One model's test predictions, prepared for weighted metrics: orders by each class's probability, argmax, per-row terms. */
export interface WeightedPredictions {
  labels: readonly number[];
  classes: number;
  /** Per class: row indices by decreasing probability of that class, and each row's probability. */
  orders: Uint32Array[];
  columns: Float64Array[];
  predicted: Int32Array;
  logLossTerms: Float64Array;
  brierTerms: Float64Array;
  confidence: Float64Array;
  bins: Int32Array;
}

export function prepareWeighted(labels: readonly number[], probabilities: ArrayLike<number>, classes: number, eceBins = 15): WeightedPredictions {
  const n = labels.length;
  // The bin edges as reliabilityBins computes them (numpy.linspace), so rows bin identically.
  const edges = Float64Array.from({ length: eceBins + 1 }, (_, b) => (b === eceBins ? 1 : b * (1 / eceBins)));
  const columns = Array.from({ length: classes }, (_, c) => Float64Array.from({ length: n }, (_, i) => probabilities[i * classes + c]));
  const orders = columns.map((column) => Uint32Array.from({ length: n }, (_, i) => i).sort((x, y) => column[y] - column[x]));
  const predicted = new Int32Array(n);
  const logLossTerms = new Float64Array(n);
  const brierTerms = new Float64Array(n);
  const confidence = new Float64Array(n);
  const bins = new Int32Array(n);
  const eps = Number.EPSILON;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let total = 0;
    let brier = 0;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[i * classes + c];
      if (p > probabilities[i * classes + best]) best = c;
      total += Math.min(Math.max(p, eps), 1 - eps);
      const d = p - (c === labels[i] ? 1 : 0);
      brier += d * d;
    }
    predicted[i] = best;
    logLossTerms[i] = -Math.log(Math.min(Math.max(probabilities[i * classes + labels[i]], eps), 1 - eps) / total);
    brierTerms[i] = brier;
    confidence[i] = probabilities[i * classes + best];
    // The reliability bin as reliabilityBins assigns it: (lower, upper], the first [0, upper].
    let bin = Math.min(eceBins - 1, Math.floor(confidence[i] * eceBins));
    while (bin > 0 && edges[bin] >= confidence[i]) bin--;
    while (bin < eceBins - 1 && edges[bin + 1] < confidence[i]) bin++;
    bins[i] = bin;
  }
  return { labels, classes, orders, columns, predicted, logLossTerms, brierTerms, confidence, bins };
}

/** Every summary metric of the predictions with each row counted `weights[i]` times (integer weights: the expanded sample's metrics). */
export function weightedMulticlassSummary(model: WeightedPredictions, weights: Float64Array, rarest: number, eceBins = 15): Record<MulticlassSummaryMetricKey, number> {
  const { labels, classes: k, predicted } = model;
  const n = labels.length;
  const confusion = Array.from({ length: k }, () => new Float64Array(k));
  let total = 0;
  let logLoss = 0;
  let brier = 0;
  const binCount = new Float64Array(eceBins);
  const binConfidence = new Float64Array(eceBins);
  const binRight = new Float64Array(eceBins);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    total += w;
    confusion[labels[i]][predicted[i]] += w;
    logLoss += w * model.logLossTerms[i];
    brier += w * model.brierTerms[i];
    binCount[model.bins[i]] += w;
    binConfidence[model.bins[i]] += w * model.confidence[i];
    if (predicted[i] === labels[i]) binRight[model.bins[i]] += w;
  }
  const support = confusion.map((row) => row.reduce((x, y) => x + y, 0));
  const predictedAs = Array.from({ length: k }, (_, c) => confusion.reduce((sum, row) => sum + row[c], 0));
  const recall = support.map((s, c) => (s > 0 ? confusion[c][c] / s : 0));
  const precision = predictedAs.map((p, c) => (p > 0 ? confusion[c][c] / p : 0));
  const f1 = recall.map((r, c) => (precision[c] + r > 0 ? (2 * precision[c] * r) / (precision[c] + r) : 0));
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  let ece = 0;
  for (let bin = 0; bin < eceBins; bin++) if (binCount[bin] > 0) ece += Math.abs(binRight[bin] - binConfidence[bin]);
  const present = recall.filter((_, c) => support[c] > 0);
  const prAucs: number[] = [];
  const rocAucs: number[] = [];
  for (let c = 0; c < k; c++) {
    const positives = support[c];
    const negatives = total - positives;
    if (positives === 0 || negatives === 0) continue;
    const order = model.orders[c];
    const column = model.columns[c];
    let tp = 0;
    let fp = 0;
    let ap = 0;
    let twiceArea = 0;
    for (let j = 0; j < n; ) {
      const score = column[order[j]];
      const prevTp = tp;
      const prevFp = fp;
      // A run of tied scores is one step, as sklearn groups distinct thresholds.
      while (j < n && column[order[j]] === score) {
        const row = order[j++];
        if (labels[row] === c) tp += weights[row];
        else fp += weights[row];
      }
      if (tp > prevTp) ap += ((tp - prevTp) / positives) * (tp / (tp + fp));
      twiceArea += (fp - prevFp) * (tp + prevTp);
    }
    prAucs.push(ap);
    rocAucs.push(twiceArea / (2 * positives * negatives));
  }
  const mean = (values: number[]) => (values.length ? values.reduce((x, y) => x + y, 0) / values.length : NaN);
  const mcc = multiclassMcc(confusion.map((row) => Array.from(row)));
  return {
    macroPrAuc: mean(prAucs),
    macroF1: mean(f1),
    rarestClassRecall: recall[rarest] ?? NaN,
    macroRocAuc: mean(rocAucs),
    balancedAccuracy: mean(present),
    mcc,
    weightedF1: f1.reduce((sum, v, c) => sum + v * support[c], 0) / total,
    accuracy: correct / total,
    logLoss: logLoss / total,
    brier: brier / total,
    ece: ece / total,
  };
}

function excludesZero(low: number | null, high: number | null): boolean {
  return low !== null && high !== null && (low > 0 || high < 0);
}

/** Fewer rows of the rarest class than this in a test fold make per-fold figures fragile. */
export const FEW_RAREST = 20;

export interface MulticlassVerdictInput {
  evaluation: EvaluationSettings;
  runs: readonly MulticlassRunResult[];
  labels: readonly string[];
  baselineId: string | null;
  comparisons: readonly MulticlassPairedComparison[];
  classes: readonly string[];
  rarest: number;
  maxEpochs: number;
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${formatMetric(Math.abs(value))}`;

/** The verdict on macro PR-AUC, macro-F1 and the rarest class's recall: only reliable differences are stated. */
export function buildMulticlassVerdict(input: MulticlassVerdictInput): MulticlassVerdict {
  const { runs, labels } = input;
  const labelOf = (id: string) => labels[runs.findIndex((r) => r.id === id)] ?? id;
  const finished = runs.filter((r) => r.status === 'finished' && r.folds.length > 0);
  const notes: string[] = [];
  const failed = runs.filter((r) => r.status !== 'finished');
  if (failed.length > 0) notes.push(`${failed.map((r) => labelOf(r.id)).join(', ')} failed and ${failed.length === 1 ? 'is' : 'are'} not compared.`);
  if (finished.length === 0) return { text: 'No model finished, so there is nothing to compare.', claims: [], notes };
  const rarestName = input.classes[input.rarest];
  notes.push(...multiclassCaveats(input, finished, rarestName));
  if (finished.length === 1 || !input.baselineId) return { text: `Only ${labelOf(finished[0].id)} finished, so there is no other loss to compare it with.`, claims: [], notes };
  const headline = MULTICLASS_SUMMARY_METRICS.filter((m) => m.headline);
  const claims: MulticlassVerdict['claims'] = [];
  const stated: string[] = [];
  for (const run of finished) {
    if (run.id === input.baselineId) continue;
    const parts: string[] = [];
    for (const spec of headline) {
      const c = input.comparisons.find((x) => x.loss === run.id && x.baseline === input.baselineId && x.metric === spec.key);
      if (!c || !c.reliable || c.meanDifference === null) continue;
      const direction = c.meanDifference > 0 === (spec.better === 'higher') ? 'better' : 'worse';
      claims.push({ loss: run.id, metric: spec.key, direction });
      const label = spec.key === 'rarestClassRecall' ? `recall of the rarest class '${rarestName}'` : spec.label;
      const detail = parts.length === 0 && c.ciLow !== null && c.ciHigh !== null ? `${signed(c.meanDifference)}, 95% CI ${signed(c.ciLow)} to ${signed(c.ciHigh)}` : signed(c.meanDifference);
      parts.push(`${direction} ${label} (${detail})`);
    }
    if (parts.length > 0) stated.push(`${labelOf(run.id)}: ${parts.join('; ')}`);
  }
  const basis = protocolPhrase(input.evaluation);
  const baseline = labelOf(input.baselineId);
  const text =
    stated.length === 0
      ? `No reliable difference on this data: no loss beat or trailed ${baseline} on macro PR-AUC, macro-F1 or the recall of the rarest class '${rarestName}' beyond chance (${basis}).`
      : `Against ${baseline} (${basis}): ${stated.join('. ')}. Other differences are within chance; intervals in the table.`;
  return { text, claims, notes };
}

function multiclassCaveats(input: MulticlassVerdictInput, finished: readonly MulticlassRunResult[], rarestName: string): string[] {
  const notes: string[] = [];
  if (input.evaluation.earlyStopping) {
    const labelOf = (id: string) => input.labels[input.runs.findIndex((r) => r.id === id)] ?? id;
    const undertrained = finished
      .map((run) => ({ run, atLimit: run.folds.filter((f) => f.bestEpoch === input.maxEpochs).length }))
      .filter(({ run, atLimit }) => atLimit * 2 >= run.folds.length);
    if (undertrained.length > 0) {
      notes.push(
        `Still improving at the epoch limit (${input.maxEpochs}): ${undertrained.map(({ run, atLimit }) => `${labelOf(run.id)} on ${atLimit} of ${run.folds.length} folds`).join(', ')} kept the last epoch. These models may be undertrained; raise the epochs.`,
      );
    }
  }
  const first = finished[0];
  const testRarest = Math.min(...first.folds.map((f) => f.rows.testClassCounts[input.rarest] ?? 0));
  if (testRarest < FEW_RAREST) {
    notes.push(`Few cases: as few as ${testRarest} row${testRarest === 1 ? '' : 's'} of the rarest class '${rarestName}' in a test ${input.evaluation.protocol === 'holdout' ? 'split' : 'fold'}, so its recall moves in large steps and the intervals are wide.`);
  }
  if (input.evaluation.protocol === 'holdout') {
    notes.push('One split: the intervals resample the test rows only and leave out how much a model varies with its training rows; cross-validation (--folds 5) includes that.');
  }
  return notes;
}
