// The report's prose and tables as plain text, once, for both the Markdown and
// the HTML renderer; each renderer escapes the text its own way.

import { LOSS_LABELS, type ComparisonResults, type DatasetSummary, type ThresholdMetrics } from '../results';
import { formatCount, formatMetric, formatPercent, formatSeconds, isFiniteNumber } from './format';
import { thresholdEntry, thresholdSources, thresholdTitle } from './metricRows';
import { finishedRuns, isFinished, quoteName, runLabels } from './names';
import { minorityVerdict } from './verdict';

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

type Results = Omit<ComparisonResults, 'verdict'> & { verdict?: string };

/** The stored verdict, or one computed now for results written without it. */
export function verdictOf(results: Results): string {
  return typeof results.verdict === 'string' && results.verdict.trim() !== '' ? results.verdict : minorityVerdict(results);
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
      label: 'Split',
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
      : plain(c.alpha);
  return [
    { label: 'Losses compared', value: c.losses.map((l) => LOSS_LABELS[l] ?? l).join(', ') },
    { label: 'Gamma (focal losses)', value: plain(c.gamma) },
    {
      label: 'Alpha',
      value: `${alphaValue}; alpha weighs the positive class ${positive}, the negative class ${negative} gets 1 − alpha (losses without alpha ignore it)`,
    },
    { label: 'Epochs', value: formatCount(c.epochs) },
    { label: 'Batch size', value: formatCount(c.batchSize) },
    { label: 'Learning rate', value: plain(c.learningRate) },
    { label: 'Hidden layers', value: c.hidden.length === 0 ? 'none (logistic regression)' : c.hidden.join(' → ') },
    { label: 'Seed', value: String(c.seed) },
    {
      label: 'Split fractions',
      value: `train ${formatPercent(c.split.train, 0)}, validation ${formatPercent(c.split.validation, 0)}, test ${formatPercent(c.split.test, 0)}`,
    },
    { label: 'Output bias starts at the prior', value: c.priorBiasInit ? 'yes' : 'no' },
    { label: 'Most categories one-hot encoded per column', value: formatCount(c.maxCategories) },
  ];
}

/** Per-class precision, recall, F1 and support, one table per reported threshold. */
export function perClassTables(results: Results): TextTable[] {
  const runs = finishedRuns(results);
  const labels = runLabels(results.runs);
  const classes = [results.dataset.negativeClass, results.dataset.positiveClass];
  return thresholdSources(runs).map((source) => ({
    caption: thresholdTitle(source, runs),
    header: ['Model', 'Class', 'Precision', 'Recall', 'F1', 'Support'],
    numeric: [false, false, true, true, true, true],
    rows: runs.flatMap((run) => {
      const at = thresholdEntry(run, source);
      return classes.map((name) => {
        const m = at?.perClass[name];
        return [
          labels[results.runs.indexOf(run)]!,
          quoteName(name, 60),
          formatMetric(m?.precision),
          formatMetric(m?.recall),
          formatMetric(m?.f1),
          formatCount(m?.support),
        ];
      });
    }),
  }));
}

export function trainingTable(results: Results): TextTable {
  const labels = runLabels(results.runs);
  const last = (values: readonly number[]) => formatMetric(values[values.length - 1]);
  return {
    header: ['Model', 'Status', 'Epochs', 'Time', 'Backend', 'Final train loss', 'Final validation loss', 'Final validation log-loss'],
    numeric: [false, false, true, true, false, true, true, true],
    rows: results.runs.map((run, i) => [
      labels[i]!,
      isFinished(run) ? 'finished' : 'failed',
      formatCount(run.epochsRun),
      formatSeconds(run.trainingSeconds),
      run.backend || 'n/a',
      last(run.history.trainLoss),
      last(run.history.valLoss),
      last(run.history.valLogLoss),
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

/** Every finished run's confusion matrix at each reported threshold. */
export function confusionEntries(results: Results): ConfusionEntry[] {
  const runs = finishedRuns(results);
  const labels = runLabels(results.runs);
  return thresholdSources(runs).flatMap((source) =>
    runs.flatMap((run) => {
      const at = thresholdEntry(run, source);
      if (!at) return [];
      const threshold = `${source === 'default' ? 'threshold' : 'tuned threshold'} ${plain(at.threshold)}`;
      return [{ model: labels[results.runs.indexOf(run)]!, threshold, matrix: at.confusion }];
    }),
  );
}

export function footerText(results: Results): string {
  return `Generated by ${results.tool.name} ${results.tool.version} on ${results.createdAt} in ${formatSeconds(results.durationSeconds)} (results schema ${results.schemaVersion}).`;
}

function plain(value: number): string {
  return isFiniteNumber(value) ? String(Number(value.toPrecision(6))) : 'n/a';
}
