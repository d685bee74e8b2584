// Colours with meaning: one fixed colour per loss kind everywhere (Okabe–Ito,
// distinguishable with the common colour-vision deficiencies), and a blue–orange
// diverging scale for probabilities (also colour-blind safe), white at 0.5.

import type { LossKind, ReferenceKind } from '../results';

export const LOSS_COLORS: Readonly<Record<LossKind, string>> = {
  bce: '#0072B2', // blue
  'weighted-bce': '#009E73', // bluish green
  focal: '#E69F00', // orange
  'alpha-focal': '#CC79A7', // reddish purple
};

export const NEUTRAL_COLOR = '#777777';

/** The reference models: greys, drawn dashed, so they read as yardsticks rather than contenders. */
export const REFERENCE_COLORS: Readonly<Record<ReferenceKind, string>> = {
  'base-rate': '#999999',
  'logistic-regression': '#666666',
};

export function referenceColor(kind: ReferenceKind): string {
  return REFERENCE_COLORS[kind] ?? NEUTRAL_COLOR;
}

export function lossColor(loss: LossKind): string {
  return LOSS_COLORS[loss] ?? NEUTRAL_COLOR;
}

/** Test points on the decision-region maps: darker than the regions so they stay visible on them. */
export const NEGATIVE_POINT_COLOR = '#1d4f91';
export const POSITIVE_POINT_COLOR = '#a03d00';

const LOW: Rgb = [67, 147, 195]; // p = 0: negative class
const MID: Rgb = [247, 247, 247]; // p = 0.5: undecided
const HIGH: Rgb = [230, 97, 1]; // p = 1: positive class

type Rgb = [number, number, number];

/** Colour for a positive-class probability, quantised to `levels` steps per side so equal cells can be merged. */
export function probabilityColor(probability: number, levels = 16): string {
  const p = Math.min(1, Math.max(0, probability));
  const distance = Math.round((Math.abs(p - 0.5) * 2) * levels) / levels;
  const end = p < 0.5 ? LOW : HIGH;
  return toHex(MID.map((m, i) => m + (end[i]! - m) * distance) as Rgb);
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}
