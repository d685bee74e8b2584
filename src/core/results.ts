// The shape of results.json (documented in docs/results-schema.md). Bump
// RESULTS_SCHEMA_VERSION on any change that breaks a reader.

export const RESULTS_SCHEMA_VERSION = 2;

import type { Arm } from './arms';

export type LossKind = 'bce' | 'weighted-bce' | 'focal' | 'alpha-focal';
export const LOSS_KINDS: readonly LossKind[] = ['bce', 'weighted-bce', 'focal', 'alpha-focal'];

/** The same four losses over K classes (softmax), as the core API names them. */
export type SoftmaxLossKind = 'ce' | 'weighted-ce' | 'focal' | 'alpha-focal';

/** Everything that differs between the losses, in one row each: what they use, their names, how they are drawn. */
export interface LossKindInfo {
  /** What users see for a two-class target, in tables, legends and reports. */
  label: string;
  /** What users see for a target of three or more classes (cross-entropy, not BCE). */
  multiclassLabel: string;
  /** The softmax form of the loss, trained for three or more classes. */
  softmaxKind: SoftmaxLossKind;
  /** Has the focusing term (1 - p_t)^gamma; the others are the loss at gamma = 0. */
  usesGamma: boolean;
  /** Weighs the classes with alpha. */
  usesAlpha: boolean;
  /**
   * Series colour: one per loss in every chart. Chosen with a relative luminance between 0.15 and
   * 0.30 so it keeps a contrast of at least 3:1 on white and on the darkest editor backgrounds
   * (test/unit/palette.test.ts checks each shipped VS Code theme); Okabe–Ito-like hues, told
   * apart with the common colour-vision deficiencies.
   */
  colour: string;
  /** A second cue besides colour: the line's dash pattern (empty = solid). */
  dash: number[];
}

/** One row per loss: everything that differs between the losses is here and nowhere else. */
export const LOSS_TABLE: Readonly<Record<LossKind, LossKindInfo>> = {
  bce: { label: 'BCE', multiclassLabel: 'Cross-entropy', softmaxKind: 'ce', usesGamma: false, usesAlpha: false, colour: '#1F7FC4', dash: [] },
  'weighted-bce': { label: 'Weighted BCE', multiclassLabel: 'Weighted cross-entropy', softmaxKind: 'weighted-ce', usesGamma: false, usesAlpha: true, colour: '#00936B', dash: [2, 3] },
  focal: { label: 'Focal', multiclassLabel: 'Focal', softmaxKind: 'focal', usesGamma: true, usesAlpha: false, colour: '#D55E00', dash: [8, 4] },
  'alpha-focal': { label: 'Alpha-balanced focal', multiclassLabel: 'Alpha-balanced focal', softmaxKind: 'alpha-focal', usesGamma: true, usesAlpha: true, colour: '#B8689A', dash: [8, 3, 2, 3] },
};

/** Human names for the losses on a two-class target, used in tables and reports. */
export const LOSS_LABELS: Readonly<Record<LossKind, string>> = Object.fromEntries(LOSS_KINDS.map((kind) => [kind, LOSS_TABLE[kind].label])) as Record<LossKind, string>;

/** The name users see for a loss: 'Cross-entropy' rather than 'BCE' when the target has three or more classes. */
export function lossLabel(kind: LossKind, task: 'binary' | 'multiclass' = 'binary'): string {
  const row = LOSS_TABLE[kind];
  if (!row) return String(kind);
  return task === 'multiclass' ? row.multiclassLabel : row.label;
}

export type ColumnRole = 'numeric' | 'categorical' | 'boolean' | 'identifier' | 'constant' | 'target';

export interface ColumnSummary {
  name: string;
  role: ColumnRole;
  /** Missing cells in the whole file. */
  missing: number;
  /** Distinct non-missing values (capped at what the reader tracks). */
  distinct: number;
  /** Why a column was left out, in one sentence, when it was. */
  notice?: string;
}

