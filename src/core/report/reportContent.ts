// The report's prose and tables as plain text, once, for both the Markdown and
// the HTML renderer; each renderer escapes the text its own way.

import { describeAlpha } from '../config';
import { FEW_POSITIVES } from '../evaluation/verdict';
import { LOSS_LABELS, type ComparisonResults, type DatasetSummary, type EvaluationSettings, type FoldEvaluation, type ThresholdMetrics } from '../results';
import { planeName } from './planeText';
import { formatCount, formatDateTime, formatMetric, formatPercent, formatSeconds, isFiniteNumber } from './format';
import { formatInterval, modelColumns, signedMetric, thresholdEntry, type ModelColumn } from './metricRows';
import { finishedRuns, isFinished, isSweep, labelOfId, quoteName, runLabels } from './names';

export { isSweep };

export interface Fact {
  label: string;
  value: string;
  /** Extra lines shown as a list under the fact (notices, columns left out). */
  items?: string[];
}

export interface TextTable {
  caption?: string;
  header: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric: boolean[];
}

type Results = ComparisonResults;

/** The stored verdict's sentence (schemaVersion 2 stores it as {text, claims, notes}). */
export function verdictOf(results: Pick<ComparisonResults, 'verdict'>): string {
  const verdict = results.verdict as ComparisonResults['verdict'] | string | undefined;
  if (typeof verdict === 'string') return verdict;
  return verdict?.text?.trim() ? verdict.text : 'No verdict was recorded.';
}

/** The verdict's further sentences: moved operating point, linear model, few positives, single split. */
export function verdictNotes(results: Pick<ComparisonResults, 'verdict'>): string[] {
  const verdict = results.verdict as ComparisonResults['verdict'] | string | undefined;
  if (!verdict || typeof verdict === 'string' || !Array.isArray(verdict.notes)) return [];
  return verdict.notes.filter((n) => typeof n === 'string' && n.trim() !== '');
}

const MONITOR_WORDS: Record<NonNullable<EvaluationSettings['earlyStopping']>['monitor'], string> = {
  'own-loss': 'own loss',
  'log-loss': 'validation log-loss',
  'pr-auc': 'validation PR-AUC',
};

/** The evaluation protocol in words: "5-fold stratified cross-validation, 1 repeat, early stopping patience 5 on own loss". */
export function protocolDescription(results: Results): string {
  const e = results.evaluation;
  const parts: string[] = [];
  if (!e || e.protocol === 'holdout') {
    const s = results.dataset.split;
    parts.push(`one stratified train/validation/test split (${formatCount(s.train)} / ${formatCount(s.validation)} / ${formatCount(s.test)} rows)`);
  } else {
    parts.push(`${e.folds}-fold stratified cross-validation`, `${e.repeats} repeat${e.repeats === 1 ? '' : 's'}`);
  }
  const stopping = e?.earlyStopping;
  if (stopping && stopping.patience > 0) parts.push(`early stopping patience ${stopping.patience} on ${MONITOR_WORDS[stopping.monitor] ?? stopping.monitor}`);
  else parts.push('no early stopping (every epoch trained, the last kept)');
  parts.push(`at most ${formatCount(results.config.epochs)} epochs`);
  let text = parts.join(', ');
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if ((!e || e.protocol === 'holdout') && (results.comparisons?.length ?? 0) > 0) text += '; the differences are tested by a paired bootstrap over the test rows';
  return `${text}.`;
}

const TARGET_SOURCE: Record<DatasetSummary['targetSource'], string> = {
  user: 'chosen by you',
  name: 'recognised by its name',
  'last-low-cardinality': 'the last column with few distinct values',
};

