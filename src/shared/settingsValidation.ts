// The checks on each focalLab.* setting, in the words the side-bar form shows under a field.
// Pure: the form parses what the user typed with these, and the host can check a value it
// is about to write with validateSettingValue. The limits match src/core/config.ts (which
// throws on the same values when a run starts) and src/core/dataset/split.ts.

import { LOSS_KINDS, LOSS_LABELS, type LossKind } from '../core/results';
import { missingWordsProblem } from '../core/csv/missingWords';
import { MONITOR_CHOICES, type FocalLabSettings, type SettingKey } from './settings';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

interface NumberRule {
  /** The field's name in a sentence. */
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  /** min itself is not allowed (a split fraction > 0). */
  minExclusive?: boolean;
  /** max itself is not allowed (a split fraction < 1). */
  maxExclusive?: boolean;
}

export type NumberKey =
  | 'gamma' | 'alpha' | 'epochs' | 'batchSize' | 'learningRate' | 'seed' | 'trainFraction' | 'validationFraction' | 'testFraction' | 'maxCategories' | 'maxFileMegabytes'
  | 'folds' | 'repeats' | 'earlyStopping';

export const NUMBER_RULES: Readonly<Record<NumberKey, NumberRule>> = {
  gamma: { label: 'Gamma', min: 0, max: 10 },
  alpha: { label: 'Alpha', min: 0, max: 1 },
  epochs: { label: 'Epochs', min: 1, max: 10000, integer: true },
  batchSize: { label: 'Batch size', min: 1, max: 1_000_000, integer: true },
  // core/config.ts rejects learning rates below 1e-8 when the run starts.
  learningRate: { label: 'Learning rate', min: 1e-8, max: 100 },
  seed: { label: 'Seed', min: 0, max: 2 ** 32 - 1, integer: true },
  trainFraction: { label: 'Train fraction', min: 0, max: 1, minExclusive: true, maxExclusive: true },
  validationFraction: { label: 'Validation fraction', min: 0, max: 1, minExclusive: true, maxExclusive: true },
  testFraction: { label: 'Test fraction', min: 0, max: 1, minExclusive: true, maxExclusive: true },
  maxCategories: { label: 'Max categories', min: 1, max: 1000, integer: true },
  maxFileMegabytes: { label: 'Max file size (MB)', min: 1, max: 1_000_000, integer: true },
  folds: { label: 'Folds', min: 1, max: 20, integer: true },
  repeats: { label: 'Repeats', min: 1, max: 20, integer: true },
  earlyStopping: { label: 'Early-stopping patience', min: 0, max: 10000, integer: true },
};

/** Largest / smallest hidden layer, and how many layers the model has. */
export const HIDDEN_UNITS = { min: 1, max: 4096, layers: 2 } as const;
/** Tolerance on the split fractions' sum, as in core/dataset/split.ts. */
export const SPLIT_SUM_TOLERANCE = 1e-6;

// A plain decimal number: 3, -2, 0.25, .5, 1e-3. No thousands separators, no decimal commas
// (a comma separates list items), no hex, no Infinity.
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function formatLimit(n: number): string {
  if (n !== 0 && Math.abs(n) < 1e-3) return n.toExponential().replace('e-', 'e−');
  return n.toLocaleString('en-US', { maximumFractionDigits: 10 });
}

function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.minExclusive && rule.maxExclusive) return `${kind} between ${formatLimit(rule.min)} and ${formatLimit(rule.max)} (both excluded)`;
  return `${kind} from ${formatLimit(rule.min)} to ${formatLimit(rule.max)}`;
}

/** Checks a number already parsed (or written in settings.json). */
export function checkNumber(key: NumberKey, value: number): string | null {
  const rule = NUMBER_RULES[key];
  const inRange = Number.isFinite(value)
    && (rule.minExclusive ? value > rule.min : value >= rule.min)
    && (rule.maxExclusive ? value < rule.max : value <= rule.max);
  if (!inRange || (rule.integer && !Number.isInteger(value))) return `${rule.label} must be ${describeRange(rule)}.`;
  return null;
}

