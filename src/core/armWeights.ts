// The class weights an arm trains with, from the fold's training rows (before any resampling:
// the weights describe the data, not the resampled copy of it).

import { effectiveBetaOf, type Arm } from './arms';
import { resolveAlpha } from './config';
import { LOSS_TABLE } from './results';
import { binaryClassBalancedAlpha } from './sampling/classBalanced';

/**
 * A two-class arm's weight of the positive class (the negative class gets 1 − it), or null when
 * its loss does not weigh the classes. Class-balanced weights (w0, w1), which sum to 2, become
 * w1 / (w0 + w1): the same loss up to the factor (w0 + w1) / 2 = 1.
 */
export function armAlphaForPositiveClass(arm: Pick<Arm, 'loss' | 'alpha'>, trainCounts: readonly [number, number] | readonly number[]): number | null {
  if (!LOSS_TABLE[arm.loss].usesAlpha || arm.alpha === null) return null;
  const beta = effectiveBetaOf(arm);
  const [negatives = 0, positives = 0] = trainCounts;
  if (beta !== null) return binaryClassBalancedAlpha([negatives, positives], beta).alphaForPositiveClass;
  return resolveAlpha(arm.alpha as 'auto' | number | Record<string, number>, positives, negatives + positives);
}
