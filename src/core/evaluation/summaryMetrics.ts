// The one list of metrics that are summarised over folds, compared against the baseline and
// shown by the panel, the CLI and the reports: what each is called, which way is better, what
// role it plays in the verdict, and how it is read from one fold's evaluation.

import type { FoldEvaluation, SummaryMetricKey } from '../results';

export type MetricRole = 'ranking' | 'decision' | 'calibration' | 'operating-point';

export interface SummaryMetricSpec {
  key: SummaryMetricKey;
  label: string;
  /** Said in one phrase, for hovers and the report's glossary. */
  description: string;
  /** How to read it, in plain words: the range, what a good value is, what it says and does not (the panel's "How to read this"). */
  reading: string;
  better: 'higher' | 'lower';
  role: MetricRole;
  /** Headline metrics can make the verdict name a loss better or worse than the baseline. */
  headline: boolean;
  read(fold: FoldEvaluation, positiveClass: string): number;
}

function atThreshold(fold: FoldEvaluation, source: 'default' | 'validation-f1') {
  const found = fold.metrics.atThreshold.find((t) => t.thresholdSource === source);
  if (!found) throw new Error(`the fold has no metrics at the ${source} threshold`);
  return found;
}

export const SUMMARY_METRICS: readonly SummaryMetricSpec[] = [
  { key: 'prAuc', label: 'PR-AUC', description: 'average precision: how well the model ranks the minority class, at no particular threshold', reading: 'From the prevalence (what random guessing gets) up to 1 (every positive ranked above every negative). The measure of ranking that matters most when positives are rare, because it ignores the easy true negatives.', better: 'higher', role: 'ranking', headline: true, read: (f) => f.metrics.prAuc },
  { key: 'rocAuc', label: 'ROC-AUC', description: 'the chance a random positive is ranked above a random negative', reading: '0.5 is guessing, 1 is perfect. Looks good even on very rare classes, because the many easy negatives count; read it together with PR-AUC.', better: 'higher', role: 'ranking', headline: true, read: (f) => f.metrics.rocAuc },
  { key: 'minorityF1AtTuned', label: 'Minority F1 (tuned)', description: 'F1 of the minority class at the threshold that maximised F1 on the validation rows', reading: '0 to 1: the balance of precision and recall for the rare class at a threshold chosen on the validation rows, so it is what the model does as a decision, not only how it ranks.', better: 'higher', role: 'decision', headline: true, read: (f, positive) => atThreshold(f, 'validation-f1').perClass[positive]?.f1 ?? NaN },
  { key: 'balancedAccuracyAtTuned', label: 'Balanced accuracy (tuned)', description: 'mean recall of both classes at the validation-tuned threshold', reading: "0.5 is guessing, 1 is perfect: the average of the recall of each class at the tuned threshold, so the majority class cannot hide the minority's errors.", better: 'higher', role: 'decision', headline: false, read: (f) => atThreshold(f, 'validation-f1').balancedAccuracy },
  { key: 'recalibratedLogLoss', label: 'Log-loss (recalibrated)', description: 'log-loss after Platt scaling fitted on the validation rows: calibration compared fairly across losses', reading: 'Lower is better. How surprised the model is by the truth once its probabilities are rescaled on validation rows; compares losses fairly because alpha shifts raw probabilities on purpose.', better: 'lower', role: 'calibration', headline: true, read: (f) => f.recalibrated.logLoss },
  { key: 'recalibratedBrier', label: 'Brier (recalibrated)', description: 'Brier score after Platt scaling on the validation rows', reading: 'Lower is better, 0 is perfect: the mean squared error of the rescaled probabilities.', better: 'lower', role: 'calibration', headline: false, read: (f) => f.recalibrated.brier },
  { key: 'recalibratedEce', label: 'ECE (recalibrated)', description: 'expected calibration error (15 bins) after Platt scaling on the validation rows', reading: 'Lower is better, 0 is perfect: the average gap between predicted probability and observed frequency, after rescaling.', better: 'lower', role: 'calibration', headline: false, read: (f) => f.recalibrated.ece },
  { key: 'logLoss', label: 'Log-loss (raw)', description: 'log-loss of the probabilities as trained; alpha weighting moves them on purpose', reading: "Lower is better. The raw probabilities' log-loss; alpha and focal loss move probabilities on purpose, so a worse raw value is expected and says little about ranking.", better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.logLoss },
  { key: 'brier', label: 'Brier (raw)', description: 'Brier score of the probabilities as trained', reading: "Lower is better: the raw probabilities' mean squared error.", better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.brier },
  { key: 'ece', label: 'ECE (raw)', description: 'expected calibration error (15 bins) of the probabilities as trained', reading: 'Lower is better: how far the raw probabilities are from observed frequencies (15 bins).', better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.ece },
  { key: 'minorityRecallAt05', label: 'Minority recall @0.5', description: 'recall of the minority class at threshold 0.5: an operating point, not a measure of a better model', reading: 'Share of the rare class the model catches at 0.5. Alpha and focal loss raise it mostly by moving the operating point: compare it with the false-positive rate beside it.', better: 'higher', role: 'operating-point', headline: false, read: (f, positive) => atThreshold(f, 'default').perClass[positive]?.recall ?? NaN },
  { key: 'falsePositiveRateAt05', label: 'False-positive rate @0.5', description: 'share of majority rows flagged at threshold 0.5: the price of that recall', reading: 'Share of the common class wrongly flagged at 0.5: what the recall beside it costs.', better: 'lower', role: 'operating-point', headline: false, read: (f) => falsePositiveRate(atThreshold(f, 'default').confusion) },
  { key: 'minorityPrecisionAt05', label: 'Minority precision @0.5', description: 'precision of the minority class at threshold 0.5', reading: 'Of the rows flagged as the rare class at 0.5, the share that really are.', better: 'higher', role: 'operating-point', headline: false, read: (f, positive) => atThreshold(f, 'default').perClass[positive]?.precision ?? NaN },
];

export const SUMMARY_METRIC_KEYS: readonly SummaryMetricKey[] = SUMMARY_METRICS.map((m) => m.key);

export function summaryMetric(key: SummaryMetricKey): SummaryMetricSpec {
  const spec = SUMMARY_METRICS.find((m) => m.key === key);
  if (!spec) throw new Error(`unknown metric ${key}`);
  return spec;
}

/** FP / (FP + TN); NaN without negatives. */
export function falsePositiveRate(confusion: [[number, number], [number, number]]): number {
  const [[tn, fp]] = confusion;
  return tn + fp === 0 ? NaN : fp / (tn + fp);
}
