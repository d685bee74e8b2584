// The rows of the metrics table, defined once for the Markdown, the HTML and the
// terminal, so all three show the same numbers and mark the same winners.

import type { ComparisonResults, ThresholdMetrics } from '../results';
import { formatMetric, isFiniteNumber } from './format';
import { capitalise, classRoles, type FinishedRun } from './names';

/** Which way is better, for highlighting; 'none' for descriptive rows such as the threshold. */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricRow {
  /** Plain text, e.g. "Minority recall". */
  label: string;
  better: Better;
  /** 'setting' rows (threshold, gamma, alpha) print as plain numbers, not to 3 decimals. */
  kind?: 'metric' | 'setting';
  /** One per run, in column order; null where the run has no such value. */
  values: (number | null)[];
}

export interface MetricSection {
  /** Plain text, e.g. "At threshold 0.5". */
  title: string;
  rows: MetricRow[];
}

type ThresholdSource = ThresholdMetrics['thresholdSource'];

/** Full tables (Markdown, HTML): every metric at every reported threshold. */
export function metricSections(results: Pick<ComparisonResults, 'dataset'>, runs: readonly FinishedRun[]): MetricSection[] {
  const roles = classRoles(results.dataset);
  const { positiveClass, negativeClass } = results.dataset;
  const sections: MetricSection[] = [
    {
      title: 'Loss settings',
      rows: [
        setting('Gamma', runs, (r) => r.gamma),
        setting('Alpha (positive-class weight)', runs, (r) => r.alphaForPositiveClass),
      ],
    },
    {
      title: 'Threshold-free',
      rows: [
        row('ROC-AUC', 'higher', runs, (r) => r.metrics.rocAuc),
        row('PR-AUC (average precision)', 'higher', runs, (r) => r.metrics.prAuc),
        row('Log-loss', 'lower', runs, (r) => r.metrics.logLoss),
        row('Brier score', 'lower', runs, (r) => r.metrics.brier),
        row('ECE', 'lower', runs, (r) => r.metrics.ece),
      ],
    },
  ];
  for (const source of thresholdSources(runs)) {
    const at = (r: FinishedRun) => thresholdEntry(r, source);
    sections.push({
      title: thresholdTitle(source, runs),
      rows: [
        setting('Threshold', runs, (r) => at(r)?.threshold),
        row('Accuracy', 'higher', runs, (r) => at(r)?.accuracy),
        row('Balanced accuracy', 'higher', runs, (r) => at(r)?.balancedAccuracy),
        row('MCC', 'higher', runs, (r) => at(r)?.mcc),
        row('G-mean', 'higher', runs, (r) => at(r)?.gMean),
        row(`${capitalise(roles.positive)} precision`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.precision),
        row(`${capitalise(roles.positive)} recall`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.recall),
        row(`${capitalise(roles.positive)} F1`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.f1),
        row(`${capitalise(roles.negative)} recall`, 'higher', runs, (r) => at(r)?.perClass[negativeClass]?.recall),
      ],
    });
  }
  return sections;
}

/** The short table the CLI prints: headline metrics, then the minority class at 0.5 and at the tuned threshold. */
export function compactMetricRows(results: Pick<ComparisonResults, 'dataset'>, runs: readonly FinishedRun[]): MetricRow[] {
  const role = capitalise(classRoles(results.dataset).positive);
  const { positiveClass } = results.dataset;
  const rows: MetricRow[] = [
    row('ROC-AUC', 'higher', runs, (r) => r.metrics.rocAuc),
    row('PR-AUC', 'higher', runs, (r) => r.metrics.prAuc),
    row('Log-loss', 'lower', runs, (r) => r.metrics.logLoss),
    row('Brier', 'lower', runs, (r) => r.metrics.brier),
    row('ECE', 'lower', runs, (r) => r.metrics.ece),
  ];
  for (const source of thresholdSources(runs)) {
    const at = (r: FinishedRun) => thresholdEntry(r, source);
    const tag = source === 'default' ? `@${shortThreshold(runs, source)}` : '@tuned';
    if (source !== 'default') rows.push(setting('Tuned threshold', runs, (r) => at(r)?.threshold));
    rows.push(
      row(`${role} precision ${tag}`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.precision),
      row(`${role} recall ${tag}`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.recall),
      row(`${role} F1 ${tag}`, 'higher', runs, (r) => at(r)?.perClass[positiveClass]?.f1),
      row(`Balanced accuracy ${tag}`, 'higher', runs, (r) => at(r)?.balancedAccuracy),
      row(`MCC ${tag}`, 'higher', runs, (r) => at(r)?.mcc),
    );
  }
  return rows;
}

/**
 * Columns holding the best value of a row, compared as displayed (two runs that both
 * show 0.830 are both best). Empty when nothing can be ranked or every value is equal.
 */
export function bestColumns(metricRow: MetricRow): Set<number> {
  const best = new Set<number>();
  if (metricRow.better === 'none') return best;
  const shown = metricRow.values.map((v) => (isFiniteNumber(v) ? Number(formatMetric(v).replace(/,/g, '')) : null));
  const finite = shown.filter(isFiniteNumber);
  if (finite.length < 2 || finite.every((v) => v === finite[0])) return best;
  const target = metricRow.better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  shown.forEach((v, i) => {
    if (v === target) best.add(i);
  });
  return best;
}

/** The thresholds the runs report, the default 0.5 first. */
export function thresholdSources(runs: readonly FinishedRun[]): ThresholdSource[] {
  const present = new Set(runs.flatMap((r) => r.metrics.atThreshold.map((t) => t.thresholdSource)));
  return (['default', 'validation-f1'] as const).filter((s) => present.has(s));
}

export function thresholdEntry(run: FinishedRun, source: ThresholdSource): ThresholdMetrics | undefined {
  return run.metrics.atThreshold.find((t) => t.thresholdSource === source);
}

export function thresholdTitle(source: ThresholdSource, runs: readonly FinishedRun[]): string {
  return source === 'default'
    ? `At threshold ${shortThreshold(runs, source)}`
    : 'At the tuned threshold (best F1 on validation)';
}

function shortThreshold(runs: readonly FinishedRun[], source: ThresholdSource): string {
  const value = runs.map((r) => thresholdEntry(r, source)?.threshold).find(isFiniteNumber);
  return value === undefined ? '0.5' : String(Math.round(value * 1000) / 1000);
}

/** A cell's text: metrics to 3 decimals, settings as plain numbers, missing values as "n/a". */
export function formatCell(metricRow: MetricRow, value: number | null): string {
  if (metricRow.kind === 'setting') return isFiniteNumber(value) ? String(Math.round(value * 1000) / 1000) : '–';
  return formatMetric(value);
}

function setting(label: string, runs: readonly FinishedRun[], pick: (run: FinishedRun) => number | null | undefined): MetricRow {
  return { ...row(label, 'none', runs, pick), kind: 'setting' };
}

function row(label: string, better: Better, runs: readonly FinishedRun[], pick: (run: FinishedRun) => number | null | undefined): MetricRow {
  return { label, better, values: runs.map((r) => pick(r) ?? null) };
}
