// The checks on each focalLab.* setting, in the words the side-bar form shows under a field. They
// are derived from the one declaration of the settings (src/core/settingsSchema.ts) in
// src/core/settingsChecks.ts, which the engine (resolveConfig) and the CLI use too: a value gets
// the same sentence wherever it was typed.

import { settingSpec, SETTING_KEYS, type FocalLabSettings, type NumberRule } from '../core/settingsSchema';
import { checkSetting, parseSetting, type FieldResult, type NumberKey } from '../core/settingsChecks';

export { checkClassAlphas, checkNumber, checkSetting as validateSettingValue, checkSplit, parseNumberField, settingsProblem, SPLIT_SUM_TOLERANCE, type FieldResult, type NumberKey, type SplitFractions } from '../core/settingsChecks';

/** Each one-number setting's label and limits (the form's min and max attributes). */
export const NUMBER_RULES = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, settingSpec(key)] as const).filter(([, spec]) => spec.kind === 'number' || spec.kind === 'auto-or-number'),
) as unknown as Readonly<Record<NumberKey, NumberRule & { label: string }>>;

/** "64,32": the hidden layers as typed. */
export function parseHiddenLayers(text: string): FieldResult<number[]> {
  return parseSetting('hiddenLayers', text);
}

/** "0,0.5,1,2,5": the sweep's gammas as typed. */
export function parseGammaList(text: string): FieldResult<number[]> {
  return parseSetting('sweepGammas', text);
}

export function checkLosses(losses: readonly string[]): string | null {
  return checkSetting('losses', losses);
}

/** Whether alpha = value gives the positive class less weight than the negative class. */
export function alphaFavoursNegative(alpha: FocalLabSettings['alpha']): boolean {
  return typeof alpha === 'number' && alpha < 0.5;
}
