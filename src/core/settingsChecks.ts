// The checks of every setting, derived from its row in settingsSchema.ts, in the sentences the
// form shows under a field, the CLI prints for an option and the engine throws for a config: one
// sentence per problem, wherever the value came from. Pure (the form runs these in the webview).

import { parseArms } from './arms';
import { missingWordsProblem } from './csv/missingWords';
import {
  SETTINGS,
  SETTING_KEYS,
  settingSpec,
  type ChoiceListSetting,
  type ChoiceSetting,
  type FocalLabSettings,
  type NumberListSetting,
  type NumberRule,
  type SettingKey,
  type SettingSpec,
} from './settingsSchema';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** The settings that are one number ('auto' or a number counts: the number part). */
export type NumberKey = { [K in SettingKey]: (typeof SETTINGS)[K]['kind'] extends 'number' | 'auto-or-number' ? K : never }[SettingKey];

/** Tolerance on the split fractions' sum, as in core/dataset/split.ts. */
export const SPLIT_SUM_TOLERANCE = 1e-6;

// A plain decimal number: 3, -2, 0.25, .5, 1e-3. No thousands separators, no decimal commas
// (a comma separates list items), no hex, no Infinity.
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function formatLimit(n: number): string {
  if (n !== 0 && Math.abs(n) < 1e-3) return n.toExponential().replace('e-', 'e−');
  return n.toLocaleString('en-US', { maximumFractionDigits: 10 });
}

/** "a whole number from 1 to 20", "a number between 0 and 1 (both excluded)". */
export function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.minExclusive && rule.maxExclusive) return `${kind} between ${formatLimit(rule.min)} and ${formatLimit(rule.max)} (both excluded)`;
  return `${kind} from ${formatLimit(rule.min)} to ${formatLimit(rule.max)}`;
}

function inRule(rule: NumberRule, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    (rule.maxExclusive ? value < rule.max : value <= rule.max) &&
    (!rule.integer || Number.isInteger(value))
  );
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function numberRuleOf(key: NumberKey): NumberRule & { label: string } {
  return settingSpec(key) as NumberRule & { label: string };
}

/** A number already parsed (or written in settings.json): null when it is within the setting's limits. */
export function checkNumber(key: NumberKey, value: number): string | null {
  const rule = numberRuleOf(key);
  return inRule(rule, value) ? null : `${rule.label} must be ${describeRange(rule)}.`;
}

