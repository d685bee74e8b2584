// The training-time losses as TensorFlow.js ops, from logits, in the same stable form as
// losses.ts (the float64 reference they are tested against):
//   u = (2y - 1) z,  L = alpha_t * exp(-gamma * softplus(u)) * softplus(-u)
// Every op has a finite gradient for any finite logit, so no gamma or logit gives NaN.

import * as tf from '@tensorflow/tfjs';
import { LOSS_TABLE, type LossKind } from '../results';

export interface TensorLossOptions {
  gamma: number;
  /** Weight of the positive class (negative gets 1 - alpha); null for no class weighting. */
  alphaForPositiveClass: number | null;
}

/** Per-sample loss, shape [n], for labels (0/1 floats) and logits of shape [n]. */
export function perSampleLossTensor(kind: LossKind, labels: tf.Tensor1D, logits: tf.Tensor1D, options: TensorLossOptions): tf.Tensor1D {
  return tf.tidy(() => {
    const sign = tf.sub(tf.mul(labels, 2), 1);
    const u = tf.mul(sign, logits);
    let loss = tf.softplus(tf.neg(u)) as tf.Tensor1D;
    const usesGamma = kind === 'focal' || kind === 'alpha-focal';
    if (usesGamma && options.gamma !== 0) {
      loss = tf.mul(tf.exp(tf.mul(tf.softplus(u), -options.gamma)), loss) as tf.Tensor1D;
    }
    const usesAlpha = kind === 'weighted-bce' || kind === 'alpha-focal';
    if (usesAlpha) {
      const alpha = options.alphaForPositiveClass;
      if (alpha === null) throw new RangeError(`The ${kind} loss needs alpha (the weight of the positive class).`);
      // alpha_t = alpha for y = 1, 1 - alpha for y = 0.
      const alphaT = tf.add(tf.mul(labels, 2 * alpha - 1), 1 - alpha);
      loss = tf.mul(alphaT, loss) as tf.Tensor1D;
    }
    return loss;
  });
}

export interface TensorSoftmaxLossOptions {
  gamma: number;
  /** One weight per class; null for no class weighting. */
  alphaPerClass: readonly number[] | null;
}

/** Pushes the true class out of the log-sum-exp of the others: exp(z - 1e30) is 0 in float32, and so is its gradient. */
const MASK = 1e30;

/**
 * Per-sample softmax loss over K classes, shape [n], for class indices (int32, shape [n]) and
 * logits of shape [n, K], through the true class's margin as softmaxLosses.ts:
 *   u = z_y - logsumexp_{c != y} z_c,  L = alpha_y * exp(-gamma * softplus(u)) * softplus(-u)
 */
export function perSampleSoftmaxLossTensor(kind: LossKind, labels: tf.Tensor1D, logits: tf.Tensor2D, options: TensorSoftmaxLossOptions): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const oneHot = tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classes), 'float32');
    const trueLogit = tf.sum(tf.mul(logits, oneHot), 1);
    const others = tf.sub(logits, tf.mul(oneHot, MASK));
    const u = tf.sub(trueLogit, tf.logSumExp(others, 1));
    let loss = tf.softplus(tf.neg(u)) as tf.Tensor1D;
    const { usesGamma, usesAlpha } = LOSS_TABLE[kind];
    if (usesGamma && options.gamma !== 0) loss = tf.mul(tf.exp(tf.mul(tf.softplus(u), -options.gamma)), loss) as tf.Tensor1D;
    if (usesAlpha) {
      const alpha = options.alphaPerClass;
      if (!alpha || alpha.length !== classes) throw new RangeError(`The ${kind} loss needs alpha: one weight per class (${classes}).`);
      loss = tf.mul(tf.sum(tf.mul(oneHot, tf.tensor1d(alpha as number[])), 1), loss) as tf.Tensor1D;
    }
    return loss;
  });
}

export function meanSoftmaxLossTensor(kind: LossKind, labels: tf.Tensor1D, logits: tf.Tensor2D, options: TensorSoftmaxLossOptions): tf.Scalar {
  return tf.tidy(() => tf.mean(perSampleSoftmaxLossTensor(kind, labels, logits, options)));
}

export function meanLossTensor(kind: LossKind, labels: tf.Tensor1D, logits: tf.Tensor1D, options: TensorLossOptions): tf.Scalar {
  return tf.tidy(() => tf.mean(perSampleLossTensor(kind, labels, logits, options)));
}
