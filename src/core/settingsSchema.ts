// Every focalLab.* setting, declared once: its type, default and limits, the sentence users read,
// its command-line option, where it goes in a ComparisonConfig, and how the side-bar form shows
// it. The manifest (package.json, written by scripts/writeSettingsManifest.js), the checks of the
// form, the host and the engine, the CLI's options and --help, and the form's fields all come
// from this table: adding a setting is adding a row. It lives in core, with no Node or DOM API,
// so that resolveConfig checks the same limits with the same sentences as the form and the CLI.

import { MISSING_VALUE_TOKENS } from './csv/missingWords';
import { LOSS_KINDS, LOSS_TABLE, type ComparisonConfig, type LossKind } from './results';
import { ARM_PRESETS } from './arms';

/** The limits of a number; min and max are included unless marked exclusive. */
export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** min itself is not allowed (a split fraction > 0). */
  minExclusive?: boolean;
  /** max itself is not allowed (a split fraction < 1). */
  maxExclusive?: boolean;
}

export interface Choice<T extends string = string> {
  value: T;
  /** What the form shows. */
  label: string;
  /** What it means, in a few words (the Settings editor's enum descriptions, the form's hints). */
  description: string;
}

/** Where a setting's value goes in a ComparisonConfig. */
export type ConfigPath = Exclude<keyof ComparisonConfig, 'split'> | `split.${keyof ComparisonConfig['split']}`;

export interface CliOption {
  /** Without the dashes: 'batch-size'. */
  flag: string;
  /** The value's placeholder in --help ('N', 'LIST'); absent for an on/off flag. */
  value?: string;
  /** --help's text when the command line differs from the setting (else the description). */
  help?: string;
}

/** The side-bar form's sections, in order. */
export const FORM_SECTIONS = [
  { id: 'focal', title: 'Focal loss' },
  { id: 'losses', title: 'Losses to compare' },
  { id: 'training', title: 'Training' },
  {
    id: 'evaluation',
    title: 'Evaluation',
    note: 'Every loss is trained and tested on each fold; the panel shows means with 95% intervals and paired differences from the baseline.',
  },
  {
    id: 'data',
    title: 'Data split',
    note: 'Train, validation and test fractions: each between 0 and 1, adding up to 1. They apply only when Folds is 1; with cross-validation each fold is the test part in turn.',
  },
  { id: 'sweep', title: 'Gamma sweep' },
] as const satisfies readonly { id: string; title: string; note?: string }[];

export type FormSectionId = (typeof FORM_SECTIONS)[number]['id'];

/** How the side bar shows a setting; the control follows from the setting's kind. Absent: Settings editor only. */
export interface FormField {
  section: FormSectionId;
  /** The field's label when it differs from the setting's label (which messages use). */
  label?: string;
  /** One short line under the field. */
  hint?: string;
  /** Number inputs: the step of the arrows. */
  step?: number;
  /** Numbers: a slider beside the number input, over the whole range. */
  slider?: boolean;
}

interface Common<T> {
  /** The setting's name in a sentence, and its label in the form. */
  label: string;
  default: T;
  /** For users: the Settings editor (markdown: `code`, **bold**, *emphasis*) and, without the marks, --help. */
  description: string;
  /** Where the value goes in the engine's config; absent for settings the host or the CLI use themselves. */
  config?: ConfigPath;
  cli?: CliOption;
  form?: FormField;
}

export interface NumberSetting extends Common<number>, NumberRule {
  kind: 'number';
}

/**
 * 'auto', a number, or one number per class by name (alpha: the positive class's weight for two
 * classes, one weight per class for a target of three or more classes trained as one model).
 */
export interface AutoOrNumberSetting extends Common<'auto' | number | Record<string, number>>, NumberRule {
  kind: 'auto-or-number';
  /** What 'auto' means, for the form. */
  autoLabel: string;
}

export interface BooleanSetting extends Common<boolean> {
  kind: 'boolean';
}

export interface ChoiceSetting<T extends string = string> extends Common<T> {
  kind: 'choice';
  choices: readonly Choice<T>[];
}

/** One or more distinct values from a list (the losses). */
export interface ChoiceListSetting<T extends string = string> extends Common<T[]> {
  kind: 'choice-list';
  choices: readonly Choice<T>[];
  /** What one item is called in a sentence: 'loss'. */
  noun: string;
}