export interface PerClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ThresholdMetrics {
  threshold: number;
  /** How the threshold was chosen: the fixed 0.5 or the F1-maximising one on validation. */
  thresholdSource: 'default' | 'validation-f1';
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  gMean: number;
  /** [[tn, fp], [fn, tp]] with the positive class second. */
  confusion: [[number, number], [number, number]];
  /** Keyed by the class names as they appear in the file (negative class first). */
  perClass: Record<string, PerClassMetrics>;
}

export interface CurvePoint {
  x: number;
  y: number;
  threshold: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  fractionPositive: number;
}

export interface ModelMetrics {
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  brier: number;
  ece: number;
  reliability: ReliabilityBin[];
  /** x = false positive rate, y = true positive rate. */
  rocCurve: CurvePoint[];
  /** x = recall, y = precision. */
  prCurve: CurvePoint[];
  atThreshold: ThresholdMetrics[];
}

export interface TrainingHistory {
  trainLoss: number[];
  valLoss: number[];
  valLogLoss: number[];
}

export interface DecisionRegion {
  /** Row-major grid of positive-class probabilities, `steps` rows (y) of `steps` columns (x). */
  probabilities: number[];
}

/** Platt scaling fitted on the validation rows, then the calibration metrics on the test rows. */
export interface RecalibratedMetrics {
  logLoss: number;
  brier: number;
  ece: number;
  /** calibrated p = sigmoid(slope * logit + intercept). */
  slope: number;
  intercept: number;
}

/** One model's evaluation on one fold's test rows. */
export interface FoldEvaluation {
  /** 0-based repeat and fold. */
  repeat: number;
  fold: number;
  /** Metrics on the test fold, as in schemaVersion 1. */
  metrics: ModelMetrics;
  recalibrated: RecalibratedMetrics;
  rows: { train: number; validation: number; test: number; validationPositives: number; testPositives: number };
  /** Rows are 0-based indices of the file's data rows (header excluded, rows without a target counted). */
  test: { rows: number[]; labels: number[]; probabilities: number[] };
}

/** One trained network on one fold. */
export interface FoldResult extends FoldEvaluation {
  /** The epoch whose weights were kept (the best monitored one with early stopping) and the epochs trained. */
  bestEpoch: number;
  epochsRun: number;
  history: TrainingHistory;
  /** Threshold moving: the validation-F1 threshold this fold decides at (its probabilities are shifted so that 0.5 is it). */
  decisionThreshold?: number;
  /** Time spent resampling this fold's training rows (arms that resample). */
  samplingSeconds?: number;
}

/** Mean over the test folds and its 95% Student-t interval (null when fewer than two folds). */
export interface MetricSummary {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  perFold: (number | null)[];
}

export type SummaryMetricKey =
  | 'prAuc'
  | 'rocAuc'
  | 'logLoss'
  | 'brier'
  | 'ece'
  | 'recalibratedLogLoss'
  | 'recalibratedBrier'
  | 'recalibratedEce'
  | 'minorityF1AtTuned'
  | 'balancedAccuracyAtTuned'
  | 'minorityRecallAt05'
  | 'minorityPrecisionAt05'
  | 'falsePositiveRateAt05';

export type MetricSummaries = Record<SummaryMetricKey, MetricSummary>;

/** One class's rows per p_t bin: how many, and their shares of the total loss and gradient over all classes and bins. */
export interface ClassContribution {
  count: number[];
  lossShare: number[];
  gradientShare: number[];
}

/** Per class name, in the data's class order. */
export type ContributionTable = Record<string, ClassContribution>;

/** One run's contributions in results.json: pooled over its folds, at epoch 1 and at the kept epoch. */
export interface RunContributions {
  pTrueEdges: number[];
  atEpoch: { first: ContributionTable; kept: ContributionTable };
}

