// Float64 reference implementation of the four losses Focal Lab compares. Training runs
// its own TensorFlow.js version; this one is the yardstick it is tested against and the
// one the public API exposes.
//
// Every loss is one formula, alpha-balanced focal loss on logits (Lin et al. 2017):
//   L = -alpha_t (1 - p_t)^gamma log(p_t)
// evaluated in a stable closed form with u = (2y - 1) z, so that p_t = sigmoid(u):
//   log(p_t)          = -softplus(-u)
//   (1 - p_t)^gamma   = sigmoid(-u)^gamma = exp(-gamma * softplus(u))
//   L                 = alpha_t * exp(-gamma * softplus(u)) * softplus(-u)
//   dL/dz             = -(2y - 1) * alpha_t * exp(-gamma * softplus(u))
//                         * (gamma * sigmoid(u) * softplus(-u) + sigmoid(-u))
// Writing (1 - p_t)^gamma as an exponential avoids 0^gamma (and 0^0) when p_t rounds to 1,
// and never forms log(sigmoid(z)), so nothing overflows for any finite logit.

import { LOSS_TABLE, type LossKind } from './results';

export interface LossOptions {
  /** Focusing parameter; used by 'focal' and 'alpha-focal' (default 2, the paper's). */
  gamma?: number;
  /** Weight of the positive class; the negative class gets 1 - alpha. Required by 'weighted-bce' and 'alpha-focal'. */
  alpha?: number | null;
}

/** The paper's default focusing parameter, used when a focal loss is given no gamma. */
export const DEFAULT_GAMMA = 2;

/** Whether the loss has a focusing term; BCE and weighted BCE are focal loss at gamma = 0. */
export function lossUsesGamma(kind: LossKind): boolean {
  return LOSS_TABLE[kind]?.usesGamma ?? false;
}

/** Whether the loss weighs the classes with alpha. */
export function lossUsesAlpha(kind: LossKind): boolean {
  return LOSS_TABLE[kind]?.usesAlpha ?? false;
}

/**
 * Focal Lab's alpha = 'auto': inverse class frequency, i.e. the weight of the positive class
 * is the share of negatives (0.9 on 90:10 data), so the rare class gets the larger weight.
 */
export function inverseFrequencyAlpha(positives: number, total: number): number {
  if (!Number.isInteger(total) || total <= 0) {
    throw new RangeError(`inverseFrequencyAlpha needs a positive whole number of rows, got ${total}.`);
  }
  if (!Number.isInteger(positives) || positives < 0 || positives > total) {
    throw new RangeError(`inverseFrequencyAlpha needs 0 <= positives <= total (${total}) as a whole number, got ${positives}.`);
  }
  return (total - positives) / total;
}

/** log(1 + e^x) without overflow for large x or loss of precision for very negative x. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** 1 / (1 + e^-x), evaluated so that exp never overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The gamma and alpha a loss kind actually uses, after defaults and validation. */
interface ResolvedLoss {
  gamma: number;
  /** null: both classes weigh 1. */
  alphaForPositiveClass: number | null;
}

function resolveLoss(kind: LossKind, options: LossOptions | undefined): ResolvedLoss {
  // Parameters a kind does not use are ignored (not rejected), so callers can pass one
  // configuration to every loss they compare.
  let gamma = 0;
  if (lossUsesGamma(kind)) {
    gamma = options?.gamma ?? DEFAULT_GAMMA;
    if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma < 0) {
      throw new RangeError(`gamma for the '${kind}' loss must be a finite number >= 0, got ${String(gamma)}.`);
    }
  }
  let alphaForPositiveClass: number | null = null;
  if (lossUsesAlpha(kind)) {
    const alpha = options?.alpha;
    if (alpha === undefined || alpha === null) {
      throw new RangeError(`The '${kind}' loss needs alpha (the weight of the positive class, between 0 and 1).`);
    }
    if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
      throw new RangeError(`alpha (the weight of the positive class) must be between 0 and 1, got ${String(alpha)}.`);
    }
    alphaForPositiveClass = alpha;
  } else if (kind !== 'bce' && kind !== 'focal') {
    throw new RangeError(`Unknown loss '${String(kind)}'; expected bce, weighted-bce, focal or alpha-focal.`);
  }
  return { gamma, alphaForPositiveClass };
}

// Logits are not checked: a diverged model's NaN or Infinity logits must come out as a
// NaN or infinite loss, which the trainer reports as divergence.
function checkSamples(labels: ArrayLike<number>, logits: ArrayLike<number>): void {
  if (labels.length !== logits.length) {
    throw new RangeError(`labels and logits must have the same length, got ${labels.length} and ${logits.length}.`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`Labels must be 0 or 1; label ${i} is ${String(y)}.`);
  }
}

function classWeight(label: number, alphaForPositiveClass: number | null): number {
  if (alphaForPositiveClass === null) return 1;
  return label === 1 ? alphaForPositiveClass : 1 - alphaForPositiveClass;
}

/** Loss of each sample, from logits. */
export function perSampleLoss(kind: LossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options?: LossOptions): Float64Array {
  const { gamma, alphaForPositiveClass } = resolveLoss(kind, options);
  checkSamples(labels, logits);
  const out = new Float64Array(labels.length);
  for (let i = 0; i < out.length; i++) {
    const y = labels[i];
    const u = (2 * y - 1) * logits[i];
    // gamma = 0 must give a modulating factor of exactly 1 (BCE), even where softplus(u) is huge.
    const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplus(u));
    out[i] = classWeight(y, alphaForPositiveClass) * modulating * softplus(-u);
  }
  return out;
}

/** d loss_i / d logit_i for each sample. */
export function perSampleLossGradient(kind: LossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options?: LossOptions): Float64Array {
  const { gamma, alphaForPositiveClass } = resolveLoss(kind, options);
  checkSamples(labels, logits);
  const out = new Float64Array(labels.length);
  for (let i = 0; i < out.length; i++) {
    const y = labels[i];
    const sign = 2 * y - 1;
    const u = sign * logits[i];
    const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplus(u));
    // With gamma = 0 the first term vanishes; skipping it keeps 0 * softplus(-u) out of the sum.
    const focusing = gamma === 0 ? 0 : gamma * sigmoid(u) * softplus(-u);
    out[i] = -sign * classWeight(y, alphaForPositiveClass) * modulating * (focusing + sigmoid(-u));
  }
  return out;
}

/** Mean loss over the samples (the training objective). */
export function meanLoss(kind: LossKind, labels: ArrayLike<number>, logits: ArrayLike<number>, options?: LossOptions): number {
  const losses = perSampleLoss(kind, labels, logits, options);
  if (losses.length === 0) throw new RangeError('meanLoss needs at least one sample.');
  let sum = 0;
  for (let i = 0; i < losses.length; i++) sum += losses[i];
  return sum / losses.length;
}
