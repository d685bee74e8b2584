// The focalLab.* settings as one typed object: the side-bar form edits it, the host reads
// and writes it through the VS Code configuration, and it maps onto a ComparisonConfig.

import type { ComparisonConfig, LossKind } from '../core/results';

export interface FocalLabSettings {
  losses: LossKind[];
  gamma: number;
  /** 'auto' = inverse class frequency; else the weight of the positive class (0..1). */
  alpha: 'auto' | number;
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
}

export type SettingKey = keyof FocalLabSettings;

export const SETTING_KEYS: readonly SettingKey[] = [
  'losses', 'gamma', 'alpha', 'epochs', 'batchSize', 'learningRate', 'hiddenLayers', 'seed',
  'trainFraction', 'validationFraction', 'testFraction', 'priorBiasInit', 'maxCategories', 'maxFileMegabytes', 'sweepGammas', 'sweepLoss',
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
  };
}
