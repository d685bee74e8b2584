// The shape of results.json for a target of three or more classes trained as one multi-class
// model (dataset.task = 'multiclass'; documented in docs/results-schema.md). It shares the
// binary results' envelope (tool, dataset, config, evaluation, comparisons, verdict) and
// differs in what a run holds: K probabilities per test row and multi-class metrics.

import type { Arm } from './arms';
import type { MulticlassMetrics } from './metrics/multiclass';
import type {
  ComparisonConfig,
  CurvePoint,
  DatasetSummary,
  DecisionPlane,
  EvaluationSettings,
  LossKind,
  MetricSummary,
  ReferenceKind,
  RunContributions,
  TrainingHistory,
  VerdictClaim,
} from './results';

export type { MulticlassClassMetrics } from './metrics/multiclass';

/** The metrics of one model's test predictions (argmax decision), in the order of dataset.classes; the curves only where pooled. */
export type MulticlassModelMetrics = Omit<MulticlassMetrics, 'prCurves'>;

/** Pooled out-of-fold metrics also carry one one-vs-rest precision-recall curve per class (x = recall, y = precision). */
export interface MulticlassPooledMetrics extends MulticlassModelMetrics {
  prCurves: CurvePoint[][];
}

export interface MulticlassFoldEvaluation {
  repeat: number;
  fold: number;
  metrics: MulticlassModelMetrics;
  /** Rows per part of the fold, and rows of each class (in class order) in its validation and test parts. */
  rows: { train: number; validation: number; test: number; validationClassCounts: number[]; testClassCounts: number[] };
  /** rows: the file's 0-based data-row indices; labels: class indices; probabilities: K per row (7 significant digits). */
  test: { rows: number[]; labels: number[]; probabilities: number[][] };
}

export interface MulticlassFoldResult extends MulticlassFoldEvaluation {
  bestEpoch: number;
  epochsRun: number;
  history: TrainingHistory;
  /** Time spent resampling this fold's training rows (arms that resample). */
  samplingSeconds?: number;
}

export type MulticlassSummaryMetricKey =
  | 'macroPrAuc'
  | 'macroF1'
  | 'rarestClassRecall'
  | 'macroRocAuc'
  | 'accuracy'
  | 'balancedAccuracy'
  | 'mcc'
  | 'weightedF1'
  | 'logLoss'
  | 'brier'
  | 'ece';

export type MulticlassMetricSummaries = Record<MulticlassSummaryMetricKey, MetricSummary>;

/** Decision regions of the first fold's model: per grid cell (row-major, `steps` x `steps`), the predicted class and its probability. */
export interface MulticlassDecisionRegion {
  predicted: number[];
  confidence: number[];
}

export interface MulticlassRunResult {
  id: string;
  /** What was trained (absent in files written before arms). */
  arm?: Arm;
  loss: LossKind;
  gamma: number;
  /** The weight of every class (by name, in class order), or null when the loss has no alpha. */
  alphaPerClass: Record<string, number> | null;
  status: 'finished' | 'failed';
  error?: string;
  trainingSeconds: number;
  /** Time spent resampling the training rows, summed over folds; absent without resampling. */
  samplingSeconds?: number;
  backend: string;
  folds: MulticlassFoldResult[];
  summary: MulticlassMetricSummaries | null;
  /** The first repeat's out-of-fold predictions pooled (every row once). */
  pooled: MulticlassPooledMetrics | null;
  history: TrainingHistory;
  bestEpoch: number;
  epochsRun: number;
  decisionRegion: MulticlassDecisionRegion | null;
  /** Where the loss spent its gradient on the training rows, pooled over folds. */
  contributions?: RunContributions | null;
}

/** A reference row (base rate: training class frequencies; logistic regression: multinomial, L2, C = 1), fitted per fold on the models' rows. */
export interface MulticlassReferenceResult {
  kind: ReferenceKind;
  folds: MulticlassFoldEvaluation[];
  summary: MulticlassMetricSummaries;
  pooled: MulticlassPooledMetrics | null;
}

export interface MulticlassPairedComparison {
  loss: string;
  baseline: string;
  metric: MulticlassSummaryMetricKey;
  meanDifference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  method: 'corrected-resampled-t' | 'paired-bootstrap';
  familySize: number;
  familyCiLow: number | null;
  familyCiHigh: number | null;
  reliable: boolean;
  n: number;
}

export interface MulticlassVerdict {
  text: string;
  claims: (Omit<VerdictClaim, 'metric'> & { metric: MulticlassSummaryMetricKey })[];
  notes: string[];
}

/** A multi-class dataset summary: task 'multiclass' and the classes in the order used everywhere. */
export type MulticlassDatasetSummary = DatasetSummary & { task: 'multiclass'; classes: string[] };

/** Whether results.json holds the multi-class task (readers of the binary shape must check this first). */
export function isMulticlassResults(results: { dataset: { task?: string } }): results is MulticlassComparisonResults {
  return results.dataset.task === 'multiclass';
}

export interface MulticlassComparisonResults {
  schemaVersion: number;
  tool: { name: 'focal-lab'; version: string };
  createdAt: string;
  durationSeconds: number;
  dataset: MulticlassDatasetSummary;
  config: ComparisonConfig;
  evaluation: EvaluationSettings;
  decisionPlane: DecisionPlane | null;
  runs: MulticlassRunResult[];
  /** The base rate and multinomial logistic regression (absent in results written before they were fitted). */
  references: MulticlassReferenceResult[];
  comparisons: MulticlassPairedComparison[];
  /** Logistic regression (loss) against each finished loss (baseline), on macro PR-AUC. */
  referenceComparisons: MulticlassPairedComparison[];
  verdict: MulticlassVerdict;
}
