// The small network's starting weights: Glorot uniform from the seed with our own PRNG (as Keras
// Dense), the same numbers for every engine, so every loss in a comparison starts from exactly
// the same network. No TensorFlow.js here: the WebAssembly kernel needs only these numbers.

import { derivedRandom } from '../random';

export interface MlpShape {
  inputWidth: number;
  hidden: number[];
  /** Output units: 1 (a logit, two classes; the default) or K >= 3 (softmax logits). */
  outputs?: number;
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
 *   prior-probability initialisation of Lin et al. (2017), 0 the usual one. With K outputs,
 *   one bias per output (log of each class prior) or one number for all.
 */
export function initialParameters(shape: MlpShape, seed: number, outputBias: number | ArrayLike<number>): InitialParameters {
  const random = derivedRandom(seed, 'weights');
  const outputs = shape.outputs ?? 1;
  if (!Number.isInteger(outputs) || outputs < 1 || outputs === 2) throw new RangeError(`The network has 1 output (two classes) or 3 or more (one per class), got ${outputs}.`);
  if (typeof outputBias !== 'number' && outputBias.length !== outputs) throw new RangeError(`One output bias per output (${outputs}), got ${outputBias.length}.`);
  const sizes = [shape.inputWidth, ...shape.hidden, outputs];
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
    if (layer === sizes.length - 2) {
      if (typeof outputBias === 'number') bias.fill(outputBias);
      else bias.set(outputBias);
    }
    biases.push(bias);
  }
  return { weights, biases, sizes };
}