/** One number as typed into a field or given to an option. */
export function parseNumberField(key: NumberKey, text: string): FieldResult<number> {
  const rule = numberRuleOf(key);
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Enter ${rule.label.toLowerCase()}: ${describeRange(rule)}.` };
  if (!NUMBER_PATTERN.test(trimmed)) return { ok: false, message: `${rule.label} must be ${describeRange(rule)}; “${shorten(trimmed)}” is not a number.` };
  const value = Number(trimmed);
  const problem = checkNumber(key, value);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

function splitList(text: string): string[] {
  return text.split(',').map((part) => part.trim());
}

// ---- lists of numbers (hidden layers, sweep gammas) ----

function countWord(n: number): string {
  return ['no', 'one', 'two', 'three', 'four'][n] ?? String(n);
}

function itemProblem(spec: NumberListSetting, shown?: string): string {
  const { item } = spec;
  return `Each ${item.noun} must be ${describeRange(item)}${shown === undefined ? '' : ` (“${shorten(shown)}” is not)`}.`;
}

function numberListProblem(spec: NumberListSetting, values: readonly number[]): string | null {
  const like = `like ${spec.example}`;
  const { minItems, maxItems, item } = spec;
  if (maxItems === minItems && values.length !== minItems) {
    return `Enter exactly ${countWord(minItems)} ${item.nouns} separated by a comma, ${like} (got ${values.length}).`;
  }
  if (values.length < minItems) return minItems === 1 ? `Enter at least one ${item.noun}, ${like}.` : `Enter at least ${countWord(minItems)} ${item.nouns}, ${like}.`;
  if (maxItems !== undefined && values.length > maxItems) return `Enter at most ${countWord(maxItems)} ${item.nouns}, ${like}.`;
  for (const value of values) if (!inRule(item, value)) return itemProblem(spec);
  if (spec.distinct) {
    const seen = new Set<number>();
    for (const value of values) {
      if (seen.has(value)) return `${capitalise(item.noun)} ${value} is listed twice; ${spec.distinct}.`;
      seen.add(value);
    }
  }
  return null;
}

function parseNumberList(spec: NumberListSetting, text: string): FieldResult<number[]> {
  const like = `like ${spec.example}`;
  const { minItems, maxItems, item } = spec;
  if (text.trim() === '') {
    const count = minItems === maxItems ? `${countWord(minItems)} ${item.nouns}` : minItems === 1 ? `at least one ${item.noun}` : `at least ${countWord(minItems)} ${item.nouns}`;
    return { ok: false, message: `Enter ${count}, ${like}.` };
  }
  const parts = splitList(text);
  if (maxItems === minItems && parts.length !== minItems) return { ok: false, message: numberListProblem(spec, parts.map(Number))! };
  const values: number[] = [];
  for (const part of parts) {
    if (part === '') return { ok: false, message: `A ${item.noun} is missing between two commas; write them ${like}.` };
    const value = NUMBER_PATTERN.test(part) ? Number(part) : Number.NaN;
    if (!inRule(item, value)) return { ok: false, message: itemProblem(spec, part) };
    values.push(value);
  }
  const problem = numberListProblem(spec, values);
  return problem ? { ok: false, message: problem } : { ok: true, value: values };
}

// ---- choices ----

function choiceNames(spec: ChoiceSetting | ChoiceListSetting): string {
  const values = spec.choices.map((c) => c.value);
  return values.length <= 2 ? values.join(' or ') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function choiceProblem(spec: ChoiceSetting, value: string): string | null {
  return spec.choices.some((c) => c.value === value) ? null : `${spec.label} must be ${choiceNames(spec)} (not '${shorten(value)}').`;
}

function choiceListProblem(spec: ChoiceListSetting, values: readonly string[]): string | null {
  if (values.length === 0) return `Choose at least one ${spec.noun}.`;
  for (const value of values) {
    if (!spec.choices.some((c) => c.value === value)) return `Unknown ${spec.noun} '${shorten(value)}'; choose from ${spec.choices.map((c) => c.value).join(', ')}.`;
  }
  if (new Set(values).size !== values.length) return `Each ${spec.noun} can be chosen only once.`;
  return null;
}

// ---- arms ----

/** The sentence saying what is wrong with an arms list, or null (empty = one arm per loss). */
function armsProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    parseArms(text, { gamma: 2, alpha: 'auto' });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// ---- any setting ----

/** One alpha weight per class (three or more classes): at least two classes, each weight from 0 to 1. */
export function checkClassAlphas(weights: Record<string, unknown>): string | null {
  const entries = Object.entries(weights);
  if (entries.length < 2) return 'Per-class alpha needs a weight for every class of the target.';
  for (const [name, weight] of entries) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1) return `The alpha weight of class '${name}' must be a number from 0 to 1.`;
  }
  return null;
}

/** What one value of a setting must be, for a value of the wrong type. */
function expected(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.label} must be ${describeRange(spec)}.`;
    case 'auto-or-number':
      return `${spec.label} must be auto, ${describeRange(spec)}, or one weight per class.`;
    case 'boolean':
      return `${spec.label} must be true or false.`;
    case 'choice':
      return `${spec.label} must be ${choiceNames(spec)}.`;
    case 'choice-list':
      return `${spec.label} must be a list from ${spec.choices.map((c) => c.value).join(', ')}.`;
    case 'number-list':
      return `${spec.label} must be a list of numbers, like ${spec.example}.`;
    case 'word-list':
      return `${spec.label} must be a list of words, like ${spec.example}.`;
    case 'arms':
      return `${spec.label} must be text like "${spec.example}".`;
  }
}

