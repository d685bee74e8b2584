// What a run is, in the user's words: which file, which settings, which number in this
// workspace. The host records it when a run starts; the panel title, the panel header, the
// Runs view and Re-run all read it, so two runs of the same file never look alike and Re-run
// repeats exactly the run it belongs to. Pure: no vscode, no DOM.

import type { ComparisonConfig, LossKind } from '../core/results';
import { configValue, settingSpec, SETTING_KEYS } from '../core/settingsSchema';
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
  /** The two input columns the decision regions were drawn over, when the user chose them (else the principal components). */
  planeColumns?: [string, string];
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
  // Arms are named as written ("bce, bce+smote"): short, and what Re-run repeats.
  if (settings.arms?.trim()) {
    const arms = settings.arms.split(',').map((arm) => arm.trim());
    return arms.length > 4 ? `${arms.length} arms: ${arms.slice(0, 3).join(', ')}, …` : arms.join(', ');
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
  const fromConfig: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const path = settingSpec(key).config;
    const value = path ? configValue(config, path) : undefined;
    if (value !== undefined) fromConfig[key] = Array.isArray(value) ? [...value] : value;
  }
  if (typeof fromConfig.alpha === 'object' && fromConfig.alpha !== null) fromConfig.alpha = { ...(fromConfig.alpha as Record<string, number>) };
  return {
    ...DEFAULT_SETTINGS,
    ...current,
    ...(fromConfig as Partial<FocalLabSettings>),
    ...(sweep ? { sweepLoss: sweep.loss, sweepGammas: [...sweep.gammas] } : {}),
  };
}