export interface NumberListSetting extends Common<number[]> {
  kind: 'number-list';
  item: NumberRule & { noun: string; nouns: string };
  minItems: number;
  maxItems?: number;
  /** Why a value may appear only once; absent: repeats allowed. */
  distinct?: string;
  /** Written as typed: '64,32'. */
  example: string;
}

/** Words (the missing-value words); refused when one is a number. */
export interface WordListSetting extends Common<string[]> {
  kind: 'word-list';
  example: string;
}

/** The arms of a comparison in the --arms syntax (src/core/arms.ts); empty = one arm per loss of `losses`. */
export interface ArmsSetting extends Common<string> {
  kind: 'arms';
  example: string;
}

export type SettingSpec = NumberSetting | AutoOrNumberSetting | BooleanSetting | ChoiceSetting | ChoiceListSetting | NumberListSetting | WordListSetting | ArmsSetting;

// Builders: each keeps the value's own type (LossKind[], 'auto' | number) for FocalLabSettings.
const number = (spec: Omit<NumberSetting, 'kind'>): NumberSetting => ({ kind: 'number', ...spec });
const autoOrNumber = (spec: Omit<AutoOrNumberSetting, 'kind'>): AutoOrNumberSetting => ({ kind: 'auto-or-number', ...spec });
const boolean = (spec: Omit<BooleanSetting, 'kind'>): BooleanSetting => ({ kind: 'boolean', ...spec });
const choice = <T extends string>(spec: Omit<ChoiceSetting<T>, 'kind'>): ChoiceSetting<T> => ({ kind: 'choice', ...spec });
const choiceList = <T extends string>(spec: Omit<ChoiceListSetting<T>, 'kind'>): ChoiceListSetting<T> => ({ kind: 'choice-list', ...spec });
const numberList = (spec: Omit<NumberListSetting, 'kind'>): NumberListSetting => ({ kind: 'number-list', ...spec });
const wordList = (spec: Omit<WordListSetting, 'kind'>): WordListSetting => ({ kind: 'word-list', ...spec });
const arms = (spec: Omit<ArmsSetting, 'kind'>): ArmsSetting => ({ kind: 'arms', ...spec });

/** What each loss does, in the form's words. */
const LOSS_DESCRIPTIONS: Readonly<Record<LossKind, string>> = {
  bce: 'binary cross-entropy, the baseline',
  'weighted-bce': 'BCE weighted by alpha (gamma 0)',
  focal: 'down-weights easy examples by gamma',
  'alpha-focal': 'focal loss weighted by alpha',
};

const LOSS_CHOICES: readonly Choice<LossKind>[] = LOSS_KINDS.map((kind) => ({ value: kind, label: LOSS_TABLE[kind].label, description: LOSS_DESCRIPTIONS[kind] }));

export const MONITOR_CHOICES: readonly Choice<ComparisonConfig['monitor']>[] = [
  { value: 'own-loss', label: 'Own loss', description: "the validation value of the loss the model trains on (as Keras' val_loss)" },
  { value: 'log-loss', label: 'Log-loss', description: 'validation log-loss (plain BCE): the same yardstick for every loss' },
  { value: 'pr-auc', label: 'PR-AUC', description: 'validation PR-AUC (average precision): ranking of the minority class' },
];

const SPLIT_FRACTION: NumberRule = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
const SINGLE_SPLIT_ONLY = 'Used only when folds = 1 (a single split).';

/**
 * The settings, in the Settings editor's order. A new setting: add a row (the value's type comes
 * with it), then `node scripts/writeSettingsManifest.js` (the build runs it too) for package.json.
 */
