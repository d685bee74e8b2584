// The shape of results.json (documented in docs/results-schema.md). Bump
// RESULTS_SCHEMA_VERSION on any change that breaks a reader.

export const RESULTS_SCHEMA_VERSION = 1;

export type LossKind = 'bce' | 'weighted-bce' | 'focal' | 'alpha-focal';
export const LOSS_KINDS: readonly LossKind[] = ['bce', 'weighted-bce', 'focal', 'alpha-focal'];

/** Human names for the losses, used in tables and reports. */
export const LOSS_LABELS: Readonly<Record<LossKind, string>> = {
  bce: 'BCE',
  'weighted-bce': 'Weighted BCE',
  focal: 'Focal',
  'alpha-focal': 'Alpha-balanced focal',
};

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

export interface RunResult {
  loss: LossKind;
  gamma: number;
  /** The weight of the positive class; the negative class gets 1 - alpha. null when the loss has no alpha. */
  alphaForPositiveClass: number | null;
  status: 'finished' | 'failed';
  /** One sentence, when status is failed. */
  error?: string;
  epochsRun: number;
  trainingSeconds: number;
  backend: string;
  history: TrainingHistory;
  metrics: ModelMetrics | null;
  decisionRegion: DecisionRegion | null;
  test: { labels: number[]; probabilities: number[] };
}

export interface DatasetSummary {
  file: string;
  rows: number;
  delimiter: string;
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
  split: { train: number; validation: number; test: number };
}

export interface DecisionPlane {
  /** 'features': the two input features; 'pca': first two principal components of the standardised training inputs. */
  kind: 'features' | 'pca';
  xLabel: string;
  yLabel: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  steps: number;
  /** Fraction of variance explained by each axis, for 'pca'. */
  explainedVariance?: [number, number];
  /** A sample of test points in plane coordinates with their labels (1 = positive). */
  points: { x: number[]; y: number[]; labels: number[] };
}

export interface ComparisonConfig {
  losses: LossKind[];
  gamma: number;
  alpha: 'auto' | number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number[];
  seed: number;
  split: { train: number; validation: number; test: number };
  priorBiasInit: boolean;
  maxCategories: number;
}

export interface ComparisonResults {
  schemaVersion: number;
  tool: { name: 'focal-lab'; version: string };
  createdAt: string;
  durationSeconds: number;
  dataset: DatasetSummary;
  config: ComparisonConfig;
  decisionPlane: DecisionPlane | null;
  runs: RunResult[];
  /** One plain sentence: which loss served the minority class best, and by how much. */
  verdict: string;
}
