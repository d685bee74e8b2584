// "Where the gradient goes" in words and as a table, shared by the panel, the reports and the
// CLI (--explain): per run, the gradient shares of the classes' rows by confidence (hard,
// medium, easy), and one sentence on what focal loss changed for the easy majority rows.
// Descriptive: the shares are pooled over folds, not a comparison with an interval, so the
// sentence says what each loss did and claims nothing about which model is better.

import { CONFIDENCE_GROUPS, shareBetween } from '../evaluation/contributions';
import type { ContributionTable, RunContributions } from '../results';
import { formatPercent } from './format';
import { quoteName } from './names';

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

/**
 * One sentence: how much of the gradient the easy majority rows carry under the baseline (the
 * first run without a focusing term, else the first run), what each other run gives them and
 * the minority class. Null when no run has contributions.
 */
export function contributionSentence(runs: readonly ContributionRun[]): string | null {
  const withData = runs.filter((run) => run.contributions);
  if (withData.length === 0) return null;
  const baseline = withData.find((run) => run.gamma === 0) ?? withData[0];
  const table = baseline.contributions!.atEpoch.kept;
  const { majority, minority } = majorityAndMinority(table);
  const easyOf = (run: ContributionRun) => shareBetween(run.contributions!.atEpoch.kept[majority], EASY.from, EASY.to);
  const minorityOf = (run: ContributionRun) => run.contributions!.atEpoch.kept[minority].gradientShare.reduce((a, b) => a + b, 0);
  const head = `With ${baseline.label}, easy ${quoteName(majority)} rows (p_t ≥ ${EASY.from}) carry ${formatShare(easyOf(baseline))} of the gradient and the ${quoteName(minority)} class ${formatShare(minorityOf(baseline))}`;
  const others = withData.filter((run) => run !== baseline).map((run) => `${run.label} gives them ${formatShare(easyOf(run))} and the ${quoteName(minority)} class ${formatShare(minorityOf(run))}`);
  return others.length === 0 ? `${head}.` : `${head}; ${others.join('; ')}.`;
}