const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((v) => typeof v === 'number');
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * Whether a value may be used for one setting (from settings.json, a form message, a config):
 * null, or the sentence that says what to write instead. The split fractions are checked one at
 * a time here; their sum needs all three: checkSplit.
 */
export function checkSetting(key: SettingKey, value: unknown): string | null {
  const spec = settingSpec(key);
  switch (spec.kind) {
    case 'number':
      return typeof value === 'number' ? checkNumber(key as NumberKey, value) : expected(spec);
    case 'auto-or-number':
      if (value === 'auto') return null;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return checkClassAlphas(value as Record<string, unknown>);
      return typeof value === 'number' ? checkNumber(key as NumberKey, value) : expected(spec);
    case 'boolean':
      return typeof value === 'boolean' ? null : expected(spec);
    case 'choice':
      return typeof value === 'string' ? choiceProblem(spec, value) : expected(spec);
    case 'choice-list':
      return isStringArray(value) ? choiceListProblem(spec, value) : expected(spec);
    case 'number-list':
      return isNumberArray(value) ? numberListProblem(spec, value) : expected(spec);
    case 'word-list':
      return Array.isArray(value) ? missingWordsProblem(value) : expected(spec);
    case 'arms':
      return typeof value === 'string' ? armsProblem(value) : expected(spec);
  }
}

/**
 * One setting's value from text, as typed into a form field or given to a command-line option:
 * lists are comma-separated (an empty word list is no words), on/off is true or false.
 */
export function parseSetting<K extends SettingKey>(key: K, text: string): FieldResult<FocalLabSettings[K]> {
  const spec = settingSpec(key);
  const result = ((): FieldResult<unknown> => {
    const trimmed = text.trim();
    switch (spec.kind) {
      case 'number':
        return parseNumberField(key as NumberKey, text);
      case 'auto-or-number':
        return trimmed.toLowerCase() === 'auto' ? { ok: true, value: 'auto' } : parseNumberField(key as NumberKey, text);
      case 'boolean':
        return trimmed === 'true' || trimmed === 'false' ? { ok: true, value: trimmed === 'true' } : { ok: false, message: expected(spec) };
      case 'choice':
        return choiceProblem(spec, trimmed) ? { ok: false, message: choiceProblem(spec, trimmed)! } : { ok: true, value: trimmed };
      case 'choice-list': {
        const values = trimmed === '' ? [] : splitList(trimmed).filter(Boolean);
        const problem = choiceListProblem(spec, values);
        return problem ? { ok: false, message: problem } : { ok: true, value: values };
      }
      case 'number-list':
        return parseNumberList(spec, text);
      case 'word-list': {
        const words = splitList(text).filter(Boolean);
        const problem = missingWordsProblem(words);
        return problem ? { ok: false, message: problem } : { ok: true, value: words };
      }
      case 'arms': {
        const problem = armsProblem(trimmed);
        return problem ? { ok: false, message: problem } : { ok: true, value: trimmed };
      }
    }
  })();
  return result as FieldResult<FocalLabSettings[K]>;
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
  if (Math.abs(sum - 1) > SPLIT_SUM_TOLERANCE) return `Train + validation + test add up to ${String(Math.round(sum * 1e6) / 1e6)}; they must add up to 1.`;
  return null;
}

/** The first problem of a whole set of settings (each value, then the split's sum), or null. */
export function settingsProblem(settings: FocalLabSettings): string | null {
  for (const key of SETTING_KEYS) {
    const problem = checkSetting(key, settings[key]);
    if (problem) return problem;
  }
  return checkSplit({ train: settings.trainFraction, validation: settings.validationFraction, test: settings.testFraction });
}
