// Comparison settings: defaults, and validation with messages that say which option to fix.

import { FocalLabInputError } from './errors';
import { inverseFrequencyAlpha } from './losses';
import { validateSplitFractions } from './dataset/split';
import { missingWordsProblem, MISSING_VALUE_TOKENS } from './csv/missingWords';
import { LOSS_KINDS, type ComparisonConfig, type LossKind } from './results';

export const DEFAULT_CONFIG: Readonly<ComparisonConfig & { alpha: 'auto' }> = Object.freeze({
  losses: ['bce', 'focal', 'alpha-focal'] as LossKind[],
  gamma: 2,
  alpha: 'auto' as const,
  epochs: 30,
  batchSize: 64,
  learningRate: 1e-3,
  hidden: [64, 32],
  seed: 42,
  split: { train: 0.7, validation: 0.1, test: 0.2 },
  priorBiasInit: false,
  maxCategories: 10,
  folds: 5,
  repeats: 1,
  earlyStopping: 5,
  monitor: 'own-loss' as const,
  dedupe: false,
  missingValues: MISSING_VALUE_TOKENS.filter((token) => token !== ''),
});

export const MONITORS: readonly ComparisonConfig['monitor'][] = ['own-loss', 'log-loss', 'pr-auc'];
/** Share of each fold's non-test rows held out as validation rows (early stopping, tuned threshold, recalibration). */
export const VALIDATION_SHARE = 0.2;

/** The largest file read by default; raise it with --max-file-mb / focalLab.maxFileMegabytes. */
export const DEFAULT_MAX_FILE_MEGABYTES = 1024;

function bad(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

function checkNumber(name: string, value: number, min: number, max: number, integer = false): void {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    bad(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${value}).`);
  }
}

export function resolveConfig(partial: Partial<ComparisonConfig> = {}): ComparisonConfig {
  const config: ComparisonConfig = {
    ...DEFAULT_CONFIG,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
    split: { ...DEFAULT_CONFIG.split, ...(partial.split ?? {}) },
    losses: [...(partial.losses ?? DEFAULT_CONFIG.losses)],
    hidden: [...(partial.hidden ?? DEFAULT_CONFIG.hidden)],
    missingValues: [...(partial.missingValues ?? DEFAULT_CONFIG.missingValues!)],
  };
  if (config.losses.length === 0) bad(`Choose at least one loss (${LOSS_KINDS.join(', ')}).`);
  for (const loss of config.losses) {
    if (!LOSS_KINDS.includes(loss)) bad(`Unknown loss '${loss}'; choose from ${LOSS_KINDS.join(', ')}.`);
  }
  if (new Set(config.losses).size !== config.losses.length) bad('Each loss can be listed only once.');
  checkNumber('gamma', config.gamma, 0, 10);
  if (typeof config.alpha === 'number') checkNumber('alpha', config.alpha, 0, 1);
  else if (config.alpha !== 'auto') checkClassWeights(config.alpha);
  checkNumber('epochs', config.epochs, 1, 10000, true);
  checkNumber('batch size', config.batchSize, 1, 1_000_000, true);
  checkNumber('learning rate', config.learningRate, 1e-8, 100);
  if (config.hidden.length !== 2) bad(`hidden must name two layer sizes, like 64,32 (got ${config.hidden.join(',') || 'none'}).`);
  for (const units of config.hidden) checkNumber('hidden layer size', units, 1, 4096, true);
  checkNumber('seed', config.seed, 0, 2 ** 32 - 1, true);
  checkNumber('max categories', config.maxCategories, 1, 1000, true);
  checkNumber('folds', config.folds, 1, 20, true);
  checkNumber('repeats', config.repeats, 1, 20, true);
  checkNumber('early stopping patience', config.earlyStopping, 0, 10000, true);
  if (!MONITORS.includes(config.monitor)) bad(`monitor must be one of ${MONITORS.join(', ')} (got '${String(config.monitor)}').`);
  if (typeof config.dedupe !== 'boolean') bad(`dedupe must be true or false (got '${String(config.dedupe)}').`);
  const wordsProblem = missingWordsProblem(config.missingValues!);
  if (wordsProblem) bad(wordsProblem);
  validateSplitFractions(config.split);
  if (config.planeColumns !== undefined) checkPlaneColumns(config.planeColumns);
  return config;
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
