// The tables of numbers, defined once for the Markdown, the HTML and the terminal, so all three
// show the same cells and mark the same differences. Rows come from SUMMARY_METRICS (the list the
// panel uses too); every cell is the mean over the test folds ± the half-width of its 95% interval.
// A cell is marked only when the paired comparison with the baseline is reliable (its family-wise
// interval excludes zero): a higher mean alone is never shown as a win.

import { BOOTSTRAP_RESAMPLES, familyLevel } from '../evaluation/summarise';
import { SUMMARY_METRICS, summaryMetric, type SummaryMetricSpec } from '../evaluation/summaryMetrics';
import type {
  ComparisonResults,
  FoldEvaluation,
  LossKind,
  MetricSummaries,
  MetricSummary,
  ModelMetrics,
  PairedComparison,
  SummaryMetricKey,
  ThresholdMetrics,
} from '../results';
import { formatCount, formatMetric, isFiniteNumber } from './format';
import { finishedRuns, labelOfId, referenceLabel, runLabels } from './names';
import { referenceColor, runColors } from './palette';

type Results = Pick<ComparisonResults, 'runs' | 'dataset'> & Partial<Pick<ComparisonResults, 'references' | 'comparisons' | 'referenceComparisons' | 'evaluation'>>;

/** A column of the tables: a finished run or a reference model. */
export interface ModelColumn {
  /** The run id, or the reference kind. */
  id: string;
  label: string;
  kind: 'run' | 'reference';
  color: string;
  loss: LossKind | null;
  gamma: number | null;
  alpha: number | null;
  summary: MetricSummaries;
  pooled: ModelMetrics | null;
  folds: readonly FoldEvaluation[];
}

/** Finished runs in order, then the references (base rate, logistic regression). */
export function modelColumns(results: Results, options: { references?: boolean } = {}): ModelColumn[] {
  const labels = runLabels(results.runs);
  const colors = runColors(results.runs);
  const columns: ModelColumn[] = finishedRuns(results).map((run) => ({
    id: run.id,
    label: labels[results.runs.indexOf(run)]!,
    kind: 'run',
    color: colors[results.runs.indexOf(run)]!,
    loss: run.loss,
    gamma: run.gamma,
    alpha: run.alphaForPositiveClass,
    summary: run.summary,
    pooled: run.pooled ?? null,
    folds: run.folds ?? [],
  }));
  if (options.references !== false) {
    for (const reference of results.references ?? []) {
      if (!reference?.summary) continue;
      columns.push({
        id: reference.kind,
        label: referenceLabel(reference.kind),
        kind: 'reference',
        color: referenceColor(reference.kind),
        loss: null,
        gamma: null,
        alpha: null,
        summary: reference.summary,
        pooled: reference.pooled ?? null,
        folds: reference.folds ?? [],
      });
    }
  }
  return columns;
}

/** The run every loss is compared with: the baseline of the stored comparisons (null without any). */
export function baselineId(results: Results): string | null {
  return results.comparisons?.[0]?.baseline ?? null;
}

export function comparisonOf(results: Results, id: string, metric: SummaryMetricKey): PairedComparison | undefined {
  const baseline = baselineId(results);
  return results.comparisons?.find((c) => c.loss === id && c.baseline === baseline && c.metric === metric);
}

/** 'better' / 'worse' than the baseline when the paired difference is reliable; null otherwise. */
export type Mark = 'better' | 'worse' | null;

export function reliableDirection(comparison: PairedComparison | undefined): Mark {
  if (!comparison?.reliable || !isFiniteNumber(comparison.meanDifference)) return null;
  const higher = comparison.meanDifference > 0;
  return higher === (summaryMetric(comparison.metric).better === 'higher') ? 'better' : 'worse';
}

export interface TableCell {
  text: string;
  mark: Mark;
  /** The per-fold values, for hovers; empty for settings. */
  perFold: (number | null)[];
}

export interface TableRow {
  label: string;
  kind: 'metric' | 'setting';
  key?: SummaryMetricKey;
  description?: string;
  headline?: boolean;
  cells: TableCell[];
}

export interface TableSection {
  title: string;
  rows: TableRow[];
}

/** Half of the 95% interval's width (the interval is symmetric about the mean); null without one. */
export function halfWidth(summary: Pick<MetricSummary, 'ciLow' | 'ciHigh'> | undefined): number | null {
  if (!summary || !isFiniteNumber(summary.ciLow) || !isFiniteNumber(summary.ciHigh)) return null;
  return (summary.ciHigh - summary.ciLow) / 2;
}