export const SETTINGS = {
  losses: choiceList<LossKind>({
    label: 'Losses',
    noun: 'loss',
    choices: LOSS_CHOICES,
    default: ['bce', 'focal', 'alpha-focal'],
    description: 'The losses to compare; each trains the same network.',
    config: 'losses',
    cli: { flag: 'losses', value: 'LIST', help: `The losses to compare, comma-separated, from ${LOSS_KINDS.join(', ')}.` },
    form: { section: 'losses' },
  }),
  arms: arms({
    label: 'Arms',
    example: ARM_PRESETS.strategies,
    default: '',
    description:
      'The arms to compare instead of `losses`: each a loss with optional strategies joined by `+` — class-balanced weights `effective[:β]`, `oversample[:ratio]`, `undersample[:ratio]`, `smote[:ratio[:k]]`, `threshold` (threshold moving) — separated by commas, like `bce, alpha-focal, bce+smote, bce+oversample:0.5, focal+effective:0.999`. Empty: one arm per loss of `losses`.',
    config: 'arms',
    cli: {
      flag: 'arms',
      value: 'LIST',
      help: 'The arms to compare instead of --losses: LOSS[@GAMMA][+effective[:BETA]][+oversample[:RATIO]|+undersample[:RATIO]|+smote[:RATIO[:K]]][+threshold], comma-separated, like "bce, alpha-focal, bce+smote, bce+oversample:0.5, focal+effective:0.999".',
    },
    form: {
      section: 'losses',
      label: 'Arms (instead of the losses above)',
      hint: 'Empty: the losses above. Else a loss with strategies joined by +, like bce, alpha-focal, bce+smote, bce+oversample:0.5, focal+effective:0.999, bce+threshold.',
    },
  }),
  gamma: number({
    label: 'Gamma',
    min: 0,
    max: 10,
    default: 2,
    description: "Focal loss `gamma`: how strongly easy, confident examples are down-weighted. `0` is BCE; the paper's default is `2`.",
    config: 'gamma',
    cli: { flag: 'gamma', value: 'G' },
    form: { section: 'focal', label: 'Gamma (focusing)', slider: true, step: 0.1, hint: '0 = BCE; the paper uses 2. Higher values make easy, confident examples count less.' },
  }),
  alpha: autoOrNumber({
    label: 'Alpha',
    min: 0,
    max: 1,
    default: 'auto',
    autoLabel: 'auto (inverse class frequency)',
    description:
      'Weight of the **positive** class in `weighted-bce` and `alpha-focal` (the negative class gets `1 - alpha`). `"auto"` = inverse class frequency = negatives / all rows of the training split (0.9 on 90:10 data). The paper\'s `0.25` gives the positive class *less* weight. For a target of three or more classes trained as one model, `"auto"` gives each class `(1/n_c) / Σ 1/n_k` (summing to 1), or give one weight per class by name, like `{ "common": 0.1, "uncommon": 0.3, "rare": 0.6 }`.',
    config: 'alpha',
    cli: {
      flag: 'alpha',
      value: 'auto|A|C=W,...|effective[:B]',
      help: "Class weights of weighted-bce and alpha-focal: A = the positive class's weight (two classes), C=W,... one weight per class (three or more); auto = inverse class frequency on the training rows, normalised to sum 1 (two classes: the positive class gets negatives / all); effective[:B] = class-balanced weights from the effective number of samples, (1 - B)/(1 - B^n) (Cui et al. 2019, B default 0.999), for every arm whose loss weighs the classes.",
    },
    form: { section: 'focal', label: 'Alpha (class weight)', step: 0.05 },
  }),
  epochs: number({
    label: 'Epochs',
    min: 1,
    max: 10000,
    integer: true,
    default: 30,
    description: 'Training epochs per model (the most a model trains: early stopping usually ends it sooner).',
    config: 'epochs',
    cli: { flag: 'epochs', value: 'N' },
    form: { section: 'training' },
  }),
  batchSize: number({
    label: 'Batch size',
    min: 1,
    max: 1_000_000,
    integer: true,
    default: 64,
    description: 'Mini-batch size.',
    config: 'batchSize',
    cli: { flag: 'batch-size', value: 'N' },
    form: { section: 'training' },
  }),
  learningRate: number({
    label: 'Learning rate',
    min: 1e-8,
    max: 100,
    default: 1e-3,
    description: 'Adam learning rate.',
    config: 'learningRate',
    cli: { flag: 'learning-rate', value: 'X' },
    form: { section: 'training', step: 0.0001 },
  }),
  hiddenLayers: numberList({
    label: 'Hidden layers',
    item: { noun: 'layer size', nouns: 'layer sizes', min: 1, max: 4096, integer: true },
    minItems: 2,
    maxItems: 2,
    example: '64,32',
    default: [64, 32],
    description: 'Units of the two hidden layers (ReLU).',
    config: 'hidden',
    cli: { flag: 'hidden', value: 'A,B' },
    form: { section: 'training', hint: 'Two layer sizes, like 64,32.' },
  }),
  seed: number({
    label: 'Seed',
    min: 0,
    max: 2 ** 32 - 1,
    integer: true,
    default: 42,
    description: 'Random seed: the same seed and data give the same numbers, run after run.',
    config: 'seed',
    cli: { flag: 'seed', value: 'S' },
    form: { section: 'training', hint: 'Same seed: same split and starting weights.' },
  }),
  folds: number({
    label: 'Folds',
    min: 1,
    max: 20,
    integer: true,
    default: 5,
    description:
      'Stratified K-fold cross-validation with this many folds: every loss is trained and tested on each fold, and the panel shows the mean with a 95% interval and paired differences from the baseline. `1` = one stratified train/validation/test split with the split fractions (for very large files).',
    config: 'folds',
    cli: { flag: 'folds', value: 'K' },
    form: { section: 'evaluation', hint: 'Stratified K-fold cross-validation; 1 = one train/validation/test split (Data split below).' },
  }),
  repeats: number({
    label: 'Repeats',
    min: 1,
    max: 20,
    integer: true,
    default: 1,
    description: 'Repeat the cross-validation with other fold assignments (more paired folds, tighter intervals, proportionally longer runs).',
    config: 'repeats',
    cli: { flag: 'repeats', value: 'R' },
    form: { section: 'evaluation', hint: 'The whole cross-validation again with other folds.' },
  }),
  earlyStopping: number({
    label: 'Early-stopping patience',
    min: 0,
    max: 10000,
    integer: true,
    default: 5,
    description:
      'Early-stopping patience in epochs: stop when the monitored validation value has not improved for this many epochs and keep the weights of the best epoch. `0` = off (train every epoch, keep the last).',
    config: 'earlyStopping',
    cli: { flag: 'early-stopping', value: 'N' },
    form: { section: 'evaluation', hint: 'Epochs without improvement before a fit stops (the best epoch is kept); 0 = off.' },
  }),
  monitor: choice<ComparisonConfig['monitor']>({
    label: 'Monitor',
    choices: MONITOR_CHOICES,
    default: 'own-loss',
    description: 'What early stopping watches on the validation rows.',
    config: 'monitor',
    cli: { flag: 'monitor', value: 'M' },
    form: { section: 'evaluation', hint: 'What early stopping watches on the validation rows.' },
  }),
  trainFraction: number({
    label: 'Train fraction',
    ...SPLIT_FRACTION,
    default: 0.7,
    description: `Share of rows in the training split (stratified). Train, validation and test must add up to 1. ${SINGLE_SPLIT_ONLY}`,
    config: 'split.train',
    form: { section: 'data', label: 'Train', step: 0.05 },
  }),
  validationFraction: number({
    label: 'Validation fraction',
    ...SPLIT_FRACTION,
    default: 0.1,
    description: `Share of rows in the validation split (used for validation curves and the tuned threshold). ${SINGLE_SPLIT_ONLY}`,
    config: 'split.validation',
    form: { section: 'data', label: 'Validation', step: 0.05 },
  }),
  testFraction: number({
    label: 'Test fraction',
    ...SPLIT_FRACTION,
    default: 0.2,
    description: `Share of rows in the test split (all reported metrics). ${SINGLE_SPLIT_ONLY}`,
    config: 'split.test',
    form: { section: 'data', label: 'Test', step: 0.05 },
  }),
  priorBiasInit: boolean({
    label: 'Prior bias initialisation',
    default: false,
    description: 'Start the output bias at the class prior (Lin et al. 2017), which steadies early training on rare classes.',
    config: 'priorBiasInit',
    cli: { flag: 'prior-bias-init' },
    form: { section: 'training', label: 'Start the output bias at the class prior', hint: 'log(p / (1 − p)) of the training split: a steadier start on a rare class.' },
  }),
  maxCategories: number({
    label: 'Max categories',
    min: 1,
    max: 1000,
    integer: true,
    default: 10,
    description: 'One-hot encode the most frequent categories of a column; the rest become "(other)".',
    config: 'maxCategories',
    cli: { flag: 'max-categories', value: 'K' },
    form: { section: 'data', hint: 'Most frequent values one-hot encoded per text column.' },
  }),
  maxFileMegabytes: number({
    label: 'Max file size (MB)',
    min: 1,
    max: 1_000_000,
    integer: true,
    default: 1024,
    description: 'Files larger than this (in MB) are refused before reading.',
    cli: { flag: 'max-file-mb', value: 'N' },
  }),
  sweepGammas: numberList({
    label: 'Sweep gammas',
    item: { noun: 'gamma', nouns: 'gammas', min: 0, max: 10 },
    minItems: 1,
    distinct: 'each gamma trains one model',
    example: '0,0.5,1,2,5',
    default: [0, 0.5, 1, 2, 3, 5],
    description: 'The gamma values Sweep Gamma trains.',
    form: { section: 'sweep', label: 'Gammas', hint: 'One model per gamma, like 0,0.5,1,2,5.' },
  }),
  sweepLoss: choice<LossKind>({
    label: 'Sweep loss',
    // Only the losses with a focusing term: with any other, every model of the sweep is the same.
    choices: LOSS_CHOICES.filter((c) => LOSS_TABLE[c.value].usesGamma),
    default: 'focal',
    description: 'The loss Sweep Gamma trains at each gamma (one that uses gamma).',
    form: { section: 'sweep', label: 'Loss' },
  }),
  dedupe: boolean({
    label: 'Drop duplicate rows',
    default: false,
    description:
      'Drop exact duplicate rows before splitting (a copy in the training rows and its twin in the test rows make the scores look better than they are). Without it, duplicates are counted and reported.',
    config: 'dedupe',
    cli: { flag: 'dedupe' },
  }),
  missingValues: wordList({
    label: 'Missing values',
    example: 'NA,N/A,null',
    default: MISSING_VALUE_TOKENS.filter((token) => token !== ''),
    description: 'Words read as missing values (matched ignoring case; empty cells always are). Take `NA` out when it is a value, such as a class for North America.',
    config: 'missingValues',
    cli: {
      flag: 'missing-values',
      value: 'LIST',
      help: "Comma-separated words read as missing values, ignoring case; empty cells always are (--missing-values '' reads NA as a value, such as a class).",
    },
  }),
} satisfies Record<string, SettingSpec>;

