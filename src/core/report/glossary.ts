// "How to read this": the ideas behind a comparison in plain words (focal loss, gamma, alpha) and
// the verdict's rule, for the panel and the reports. The words for each metric live with the one
// metric list (SUMMARY_METRICS: description and reading).

import { SUMMARY_METRICS } from '../evaluation/summaryMetrics';
import type { ComparisonResults, PairedComparison } from '../results';

export interface GlossaryEntry {
  term: string;
  text: string;
}

export const CONCEPTS: readonly GlossaryEntry[] = [
  {
    term: 'Binary cross-entropy (BCE)',
    text: 'The usual loss: −log of the probability the model gave the true class. Every row counts the same, so on rare-class data the many easy majority rows dominate training.',
  },
  {
    term: 'Focal loss',
    text: 'BCE multiplied by (1 − pₜ)^γ, where pₜ is the probability given to the true class (Lin et al. 2017). Rows the model already gets right with confidence are down-weighted, so training attends to the hard ones.',
  },
  {
    term: 'Gamma (γ)',
    text: 'How strongly focal loss down-weights easy rows. γ = 0 is plain BCE; the paper’s default is 2; larger values ignore easy rows more.',
  },
  {
    term: 'Alpha (α)',
    text: 'A fixed weight for each class: α for the positive class, 1 − α for the other. It raises the cost of missing a positive, which mostly moves the operating point (more positives predicted at 0.5) rather than ranking rows better. "auto" = the share of negatives in the training rows.',
  },
  {
    term: 'Threshold and operating point',
    text: 'A model outputs a probability; a threshold turns it into a yes/no. Ranking metrics (PR-AUC, ROC-AUC) do not depend on it; precision, recall and F1 do. The threshold explorer shows the trade-off.',
  },
  {
    term: 'Cross-validation and intervals',
    text: 'Each row is a test row exactly once; every loss trains on the same folds. A cell shows the mean over the test folds ± half the width of its 95% interval: how much the figure could move with other data.',
  },
];

/** The verdict's rule, in words, with this run's numbers. */
export function verdictCriterion(results: Pick<ComparisonResults, 'comparisons' | 'evaluation'>): string {
  const headline = SUMMARY_METRICS.filter((m) => m.headline).map((m) => m.label);
  const list = `${headline.slice(0, -1).join(', ')} or ${headline[headline.length - 1]}`;
  const first: PairedComparison | undefined = results.comparisons[0];
  const method = first?.method === 'paired-bootstrap' ? 'a paired bootstrap over the test rows' : `the corrected resampled t-test over the ${first?.n ?? 'paired'} folds`;
  const family = first ? ` widened for the ${first.familySize} comparisons made (Bonferroni), so a chance difference among many is not called real` : '';
  return (
    `The verdict names a loss better or worse than the baseline only on a headline metric (${list}), and only when the 95% interval of the paired difference — each loss and the baseline on the same folds, by ${method} —${family} lies entirely above or below zero. ` +
    'Otherwise it says there is no reliable difference: the data cannot tell the losses apart, however the means look. Differences at threshold 0.5 (recall, false-positive rate) are reported as a moved operating point, never as a better model.'
  );
}
