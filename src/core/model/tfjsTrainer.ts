// The TensorFlow.js training engine: ops with autograd and tf.train.adam. The reference the
// WebAssembly kernel is tested against, and the fallback where WebAssembly SIMD is missing.
// Loaded only when it trains (train.ts), so kernel-only threads never load TensorFlow.js.

import * as tf from '@tensorflow/tfjs';
import { createMlp } from './mlp';
import { meanLossTensor } from './tfLoss';
import type { Trainer, TrainingSettings } from './train';

const PREDICT_CHUNK_ROWS = 8192;

export function predictLogits(model: { logits(x: tf.Tensor2D): tf.Tensor1D }, inputs: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += PREDICT_CHUNK_ROWS) {
    const count = Math.min(PREDICT_CHUNK_ROWS, rows - start);
    const chunk = tf.tidy(() => model.logits(tf.tensor2d(inputs.subarray(start * width, (start + count) * width), [count, width])));
    out.set(chunk.dataSync() as Float32Array, start);
    chunk.dispose();
  }
  return out;
}

function allFinite(variables: tf.Variable[]): boolean {
  return variables.every((variable) => (variable.dataSync() as Float32Array).every(Number.isFinite));
}

export function tfjsTrainer(width: number, settings: TrainingSettings, outputBias: number, batchSize: number): Trainer {
  const model = createMlp({ inputWidth: width, hidden: settings.hidden }, settings.seed, outputBias);
  const optimizer = tf.train.adam(settings.learningRate);
  const lossOptions = { gamma: settings.gamma, alphaForPositiveClass: settings.alphaForPositiveClass };
  const batchInputs = new Float32Array(batchSize * width);
  let lossSum = tf.scalar(0);
  return {
    batchInputs,
    step(labels, count) {
      const nextSum = tf.tidy(() => {
        const x = tf.tensor2d(batchInputs.subarray(0, count * width), [count, width]);
        const y = tf.tensor1d(labels.subarray(0, count));
        const cost = optimizer.minimize(() => meanLossTensor(settings.loss, y, model.logits(x), lossOptions), true, model.variables());
        return tf.add(lossSum, tf.mul(cost!, count)) as tf.Scalar;
      });
      lossSum.dispose();
      lossSum = nextSum;
    },
    takeEpochLossSum() {
      const sum = lossSum.dataSync()[0] as number;
      lossSum.dispose();
      lossSum = tf.scalar(0);
      return sum;
    },
    predict: (inputs, rows) => predictLogits(model, inputs, rows, width),
    saveParameters: () => model.variables().map((variable) => (variable.dataSync() as Float32Array).slice()),
    restoreParameters(saved) {
      model.variables().forEach((variable, i) => {
        const values = tf.tensor(saved[i], variable.shape, 'float32');
        variable.assign(values);
        values.dispose();
      });
    },
    parametersFinite: () => allFinite(model.variables()),
    dispose() {
      lossSum.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}
