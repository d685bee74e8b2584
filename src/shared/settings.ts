// The focalLab.* settings as one typed object: the side-bar form edits it, the host reads
// and writes it through the VS Code configuration, and it maps onto a ComparisonConfig.

import { DEFAULT_CONFIG, DEFAULT_MAX_FILE_MEGABYTES } from '../core/config';
import type { ComparisonConfig, LossKind } from '../core/results';

export interface FocalLabSettings {
  losses: LossKind[];
  gamma: number;
  /**
   * 'auto' = inverse class frequency; a number = the weight of the positive class (0..1, two
   * classes); a record = one weight per class by name (a target of three or more classes).
   */
  alpha: 'auto' | number | Record<string, number>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hiddenLayers: number[];
  seed: number;
  trainFraction: number;
  validationFraction: number;
  testFraction: number;
  priorBiasInit: boolean;
  maxCategories: number;
  maxFileMegabytes: number;
  sweepGammas: number[];
  sweepLoss: LossKind;
  /** Stratified K-fold cross-validation; 1 = the single train/validation/test split of the fractions above. */
  folds: number;
  /** Cross-validation repeated with other fold assignments. */
  repeats: number;
  /** Early-stopping patience in epochs; 0 = off (train every epoch, keep the last). */
  earlyStopping: number;
  /** The validation value early stopping watches. */
  monitor: ComparisonConfig['monitor'];
  /** Drop exact duplicate rows before splitting. */
  dedupe: boolean;
  /** Words read as missing values (besides empty cells); take 'NA' out when it is a class. */
  missingValues: string[];
}

export type SettingKey = keyof FocalLabSettings;

/** The defaults, as declared in package.json's contributes.configuration (a test checks they agree). */
export const DEFAULT_SETTINGS: Readonly<FocalLabSettings> = {
  losses: [...DEFAULT_CONFIG.losses],
  gamma: DEFAULT_CONFIG.gamma,
  alpha: DEFAULT_CONFIG.alpha,
  epochs: DEFAULT_CONFIG.epochs,
  batchSize: DEFAULT_CONFIG.batchSize,
  learningRate: DEFAULT_CONFIG.learningRate,
  hiddenLayers: [...DEFAULT_CONFIG.hidden],
  seed: DEFAULT_CONFIG.seed,
  trainFraction: DEFAULT_CONFIG.split.train,
  validationFraction: DEFAULT_CONFIG.split.validation,
  testFraction: DEFAULT_CONFIG.split.test,
  priorBiasInit: DEFAULT_CONFIG.priorBiasInit,
  maxCategories: DEFAULT_CONFIG.maxCategories,
  maxFileMegabytes: DEFAULT_MAX_FILE_MEGABYTES,
  sweepGammas: [0, 0.5, 1, 2, 3, 5],
  sweepLoss: 'focal',
  folds: DEFAULT_CONFIG.folds,
  repeats: DEFAULT_CONFIG.repeats,
  earlyStopping: DEFAULT_CONFIG.earlyStopping,
  monitor: DEFAULT_CONFIG.monitor,
  dedupe: DEFAULT_CONFIG.dedupe!,
  missingValues: [...DEFAULT_CONFIG.missingValues!],
};

export const SETTING_KEYS: readonly SettingKey[] = [
  'losses', 'gamma', 'alpha', 'epochs', 'batchSize', 'learningRate', 'hiddenLayers', 'seed',
  'trainFraction', 'validationFraction', 'testFraction', 'priorBiasInit', 'maxCategories', 'maxFileMegabytes', 'sweepGammas', 'sweepLoss',
  'folds', 'repeats', 'earlyStopping', 'monitor', 'dedupe', 'missingValues',
];

/** The values early stopping can monitor, in the form's order, with what each means. */
export const MONITOR_CHOICES: readonly { value: ComparisonConfig['monitor']; label: string; description: string }[] = [
  { value: 'own-loss', label: 'Own loss', description: "the validation value of the loss the model trains on (as Keras' val_loss)" },
  { value: 'log-loss', label: 'Log-loss', description: 'validation log-loss (plain BCE): the same yardstick for every loss' },
  { value: 'pr-auc', label: 'PR-AUC', description: 'validation PR-AUC (average precision): ranking of the minority class' },
];

export function settingsToConfig(settings: FocalLabSettings): Partial<ComparisonConfig> {
  return {
    losses: settings.losses,
    gamma: settings.gamma,
    alpha: settings.alpha,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    hidden: settings.hiddenLayers,
    seed: settings.seed,
    split: { train: settings.trainFraction, validation: settings.validationFraction, test: settings.testFraction },
    priorBiasInit: settings.priorBiasInit,
    maxCategories: settings.maxCategories,
    folds: settings.folds,
    repeats: settings.repeats,
    earlyStopping: settings.earlyStopping,
    monitor: settings.monitor,
    dedupe: settings.dedupe,
    missingValues: settings.missingValues,
  };
}
