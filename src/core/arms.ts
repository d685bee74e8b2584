// The arms of a comparison: each is one way of training the same network on the same folds —
// a loss, optionally with class-balanced weights (effective number of samples), a resampling of
// the training rows, or threshold moving. The arm id is the run's identity everywhere (events,
// panel, history, reports, results.json `runs[].arm`). Pure: no vscode, no DOM.

import { FocalLabInputError } from './errors';
import { LOSS_KINDS, LOSS_TABLE, type LossKind } from './results';
import { DEFAULT_BETA as DEFAULT_EFFECTIVE_BETA } from './sampling/classBalanced';
import { DEFAULT_SAMPLING_RATIO, DEFAULT_SMOTE_NEIGHBOURS } from './sampling/rows';

import type { SamplingMethod } from './sampling/rows';
export type { SamplingMethod };

/** Resampling of a fold's training rows (never its validation or test rows). */
export interface ArmSampling {
  method: SamplingMethod;
  /** Rows of each smaller class per row of the largest, after resampling (1 = balanced). */
  ratio: number;
  /** SMOTE's nearest same-class neighbours. */
  k: number;
}

/** How the arm weighs the classes: the comparison's alpha rule, or class-balanced weights (Cui et al. 2019). */
export type ArmAlpha = 'auto' | number | Record<string, number> | { effectiveNumberBeta: number };

export interface Arm {
  /** The run's identity: the canonical short form, e.g. 'bce', 'focal@3', 'bce+smote', 'focal+effective:0.999'. */
  id: string;
  /** What users see: 'BCE + SMOTE', 'Class-balanced focal (β 0.999)'. */
  label: string;
  loss: LossKind;
  gamma: number;
  /** null when the loss does not weigh the classes. */
  alpha: ArmAlpha | null;
  sampling: ArmSampling | null;
  /** Decides at the threshold that maximised F1 on the validation rows instead of 0.5. */
  thresholdMoving: boolean;
}

export type StrategyKind = 'class-balanced' | SamplingMethod | 'threshold-moving';

export interface StrategyKindInfo {
  /** The modifier in the --arms syntax. */
  token: string;
  /** What users see after the loss's name. */
  label: string;
  /** One sentence, for hovers, the CLI help and the reports. */
  description: string;
  /** Series colour (same luminance band as the loss table's, so it keeps 3:1 in every theme). */
  colour: string;
  dash: number[];
}

/** One row per strategy kind: everything that differs between the strategies is here (the losses are in LOSS_TABLE). */
export const STRATEGY_TABLE: Readonly<Record<StrategyKind, StrategyKindInfo>> = {
  'class-balanced': {
    token: 'effective',
    label: 'class-balanced',
    description: 'weighs each class by the inverse of its effective number of samples, (1 − β)/(1 − β^n) (Cui et al. 2019), normalised to sum to the number of classes',
    colour: '#2A8C9A',
    dash: [4, 2],
  },
  oversample: {
    token: 'oversample',
    label: 'oversampling',
    description: "repeats random rows of the smaller classes in each fold's training rows until they reach the ratio to the largest class",
    colour: '#8C6BC8',
    dash: [6, 2, 1, 2],
  },
  undersample: {
    token: 'undersample',
    label: 'undersampling',
    description: "drops random rows of the larger classes from each fold's training rows until the ratio is reached",
    colour: '#A6761D',
    dash: [1, 2],
  },
  smote: {
    token: 'smote',
    label: 'SMOTE',
    description: "adds synthetic rows of the smaller classes, each between a row and one of its k nearest same-class neighbours in the standardised inputs (Chawla et al. 2002), to each fold's training rows",
    colour: '#C44E52',
    dash: [10, 3],
  },
  'threshold-moving': {
    token: 'threshold',
    label: 'threshold moving',
    description: 'the same trained model, deciding at the threshold that maximised F1 on the validation rows instead of 0.5 (its "@0.5" metrics are at that threshold)',
    colour: '#5B7D1E',
    dash: [3, 3],
  },
};

export const STRATEGY_KINDS = Object.keys(STRATEGY_TABLE) as StrategyKind[];