export function datasetFacts(results: Results): Fact[] {
  const d = results.dataset;
  const total = Object.values(d.classCounts).reduce((a, b) => a + b, 0);
  const classCount = (name: string) => {
    const count = d.classCounts[name];
    return isFiniteNumber(count) ? `${formatCount(count)} rows (${formatPercent(total > 0 ? count / total : NaN)})` : 'count unknown';
  };
  const leftOut = d.columns.filter((c) => c.notice).map((c) => `${quoteName(c.name, 60)}: ${c.notice}`);
  const features = d.features.map((f) => quoteName(f, 60));
  const shown = features.length > 40 ? [...features.slice(0, 40), `and ${features.length - 40} more`] : features;
  const facts: Fact[] = [
    { label: 'File', value: d.file },
    {
      label: 'Rows',
      value: `${formatCount(d.rows)}${d.rowsWithoutTarget > 0 ? ` (${formatCount(d.rowsWithoutTarget)} without a target value were left out)` : ''}`,
    },
    { label: 'Target column', value: `${quoteName(d.target, 60)} (${TARGET_SOURCE[d.targetSource] ?? d.targetSource})` },
    {
      label: 'Positive class',
      value: `${quoteName(d.positiveClass, 60)}: ${classCount(d.positiveClass)}, ${d.positiveClassSource === 'user' ? 'chosen by you' : 'the minority class'}`,
    },
    { label: 'Negative class', value: `${quoteName(d.negativeClass, 60)}: ${classCount(d.negativeClass)}` },
    {
      label: 'Class counts',
      value: Object.entries(d.classCounts)
        .map(([name, count]) => `${quoteName(name, 60)} ${formatCount(count)}`)
        .join(', '),
    },
    {
      label: 'Features used',
      value: `${d.features.length} (input width ${formatCount(d.inputWidth)} after one-hot encoding): ${shown.join(', ')}`,
    },
    {
      label: results.evaluation?.protocol === 'cross-validation' ? 'Rows per fold (the first)' : 'Split',
      value: `train ${formatCount(d.split.train)}, validation ${formatCount(d.split.validation)}, test ${formatCount(d.split.test)} rows`,
    },
  ];
  if (leftOut.length > 0) facts.push({ label: 'Columns left out', value: String(leftOut.length), items: leftOut });
  if (d.notices.length > 0) facts.push({ label: 'Notices', value: String(d.notices.length), items: [...d.notices] });
  return facts;
}

export function configFacts(results: Results): Fact[] {
  const c = results.config;
  const positive = quoteName(results.dataset.positiveClass, 60);
  const negative = quoteName(results.dataset.negativeClass, 60);
  const resolvedAlpha = results.runs.map((r) => r.alphaForPositiveClass).find(isFiniteNumber);
  const alphaValue =
    c.alpha === 'auto'
      ? `auto (inverse class frequency)${resolvedAlpha === undefined ? '' : ` = ${plain(resolvedAlpha)}`}`
      : typeof c.alpha === 'number' ? plain(c.alpha) : describeAlpha(c.alpha);
  return [
    { label: 'Losses compared', value: [...new Set((results.runs.length ? results.runs.map((r) => r.loss) : c.losses).map((l) => LOSS_LABELS[l] ?? l))].join(', ') },
    { label: 'Gamma (focal losses)', value: isSweep(results) ? `swept: ${results.runs.map((r) => plain(r.gamma)).join(', ')} (gamma 0 is the baseline)` : plain(c.gamma) },
    {
      label: 'Alpha',
      value: `${alphaValue}; alpha weighs the positive class ${positive}, the negative class ${negative} gets 1 − alpha (losses without alpha ignore it)`,
    },
    { label: 'Evaluation', value: protocolDescription(results) },
    { label: 'Epochs (at most)', value: formatCount(c.epochs) },
    { label: 'Batch size', value: formatCount(c.batchSize) },
    { label: 'Learning rate', value: plain(c.learningRate) },
    { label: 'Hidden layers', value: c.hidden.length === 0 ? 'none (logistic regression)' : c.hidden.join(' → ') },
    { label: 'Seed', value: String(c.seed) },
    results.evaluation?.protocol === 'cross-validation'
      ? { label: 'Validation share of each fold\'s training rows', value: formatPercent(results.evaluation.validationShare, 0) }
      : {
          label: 'Split fractions',
          value: `train ${formatPercent(c.split.train, 0)}, validation ${formatPercent(c.split.validation, 0)}, test ${formatPercent(c.split.test, 0)}`,
        },
    { label: 'Output bias starts at the prior', value: c.priorBiasInit ? 'yes' : 'no' },
    { label: 'Most categories one-hot encoded per column', value: formatCount(c.maxCategories) },
    // Absent in results written before these settings existed.
    ...(c.dedupe !== undefined ? [{ label: 'Exact duplicate rows', value: c.dedupe ? 'dropped before splitting' : 'kept (counted in the notices)' }] : []),
    ...(c.missingValues !== undefined ? [{ label: 'Read as missing besides empty cells', value: c.missingValues.length ? c.missingValues.join(', ') : 'nothing' }] : []),
    ...(results.decisionPlane ? [{ label: 'Decision regions drawn over', value: planeName(results.decisionPlane) }] : []),
  ];
}