export interface RunResult {
  /** The run's identity everywhere (events, panel, history): its arm's id ('bce', 'bce+smote', 'focal@3' in a sweep). */
  id: string;
  /** What was trained: the loss, its class weights, any resampling, threshold moving (absent in files written before arms). */
  arm?: Arm;
  loss: LossKind;
  gamma: number;
  /** The weight of the positive class; the negative class gets 1 - alpha. null when the loss has no alpha. */
  alphaForPositiveClass: number | null;
  status: 'finished' | 'failed';
  /** One sentence, when status is failed. */
  error?: string;
  /** Summed over folds. */
  trainingSeconds: number;
  /** Time spent resampling the training rows (oversampling, undersampling, SMOTE), summed over folds; absent without resampling. */
  samplingSeconds?: number;
  backend: string;
  folds: FoldResult[];
  summary: MetricSummaries | null;
  /**
   * The out-of-fold predictions of the first repeat pooled (every row once): curves, AUCs and
   * reliability; confusion matrices summed over those folds, each at its own thresholds.
   */
  pooled: ModelMetrics | null;
  /** The first fold's training history and kept epoch, drawn as the loss curves. */
  history: TrainingHistory;
  bestEpoch: number;
  epochsRun: number;
  /** Decision regions of the model trained on the first fold (the plane is fitted on its training rows). */
  decisionRegion: DecisionRegion | null;
  /** Where the loss spent its gradient on the training rows, pooled over folds (absent in files before it was recorded). */
  contributions?: RunContributions | null;
}

export type ReferenceKind = 'base-rate' | 'logistic-regression';

export interface ReferenceResult {
  kind: ReferenceKind;
  folds: FoldEvaluation[];
  summary: MetricSummaries;
  pooled: ModelMetrics;
}

export interface PairedComparison {
  /** The run id of the loss compared, and of the baseline. */
  loss: string;
  baseline: string;
  metric: SummaryMetricKey;
  /** Mean of (loss - baseline) over the paired folds (or on the test rows, for the bootstrap). */
  meanDifference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  method: 'corrected-resampled-t' | 'paired-bootstrap';
  /**
   * The interval at the family-wise level: 95% shared over the `familySize` headline
   * comparisons of the results (Bonferroni, level 1 - 0.05 / familySize), so that comparing
   * several losses on several metrics does not make chance differences look real.
   */
  familySize: number;
  familyCiLow: number | null;
  familyCiHigh: number | null;
  /** The family-wise interval excludes zero: the only differences the verdict states. */
  reliable: boolean;
  /** Paired folds (or bootstrap resamples) it rests on. */
  n: number;
}

export interface VerdictClaim {
  loss: string;
  metric: SummaryMetricKey;
  direction: 'better' | 'worse';
}

export interface Verdict {
  /** Short enough for the panel's verdict box; states only reliable differences. */
  text: string;
  /** Exactly the reliable differences the text states. */
  claims: VerdictClaim[];
  /** Further sentences: a moved operating point, a linear model doing better, few positives. */
  notes: string[];
}

export interface EvaluationSettings {
  protocol: 'cross-validation' | 'holdout';
  folds: number;
  repeats: number;
  /** Share of each fold's non-test rows used for validation (cross-validation). */
  validationShare: number;
  earlyStopping: { patience: number; monitor: 'own-loss' | 'log-loss' | 'pr-auc' } | null;
}