/** "0.677 ± 0.060"; the mean alone without an interval (one fold); "n/a" without a mean. */
export function formatSummary(summary: MetricSummary | undefined): string {
  if (!summary || !isFiniteNumber(summary.mean)) return formatMetric(null);
  // Rounding noise (a constant predictor's 1e-16 spread) prints as the zero it is.
  const clean = (v: number) => (Math.abs(v) < 1e-12 ? 0 : v);
  const half = halfWidth(summary);
  return half === null ? formatMetric(clean(summary.mean)) : `${formatMetric(clean(summary.mean))} ± ${formatMetric(clean(half))}`;
}

function sectionTitle(spec: SummaryMetricSpec): string {
  switch (spec.role) {
    case 'ranking':
      return 'Ranking (threshold-free)';
    case 'decision':
      return 'Decision (threshold tuned on the validation rows)';
    case 'calibration':
      return spec.key.startsWith('recalibrated') ? 'Calibration after Platt scaling (compared across losses)' : 'Calibration as trained (raw)';
    case 'operating-point':
      return 'Operating point (threshold 0.5)';
  }
}

/**
 * The metrics table: one row per SUMMARY_METRICS entry, grouped by role in its order (recall at
 * 0.5 and the false-positive rate at 0.5 stay adjacent); with `settings`, the loss settings and the
 * tuned threshold too.
 */
export function metricSections(results: Results, columns: readonly ModelColumn[], options: { settings?: boolean } = {}): TableSection[] {
  const sections: TableSection[] = [];
  if (options.settings) {
    sections.push({
      title: 'Loss settings',
      rows: [setting('Gamma', columns, (c) => c.gamma), setting('Alpha (positive-class weight)', columns, (c) => c.alpha)],
    });
  }
  for (const spec of SUMMARY_METRICS) {
    const title = sectionTitle(spec);
    let section = sections[sections.length - 1];
    if (!section || section.title !== title) {
      section = { title, rows: [] };
      sections.push(section);
    }
    if (options.settings && spec.role === 'decision' && section.rows.length === 0) {
      section.rows.push(setting('Tuned threshold (mean of the folds)', columns, (c) => thresholdEntry(c.pooled, 'validation-f1')?.threshold));
    }
    section.rows.push({
      label: spec.label,
      kind: 'metric',
      key: spec.key,
      description: spec.description,
      headline: spec.headline,
      cells: columns.map((column) => {
        const summary = column.summary[spec.key];
        return {
          text: formatSummary(summary),
          // A mark needs a value to sit on, and only the runs are compared with the baseline.
          mark: column.kind === 'run' && isFiniteNumber(summary?.mean) ? reliableDirection(comparisonOf(results, column.id, spec.key)) : null,
          perFold: summary?.perFold ?? [],
        };
      }),
    });
  }
  return sections;
}

function setting(label: string, columns: readonly ModelColumn[], pick: (column: ModelColumn) => number | null | undefined): TableRow {
  return {
    label,
    kind: 'setting',
    cells: columns.map((c) => {
      const value = pick(c);
      return { text: isFiniteNumber(value) ? String(Math.round(value * 1000) / 1000) : '–', mark: null, perFold: [] };
    }),
  };
}

export function thresholdEntry(metrics: ModelMetrics | null | undefined, source: ThresholdMetrics['thresholdSource']): ThresholdMetrics | undefined {
  return metrics?.atThreshold?.find((t) => t.thresholdSource === source);
}

/** The marks used in a table, for its legend. */
export function marksUsed(sections: readonly TableSection[]): Set<Exclude<Mark, null>> {
  const used = new Set<Exclude<Mark, null>>();
  for (const s of sections) for (const r of s.rows) for (const c of r.cells) if (c.mark) used.add(c.mark);
  return used;
}

export const MARK_SYMBOL: Readonly<Record<Exclude<Mark, null>, string>> = { better: '▲', worse: '▼' };

/** The sentence under a metrics table that says what a mark means and what it does not. */
export function marksNote(results: Results): string {
  const baseline = baselineId(results);
  const protocol = results.evaluation?.protocol === 'holdout' ? 'the paired bootstrap over the test rows' : 'the paired folds';
  const intervals = finishedRuns(results).some((run) => halfWidth(run.summary.prAuc) !== null);
  const each = intervals
    ? 'Each cell is the mean over the test folds ± the half-width of its 95% interval (just the value when there is no interval).'
    : 'Each cell is the value on the one test split, without an interval.';
  if (!baseline) return `${each} No comparison between losses was made, so no cell is marked.`;
  return (
    `${each} ${MARK_SYMBOL.better} / ${MARK_SYMBOL.worse}: reliably better / worse than ${labelOfId(results, baseline)} ` +
    `(the family-wise interval of the paired difference over ${protocol} excludes zero). Unmarked differences are within chance, whichever mean is higher; ` +
    'the reference models are yardsticks and are not marked.'
  );
}

