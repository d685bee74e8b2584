// Float64 reference implementation of the four losses over K classes (softmax), the
// multi-class form Lin et al. (2017) defined focal loss in first:
//   L = -alpha_y (1 - p_y)^gamma log(p_y),   p = softmax(z)
// cross-entropy is gamma = 0 without alpha, weighted cross-entropy gamma = 0 with alpha.
//
// Stable closed form. With u = z_y - logsumexp_{c != y} z_c (the margin of the true class
// over all the others together), p_y = sigmoid(u) and 1 - p_y = sigmoid(-u), so
//   log(p_y)          = -softplus(-u)
//   (1 - p_y)^gamma   = exp(-gamma * softplus(u))
//   L                 = alpha_y * exp(-gamma * softplus(u)) * softplus(-u)
// which is the binary loss of losses.ts at label 1 and logit u (for K = 2, u = z_1 - z_0).
// The gradient follows by the chain rule through u:
//   dL/du   = -alpha_y * exp(-gamma * softplus(u)) * (gamma * sigmoid(u) * softplus(-u) + sigmoid(-u))
//   dL/dz_y = dL/du,   dL/dz_c = -dL/du * q_c  (c != y),   q_c = exp(z_c - logsumexp_{k != y} z_k)
// Neither log(softmax) of the true class near 1 nor 1 - p_y is ever formed by subtraction,
// so a confident true class keeps full relative precision, and nothing overflows for any
// finite logits.

import { LOSS_TABLE, type LossKind, type SoftmaxLossKind } from './results';
import { DEFAULT_GAMMA, sigmoid, softplus } from './losses';

export const SOFTMAX_LOSS_KINDS: readonly SoftmaxLossKind[] = ['ce', 'weighted-ce', 'focal', 'alpha-focal'];

export interface SoftmaxLossOptions {
  /** K, the number of classes (at least 2). */
  classes: number;
  /** Focusing parameter; used by 'focal' and 'alpha-focal' (default 2, the paper's). */
  gamma?: number;
  /** One weight per class, in class-index order. Required by 'weighted-ce' and 'alpha-focal'; ignored by 'ce' and 'focal'. */
  alpha?: ArrayLike<number> | null;
}

/** The softmax loss trained for a Focal Lab loss kind ('bce' trains as 'ce' when the target has three or more classes). */
export function softmaxKindOf(kind: LossKind): SoftmaxLossKind {
  const row = LOSS_TABLE[kind];
  if (!row) throw new RangeError(`Unknown loss '${String(kind)}'.`);
  return row.softmaxKind;
}

function rowOf(kind: SoftmaxLossKind) {
  const row = Object.values(LOSS_TABLE).find((r) => r.softmaxKind === kind);
  if (!row) throw new RangeError(`Unknown loss '${String(kind)}'; expected ${SOFTMAX_LOSS_KINDS.join(', ')}.`);
  return row;
}

interface ResolvedSoftmaxLoss {
  classes: number;
  gamma: number;
  /** null: every class weighs 1. */
  alpha: Float64Array | null;
}