/** What a confusion matrix or per-class table built from the pooled predictions rests on. */
export function pooledPhrase(results: Results): string {
  const e = results.evaluation;
  return e?.protocol === 'cross-validation' ? `summed over the ${e.folds} test folds${e.repeats > 1 ? ' of the first repeat' : ''}` : 'on the test split';
}

function thresholdCaption(source: ThresholdMetrics['thresholdSource'], at: ThresholdMetrics | undefined, results: Results): string {
  if (source === 'default') return 'threshold 0.5';
  const value = at ? plain(Number(at.threshold.toFixed(3))) : 'n/a';
  return results.evaluation?.protocol === 'cross-validation' ? `tuned threshold (each fold its own; mean ${value})` : `tuned threshold ${value}`;
}

const SOURCES: readonly ThresholdMetrics['thresholdSource'][] = ['default', 'validation-f1'];

/** Per-class precision, recall, F1 and support of the pooled predictions (confusion summed over folds), per threshold. */
export function perClassTables(results: Results): TextTable[] {
  const columns = modelColumns(results).filter((c) => c.pooled);
  const classes = [results.dataset.negativeClass, results.dataset.positiveClass];
  return SOURCES.filter((source) => columns.some((c) => thresholdEntry(c.pooled, source))).map((source) => ({
    caption: source === 'default' ? 'At threshold 0.5' : 'At the tuned threshold (best F1 on each fold\'s validation rows)',
    header: ['Model', 'Class', 'Precision', 'Recall', 'F1', 'Support'],
    numeric: [false, false, true, true, true, true],
    rows: columns.flatMap((column) => {
      const at = thresholdEntry(column.pooled, source);
      return classes.map((name) => {
        const m = at?.perClass[name];
        return [column.label, quoteName(name, 60), formatMetric(m?.precision), formatMetric(m?.recall), formatMetric(m?.f1), formatCount(m?.support)];
      });
    }),
  }));
}

const foldName = (f: Pick<FoldEvaluation, 'repeat' | 'fold'>, repeats: number) => (repeats > 1 ? `${f.repeat + 1}.${f.fold + 1}` : String(f.fold + 1));

/** Epochs trained and the epoch kept, fold by fold, per run. */
export function trainingTable(results: Results): TextTable {
  const labels = runLabels(results.runs);
  const repeats = results.evaluation?.repeats ?? 1;
  return {
    header: ['Model', 'Status', 'Epochs run per fold', 'Kept (best) epoch per fold', 'Time (all folds)', 'Backend'],
    numeric: [false, false, false, false, true, false],
    rows: results.runs.map((run, i) => {
      const folds = run.folds ?? [];
      const list = (pick: (f: (typeof folds)[number]) => number) =>
        folds.map((f) => (folds.length > 1 ? `${foldName(f, repeats)}: ${formatCount(pick(f))}` : formatCount(pick(f)))).join(', ');
      return [
        labels[i]!,
        isFinished(run) ? 'finished' : 'failed',
        folds.length ? list((f) => f.epochsRun) : formatCount(run.epochsRun),
        folds.length ? list((f) => f.bestEpoch) : formatCount(run.bestEpoch),
        formatSeconds(run.trainingSeconds),
        run.backend || 'n/a',
      ];
    }),
  };
}

