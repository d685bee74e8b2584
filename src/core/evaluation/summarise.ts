// Per-metric summaries over folds (mean and 95% interval) and the paired comparisons with the
// baseline: the corrected resampled t-test over folds for cross-validation (Nadeau & Bengio
// 2003), a paired bootstrap over the test rows for a single split.

import type { EvaluationSettings, FoldEvaluation, MetricSummaries, MetricSummary, PairedComparison, SummaryMetricKey } from '../results';
import { correctedResampledInterval, meanInterval } from '../stats';
import { SharedBootstrap, type BootstrapDifference } from './bootstrap';
import { SUMMARY_METRICS, summaryMetric } from './summaryMetrics';

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function summariseFolds(folds: readonly FoldEvaluation[], positiveClass: string): MetricSummaries {
  const summaries = {} as MetricSummaries;
  for (const spec of SUMMARY_METRICS) {
    const perFold = folds.map((fold) => finite(spec.read(fold, positiveClass)));
    const interval = meanInterval(perFold.map((v) => (v === null ? NaN : v)));
    const summary: MetricSummary = { mean: interval.mean, ciLow: interval.ciLow, ciHigh: interval.ciHigh, perFold };
    summaries[spec.key] = summary;
  }
  return summaries;
}

export interface ComparedModel {
  id: string;
  folds: readonly FoldEvaluation[];
}

export interface ComparisonOptions {
  evaluation: EvaluationSettings;
  positiveClass: string;
  seed: number;
  /** Metrics to compare (default: all of SUMMARY_METRICS). */
  metrics?: readonly SummaryMetricKey[];
  /** Bootstrap resamples for a single split (default 2000). */
  resamples?: number;
  /** Headline comparisons in the whole results, for the Bonferroni-adjusted family-wise interval. */
  familySize: number;
  /** A single split's resamples shared by every model of the results (drawn here when absent). */
  bootstrap?: SharedBootstrap;
}

export const LEVEL = 0.95;
export const familyLevel = (familySize: number) => 1 - (1 - LEVEL) / Math.max(1, familySize);

export const BOOTSTRAP_RESAMPLES = 2000;

/** Paired differences (candidate - baseline) of every metric. */
export function compareModels(candidate: ComparedModel, baseline: ComparedModel, options: ComparisonOptions): PairedComparison[] {
  const keys = options.metrics ?? SUMMARY_METRICS.map((m) => m.key);
  const pairs: [FoldEvaluation, FoldEvaluation][] = [];
  for (const fold of candidate.folds) {
    const other = baseline.folds.find((f) => f.repeat === fold.repeat && f.fold === fold.fold);
    if (other) pairs.push([fold, other]);
  }
  let bootstrap: Record<SummaryMetricKey, BootstrapDifference> | null = null;
  const family = familyLevel(options.familySize);
  if (options.evaluation.protocol === 'holdout' && pairs.length > 0) {
    const [candidateFold, baselineFold] = pairs[0];
    const shared = options.bootstrap ?? new SharedBootstrap([candidateFold, baselineFold], { seed: options.seed, resamples: options.resamples ?? BOOTSTRAP_RESAMPLES });
    bootstrap = shared.difference(candidateFold, baselineFold, [LEVEL, family]);
  }
  return keys.map((metric): PairedComparison => {
    const spec = summaryMetric(metric);
    const base = { loss: candidate.id, baseline: baseline.id, metric };
    if (options.evaluation.protocol === 'holdout') {
      const result = bootstrap?.[metric];
      if (!result) return { ...base, meanDifference: null, ciLow: null, ciHigh: null, method: 'paired-bootstrap', familySize: options.familySize, familyCiLow: null, familyCiHigh: null, reliable: false, n: 0 };
      const [at95, atFamily] = result.intervals;
      return {
        ...base,
        meanDifference: finite(result.meanDifference),
        ciLow: at95.low,
        ciHigh: at95.high,
        method: 'paired-bootstrap',
        familySize: options.familySize,
        familyCiLow: atFamily.low,
        familyCiHigh: atFamily.high,
        reliable: excludesZero(atFamily.low, atFamily.high),
        n: result.n,
      };
    }
    const differences = pairs.map(([c, b]) => spec.read(c, options.positiveClass) - spec.read(b, options.positiveClass));
    // n_test / n_train of the corrected variance: the models were built from the training and validation rows.
    const ratios = pairs.map(([c]) => c.rows.test / (c.rows.train + c.rows.validation));
    const ratio = ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length);
    const interval = correctedResampledInterval(differences, ratio, LEVEL);
    const wide = correctedResampledInterval(differences, ratio, family);
    return {
      ...base,
      meanDifference: interval.meanDifference,
      ciLow: interval.ciLow,
      ciHigh: interval.ciHigh,
      method: 'corrected-resampled-t',
      familySize: options.familySize,
      familyCiLow: wide.ciLow,
      familyCiHigh: wide.ciHigh,
      reliable: excludesZero(wide.ciLow, wide.ciHigh),
      n: interval.n,
    };
  });
}

function excludesZero(low: number | null, high: number | null): boolean {
  return low !== null && high !== null && (low > 0 || high < 0);
}
