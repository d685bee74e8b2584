// Class-balanced loss weights from the "effective number of samples" (Cui et al. 2019,
// "Class-Balanced Loss Based on Effective Number of Samples", CVPR):
//   E_c = (1 - beta^{n_c}) / (1 - beta),   w_c = 1 / E_c = (1 - beta) / (1 - beta^{n_c}),
// normalised so that sum_c w_c = K, the number of classes (the paper's normalisation).
// beta = 0 gives uniform weights; as beta -> 1, E_c -> n_c and the weights become inverse
// class frequency. The factor (1 - beta) is common to every class and cancels in the
// normalisation, so it is never formed: near beta = 1 it would be a tiny number divided by
// another. 1 - beta^n is evaluated as -expm1(n * log1p(beta - 1)), which keeps full relative
// precision when n * log(beta) is tiny (beta = 0.9999, n = 1) and when beta^n underflows
// (beta = 0.9, n = 10^6).

import { FocalLabInputError } from '../errors';

/** The beta Focal Lab uses when none is given (the default; Cui et al. found 0.999 to 0.9999 worked best). */
export const DEFAULT_BETA = 0.999;

/** The sentence saying what is wrong with `beta`, or null when it can be used. */
export function betaProblem(beta: unknown): string | null {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0 || beta >= 1) {
    return `beta (of the class-balanced weights) must be a number from 0 up to but not including 1, like 0.999 (got ${String(beta)}).`;
  }
  return null;
}

/** Throws a user-facing error when `beta` is not in [0, 1). */
export function checkBeta(beta: unknown): asserts beta is number {
  const problem = betaProblem(beta);
  if (problem) throw new FocalLabInputError('bad-option', problem);
}

/**
 * Cui et al.'s class-balanced weight of each class, w_c proportional to (1 - beta) / (1 - beta^{n_c}),
 * normalised to sum to K = countsPerClass.length. Counts are training rows per class, in class-index
 * order; every class needs at least one (a class without rows has no finite weight).
 */
export function effectiveNumberWeights(countsPerClass: readonly number[], beta: number): number[] {
  checkBeta(beta);
  const classes = countsPerClass.length;
  if (classes < 1) throw new RangeError('effectiveNumberWeights needs the row count of at least one class.');
  countsPerClass.forEach((n, c) => {
    if (!Number.isInteger(n) || n <= 0) {
      throw new FocalLabInputError('bad-option', `Every class needs at least one training row for class-balanced weights; class ${c} has ${String(n)}.`);
    }
  });
  // beta = 0: 1 - 0^n = 1 for every n >= 1 (log1p(-1) = -Infinity would give the same, but say it).
  const logBeta = beta === 0 ? -Infinity : Math.log1p(beta - 1);
  const inverseEffective = countsPerClass.map((n) => 1 / -Math.expm1(n * logBeta));
  const sum = inverseEffective.reduce((a, b) => a + b, 0);
  return inverseEffective.map((w) => (w / sum) * classes);
}

/**
 * What a two-class (sigmoid) loss takes for class-balanced weights (w_0, w_1): the losses of
 * losses.ts weigh the positive class by alpha and the negative by 1 - alpha, so
 *   alphaForPositiveClass = w_1 / (w_0 + w_1),   lossScale = w_0 + w_1 (= 2, by the normalisation),
 * and lossScale * (alpha-weighted loss) = w_y * (unweighted loss), Cui et al.'s class-balanced loss,
 * exactly. 'weighted-bce' with this alpha is therefore class-balanced BCE and 'alpha-focal' with it
 * the class-balanced focal loss, each at half Cui et al.'s scale (as alpha = 0.5 is half of BCE).
 * A constant factor does not move the minimum and, under Adam, changes a step only through epsilon;
 * lossScale is returned for a trainer that wants the paper's loss values.
 */
export function binaryClassBalancedAlpha(countsPerClass: readonly [number, number] | readonly number[], beta: number): { alphaForPositiveClass: number; lossScale: number } {
  if (countsPerClass.length !== 2) throw new RangeError(`binaryClassBalancedAlpha needs two class counts (negative, positive), got ${countsPerClass.length}.`);
  const [w0, w1] = effectiveNumberWeights(countsPerClass, beta);
  return { alphaForPositiveClass: w1 / (w0 + w1), lossScale: w0 + w1 };
}

/**
 * What a K-class (softmax) loss takes: one alpha per class, the weights themselves. softmaxLosses.ts
 * multiplies the true class's loss by alpha_y, so 'weighted-ce' with these alphas is Cui et al.'s
 * class-balanced softmax cross-entropy and 'alpha-focal' their class-balanced focal loss, at the
 * paper's scale.
 */
export function classBalancedAlphas(countsPerClass: readonly number[], beta: number): number[] {
  return effectiveNumberWeights(countsPerClass, beta);
}
