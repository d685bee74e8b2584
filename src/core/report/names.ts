// How runs and user-supplied names are written in prose and column headers.

import { LOSS_LABELS, type ComparisonResults, type DatasetSummary, type MetricSummaries, type ReferenceKind, type RunResult } from '../results';
import { stripControlCharacters } from './escape';

/** A run that finished and has its summary over folds: the only kind that is compared. */
export type FinishedRun = RunResult & { summary: MetricSummaries };

export function isFinished(run: RunResult): run is FinishedRun {
  return run.status === 'finished' && run.summary !== null && run.summary !== undefined;
}

export const REFERENCE_LABELS: Readonly<Record<ReferenceKind, string>> = {
  'base-rate': 'Base rate',
  'logistic-regression': 'Logistic regression',
};

export function referenceLabel(kind: ReferenceKind): string {
  return REFERENCE_LABELS[kind] ?? String(kind);
}

/** A gamma sweep: two or more runs, all of one loss, with different gammas (run ids loss@gamma). */
export function isSweep(results: { runs: readonly Pick<RunResult, 'loss' | 'gamma'>[] }): boolean {
  const runs = results.runs;
  if (runs.length < 2 || runs.some((r) => r.loss !== runs[0]!.loss)) return false;
  return new Set(runs.map((r) => r.gamma)).size === runs.length;
}

export function finishedRuns(results: Pick<ComparisonResults, 'runs'>): FinishedRun[] {
  return results.runs.filter(isFinished);
}

/**
 * Column headers for the runs, in order. The loss name alone when it is unique;
 * with gamma/alpha when the same loss was run twice, so columns stay distinguishable.
 */
export function runLabels(runs: readonly RunResult[]): string[] {
  // Arms carry their own label ('BCE + SMOTE', 'Focal (γ=3)'); older results are named from the loss.
  const labels = runs.map((run) => run.arm?.label ?? LOSS_LABELS[run.loss] ?? String(run.loss));
  return labels.map((label, i) => {
    if (labels.indexOf(label) === labels.lastIndexOf(label)) return label;
    const run = runs[i]!;
    if (run.arm) return label;
    const alpha = run.alphaForPositiveClass === null ? '' : `, α=${round(run.alphaForPositiveClass)}`;
    // Focal loss at gamma 0 is (weighted) BCE: say so rather than "Focal (γ=0)".
    const base = run.gamma === 0 && run.loss === 'focal' ? LOSS_LABELS.bce : run.gamma === 0 && run.loss === 'alpha-focal' ? LOSS_LABELS['weighted-bce'] : label;
    return `${base} (γ=${round(run.gamma)}${alpha})`;
  }).map((label, i, detailed) => {
    // Only runs that still share a label (same loss, gamma and alpha) get a number.
    if (detailed.indexOf(label) === detailed.lastIndexOf(label)) return label;
    return `${label} #${detailed.slice(0, i).filter((other) => other === label).length + 1}`;
  });
}

export function runLabel(run: RunResult, runs: readonly RunResult[]): string {
  const index = runs.indexOf(run);
  return index >= 0 ? runLabels(runs)[index]! : (LOSS_LABELS[run.loss] ?? String(run.loss));
}

/**
 * A class or column name quoted for a plain-text sentence: one line, bounded length,
 * in quotes that do not clash with the name. Not markup-safe: renderers escape it.
 */
export function quoteName(name: string, maxLength = 40): string {
  let text = stripControlCharacters(String(name)).replace(/\s+/g, ' ').trim();
  if (text.length > maxLength) text = `${text.slice(0, maxLength - 1)}…`;
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text}'`;
}

/**
 * "Minority"/"majority" when the positive class really is the rarer one; a user may
 * pick the larger class as positive, and then the words would mislead.
 */
export function classRoles(dataset: DatasetSummary): { positive: string; negative: string } {
  const positive = dataset.classCounts[dataset.positiveClass];
  const negative = dataset.classCounts[dataset.negativeClass];
  const positiveIsMinority = positive === undefined || negative === undefined || positive <= negative;
  return positiveIsMinority ? { positive: 'minority', negative: 'majority' } : { positive: 'positive', negative: 'negative' };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : 'n/a';
}

/** The label of a run id (or a reference kind) as it appears in the results' comparisons. */
export function labelOfId(results: Pick<ComparisonResults, 'runs'>, id: string): string {
  const index = results.runs.findIndex((r) => r.id === id);
  if (index >= 0) return runLabels(results.runs)[index]!;
  if (id in REFERENCE_LABELS) return REFERENCE_LABELS[id as ReferenceKind];
  return id;
}