/** Rows and positives of each fold (the same for every model): where "few positives" comes from. */
export function foldTable(results: Results): TextTable | null {
  const folds = finishedRuns(results)[0]?.folds ?? results.references?.[0]?.folds ?? [];
  if (folds.length === 0) return null;
  const repeats = results.evaluation?.repeats ?? 1;
  const few = (n: number) => (isFiniteNumber(n) && n < FEW_POSITIVES ? `${formatCount(n)} (few)` : formatCount(n));
  return {
    header: ['Fold', 'Train rows', 'Validation rows', 'Validation positives', 'Test rows', 'Test positives'],
    numeric: [false, true, true, true, true, true],
    rows: folds.map((f) => [foldName(f, repeats), formatCount(f.rows.train), formatCount(f.rows.validation), few(f.rows.validationPositives), formatCount(f.rows.test), few(f.rows.testPositives)]),
  };
}

/** A metric's value on every test fold, per model: the spread the intervals summarise. */
export function perFoldTable(results: Results, key: 'prAuc' = 'prAuc', columns: readonly ModelColumn[] = modelColumns(results)): TextTable {
  const repeats = results.evaluation?.repeats ?? 1;
  return {
    header: ['Model', `${key === 'prAuc' ? 'PR-AUC' : key} per test fold${repeats > 1 ? ' (repeat.fold)' : ''}`, 'Mean'],
    numeric: [false, false, true],
    rows: columns.map((c) => {
      const values = c.summary[key]?.perFold ?? [];
      const list = values.map((v, i) => {
        const f = c.folds[i];
        return repeats > 1 && f ? `${foldName(f, repeats)}: ${formatMetric(v)}` : formatMetric(v);
      });
      return [c.label, list.join(', ') || formatMetric(null), formatMetric(c.summary[key]?.mean)];
    }),
  };
}

/** Logistic regression minus each loss on PR-AUC: the check behind "a linear model does better here". */
export function referenceComparisonTable(results: Results): TextTable | null {
  const comparisons = results.referenceComparisons ?? [];
  if (comparisons.length === 0) return null;
  return {
    header: ['Logistic regression minus', 'PR-AUC difference', '95% interval', 'Family-wise interval', 'Conclusion'],
    numeric: [false, true, true, true, false],
    rows: comparisons.map((c) => [
      labelOfId(results, c.baseline),
      signedMetric(c.meanDifference),
      formatInterval(c.ciLow, c.ciHigh),
      formatInterval(c.familyCiLow, c.familyCiHigh),
      c.reliable && isFiniteNumber(c.meanDifference) ? (c.meanDifference > 0 ? 'linear model ranks better' : 'network ranks better') : 'within chance',
    ]),
  };
}

export interface FailedRun {
  label: string;
  error: string;
}

export function failedRuns(results: Results): FailedRun[] {
  const labels = runLabels(results.runs);
  return results.runs
    .map((run, i) => ({ run, label: labels[i]! }))
    .filter(({ run }) => !isFinished(run))
    .map(({ run, label }) => ({ label, error: run.error ?? 'No error message was recorded.' }));
}

export interface ConfusionEntry {
  model: string;
  threshold: string;
  matrix: ThresholdMetrics['confusion'];
}

/** Every finished run's (and reference's) confusion matrix of the pooled predictions, at 0.5 and at the tuned thresholds. */
export function confusionEntries(results: Results, options: { references?: boolean } = {}): ConfusionEntry[] {
  const columns = modelColumns(results, options).filter((c) => c.pooled);
  return SOURCES.flatMap((source) =>
    columns.flatMap((column) => {
      const at = thresholdEntry(column.pooled, source);
      if (!at) return [];
      return [{ model: column.label, threshold: thresholdCaption(source, at, results), matrix: at.confusion }];
    }),
  );
}

/** The note under the confusion matrices: what was summed, and what the tuned threshold is. */
export function confusionNote(results: Results): string {
  const e = results.evaluation;
  if (e?.protocol !== 'cross-validation') return 'Counts on the test split.';
  return (
    `Counts ${pooledPhrase(results)}, each fold at its own thresholds: 0.5, and the threshold that maximised F1 on that fold's validation rows. ` +
    "The tuned threshold shown is the mean of the folds' thresholds."
  );
}


export function footerText(results: Results): string {
  return `Generated by ${results.tool.name} ${results.tool.version} on ${formatDateTime(results.createdAt)} in ${formatSeconds(results.durationSeconds)} (results schema ${results.schemaVersion}).`;
}

function plain(value: number): string {
  return isFiniteNumber(value) ? String(Number(value.toPrecision(6))) : 'n/a';
}
