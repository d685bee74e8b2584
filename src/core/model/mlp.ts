// The small network every loss trains: inputs -> hidden layers (ReLU) -> one logit.
// Weights are initialised from the seed with our own PRNG (Glorot uniform, as Keras Dense),
// so every loss in a comparison starts from exactly the same network.

import * as tf from '@tensorflow/tfjs';
import { derivedRandom } from '../random';

export interface MlpShape {
  inputWidth: number;
  hidden: number[];
}

export interface Mlp {
  weights: tf.Variable[];
  biases: tf.Variable[];
  /** Logits, shape [n]. Call inside tf.tidy. */
  logits(inputs: tf.Tensor2D): tf.Tensor1D;
  variables(): tf.Variable[];
  dispose(): void;
}

export interface InitialParameters {
  /** Per layer, row-major [fanIn, fanOut] (the layout of a TensorFlow.js kernel). */
  weights: Float32Array[];
  biases: Float32Array[];
  sizes: number[];
}

/**
 * Glorot-uniform weights from the seed, the same numbers for every engine (TensorFlow.js
 * or the WebAssembly kernel), so every loss of a comparison starts from one network.
 * @param outputBias initial bias of the output unit; log(prior / (1 - prior)) gives the
 *   prior-probability initialisation of Lin et al. (2017), 0 the usual one.
 */
export function initialParameters(shape: MlpShape, seed: number, outputBias: number): InitialParameters {
  const random = derivedRandom(seed, 'weights');
  const sizes = [shape.inputWidth, ...shape.hidden, 1];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let layer = 0; layer < sizes.length - 1; layer++) {
    const fanIn = sizes[layer];
    const fanOut = sizes[layer + 1];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * limit;
    weights.push(values);
    const bias = new Float32Array(fanOut);
    if (layer === sizes.length - 2) bias.fill(outputBias);
    biases.push(bias);
  }
  return { weights, biases, sizes };
}

/** The network as TensorFlow.js variables (the reference engine). */
export function createMlp(shape: MlpShape, seed: number, outputBias: number): Mlp {
  const initial = initialParameters(shape, seed, outputBias);
  const { sizes } = initial;
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let layer = 0; layer < sizes.length - 1; layer++) {
    weights.push(tf.variable(tf.tensor2d(initial.weights[layer], [sizes[layer], sizes[layer + 1]]), true, `dense${layer}/kernel`));
    biases.push(tf.variable(tf.tensor1d(initial.biases[layer]), true, `dense${layer}/bias`));
  }
  const last = weights.length - 1;
  return {
    weights,
    biases,
    logits(inputs) {
      let activations: tf.Tensor2D = inputs;
      for (let layer = 0; layer < last; layer++) {
        // One fused op per layer: matmul + bias + ReLU.
        activations = tf.fused.matMul({ a: activations, b: weights[layer] as tf.Tensor2D, bias: biases[layer], activation: 'relu' }) as tf.Tensor2D;
      }
      const output = tf.fused.matMul({ a: activations, b: weights[last] as tf.Tensor2D, bias: biases[last] });
      return tf.reshape(output, [-1]);
    },
    variables: () => [...weights, ...biases],
    dispose() {
      for (const v of [...weights, ...biases]) v.dispose();
    },
  };
}