// --- differences from the baseline ------------------------------------------------

export interface DifferenceRow {
  model: string;
  modelId: string;
  metric: string;
  key: SummaryMetricKey;
  headline: boolean;
  better: 'higher' | 'lower';
  comparison: PairedComparison;
  /** "+0.007", "n/a". */
  difference: string;
  /** "−0.009 to +0.022", "n/a". */
  interval: string;
  familyInterval: string;
  /** "better", "worse", or "within chance". */
  conclusion: string;
  mark: Mark;
}

/** A signed metric: "+0.012", "−0.004" (a real minus sign), "n/a". */
export function signedMetric(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return formatMetric(null);
  return `${value >= 0 ? '+' : '−'}${formatMetric(Math.abs(value))}`;
}

export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (!isFiniteNumber(low) || !isFiniteNumber(high)) return formatMetric(null);
  return `${signedMetric(low)} to ${signedMetric(high)}`;
}

/** One row per compared loss × metric (headline metrics only, or every summary metric), in SUMMARY_METRICS order per loss. */
export function differenceRows(results: Results, options: { headlineOnly?: boolean; comparisons?: readonly PairedComparison[] } = {}): DifferenceRow[] {
  const comparisons = options.comparisons ?? results.comparisons ?? [];
  const rows: DifferenceRow[] = [];
  const ids = [...new Set(comparisons.map((c) => c.loss))];
  for (const id of ids) {
    for (const spec of SUMMARY_METRICS) {
      if (options.headlineOnly && !spec.headline) continue;
      const comparison = comparisons.find((c) => c.loss === id && c.metric === spec.key);
      if (!comparison) continue;
      const mark = reliableDirection(comparison);
      rows.push({
        model: labelOfId(results, id),
        modelId: id,
        metric: spec.label,
        key: spec.key,
        headline: spec.headline,
        better: spec.better,
        comparison,
        difference: signedMetric(comparison.meanDifference),
        interval: formatInterval(comparison.ciLow, comparison.ciHigh),
        familyInterval: formatInterval(comparison.familyCiLow, comparison.familyCiHigh),
        conclusion: mark ?? 'within chance',
        mark,
      });
    }
  }
  return rows;
}

/** How the intervals of the differences were computed, in one or two sentences. */
export function differenceMethod(results: Results): string {
  const comparison = results.comparisons?.[0] ?? results.referenceComparisons?.[0];
  if (!comparison) return '';
  if (comparison.method === 'paired-bootstrap') {
    const testRows = finishedRuns(results)[0]?.folds?.[0]?.rows.test;
    const rows = isFiniteNumber(testRows) ? `the ${formatCount(testRows)} test rows` : 'the test rows';
    return `Differences are the loss minus the baseline on the same test rows; intervals from a paired bootstrap over ${rows} (${formatCount(BOOTSTRAP_RESAMPLES)} resamples, seeded, percentile intervals).`;
  }
  const evaluation = results.evaluation;
  const kr = evaluation ? ` (K·R = ${evaluation.folds}·${evaluation.repeats})` : '';
  return (
    `Differences are the loss minus the baseline, paired fold by fold, averaged over the ${comparison.n} test folds${kr}; ` +
    'intervals from the corrected resampled t-test (Nadeau and Bengio 2003): variance (1/n + n_test/n_train)·s², Student t with n − 1 degrees of freedom.'
  );
}

/** Why only some differences count: the Bonferroni family-wise interval. */
export function familyNote(results: Results): string {
  const comparison = results.comparisons?.[0];
  if (!comparison) return '';
  const m = comparison.familySize;
  const level = familyLevel(m) * 100;
  return (
    `A difference counts as reliable only when its family-wise interval excludes zero: Bonferroni over the ${m} headline comparison${m === 1 ? '' : 's'} of this report ` +
    `(each interval at ${trimLevel(level)}%), so that comparing several losses on several metrics does not make chance differences look real. ` +
    'A 95% interval that excludes zero without that is not enough. The verdict states only the reliable differences on the headline metrics; the other rows are details.'
  );
}

function trimLevel(value: number): string {
  return String(Number(value.toFixed(3)));
}

/** The direction words for a metric: "higher is better". */
export function betterPhrase(key: SummaryMetricKey): string {
  return `${summaryMetric(key).better} is better`;
}