/** Defaults of the modifiers' parameters (declared with the science they configure). */
export { DEFAULT_BETA as DEFAULT_EFFECTIVE_BETA } from './sampling/classBalanced';
export { DEFAULT_SAMPLING_RATIO } from './sampling/rows';
export { DEFAULT_SMOTE_NEIGHBOURS } from './sampling/rows';

/** Named lists of arms (--preset, and the Compare Imbalance Strategies command). */
export const ARM_PRESETS = {
  losses: 'bce, focal, alpha-focal',
  strategies: 'bce, alpha-focal, bce+effective:0.999, bce+oversample, bce+smote, bce+threshold',
} as const;
export type ArmPresetName = keyof typeof ARM_PRESETS;

function bad(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

const LOSS_ALIASES: Readonly<Record<string, LossKind>> = { ce: 'bce', 'weighted-ce': 'weighted-bce' };

/** The defaults an arm takes from the comparison when its text does not say. */
export interface ArmDefaults {
  gamma: number;
  alpha: 'auto' | number | Record<string, number>;
  task?: 'binary' | 'multiclass';
}

/**
 * Parses the --arms syntax: arms separated by commas, each a loss with optional modifiers joined
 * by '+': `LOSS[@GAMMA][+effective[:BETA]][+oversample[:RATIO] | +undersample[:RATIO] | +smote[:RATIO[:K]]][+threshold]`.
 * Example: "bce, alpha-focal, bce+smote, bce+oversample:0.5, focal+effective:0.999".
 */
export function parseArms(text: string, defaults: ArmDefaults): Arm[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => part === '')) bad(`Name at least one arm, like "${ARM_PRESETS.strategies}".`);
  const arms = parts.map((part) => {
    if (part === '') bad(`--arms "${text}" has an empty arm between two commas.`);
    return parseArm(part, defaults);
  });
  const seen = new Set<string>();
  for (const arm of arms) {
    if (seen.has(arm.id)) bad(`The arm '${arm.id}' is listed twice; each arm can be listed only once.`);
    seen.add(arm.id);
  }
  return arms;
}

function parseNumber(text: string | undefined, what: string, arm: string, check: (n: number) => boolean, range: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || !check(value)) bad(`In the arm '${arm}', ${what} must be ${range} (got '${text ?? ''}').`);
  return value;
}

