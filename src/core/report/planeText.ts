// What the decision-region plane is, in words: one place for the panel, the reports and the
// data/configuration facts, so they never describe the same plane differently. Pure.

import type { DecisionPlane } from '../results';

/** Held values listed by name in the note; the rest are counted (results.json has them all). */
const HELD_SHOWN = 6;

function quote(name: string): string {
  const characters = Array.from(name);
  return `'${characters.length > 60 ? characters.slice(0, 59).join('') + '…' : name}'`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

function heldValue(value: number | string): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : quote(value);
}

/** Principal components' share of the variance (both axes), when known. */
export function planeVarianceShare(plane: Pick<DecisionPlane, 'kind' | 'explainedVariance'>): number | null {
  if (plane.kind !== 'pca' || !plane.explainedVariance) return null;
  const [a, b] = plane.explainedVariance;
  return Number.isFinite(a + b) ? a + b : null;
}

/** Short: which plane ("the columns 'age' and 'income'", "first two principal components (23% of the variance)"). */
export function planeName(plane: DecisionPlane): string {
  if (plane.kind === 'features') return `the two input columns ${quote(plane.xLabel)} and ${quote(plane.yLabel)}`;
  if (plane.kind === 'columns') return `the columns ${quote(plane.xLabel)} and ${quote(plane.yLabel)}, every other input held fixed`;
  const share = planeVarianceShare(plane);
  return share === null ? 'the first two principal components' : `the first two principal components (${percent(share)} of the variance)`;
}

/**
 * What the plane shows and what that implies: for principal components the share of the
 * variance it holds; for chosen columns the values the other inputs are held at; in both, that
 * a point's place on the map is not the model's prediction for it.
 */
export function planeNote(plane: DecisionPlane, inputWidth: number | null): string {
  if (plane.kind === 'features') {
    return 'The two input columns themselves, in their own units: the map is the whole model, and each point sits where the model sees it.';
  }
  if (plane.kind === 'columns') {
    const held = Object.entries(plane.heldAt ?? {});
    const listed = held.slice(0, HELD_SHOWN).map(([name, value]) => `${quote(name)} ${heldValue(value)}`).join(', ');
    const more = held.length > HELD_SHOWN ? ` and ${held.length - HELD_SHOWN} more` : '';
    const heldText = held.length === 0 ? '' : ` (${listed}${more})`;
    return (
      `${quote(plane.xLabel)} and ${quote(plane.yLabel)} in their own units, each over its range in the training rows; every other input is held at its training median (numeric) or most frequent category (categorical)${heldText}. ` +
      `So the map is one slice of the model: each test point sits at its own ${quote(plane.xLabel)} and ${quote(plane.yLabel)}, but its other inputs differ from the held values, and a point can sit in a region its own prediction disagrees with. The recall under each map and the metrics above are the evidence; the map is an illustration.`
    );
  }
  const [a, b] = plane.explainedVariance ?? [NaN, NaN];
  const shown = planeVarianceShare(plane);
  const dims = inputWidth && inputWidth > 2 ? `${inputWidth} model inputs` : 'the model inputs';
  const implication =
    shown === null || shown < 0.5
      ? 'Most of the variation lies off this plane, so the map is only a sketch: '
      : shown < 0.8
        ? 'Much of the variation lies off this plane: '
        : 'Most of the variation lies on this plane, but not all: ';
  return (
    `The plane of the first two principal components of the standardised inputs shows ${shown === null ? 'part' : percent(shown)} of the variance of the ${dims} (PC1 ${percent(a)}, PC2 ${percent(b)}). ${implication}` +
    'the colours are the model’s output with every other direction held at its average, while each test point also varies along those other directions. A positive point in a region of the other class may still be predicted positive; the recall under each map and the metrics above are the evidence, the map is an illustration. To see the regions in your own units, choose two input columns instead.'
  );
}
