// What a run is, in the user's words: which file, which settings, which number in this
// workspace. The host records it when a run starts; the panel title, the panel header, the
// Runs view and Re-run all read it, so two runs of the same file never look alike and Re-run
// repeats exactly the run it belongs to. Pure: no vscode, no DOM.

import type { ComparisonConfig, LossKind } from '../core/results';
import { DEFAULT_SETTINGS, type FocalLabSettings } from './settings';

export type RunKindName = 'comparison' | 'sweep';

/** Everything needed to run a run again, and to tell it apart from the others. */
export interface RunSource {
  /** Absolute path of the CSV. */
  file: string;
  kind: RunKindName;
  /** The settings the run trained with (focalLab.* and any overrides of that run). */
  settings: FocalLabSettings;
  /** The target column and positive class the user gave or chose, when they did (else the engine guesses again). */
  target?: string;
  positive?: string;
  /** 1, 2, 3… in the order runs started in this workspace; absent for runs stored by an older Focal Lab. */
  number?: number;
}

const SHORT_LOSS: Readonly<Record<LossKind, string>> = {
  bce: 'BCE',
  'weighted-bce': 'weighted BCE',
  focal: 'focal',
  'alpha-focal': 'α-focal',
};

export function fileNameOf(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/** A number for a label: at most three decimals, no trailing zeros (0.8585714285714285 → 0.859). */
export function shortNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function alphaText(alpha: FocalLabSettings['alpha']): string {
  if (typeof alpha === 'object') return `per class (${Object.entries(alpha).map(([name, w]) => `${name} ${shortNumber(w)}`).join(', ')})`;
  return alpha === 'auto' ? 'auto' : shortNumber(alpha);
}

function usesAlpha(loss: LossKind): boolean {
  return loss === 'weighted-bce' || loss === 'alpha-focal';
}

function usesGamma(loss: LossKind): boolean {
  return loss === 'focal' || loss === 'alpha-focal';
}

/** "BCE, focal, α-focal · γ 2 · α auto" or "gamma sweep 0–5 (focal)": what was trained. */
export function describeSettings(kind: RunKindName, settings: FocalLabSettings): string {
  if (kind === 'sweep') {
    const gammas = [...settings.sweepGammas].sort((a, b) => a - b);
    const range = gammas.length > 1 ? `γ ${shortNumber(gammas[0])}–${shortNumber(gammas[gammas.length - 1])}` : `γ ${shortNumber(gammas[0] ?? 0)}`;
    const alpha = usesAlpha(settings.sweepLoss) ? ` · α ${alphaText(settings.alpha)}` : '';
    return `gamma sweep ${range} (${SHORT_LOSS[settings.sweepLoss] ?? settings.sweepLoss})${alpha}`;
  }
  const parts = [settings.losses.map((loss) => SHORT_LOSS[loss] ?? loss).join(', ')];
  if (settings.losses.some(usesGamma)) parts.push(`γ ${shortNumber(settings.gamma)}`);
  if (settings.losses.some(usesAlpha)) parts.push(`α ${alphaText(settings.alpha)}`);
  return parts.join(' · ');
}

/** "run 3" (or nothing for an unnumbered older run). */
export function runNumberText(source: Pick<RunSource, 'number'>): string {
  return source.number === undefined ? '' : `run ${source.number}`;
}

/** The panel's tab title: short, but different for two runs of the same file. */
export function panelTitle(kind: RunKindName, fileName: string, source: RunSource | undefined): string {
  const what = kind === 'sweep' ? 'Gamma sweep' : 'Focal Lab';
  if (!source) return `${what}: ${fileName}`;
  const number = source.number === undefined ? '' : ` #${source.number}`;
  return `${what}${number}: ${fileName} (${describeSettings(kind, source.settings)})`;
}

/** One line saying what Re-run repeats: "churn.csv, run 3 (BCE, focal · γ 2)". */
export function describeRun(source: RunSource): string {
  const number = runNumberText(source);
  return `${fileNameOf(source.file)}${number ? `, ${number}` : ''} (${describeSettings(source.kind, source.settings)})`;
}

/**
 * The settings of a run stored by an older Focal Lab (its summary has none): what its results'
 * config says, the current settings for what the config does not record.
 */
export function settingsFromConfig(config: ComparisonConfig, current: FocalLabSettings, sweep?: { loss: LossKind; gammas: number[] }): FocalLabSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...current,
    losses: [...config.losses],
    gamma: config.gamma,
    alpha: typeof config.alpha === 'object' ? { ...config.alpha } : config.alpha,
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    hiddenLayers: [...config.hidden],
    seed: config.seed,
    trainFraction: config.split.train,
    validationFraction: config.split.validation,
    testFraction: config.split.test,
    priorBiasInit: config.priorBiasInit,
    maxCategories: config.maxCategories,
    folds: config.folds,
    repeats: config.repeats,
    earlyStopping: config.earlyStopping,
    monitor: config.monitor,
    ...(sweep ? { sweepLoss: sweep.loss, sweepGammas: [...sweep.gammas] } : {}),
  };
}
