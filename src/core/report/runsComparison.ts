// Two stored runs side by side: each model's metrics in run A and run B with their own 95%
// intervals, and the difference B − A. The difference gets a paired interval only when the two
// runs tested on exactly the same rows in the same folds (same file, same target, same fold
// plan): then the corrected resampled t-test over folds (or the paired bootstrap of a single
// split) applies as within one run. Otherwise the runs are not paired, and only the difference
// of the means is shown, with no interval and no claim.

import { compareModels } from '../evaluation/summarise';
import { SUMMARY_METRICS, type SummaryMetricSpec } from '../evaluation/summaryMetrics';
import type { ComparisonResults, MetricSummary, PairedComparison, RunResult } from '../results';
import { escapeMarkdownCell, escapeMarkdownText } from './escape';
import { formatMetric } from './format';
import { runLabel } from './names';

export interface ComparedRun {
  /** How the user knows the run: "churn.csv #3". */
  label: string;
  /** What it trained, in words ("BCE, focal · γ 2 · α auto"). */
  description: string;
  results: ComparisonResults;
}

export interface MetricRow {
  spec: SummaryMetricSpec;
  a: MetricSummary | null;
  b: MetricSummary | null;
  /** B − A of the means. */
  difference: number | null;
  /** The paired interval, when the runs are paired. */
  paired: PairedComparison | null;
}

export interface ArmComparison {
  id: string;
  labelA: string;
  labelB: string;
  rows: MetricRow[];
}

