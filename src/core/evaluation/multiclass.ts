// Evaluation of the multi-class task, the counterpart of evaluateFold / summarise / pooled /
// verdict for K >= 3 classes: per-fold metrics from the stored probabilities, summaries over
// folds, paired comparisons with the baseline (corrected resampled t over folds; paired
// bootstrap over the test rows for a single split), pooled out-of-fold metrics, and a verdict
// on the headline metrics (macro PR-AUC, macro-F1, recall of the rarest class) that states
// only differences whose family-wise interval excludes zero.

import { computeMulticlassMetrics } from '../metrics/multiclass';
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
 * A single split: the same resamples of the test rows for both models (seeded), each metric
 * recomputed on each; resamples where a metric is undefined (a class drawn out) are skipped.
 */
function bootstrapDifferences(candidate: MulticlassFoldEvaluation, baseline: MulticlassFoldEvaluation, options: MulticlassComparisonOptions): Map<MulticlassSummaryMetricKey, { observed: number; resampled: number[] }> {
  const n = candidate.test.labels.length;
  const k = options.classes.length;
  const flat = (fold: MulticlassFoldEvaluation) => fold.test.probabilities.flat();
  const candidateProbabilities = flat(candidate);
  const baselineProbabilities = flat(baseline);
  const out = new Map<MulticlassSummaryMetricKey, { observed: number; resampled: number[] }>();
  for (const spec of MULTICLASS_SUMMARY_METRICS) {
    out.set(spec.key, { observed: spec.read(candidate.metrics, options.rarest) - spec.read(baseline.metrics, options.rarest), resampled: [] });
  }
  const random = derivedRandom(options.seed, 'multiclass-bootstrap');
  const labels = new Array<number>(n);
  const a = new Array<number>(n * k);
  const b = new Array<number>(n * k);
  for (let r = 0; r < (options.resamples ?? MULTICLASS_BOOTSTRAP_RESAMPLES); r++) {
    for (let i = 0; i < n; i++) {
      const row = Math.floor(random() * n);
      labels[i] = candidate.test.labels[row];
      for (let c = 0; c < k; c++) {
        a[i * k + c] = candidateProbabilities[row * k + c];
        b[i * k + c] = baselineProbabilities[row * k + c];
      }
    }
    const ma = computeMulticlassMetrics(labels, a, { classes: options.classes, maxCurvePoints: 2 });
    const mb = computeMulticlassMetrics(labels, b, { classes: options.classes, maxCurvePoints: 2 });
    for (const spec of MULTICLASS_SUMMARY_METRICS) {
      const d = spec.read(ma, options.rarest) - spec.read(mb, options.rarest);
      if (Number.isFinite(d)) out.get(spec.key)!.resampled.push(d);
    }
  }
  return out;
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