export interface DatasetSummary {
  file: string;
  /** The file's absolute path as it was read (absent in files written before version 0.1.0 recorded it). */
  path?: string;
  rows: number;
  delimiter: string;
  /**
   * 'binary': two classes, or one class against the rest (--positive); 'multiclass': one model
   * over three or more classes, whose results have the shape of multiclassResults.ts.
   * Absent in results written before multi-class training existed (they are binary).
   */
  task?: 'binary' | 'multiclass';
  /** The classes in the order used everywhere (binary: negative, positive). */
  classes?: string[];
  target: string;
  /** How the target was chosen: given by the user, by its name, or as the last low-cardinality column. */
  targetSource: 'user' | 'name' | 'last-low-cardinality';
  positiveClass: string;
  negativeClass: string;
  positiveClassSource: 'user' | 'minority';
  /** Rows per class in the target as read (after one-vs-rest, keyed by positive and negative class name). */
  classCounts: Record<string, number>;
  /** Rows dropped because the target was missing. */
  rowsWithoutTarget: number;
  /** Columns used as model inputs (before one-hot encoding). */
  features: string[];
  /** Model input width after one-hot encoding. */
  inputWidth: number;
  columns: ColumnSummary[];
  notices: string[];
  /** Rows per part of one fold (the first), for the single split the split itself. */
  split: { train: number; validation: number; test: number };
}

export interface DecisionPlane {
  /**
   * 'features': the only two input features; 'pca': first two principal components of the
   * standardised training inputs; 'columns': two input columns the user chose (planeColumns),
   * every other input held at `heldAt`.
   */
  kind: 'features' | 'pca' | 'columns';
  xLabel: string;
  yLabel: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  steps: number;
  /** Fraction of variance explained by each axis, for 'pca'. */
  explainedVariance?: [number, number];
  /**
   * For 'columns': the value every other input column is held at while the two vary, by column
   * name: a numeric column's training median, a categorical column's most frequent training category.
   */
  heldAt?: Record<string, number | string>;
  /** A sample of test points in plane coordinates with their labels (1 = positive). */
  points: { x: number[]; y: number[]; labels: number[] };
}

export interface ComparisonConfig {
  losses: LossKind[];
  /**
   * The arms compared, in the --arms syntax ("bce, alpha-focal, bce+smote"); when given it
   * replaces `losses`. Absent in results written before arms existed.
   */
  arms?: string;
  gamma: number;
  /** 'auto' = inverse class frequency; a number = the positive class's weight (two classes); one weight per class by name (three or more classes). */
  alpha: 'auto' | number | Record<string, number>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number[];
  seed: number;
  split: { train: number; validation: number; test: number };
  priorBiasInit: boolean;
  maxCategories: number;
  /** 1 = the single split of `split`; 2+ = stratified K-fold cross-validation. */
  folds: number;
  repeats: number;
  /** Early-stopping patience in epochs; 0 = off (train every epoch, keep the last). */
  earlyStopping: number;
  monitor: 'own-loss' | 'log-loss' | 'pr-auc';
  /** Exact duplicate rows dropped before splitting. Absent in results written before it existed (= false). */
  dedupe?: boolean;
  /** Words read as missing values besides empty cells. Absent in older results (= the default list). */
  missingValues?: string[];
  /** The decision regions' plane: two numeric input columns (x, y) instead of the principal components. Absent = the default plane. */
  planeColumns?: [string, string];
}

export interface ComparisonResults {
  schemaVersion: number;
  tool: { name: 'focal-lab'; version: string };
  createdAt: string;
  durationSeconds: number;
  dataset: DatasetSummary;
  config: ComparisonConfig;
  evaluation: EvaluationSettings;
  decisionPlane: DecisionPlane | null;
  runs: RunResult[];
  references: ReferenceResult[];
  comparisons: PairedComparison[];
  /** Logistic regression minus each loss on PR-AUC: the verdict's linear-model check. */
  referenceComparisons: PairedComparison[];
  verdict: Verdict;
  /**
   * The training and validation rows of every fold (the test rows are in each run's folds), so
   * that another tool (the exported notebook) trains on exactly the same rows. Absent in files
   * written before they were recorded.
   */
  foldRows?: FoldRowIndices[];
}

/** One fold's rows as 0-based indices of the file's data rows (header excluded, rows without a target counted), ascending. */
export interface FoldRowIndices {
  repeat: number;
  fold: number;
  train: number[];
  validation: number[];
}