/** The gamma and alpha a kind uses, after defaults and validation; parameters a kind does not use are ignored. */
export function resolveSoftmaxLoss(kind: SoftmaxLossKind, options: SoftmaxLossOptions): ResolvedSoftmaxLoss {
  const row = rowOf(kind);
  const classes = options?.classes;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes (K) must be a whole number of at least 2, got ${String(classes)}.`);
  let gamma = 0;
  if (row.usesGamma) {
    gamma = options.gamma ?? DEFAULT_GAMMA;
    if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma < 0) {
      throw new RangeError(`gamma for the '${kind}' loss must be a finite number >= 0, got ${String(gamma)}.`);
    }
  }
  let alpha: Float64Array | null = null;
  if (row.usesAlpha) {
    const given = options.alpha;
    if (given === undefined || given === null) throw new RangeError(`The '${kind}' loss needs alpha: one weight per class (${classes} numbers).`);
    if (given.length !== classes) throw new RangeError(`alpha must have one weight per class (${classes}), got ${given.length}.`);
    alpha = Float64Array.from(given);
    alpha.forEach((a, c) => {
      if (!(Number.isFinite(a) && a >= 0)) throw new RangeError(`alpha weights must be finite numbers >= 0; the weight of class ${c} is ${String(given[c])}.`);
    });
  }
  return { classes, gamma, alpha };
}

// Logits are not checked: a diverged model's NaN or infinite logits must come out as a NaN
// or infinite loss, which the trainer reports as divergence.
function checkSamples(labels: ArrayLike<number>, logits: ArrayLike<number>, classes: number): void {
  if (logits.length !== labels.length * classes) {
    throw new RangeError(`logits must hold ${classes} values per label (row-major n x K): ${labels.length} labels need ${labels.length * classes} logits, got ${logits.length}.`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) throw new RangeError(`Labels must be class indices 0..${classes - 1}; label ${i} is ${String(y)}.`);
  }
}

/**
 * The margin u = z_y - logsumexp_{c != y} z_c of row `row`; when `q` is given, also fills
 * q_c = exp(z_c - logsumexp_{k != y} z_k) for c != y (and q_y = 0).
 */
export function trueClassMargin(logits: ArrayLike<number>, row: number, classes: number, y: number, q?: Float64Array): number {
  const base = row * classes;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) if (c !== y && logits[base + c] > max) max = logits[base + c];
  let sum = 0;
  for (let c = 0; c < classes; c++) if (c !== y) sum += Math.exp(logits[base + c] - max);
  // max = +-Infinity (or NaN) makes sum NaN; the margin then follows the logits (NaN or infinite).
  const lseOthers = max + Math.log(sum);
  if (q) {
    for (let c = 0; c < classes; c++) q[c] = c === y ? 0 : Math.exp(logits[base + c] - max) / sum;
  }
  return logits[base + y] - lseOthers;
}

/** Loss of each sample from K logits per sample (row-major n x K). */
export function perSampleSoftmaxLoss(kind: SoftmaxLossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options: SoftmaxLossOptions): Float64Array {
  const { classes, gamma, alpha } = resolveSoftmaxLoss(kind, options);
  checkSamples(labels, logits, classes);
  const out = new Float64Array(labels.length);
  for (let i = 0; i < out.length; i++) {
    const y = labels[i];
    const u = trueClassMargin(logits, i, classes, y);
    // gamma = 0 must give a modulating factor of exactly 1 (cross-entropy), even where softplus(u) is huge.
    const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplus(u));
    out[i] = (alpha ? alpha[y] : 1) * modulating * softplus(-u);
  }
  return out;
}

/** d loss_i / d logit_ic for each sample and class, row-major n x K. */
export function perSampleSoftmaxLossGradient(kind: SoftmaxLossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options: SoftmaxLossOptions): Float64Array {
  const { classes, gamma, alpha } = resolveSoftmaxLoss(kind, options);
  checkSamples(labels, logits, classes);
  const out = new Float64Array(labels.length * classes);
  const q = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    const u = trueClassMargin(logits, i, classes, y, q);
    const dLdu = marginGradient(u, gamma, alpha ? alpha[y] : 1);
    for (let c = 0; c < classes; c++) out[i * classes + c] = c === y ? dLdu : -dLdu * q[c];
  }
  return out;
}

/** dL/du of alpha * exp(-gamma softplus(u)) softplus(-u): the binary gradient at label 1. */
export function marginGradient(u: number, gamma: number, weight: number): number {
  const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplus(u));
  // With gamma = 0 the first term vanishes; skipping it keeps 0 * softplus(-u) out of the sum.
  const focusing = gamma === 0 ? 0 : gamma * sigmoid(u) * softplus(-u);
  return -weight * modulating * (focusing + sigmoid(-u));
}

/** Mean loss over the samples (the training objective). */
export function meanSoftmaxLoss(kind: SoftmaxLossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options: SoftmaxLossOptions): number {
  const losses = perSampleSoftmaxLoss(kind, labels, logits, options);
  if (losses.length === 0) throw new RangeError('meanSoftmaxLoss needs at least one sample.');
  let sum = 0;
  for (let i = 0; i < losses.length; i++) sum += losses[i];
  return sum / losses.length;
}

/** Softmax probabilities of K logits per row (row-major n x K), in float64. */
export function softmaxProbabilities(logits: ArrayLike<number>, classes: number): Float64Array {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes (K) must be a whole number of at least 2, got ${String(classes)}.`);
  if (logits.length % classes !== 0) throw new RangeError(`logits must hold ${classes} values per row, got ${logits.length} values.`);
  const out = new Float64Array(logits.length);
  for (let base = 0; base < logits.length; base += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[base + c] > max) max = logits[base + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[base + c] = Math.exp(logits[base + c] - max);
    for (let c = 0; c < classes; c++) out[base + c] /= sum;
  }
  return out;
}

/**
 * Focal Lab's alpha = 'auto' for K classes: inverse class frequency normalised to sum 1,
 * alpha_c = (1 / n_c) / sum_k (1 / n_k), on the training rows. For two classes this is
 * today's rule (the positive class gets negatives / all). Every class needs a row.
 */
export function inverseFrequencyAlphas(counts: ArrayLike<number>): number[] {
  if (counts.length < 2) throw new RangeError(`inverseFrequencyAlphas needs at least two classes, got ${counts.length}.`);
  let sum = 0;
  for (let c = 0; c < counts.length; c++) {
    const n = counts[c];
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Every class needs at least one training row for alpha = auto; class ${c} has ${String(n)}.`);
    sum += 1 / n;
  }
  return Array.from(counts, (n) => 1 / n / sum);
}
