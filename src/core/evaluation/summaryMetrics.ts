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
  { key: 'prAuc', label: 'PR-AUC', description: 'average precision: how well the model ranks the minority class, at no particular threshold', better: 'higher', role: 'ranking', headline: true, read: (f) => f.metrics.prAuc },
  { key: 'rocAuc', label: 'ROC-AUC', description: 'the chance a random positive is ranked above a random negative', better: 'higher', role: 'ranking', headline: true, read: (f) => f.metrics.rocAuc },
  { key: 'minorityF1AtTuned', label: 'Minority F1 (tuned)', description: 'F1 of the minority class at the threshold that maximised F1 on the validation rows', better: 'higher', role: 'decision', headline: true, read: (f, positive) => atThreshold(f, 'validation-f1').perClass[positive]?.f1 ?? NaN },
  { key: 'balancedAccuracyAtTuned', label: 'Balanced accuracy (tuned)', description: 'mean recall of both classes at the validation-tuned threshold', better: 'higher', role: 'decision', headline: false, read: (f) => atThreshold(f, 'validation-f1').balancedAccuracy },
  { key: 'recalibratedLogLoss', label: 'Log-loss (recalibrated)', description: 'log-loss after Platt scaling fitted on the validation rows: calibration compared fairly across losses', better: 'lower', role: 'calibration', headline: true, read: (f) => f.recalibrated.logLoss },
  { key: 'recalibratedBrier', label: 'Brier (recalibrated)', description: 'Brier score after Platt scaling on the validation rows', better: 'lower', role: 'calibration', headline: false, read: (f) => f.recalibrated.brier },
  { key: 'recalibratedEce', label: 'ECE (recalibrated)', description: 'expected calibration error (15 bins) after Platt scaling on the validation rows', better: 'lower', role: 'calibration', headline: false, read: (f) => f.recalibrated.ece },
  { key: 'logLoss', label: 'Log-loss (raw)', description: 'log-loss of the probabilities as trained; alpha weighting moves them on purpose', better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.logLoss },
  { key: 'brier', label: 'Brier (raw)', description: 'Brier score of the probabilities as trained', better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.brier },
  { key: 'ece', label: 'ECE (raw)', description: 'expected calibration error (15 bins) of the probabilities as trained', better: 'lower', role: 'calibration', headline: false, read: (f) => f.metrics.ece },
  { key: 'minorityRecallAt05', label: 'Minority recall @0.5', description: 'recall of the minority class at threshold 0.5: an operating point, not a measure of a better model', better: 'higher', role: 'operating-point', headline: false, read: (f, positive) => atThreshold(f, 'default').perClass[positive]?.recall ?? NaN },
  { key: 'falsePositiveRateAt05', label: 'False-positive rate @0.5', description: 'share of majority rows flagged at threshold 0.5: the price of that recall', better: 'lower', role: 'operating-point', headline: false, read: (f) => falsePositiveRate(atThreshold(f, 'default').confusion) },
  { key: 'minorityPrecisionAt05', label: 'Minority precision @0.5', description: 'precision of the minority class at threshold 0.5', better: 'higher', role: 'operating-point', headline: false, read: (f, positive) => atThreshold(f, 'default').perClass[positive]?.precision ?? NaN },
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
