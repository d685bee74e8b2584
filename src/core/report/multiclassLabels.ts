// Names of the runs of a multi-class comparison, in the user's words for K classes.

import type { MulticlassRunResult } from '../multiclassResults';
import { lossLabel } from '../results';

/** Column headers for multi-class runs: "Cross-entropy" for BCE; gamma added when a loss appears twice (a sweep). */
export function multiclassRunLabels(runs: readonly Pick<MulticlassRunResult, 'loss' | 'gamma' | 'arm'>[]): string[] {
  // Arms carry their own label; older results are named from the loss.
  const labels = runs.map((run) => run.arm?.label ?? lossLabel(run.loss, 'multiclass'));
  return labels.map((label, i) => (runs[i].arm || labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (γ=${runs[i].gamma})`));
}
