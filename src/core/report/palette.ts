// Colours with meaning, the one palette of the panel, the side bar's loss-shape chart and the
// reports: one fixed colour per loss kind everywhere (from the loss table, LOSS_TABLE), greys for
// the reference predictors, a categorical list for the gammas of a sweep, and a blue–orange
// diverging scale for probabilities (colour-blind safe), white at 0.5. Every series colour keeps
// a contrast of at least 3:1 against the editor background of VS Code's shipped light, dark and
// high-contrast themes (test/unit/palette.test.ts); `readableOn` nudges it for any other theme.

import { LOSS_KINDS, LOSS_TABLE, type LossKind, type ReferenceKind, type RunResult } from '../results';
import { isSweep } from './names';
import { armStyle } from '../arms';
import { ensureContrast, parseHex, toHex } from './contrast';

export const LOSS_COLORS: Readonly<Record<LossKind, string>> = Object.fromEntries(LOSS_KINDS.map((k) => [k, LOSS_TABLE[k].colour])) as Record<LossKind, string>;

export const NEUTRAL_COLOR = '#808080';

/** The reference models: greys, drawn dashed, so they read as yardsticks rather than contenders. */
export const REFERENCE_COLORS: Readonly<Record<ReferenceKind, string>> = {
  'base-rate': '#8A8A8A',
  'logistic-regression': '#767676',
};

/**
 * The gammas of a sweep, in gamma order after gamma 0 (which is BCE and takes BCE's colour).
 * No grey (the references) and no blue (BCE) among them.
 */
export const SWEEP_COLORS: readonly string[] = ['#D55E00', '#00936B', '#8C6BC8', '#A6761D', '#B8689A', '#2A8C9A', '#C44E52'];

export function referenceColor(kind: ReferenceKind): string {
  return REFERENCE_COLORS[kind] ?? NEUTRAL_COLOR;
}

export function lossColor(loss: LossKind): string {
  return LOSS_COLORS[loss] ?? NEUTRAL_COLOR;
}

/**
 * The colours of a sweep's runs, given their gammas (in any order): gamma 0 is BCE and takes BCE's
 * colour; the other gammas take SWEEP_COLORS in increasing gamma order.
 */
export function sweepColors(gammas: readonly number[]): string[] {
  const others = [...new Set(gammas.filter((g) => g !== 0))].sort((a, b) => a - b);
  return gammas.map((g) => (g === 0 ? LOSS_TABLE.bce.colour : SWEEP_COLORS[others.indexOf(g) % SWEEP_COLORS.length]!));
}

/**
 * Each run's series colour: in a gamma sweep (one loss, several gammas) its gamma's; else its
 * arm's strategy's (SMOTE, oversampling…) or its loss's.
 */
export function runColors(runs: readonly Pick<RunResult, 'loss' | 'gamma' | 'arm'>[]): string[] {
  return isSweep({ runs }) ? sweepColors(runs.map((r) => r.gamma)) : runs.map((r) => (r.arm ? armStyle(r.arm).colour : lossColor(r.loss)));
}

/** Each run's dash pattern (the second cue besides colour): its arm's strategy's or its loss's; solid in a sweep. */
export function runDashes(runs: readonly Pick<RunResult, 'loss' | 'gamma' | 'arm'>[]): number[][] {
  return isSweep({ runs }) ? runs.map(() => []) : runs.map((r) => (r.arm ? armStyle(r.arm).dash : [...LOSS_TABLE[r.loss].dash]));
}

/** A palette colour adjusted, if needed, to keep 3:1 against `background` (any hex colour); the colour itself otherwise. */
export function readableOn(colour: string, background: string): string {
  const c = parseHex(colour);
  const b = parseHex(background);
  if (!c || !b) return colour;
  const adjusted = ensureContrast(c, b);
  return adjusted === c ? colour : toHex(adjusted);
}

/** Test points on the decision-region maps: darker than the regions so they stay visible on them. */
export const NEGATIVE_POINT_COLOR = '#1d4f91';
export const POSITIVE_POINT_COLOR = '#a03d00';

const LOW: Rgb = [67, 147, 195]; // p = 0: negative class
const MID: Rgb = [247, 247, 247]; // p = 0.5: undecided
const HIGH: Rgb = [230, 97, 1]; // p = 1: positive class

type Rgb = [number, number, number];

/** Colours of the classes where a chart shows them apart: the decision regions' negative and positive ends, then distinct hues. */
export const CLASS_COLOURS: readonly string[] = [toHex(LOW), toHex(HIGH), '#00936B', '#8C6BC8', '#A6761D', '#2A8C9A'];

/** Colour for a positive-class probability, quantised to `levels` steps per side so equal cells can be merged. */
export function probabilityColor(probability: number, levels = 16): string {
  const p = Math.min(1, Math.max(0, probability));
  const distance = Math.round((Math.abs(p - 0.5) * 2) * levels) / levels;
  const end = p < 0.5 ? LOW : HIGH;
  return toHex(MID.map((m, i) => m + (end[i]! - m) * distance) as Rgb);
}