export interface RunsComparison {
  a: ComparedRun;
  b: ComparedRun;
  /** Same test rows in every fold: differences carry paired intervals. */
  paired: boolean;
  /** Why they are, or are not, paired, in one sentence. */
  pairing: string;
  arms: ArmComparison[];
  onlyInA: string[];
  onlyInB: string[];
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Why two runs cannot be paired fold by fold, or null when they can. */
export function whyNotPaired(a: ComparisonResults, b: ComparisonResults): string | null {
  const da = a.dataset;
  const db = b.dataset;
  if (da.file !== db.file) return 'They ran on different files';
  if (da.rows !== db.rows || JSON.stringify(da.classCounts) !== JSON.stringify(db.classCounts)) return 'The file changed between the runs (other rows or class counts)';
  if (da.target !== db.target || da.positiveClass !== db.positiveClass) return 'They predicted a different target or positive class';
  const ea = a.evaluation;
  const eb = b.evaluation;
  if (ea.protocol !== eb.protocol || ea.folds !== eb.folds || ea.repeats !== eb.repeats) return 'They used different evaluation plans (folds, repeats or a single split)';
  // The decisive check: every fold tested the same rows (same seed and fractions give the same folds).
  const foldsA = a.runs.find((r) => r.folds.length > 0)?.folds ?? [];
  const foldsB = b.runs.find((r) => r.folds.length > 0)?.folds ?? [];
  if (foldsA.length === 0 || foldsA.length !== foldsB.length) return 'They do not have the same folds';
  for (const fold of foldsA) {
    const other = foldsB.find((f) => f.repeat === fold.repeat && f.fold === fold.fold);
    if (!other || !sameNumbers(fold.test.rows, other.test.rows)) return 'Their folds hold different test rows (another seed or split)';
  }
  return null;
}

function armLabel(run: RunResult, results: ComparisonResults): string {
  return runLabel(run, results.runs);
}

export function compareRuns(a: ComparedRun, b: ComparedRun): RunsComparison {
  const reason = whyNotPaired(a.results, b.results);
  const paired = reason === null;
  const idsA = a.results.runs.map((r) => r.id);
  const idsB = b.results.runs.map((r) => r.id);
  const shared = idsA.filter((id) => idsB.includes(id));
  const headline = SUMMARY_METRICS.filter((m) => m.headline).length;
  const arms = shared.map((id): ArmComparison => {
    const runA = a.results.runs.find((r) => r.id === id)!;
    const runB = b.results.runs.find((r) => r.id === id)!;
    const comparisons =
      paired && runA.status === 'finished' && runB.status === 'finished'
        ? compareModels(
            { id: `${id} (B)`, folds: runB.folds },
            { id: `${id} (A)`, folds: runA.folds },
            { evaluation: a.results.evaluation, positiveClass: a.results.dataset.positiveClass, seed: a.results.config.seed, familySize: Math.max(1, shared.length) * headline },
          )
        : [];
    const rows = SUMMARY_METRICS.map((spec): MetricRow => {
      const sa = runA.summary?.[spec.key] ?? null;
      const sb = runB.summary?.[spec.key] ?? null;
      const difference = sa?.mean !== null && sa?.mean !== undefined && sb?.mean !== null && sb?.mean !== undefined ? sb.mean - sa.mean : null;
      return { spec, a: sa, b: sb, difference, paired: comparisons.find((c) => c.metric === spec.key) ?? null };
    });
    return { id, labelA: armLabel(runA, a.results), labelB: armLabel(runB, b.results), rows };
  });
  const pairing = paired
    ? `Paired: both runs tested the same rows in the same ${a.results.evaluation.protocol === 'holdout' ? 'test split (paired bootstrap over its rows)' : `${a.results.evaluation.folds * a.results.evaluation.repeats} folds (corrected resampled t-test over the folds)`}, so each difference has its own interval.`
    : `Not paired: ${reason}. Only the difference of the means is shown, without an interval; each run's own interval is beside its value, and no difference is claimed.`;
  return { a, b, paired, pairing, arms, onlyInA: idsA.filter((id) => !idsB.includes(id)), onlyInB: idsB.filter((id) => !idsA.includes(id)) };
}

function withInterval(summary: MetricSummary | null): string {
  if (!summary || summary.mean === null) return 'n/a';
  return summary.ciLow !== null && summary.ciHigh !== null ? `${formatMetric(summary.mean)} [${formatMetric(summary.ciLow)}, ${formatMetric(summary.ciHigh)}]` : formatMetric(summary.mean);
}

function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatMetric(Math.abs(value))}`;
}

function differenceCell(row: MetricRow): string {
  if (row.difference === null) return 'n/a';
  const p = row.paired;
  if (!p || p.ciLow === null || p.ciHigh === null) return signed(row.difference);
  return `${signed(p.meanDifference ?? row.difference)} [${signed(p.ciLow)}, ${signed(p.ciHigh)}]`;
}

/** What the family-wise interval says, in words: only then is a difference called clear. */
function readingCell(row: MetricRow): string {
  const p = row.paired;
  if (!p || p.familyCiLow === null || p.familyCiHigh === null) return '';
  if (!p.reliable) return 'no clear difference';
  const higher = (p.meanDifference ?? 0) > 0;
  const better = row.spec.better === 'higher' ? higher : !higher;
  return `B clearly ${better ? 'better' : 'worse'}`;
}

export function renderRunsComparisonMarkdown(comparison: RunsComparison): string {
  const { a, b } = comparison;
  const lines: string[] = [];
  lines.push(`# Focal Lab: ${escapeMarkdownText(a.label)} (A) and ${escapeMarkdownText(b.label)} (B)`, '');
  lines.push(`- **A**: ${escapeMarkdownText(a.label)}: ${escapeMarkdownText(a.description)}; ${escapeMarkdownText(a.results.createdAt)}`);
  lines.push(`- **B**: ${escapeMarkdownText(b.label)}: ${escapeMarkdownText(b.description)}; ${escapeMarkdownText(b.results.createdAt)}`, '');
  lines.push(escapeMarkdownText(comparison.pairing), '');
  if (comparison.paired) {
    lines.push('Intervals are 95%. A difference is called clear only when its family-wise interval (Bonferroni over the headline metrics of the models compared) excludes zero.', '');
  }
  if (comparison.arms.length === 0) lines.push('The two runs have no model in common (different losses or gammas), so there is nothing to put side by side.', '');
  for (const arm of comparison.arms) {
    const title = arm.labelA === arm.labelB ? arm.labelA : `${arm.labelA} (A) / ${arm.labelB} (B)`;
    lines.push(`## ${escapeMarkdownText(title)}`, '');
    lines.push(`| Metric | A | B | B − A${comparison.paired ? ' [95% interval]' : ''} |${comparison.paired ? ' Reading |' : ''}`);
    lines.push(`|---|---|---|---|${comparison.paired ? '---|' : ''}`);
    for (const row of arm.rows) {
      const direction = row.spec.better === 'higher' ? '↑' : '↓';
      const cells = [`${escapeMarkdownCell(row.spec.label)} ${direction}`, withInterval(row.a), withInterval(row.b), differenceCell(row)];
      if (comparison.paired) cells.push(readingCell(row));
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  const only = (ids: string[], run: ComparedRun) => ids.map((id) => armLabel(run.results.runs.find((r) => r.id === id)!, run.results)).join(', ');
  if (comparison.onlyInA.length) lines.push(`Only in A: ${escapeMarkdownText(only(comparison.onlyInA, a))}.`);
  if (comparison.onlyInB.length) lines.push(`Only in B: ${escapeMarkdownText(only(comparison.onlyInB, b))}.`);
  lines.push('', '↑ higher is better, ↓ lower is better.');
  return lines.join('\n') + '\n';
}
