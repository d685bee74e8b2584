// "Where the gradient goes" in words and as a table, shared by the panel, the reports and the
// CLI (--explain): per run, the gradient shares of the classes' rows by confidence (hard,
// medium, easy), and one sentence on what focal loss changed for the easy majority rows.
// Descriptive: the shares are pooled over folds, not a comparison with an interval, so the
// sentence says what each loss did and claims nothing about which model is better.

import { CONFIDENCE_GROUPS, shareBetween } from '../evaluation/contributions';
import { isMulticlassResults, type MulticlassComparisonResults } from '../multiclassResults';
import type { ComparisonResults, ContributionTable, RunContributions } from '../results';
import { multiclassRunLabels } from './multiclassLabels';
import { escapeHtml } from './escape';
import { CLASS_COLOURS } from './palette';
import { formatPercent } from './format';
import { chartTitle, svgOpen, SVG_CLOSE, text } from './svgPrimitives';
import { quoteName, runLabels } from './names';
import type { TextTable } from './reportContent';

export interface ContributionRun {
  label: string;
  /** Loss kind: the baseline sentence starts from the run without a focusing term. */
  gamma: number;
  contributions: RunContributions | null | undefined;
}

export interface ContributionRow {
  run: string;
  className: string;
  /** Gradient shares of the class's rows: hard, medium, easy (the order of CONFIDENCE_GROUPS), at the kept epoch. */
  shares: number[];
  /** The class's share of all the gradient. */
  total: number;
}

function rowsOf(table: ContributionTable): number[] {
  return Object.values(table).map((c) => c.count.reduce((a, b) => a + b, 0));
}

/** The classes with most and fewest training rows. */
export function majorityAndMinority(table: ContributionTable): { majority: string; minority: string } {
  const names = Object.keys(table);
  const rows = rowsOf(table);
  let majority = 0;
  let minority = 0;
  rows.forEach((count, i) => {
    if (count > rows[majority]) majority = i;
    if (count < rows[minority]) minority = i;
  });
  return { majority: names[majority], minority: names[minority] };
}

/** One row per run and class: the gradient shares by confidence group at the kept epoch. */
export function contributionRows(runs: readonly ContributionRun[], epoch: 'first' | 'kept' = 'kept'): ContributionRow[] {
  return runs.flatMap((run) => {
    const table = run.contributions?.atEpoch[epoch];
    if (!table) return [];
    return Object.entries(table).map(([className, contribution]) => ({
      run: run.label,
      className,
      shares: CONFIDENCE_GROUPS.map((group) => shareBetween(contribution, group.from, group.to)),
      total: contribution.gradientShare.reduce((a, b) => a + b, 0),
    }));
  });
}

/** A share as a percentage, with a decimal only where it is small. */
export function formatShare(share: number): string {
  return formatPercent(share, share < 0.095 ? 1 : 0);
}

const EASY = CONFIDENCE_GROUPS.find((g) => g.id === 'easy')!;
const HARD = CONFIDENCE_GROUPS.find((g) => g.id === 'hard')!;

/**
 * One sentence: how much of the gradient the easy majority rows and the hard minority rows carry
 * under the baseline (the first run without a focusing term, else the first run), and under each
 * other run. Not the classes' totals: near a trained model they balance (the output bias is at its
 * optimum when its gradient sums to zero), so each class carries about half whatever the loss.
 * Null when no run has contributions.
 */
export function contributionSentence(runs: readonly ContributionRun[]): string | null {
  const withData = runs.filter((run) => run.contributions);
  if (withData.length === 0) return null;
  const baseline = withData.find((run) => run.gamma === 0) ?? withData[0];
  const { majority, minority } = majorityAndMinority(baseline.contributions!.atEpoch.kept);
  const share = (run: ContributionRun, name: string, group: (typeof CONFIDENCE_GROUPS)[number]) => shareBetween(run.contributions!.atEpoch.kept[name], group.from, group.to);
  const easy = (run: ContributionRun) => formatShare(share(run, majority, EASY));
  const hard = (run: ContributionRun) => formatShare(share(run, minority, HARD));
  const head = `With ${baseline.label}, easy ${quoteName(majority)} rows (p_t ≥ ${EASY.from}) carry ${easy(baseline)} of the gradient and hard ${quoteName(minority)} rows (p_t < ${HARD.to}) ${hard(baseline)}`;
  const others = withData.filter((run) => run !== baseline).map((run) => `${run.label}: ${easy(run)} and ${hard(run)}`);
  return others.length === 0 ? `${head}.` : `${head}; ${others.join('; ')}.`;
}

/** The hard / medium / easy column heads. */
export const CONFIDENCE_HEADS: readonly string[] = CONFIDENCE_GROUPS.map((group) => group.label);

/**
 * Plain-text lines for the terminal (focal-lab compare --explain): per run and class, the
 * gradient shares by confidence at the kept epoch, then the sentence. Empty when no run has them.
 */