export function parseArm(text: string, defaults: ArmDefaults): Arm {
  const spec = text.trim().toLowerCase().replace(/\s+/g, '');
  const [head = '', ...modifiers] = spec.split('+');
  const [lossText = '', gammaText, ...extra] = head.split('@');
  const loss = LOSS_ALIASES[lossText] ?? (lossText as LossKind);
  if (!LOSS_KINDS.includes(loss)) bad(`Unknown loss '${lossText}' in the arm '${text.trim()}'; start each arm with one of ${LOSS_KINDS.join(', ')}.`);
  if (extra.length > 0) bad(`The arm '${text.trim()}' has more than one '@'; write LOSS@GAMMA, like focal@2.`);
  let gamma = defaults.gamma;
  if (gammaText !== undefined) {
    if (!LOSS_TABLE[loss].usesGamma) bad(`The arm '${text.trim()}' gives gamma to ${loss}, which has no focusing term; use focal or alpha-focal.`);
    gamma = parseNumber(gammaText, 'gamma', text.trim(), (n) => n >= 0 && n <= 10, 'a number from 0 to 10');
  }
  let effectiveNumberBeta: number | null = null;
  let sampling: ArmSampling | null = null;
  let thresholdMoving = false;
  for (const modifier of modifiers) {
    const [name = '', ...args] = modifier.split(':');
    const kind = STRATEGY_KINDS.find((k) => STRATEGY_TABLE[k].token === name || k === name);
    if (!kind) bad(`Unknown strategy '${name}' in the arm '${text.trim()}'; use ${STRATEGY_KINDS.map((k) => STRATEGY_TABLE[k].token).join(', ')}.`);
    const argLimit = kind === 'smote' ? 2 : kind === 'threshold-moving' ? 0 : 1;
    if (args.length > argLimit) bad(`In the arm '${text.trim()}', ${name} takes ${argLimit === 0 ? 'no value' : argLimit === 1 ? 'one value' : 'a ratio and k'} (got '${modifier}').`);
    if (kind === 'class-balanced') {
      if (effectiveNumberBeta !== null) bad(`The arm '${text.trim()}' names class-balanced weights twice.`);
      effectiveNumberBeta = args[0] === undefined ? DEFAULT_EFFECTIVE_BETA : parseNumber(args[0], 'β', text.trim(), (n) => n >= 0 && n < 1, 'a number from 0 up to (not including) 1, like 0.999');
    } else if (kind === 'threshold-moving') {
      if (thresholdMoving) bad(`The arm '${text.trim()}' names threshold moving twice.`);
      if (defaults.task === 'multiclass') bad(`Threshold moving (the arm '${text.trim()}') needs a two-class target; a multi-class model decides by the most probable class. Give --positive to compare one class against the rest.`);
      thresholdMoving = true;
    } else {
      if (sampling) bad(`The arm '${text.trim()}' resamples twice; choose one of oversample, undersample or smote.`);
      const ratio = args[0] === undefined || args[0] === '' ? DEFAULT_SAMPLING_RATIO : parseNumber(args[0], 'the ratio', text.trim(), (n) => n > 0 && n <= 1, 'a number above 0 up to 1 (rows of each smaller class per row of the largest; 1 = balanced)');
      const k = args[1] === undefined ? DEFAULT_SMOTE_NEIGHBOURS : parseNumber(args[1], 'k', text.trim(), (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'a whole number from 1 to 100');
      sampling = { method: kind, ratio, k };
    }
  }
  // Class-balanced weights need a loss that weighs the classes: BCE becomes weighted BCE, focal alpha-balanced focal.
  const weightedLoss: LossKind = effectiveNumberBeta === null ? loss : loss === 'bce' ? 'weighted-bce' : loss === 'focal' ? 'alpha-focal' : loss;
  const arm: Omit<Arm, 'id' | 'label'> = {
    loss: weightedLoss,
    gamma: LOSS_TABLE[weightedLoss].usesGamma ? gamma : 0,
    alpha: effectiveNumberBeta !== null ? { effectiveNumberBeta } : LOSS_TABLE[weightedLoss].usesAlpha ? defaults.alpha : null,
    sampling,
    thresholdMoving,
  };
  const written = { loss, gammaGiven: gammaText !== undefined };
  return { ...arm, id: armId(arm, written), label: armLabel(arm, defaults.task ?? 'binary', written) };
}

function short(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** The canonical text of an arm (what --arms accepts back): defaults left out, modifiers in a fixed order. */
export function armId(arm: Omit<Arm, 'id' | 'label'>, written?: { loss: LossKind; gammaGiven: boolean }): string {
  const effective = arm.alpha !== null && typeof arm.alpha === 'object' && 'effectiveNumberBeta' in arm.alpha ? (arm.alpha.effectiveNumberBeta as number) : null;
  // 'bce+effective' trains weighted BCE: the id keeps what was written.
  let text = written?.loss ?? arm.loss;
  if (written?.gammaGiven) text += `@${short(arm.gamma)}`;
  if (effective !== null) text += `+effective:${short(effective)}`;
  if (arm.sampling) {
    const { method, ratio, k } = arm.sampling;
    const token = STRATEGY_TABLE[method].token;
    if (method === 'smote' && k !== DEFAULT_SMOTE_NEIGHBOURS) text += `+${token}:${short(ratio)}:${k}`;
    else if (ratio !== DEFAULT_SAMPLING_RATIO) text += `+${token}:${short(ratio)}`;
    else text += `+${token}`;
  }
  if (arm.thresholdMoving) text += '+threshold';
  return text;
}

/** The arm's name in tables and legends: 'BCE + SMOTE', 'Class-balanced BCE (β 0.999)', 'Focal (γ=3)'. */
export function armLabel(arm: Omit<Arm, 'id' | 'label'>, task: 'binary' | 'multiclass', written?: { loss: LossKind; gammaGiven: boolean }): string {
  const effective = arm.alpha !== null && typeof arm.alpha === 'object' && 'effectiveNumberBeta' in arm.alpha ? (arm.alpha.effectiveNumberBeta as number) : null;
  const name = (kind: LossKind) => (task === 'multiclass' ? LOSS_TABLE[kind].multiclassLabel : LOSS_TABLE[kind].label);
  let label = effective !== null ? `Class-balanced ${name(written?.loss === 'bce' || arm.loss === 'weighted-bce' ? 'bce' : 'focal').replace(/^Focal|^Cross-entropy/, (w) => w.toLowerCase())}` : name(written?.loss ?? arm.loss);
  const details: string[] = [];
  if (written?.gammaGiven) details.push(`γ=${short(arm.gamma)}`);
  if (effective !== null) details.push(`β ${short(effective)}`);
  if (details.length > 0) label += ` (${details.join(', ')})`;
  if (arm.sampling) {
    const { method, ratio, k } = arm.sampling;
    const parts: string[] = [];
    if (ratio !== DEFAULT_SAMPLING_RATIO) parts.push(`ratio ${short(ratio)}`);
    if (method === 'smote' && k !== DEFAULT_SMOTE_NEIGHBOURS) parts.push(`k=${k}`);
    label += ` + ${STRATEGY_TABLE[method].label}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  }
  if (arm.thresholdMoving) label += ` + ${STRATEGY_TABLE['threshold-moving'].label}`;
  return label;
}

/** The arms of a comparison that names only losses (the default, and --losses): one per loss at the comparison's gamma. */
export function armsFromLosses(losses: readonly LossKind[], defaults: ArmDefaults): Arm[] {
  return losses.map((loss) => parseArm(loss, defaults));
}

/**
 * A gamma sweep: one loss at several gammas, each arm 'loss@gamma'. Focal loss at gamma 0 is
 * (weighted) BCE, and its label says so rather than "Focal (γ=0)".
 */
export function sweepArms(loss: LossKind, gammas: readonly number[], defaults: ArmDefaults): Arm[] {
  const task = defaults.task ?? 'binary';
  const name = (kind: LossKind) => (task === 'multiclass' ? LOSS_TABLE[kind].multiclassLabel : LOSS_TABLE[kind].label);
  return gammas.map((gamma) => {
    const base = gamma === 0 && loss === 'focal' ? 'bce' : gamma === 0 && loss === 'alpha-focal' ? 'weighted-bce' : loss;
    return {
      id: `${loss}@${gamma}`,
      label: `${name(base)} (γ=${short(gamma)})`,
      loss,
      gamma,
      alpha: LOSS_TABLE[loss].usesAlpha ? defaults.alpha : null,
      sampling: null,
      thresholdMoving: false,
    };
  });
}

/** The strategy an arm is drawn as (its colour and dash), or null for a plain loss. */
export function armStrategy(arm: Pick<Arm, 'alpha' | 'sampling' | 'thresholdMoving'>): StrategyKind | null {
  if (arm.sampling) return arm.sampling.method;
  if (arm.thresholdMoving) return 'threshold-moving';
  if (arm.alpha !== null && typeof arm.alpha === 'object' && 'effectiveNumberBeta' in arm.alpha) return 'class-balanced';
  return null;
}

/** The arm's series style: its strategy's colour and dash, or its loss's. */
export function armStyle(arm: Pick<Arm, 'loss' | 'alpha' | 'sampling' | 'thresholdMoving'>): { colour: string; dash: number[] } {
  const strategy = armStrategy(arm);
  const row = strategy ? STRATEGY_TABLE[strategy] : LOSS_TABLE[arm.loss];
  return { colour: row.colour, dash: [...row.dash] };
}

/** Arms that train the same model (threshold moving reuses its loss's fits): the same key. */
export function trainingKey(arm: Pick<Arm, 'loss' | 'gamma' | 'alpha' | 'sampling'>): string {
  return JSON.stringify([arm.loss, arm.gamma, arm.alpha, arm.sampling]);
}

/** The class-balanced β of an arm, or null. */
export function effectiveBetaOf(arm: Pick<Arm, 'alpha'>): number | null {
  return arm.alpha !== null && typeof arm.alpha === 'object' && 'effectiveNumberBeta' in arm.alpha ? (arm.alpha.effectiveNumberBeta as number) : null;
}

/** One sentence saying what an arm does, for hovers and the reports. */
export function describeArm(arm: Arm): string {
  const parts = [`${LOSS_TABLE[arm.loss].label}${LOSS_TABLE[arm.loss].usesGamma ? ` with γ=${short(arm.gamma)}` : ''}`];
  const strategy = armStrategy(arm);
  if (strategy) parts.push(STRATEGY_TABLE[strategy].description);
  return parts.join('; ');
}