type Schema = typeof SETTINGS;
export type SettingKey = keyof Schema;
type ValueOf<S> = S extends { default: infer T } ? T : never;

/** The focalLab.* settings as one typed object. */
export type FocalLabSettings = { [K in SettingKey]: ValueOf<Schema[K]> };

/** The keys in the table's order (the Settings editor's and the form's). */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** One row, seen through the common type (for code that walks the table). */
export function settingSpec(key: SettingKey): SettingSpec {
  return SETTINGS[key];
}

function copy<T>(value: T): T {
  return Array.isArray(value) ? ([...value] as T) : value;
}

/** A fresh object of the defaults (lists copied). */
export function defaultSettings(): FocalLabSettings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, copy(SETTINGS[key].default)])) as FocalLabSettings;
}

/** The config value of one setting's path, or undefined. */
export function configValue(config: Partial<ComparisonConfig>, path: ConfigPath): unknown {
  if (path.startsWith('split.')) return config.split?.[path.slice('split.'.length) as keyof ComparisonConfig['split']];
  return config[path as keyof ComparisonConfig];
}

/** Sets one setting's path in a partial config (the split fractions into one split object). */
export function setConfigValue(config: Partial<ComparisonConfig>, path: ConfigPath, value: unknown): void {
  if (path.startsWith('split.')) {
    config.split = { ...(config.split ?? {}), [path.slice('split.'.length)]: value } as ComparisonConfig['split'];
  } else {
    (config as Record<string, unknown>)[path] = copy(value);
  }
}

/** The engine's config of the settings given (the others are left out, so the engine's defaults apply). */
export function settingsToConfig(settings: Partial<FocalLabSettings>): Partial<ComparisonConfig> {
  const config: Partial<ComparisonConfig> = {};
  for (const key of SETTING_KEYS) {
    const path = settingSpec(key).config;
    if (path && settings[key] !== undefined) setConfigValue(config, path, settings[key]);
  }
  return config;
}

/** Command-line options that set several settings at once (the settings' rows have no flag of their own). */
export const CLI_GROUPS = [
  {
    flag: 'split',
    value: 'T,V,S',
    keys: ['trainFraction', 'validationFraction', 'testFraction'],
    help: 'Train, validation and test fractions, stratified, adding up to 1; used only with --folds 1.',
  },
] as const satisfies readonly { flag: string; value: string; keys: readonly SettingKey[]; help: string }[];
