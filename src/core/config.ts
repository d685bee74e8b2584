// Comparison settings: defaults, and validation with messages that say which option to fix.

import { FocalLabInputError } from './errors';
import { inverseFrequencyAlpha } from './losses';
import { validateSplitFractions } from './dataset/split';
import { checkSetting, checkSplit } from './settingsChecks';
import { configValue, defaultSettings, settingSpec, settingsToConfig, SETTING_KEYS, MONITOR_CHOICES } from './settingsSchema';
import type { ComparisonConfig } from './results';
import { armsFromLosses, parseArms, type Arm } from './arms';

/** The engine's defaults: the settings' defaults (settingsSchema.ts), as a config. */
export const DEFAULT_CONFIG: Readonly<ComparisonConfig & { alpha: 'auto' }> = Object.freeze(settingsToConfig(defaultSettings()) as ComparisonConfig & { alpha: 'auto' });

export const MONITORS: readonly ComparisonConfig['monitor'][] = MONITOR_CHOICES.map((c) => c.value);
/** Share of each fold's non-test rows held out as validation rows (early stopping, tuned threshold, recalibration). */
export const VALIDATION_SHARE = 0.2;

/** The largest file read by default; raise it with --max-file-mb / focalLab.maxFileMegabytes. */
export const DEFAULT_MAX_FILE_MEGABYTES = settingSpec('maxFileMegabytes').default as number;

function bad(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

/** The config with the defaults filled in, every value checked with the settings' own sentences. */
export function resolveConfig(partial: Partial<ComparisonConfig> = {}): ComparisonConfig {
  const config: ComparisonConfig = {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
    split: { ...DEFAULT_CONFIG.split, ...(partial.split ?? {}) },
    // Copies, so the caller's lists stay theirs; anything but a list is left for the checks to name.
    losses: copyList(partial.losses !== undefined ? partial.losses : DEFAULT_CONFIG.losses),
    hidden: copyList(partial.hidden !== undefined ? partial.hidden : DEFAULT_CONFIG.hidden),
    missingValues: copyList(partial.missingValues !== undefined ? partial.missingValues : DEFAULT_CONFIG.missingValues!),
  };
  for (const key of SETTING_KEYS) {
    const path = settingSpec(key).config;
    if (!path) continue;
    const value = configValue(config, path);
    // One weight per class (three or more classes, from the CLI or the API) is not a setting's value.
    if (key === 'alpha' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      checkClassWeights(value);
      continue;
    }
    const problem = checkSetting(key, value);
    if (problem) bad(problem);
  }
  const splitProblem = checkSplit(config.split);
  if (splitProblem) bad(splitProblem);
  validateSplitFractions(config.split);
  if (config.planeColumns !== undefined) checkPlaneColumns(config.planeColumns);
  // No arms means one arm per loss: results.json then names only the losses, as before arms existed.
  if (typeof config.arms === 'string' && config.arms.trim() === '') delete config.arms;
  return config;
}

/**
 * The arms a comparison trains: `arms` when given, else one per loss at the comparison's gamma
 * and alpha. `task` decides the labels (cross-entropy for three or more classes) and what is allowed.
 */
export function comparisonArms(config: ComparisonConfig, task: 'binary' | 'multiclass' = 'binary'): Arm[] {
  const defaults = { gamma: config.gamma, alpha: config.alpha, task };
  return config.arms !== undefined && config.arms.trim() !== '' ? parseArms(config.arms, defaults) : armsFromLosses(config.losses, defaults);
}

function copyList<T>(list: T): T {
  return Array.isArray(list) ? ([...list] as T) : list;
}

/** Their shape only: whether they are numeric input columns is known once the file is read. */
function checkPlaneColumns(columns: unknown): void {
  if (!Array.isArray(columns) || columns.length !== 2 || columns.some((c) => typeof c !== 'string' || c.trim() === '')) {
    bad(`The plane needs exactly two column names, like "age,income" (got ${JSON.stringify(columns)}).`);
  }
  if (columns[0] === columns[1]) bad(`The plane names '${String(columns[0])}' twice; give two different numeric input columns, like "age,income".`);
}

function checkClassWeights(weights: unknown): void {
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights) || Object.keys(weights).length === 0) {
    bad(`alpha must be auto, a number from 0 to 1 (the positive class's weight), or one weight per class like "A=0.2,B=0.3,C=0.5" (got ${JSON.stringify(weights)}).`);
  }
  for (const [name, weight] of Object.entries(weights as Record<string, unknown>)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) bad(`The alpha weight of class '${name}' must be a number of at least 0 (got ${String(weight)}).`);
  }
}

/** alpha 'auto' is inverse class frequency on the training split: the positive class gets negatives / all. */
export function resolveAlpha(alpha: ComparisonConfig['alpha'], trainPositives: number, trainRows: number): number {
  if (typeof alpha === 'object') {
    bad(`One alpha weight per class (${Object.keys(alpha).join(', ')}) is for a target of three or more classes trained as one model; with two classes (or --positive) give the positive class's weight, from 0 to 1, or auto.`);
  }
  return alpha === 'auto' ? inverseFrequencyAlpha(trainPositives, trainRows) : alpha;
}

/**
 * The --alpha option: auto, a number from 0 to 1 (the positive class's weight), or one weight
 * per class, "A=0.2,B=0.3,C=0.5" (the names as they appear in the target column).
 */
export function parseAlphaOption(text: string): ComparisonConfig['alpha'] {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'auto') return 'auto';
  if (!trimmed.includes('=')) {
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) bad(`--alpha must be auto, a number from 0 to 1, or one weight per class like "A=0.2,B=0.3,C=0.5" (got '${text}').`);
    return value;
  }
  const weights: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const at = part.lastIndexOf('=');
    const name = part.slice(0, at).trim();
    const valueText = part.slice(at + 1).trim();
    const value = Number(valueText);
    if (at < 0 || name === '' || valueText === '' || !Number.isFinite(value) || value < 0) {
      bad(`--alpha "${text}": each class needs NAME=WEIGHT with a weight of at least 0 (like "A=0.2,B=0.3,C=0.5"); '${part.trim()}' is not.`);
    }
    if (name in weights) bad(`--alpha "${text}" gives the class '${name}' two weights.`);
    weights[name] = value;
  }
  return weights;
}

/** alpha as text: auto, a number, or "A=0.2, B=0.3, C=0.5". */
export function describeAlpha(alpha: ComparisonConfig['alpha']): string {
  if (alpha === 'auto' || typeof alpha === 'number') return String(alpha);
  return Object.entries(alpha).map(([name, weight]) => `${name}=${weight}`).join(', ');
}
