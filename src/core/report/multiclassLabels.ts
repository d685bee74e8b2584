// Names of the runs of a multi-class comparison, in the user's words for K classes.

import type { MulticlassRunResult } from '../multiclassResults';
import { lossLabel } from '../results';

/** Column headers for multi-class runs: "Cross-entropy" for BCE; gamma added when a loss appears twice (a sweep). */
export function multiclassRunLabels(runs: readonly Pick<MulticlassRunResult, 'loss' | 'gamma'>[]): string[] {
  const labels = runs.map((run) => lossLabel(run.loss, 'multiclass'));
  return labels.map((label, i) => (labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (γ=${runs[i].gamma})`));
}