export function contributionLines(runs: readonly ContributionRun[]): string[] {
  const rows = contributionRows(runs);
  if (rows.length === 0) return [];
  const cells = rows.map((row) => [row.run, quoteName(row.className), ...row.shares.map(formatShare), formatShare(row.total)]);
  const head = ['model', 'class', ...CONFIDENCE_HEADS, 'class total'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  const sentence = contributionSentence(runs);
  return [
    'Where the gradient goes: shares of |dL/dz| on the training rows at the kept epoch, pooled over folds',
    line(head),
    ...cells.map(line),
    ...(sentence ? ['', sentence] : []),
  ];
}

/** The reports' table: per run and class, the gradient shares by confidence at the kept epoch. */
export function contributionTable(runs: readonly ContributionRun[]): TextTable | null {
  const rows = contributionRows(runs);
  if (rows.length === 0) return null;
  return {
    header: ['Model', 'Class', ...CONFIDENCE_HEADS, 'Class total'],
    numeric: [false, false, true, true, true, true],
    rows: rows.map((row) => [row.run, quoteName(row.className), ...row.shares.map(formatShare), formatShare(row.total)]),
  };
}

/** The note under the table: what the shares are, so no one reads them as a comparison with intervals. */
export const CONTRIBUTION_NOTE =
  "Shares of the summed gradient magnitude |dL/dz| over the training rows, during the kept epoch's training pass, pooled over the folds; p_t is the model's probability of a row's true class. With BCE the many easy majority rows can carry much of the gradient; focal loss's (1 − p_t)^γ turns them down. Each class's total stays near half for every loss once the output bias has settled (its gradient sums to zero), so what differs is where within a class the gradient goes. A description of training, not a test of which model is better.";

/** The same for three or more classes (cross-entropy, and no two-class balance of the totals). */
export const MULTICLASS_CONTRIBUTION_NOTE =
  "Shares of the summed gradient magnitude |dL/dz| (the L2 norm over the K logits) over the training rows, during the kept epoch's training pass, pooled over the folds; p_t is the model's probability of a row's true class. With cross-entropy the many easy majority rows can carry much of the gradient; focal loss's (1 − p_t)^γ turns them down. A description of training, not a test of which model is better.";

/** The runs of a comparison (either task) with the labels its tables use. */
export function contributionRunsOf(results: ComparisonResults | MulticlassComparisonResults): ContributionRun[] {
  const labels = isMulticlassResults(results) ? multiclassRunLabels(results.runs) : runLabels(results.runs);
  return results.runs.map((run, i) => ({ label: labels[i], gamma: run.gamma, contributions: run.status === 'finished' ? run.contributions : null }));
}

const GROUP_OPACITY: Readonly<Record<(typeof CONFIDENCE_GROUPS)[number]['id'], number>> = { hard: 1, medium: 0.62, easy: 0.3 };

/** The HTML report's chart: one stacked bar per model of the gradient shares by class × confidence, at the kept epoch. */
export function contributionChartSvg(runs: readonly ContributionRun[]): string | null {
  const withData = runs.filter((run) => run.contributions);
  if (withData.length === 0) return null;
  const width = 640;
  const labelWidth = 170;
  const barHeight = 18;
  const gap = 8;
  const top = 30;
  const names = Object.keys(withData[0].contributions!.atEpoch.kept);
  const legendTop = top + withData.length * (barHeight + gap) + 8;
  const legendRows = Math.ceil((names.length * CONFIDENCE_GROUPS.length) / 3);
  const height = legendTop + legendRows * 18 + 8;
  const barWidth = width - labelWidth - 12;
  const parts = [svgOpen(width, height, 'Where the gradient goes: shares of |dL/dz| on the training rows by class and confidence, kept epoch'), chartTitle('Where the gradient goes (kept epoch)', 12, 18)];
  withData.forEach((run, r) => {
    const y = top + r * (barHeight + gap);
    parts.push(text(labelWidth - 8, y + barHeight - 5, run.label, 'end'));
    let x = labelWidth;
    const table = run.contributions!.atEpoch.kept;
    names.forEach((name, c) => {
      for (const group of CONFIDENCE_GROUPS) {
        const share = shareBetween(table[name], group.from, group.to);
        if (share <= 0) continue;
        const w = share * barWidth;
        parts.push(
          `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${barHeight}" fill="${CLASS_COLOURS[c % CLASS_COLOURS.length]}" fill-opacity="${GROUP_OPACITY[group.id]}"><title>${escapeHtml(`${run.label} · class ${quoteName(name)}, ${group.label}: ${formatShare(share)}`)}</title></rect>`,
        );
        x += w;
      }
    });
  });
  names.forEach((name, c) =>
    CONFIDENCE_GROUPS.forEach((group, g) => {
      const index = c * CONFIDENCE_GROUPS.length + g;
      const x = 12 + (index % 3) * 210;
      const y = legendTop + Math.floor(index / 3) * 18;
      parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${CLASS_COLOURS[c % CLASS_COLOURS.length]}" fill-opacity="${GROUP_OPACITY[group.id]}"/>`, text(x + 18, y + 10, `${quoteName(name, 20)} ${group.label}`));
    }),
  );
  parts.push(SVG_CLOSE);
  return parts.join('');
}
