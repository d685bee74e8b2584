// The small network every loss trains: inputs -> hidden layers (ReLU) -> one logit (two
// classes) or K logits (K >= 3 classes, softmax).
// Weights are initialised from the seed with our own PRNG (Glorot uniform, as Keras Dense),
// so every loss in a comparison starts from exactly the same network.

import * as tf from '@tensorflow/tfjs';
import { initialParameters, type MlpShape } from './initialParameters';

export { initialParameters, type InitialParameters, type MlpShape } from './initialParameters';

export interface Mlp {
  weights: tf.Variable[];
  biases: tf.Variable[];
  /** Logits, shape [n] for one output. Call inside tf.tidy. */
  logits(inputs: tf.Tensor2D): tf.Tensor1D;
  /** Logits, shape [n, outputs] (any number of outputs). Call inside tf.tidy. */
  logitRows(inputs: tf.Tensor2D): tf.Tensor2D;
  variables(): tf.Variable[];
  dispose(): void;
}

/** The network as TensorFlow.js variables (the reference engine). */
export function createMlp(shape: MlpShape, seed: number, outputBias: number | ArrayLike<number>): Mlp {
  const initial = initialParameters(shape, seed, outputBias);
  const { sizes } = initial;
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let layer = 0; layer < sizes.length - 1; layer++) {
    weights.push(tf.variable(tf.tensor2d(initial.weights[layer], [sizes[layer], sizes[layer + 1]]), true, `dense${layer}/kernel`));
    biases.push(tf.variable(tf.tensor1d(initial.biases[layer]), true, `dense${layer}/bias`));
  }
  const last = weights.length - 1;
  const logitRows = (inputs: tf.Tensor2D): tf.Tensor2D => {
    let activations: tf.Tensor2D = inputs;
    for (let layer = 0; layer < last; layer++) {
      // One fused op per layer: matmul + bias + ReLU.
      activations = tf.fused.matMul({ a: activations, b: weights[layer] as tf.Tensor2D, bias: biases[layer], activation: 'relu' }) as tf.Tensor2D;
    }
    return tf.fused.matMul({ a: activations, b: weights[last] as tf.Tensor2D, bias: biases[last] }) as tf.Tensor2D;
  };
  return {
    weights,
    biases,
    logits: (inputs) => tf.reshape(logitRows(inputs), [-1]),
    logitRows,
    variables: () => [...weights, ...biases],
    dispose() {
      for (const v of [...weights, ...biases]) v.dispose();
    },
  };
}