/** Parses one number as typed into a field. */
export function parseNumberField(key: NumberKey, text: string): FieldResult<number> {
  const rule = NUMBER_RULES[key];
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Enter ${rule.label.toLowerCase()}: ${describeRange(rule)}.` };
  if (!NUMBER_PATTERN.test(trimmed)) return { ok: false, message: `${rule.label} must be ${describeRange(rule)}; “${shorten(trimmed)}” is not a number.` };
  const value = Number(trimmed);
  const problem = checkNumber(key, value);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function splitList(text: string): string[] {
  return text.split(',').map((part) => part.trim());
}

/** "64,32": exactly two whole numbers from 1 to 4096. */
export function parseHiddenLayers(text: string): FieldResult<number[]> {
  const parts = splitList(text);
  const example = 'like 64,32';
  if (text.trim() === '') return { ok: false, message: `Enter two layer sizes, ${example}.` };
  if (parts.length !== HIDDEN_UNITS.layers) {
    return { ok: false, message: `Enter exactly two layer sizes separated by a comma, ${example} (got ${parts.length}).` };
  }
  const values: number[] = [];
  for (const part of parts) {
    const value = NUMBER_PATTERN.test(part) ? Number(part) : Number.NaN;
    const problem = checkHiddenUnits(value);
    if (problem) return { ok: false, message: part === '' ? `A layer size is missing; ${example}.` : problem };
    values.push(value);
  }
  return { ok: true, value: values };
}

function checkHiddenUnits(value: number): string | null {
  if (!Number.isInteger(value) || value < HIDDEN_UNITS.min || value > HIDDEN_UNITS.max) {
    return `Each layer size must be a whole number from ${HIDDEN_UNITS.min} to ${HIDDEN_UNITS.max.toLocaleString('en-US')}.`;
  }
  return null;
}

/** "0,0.5,1,2,5": one or more distinct gammas from 0 to 10, one model each. */
export function parseGammaList(text: string): FieldResult<number[]> {
  if (text.trim() === '') return { ok: false, message: 'Enter at least one gamma, like 0,0.5,1,2,5.' };
  const values: number[] = [];
  for (const part of splitList(text)) {
    if (part === '') return { ok: false, message: 'A gamma is missing between two commas; write them like 0,0.5,1,2,5.' };
    const parsed = parseNumberField('gamma', part);
    if (!parsed.ok) return { ok: false, message: `Each gamma must be a number from 0 to 10 (“${shorten(part)}” is not).` };
    values.push(parsed.value);
  }
  return checkGammaList(values) ? { ok: false, message: checkGammaList(values)! } : { ok: true, value: values };
}

function checkGammaList(values: readonly number[]): string | null {
  if (values.length === 0) return 'Enter at least one gamma, like 0,0.5,1,2,5.';
  for (const value of values) if (checkNumber('gamma', value)) return 'Each gamma must be a number from 0 to 10.';
  const seen = new Set<number>();
  for (const value of values) {
    if (seen.has(value)) return `Gamma ${value} is listed twice; each gamma trains one model.`;
    seen.add(value);
  }
  return null;
}

export function checkLosses(losses: readonly string[]): string | null {
  if (losses.length === 0) return 'Choose at least one loss to compare.';
  for (const loss of losses) if (!(LOSS_KINDS as readonly string[]).includes(loss)) return `Unknown loss '${loss}'.`;
  if (new Set(losses).size !== losses.length) return 'Each loss can be chosen only once.';
  return null;
}

export function checkMonitor(monitor: string): string | null {
  return MONITOR_CHOICES.some((c) => c.value === monitor) ? null : `Early stopping can monitor ${MONITOR_CHOICES.map((c) => c.value).join(', ')} (not '${monitor}').`;
}

export function checkSweepLoss(loss: string): string | null {
  return (LOSS_KINDS as readonly string[]).includes(loss) ? null : `Unknown loss '${loss}'.`;
}

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

/** Each fraction in (0, 1) and the three adding up to 1; the message names the sum. */
export function checkSplit(split: SplitFractions): string | null {
  for (const [key, value] of [['trainFraction', split.train], ['validationFraction', split.validation], ['testFraction', split.test]] as const) {
    const problem = checkNumber(key, value);
    if (problem) return problem;
  }
  const sum = split.train + split.validation + split.test;
  if (Math.abs(sum - 1) > SPLIT_SUM_TOLERANCE) {
    return `Train + validation + test add up to ${formatSum(sum)}; they must add up to 1.`;
  }
  return null;
}

function formatSum(sum: number): string {
  return String(Math.round(sum * 1e6) / 1e6);
}

/** One alpha weight per class (three or more classes): at least two classes, each weight from 0 to 1. */
export function checkClassAlphas(weights: Record<string, unknown>): string | null {
  const entries = Object.entries(weights);
  if (entries.length < 2) return 'Per-class alpha needs a weight for every class of the target.';
  for (const [name, weight] of entries) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) return `The alpha weight of class '${name}' must be a number from 0 to 1.`;
  }
  return null;
}

/** Whether alpha = value gives the positive class less weight than the negative class. */
export function alphaFavoursNegative(alpha: FocalLabSettings['alpha']): boolean {
  return typeof alpha === 'number' && alpha < 0.5;
}

/** Human label of a loss kind, for the checkboxes and the sweep's select. */
export function lossLabel(loss: LossKind): string {
  return LOSS_LABELS[loss];
}

/**
 * Whether a typed value may be written to one setting, for the host's second check. Split
 * fractions are checked one at a time here (range only); the sum needs all three: checkSplit.
 */
export function validateSettingValue(key: SettingKey, value: unknown): string | null {
  switch (key) {
    case 'losses':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? checkLosses(value) : 'losses must be a list of loss names.';
    case 'alpha':
      if (value === 'auto') return null;
      if (value && typeof value === 'object' && !Array.isArray(value)) return checkClassAlphas(value as Record<string, unknown>);
      return typeof value === 'number' ? checkNumber('alpha', value) : "alpha must be 'auto', a number from 0 to 1, or one weight per class.";
    case 'hiddenLayers':
      if (!Array.isArray(value) || value.length !== HIDDEN_UNITS.layers) return 'hiddenLayers must name two layer sizes, like [64, 32].';
      for (const v of value) {
        const problem = checkHiddenUnits(typeof v === 'number' ? v : Number.NaN);
        if (problem) return problem;
      }
      return null;
    case 'sweepGammas':
      return Array.isArray(value) && value.every((v) => typeof v === 'number') ? checkGammaList(value) : 'sweepGammas must be a list of numbers.';
    case 'sweepLoss':
      return typeof value === 'string' ? checkSweepLoss(value) : 'sweepLoss must be a loss name.';
    case 'monitor':
      return typeof value === 'string' ? checkMonitor(value) : 'monitor must be own-loss, log-loss or pr-auc.';
    case 'priorBiasInit':
    case 'dedupe':
      return typeof value === 'boolean' ? null : `${key} must be true or false.`;
    case 'missingValues':
      return checkMissingValues(value);
    case 'gamma':
    case 'epochs':
    case 'batchSize':
    case 'learningRate':
    case 'seed':
    case 'trainFraction':
    case 'validationFraction':
    case 'testFraction':
    case 'maxCategories':
    case 'maxFileMegabytes':
    case 'folds':
    case 'repeats':
    case 'earlyStopping':
      return typeof value === 'number' ? checkNumber(key, value) : `${NUMBER_RULES[key].label} must be a number.`;
    default: {
      const unexpected: never = key;
      return `Unknown setting '${String(unexpected)}'.`;
    }
  }
}

function checkMissingValues(value: unknown): string | null {
  return Array.isArray(value) ? missingWordsProblem(value) : 'missingValues must be a list of words, like ["NA", "N/A", "null"].';
}
