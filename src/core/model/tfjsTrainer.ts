// The TensorFlow.js training engine: ops with autograd and tf.train.adam. The reference the
// WebAssembly kernel is tested against, and the fallback where WebAssembly SIMD is missing.
// Loaded only when it trains (train.ts), so kernel-only threads never load TensorFlow.js.

import * as tf from '@tensorflow/tfjs';
import { createMlp } from './mlp';
import { meanLossTensor, meanSoftmaxLossTensor } from './tfLoss';
import type { LabelledInputs, Trainer, TrainingSettings } from './train';
import { addRowsFromLogits, type ContributionBins } from '../evaluation/contributions';

const PREDICT_CHUNK_ROWS = 8192;

/** Logits of `rows` inputs: one per row, or `outputs` per row (row-major). */
export function predictLogits(model: { logitRows(x: tf.Tensor2D): tf.Tensor2D }, inputs: Float32Array, rows: number, width: number, outputs = 1): Float32Array {
  const out = new Float32Array(rows * outputs);
  for (let start = 0; start < rows; start += PREDICT_CHUNK_ROWS) {
    const count = Math.min(PREDICT_CHUNK_ROWS, rows - start);
    const chunk = tf.tidy(() => model.logitRows(tf.tensor2d(inputs.subarray(start * width, (start + count) * width), [count, width])));
    out.set(chunk.dataSync() as Float32Array, start * outputs);
    chunk.dispose();
  }
  return out;
}

function allFinite(variables: tf.Variable[]): boolean {
  return variables.every((variable) => (variable.dataSync() as Float32Array).every(Number.isFinite));
}

export function tfjsTrainer(width: number, train: LabelledInputs, settings: TrainingSettings, outputBias: number | ArrayLike<number>, batchSize: number): Trainer {
  const classes = settings.classes ?? 2;
  const outputs = classes >= 3 ? classes : 1;
  const model = createMlp({ inputWidth: width, hidden: settings.hidden, outputs }, settings.seed, outputBias);
  const optimizer = tf.train.adam(settings.learningRate);
  const lossOptions = { gamma: settings.gamma, alphaForPositiveClass: settings.alphaForPositiveClass };
  const softmaxOptions = { gamma: settings.gamma, alphaPerClass: settings.alphaPerClass ?? null };
  // One logit: the binary loss on labels 0/1; K logits: the softmax loss on class indices.
  let contributions: ContributionBins | null = null;
  const contributionLoss = { kind: settings.loss, gamma: settings.gamma, alphaForPositiveClass: settings.alphaForPositiveClass, classes, alphaPerClass: settings.alphaPerClass ?? null };
  const cost = (x: tf.Tensor2D, labels: Float32Array): tf.Scalar => {
    const logits = outputs === 1 ? model.logits(x) : model.logitRows(x);
    // The batch's logits are at hand here: score the rows for the contributions without another pass.
    if (contributions) addRowsFromLogits(contributions, contributionLoss, labels, logits.dataSync() as Float32Array);
    return outputs === 1
      ? meanLossTensor(settings.loss, tf.tensor1d(labels), logits as tf.Tensor1D, lossOptions)
      : meanSoftmaxLossTensor(settings.loss, tf.tensor1d(labels, 'int32'), logits as tf.Tensor2D, softmaxOptions);
  };
  const batchInputs = new Float32Array(batchSize * width);
  const labels = new Float32Array(batchSize);
  const order = Uint32Array.from({ length: train.rows }, (_, i) => i);
  let lossSum = tf.scalar(0);
  return {
    order,
    step(start, count) {
      // Gather the rows into the preallocated batch buffer (no per-batch allocation).
      for (let i = 0; i < count; i++) {
        const row = order[start + i];
        batchInputs.set(train.inputs.subarray(row * width, (row + 1) * width), i * width);
        labels[i] = train.labels[row];
      }
      const nextSum = tf.tidy(() => {
        const x = tf.tensor2d(batchInputs.subarray(0, count * width), [count, width]);
        const batchCost = optimizer.minimize(() => cost(x, labels.subarray(0, count)), true, model.variables());
        return tf.add(lossSum, tf.mul(batchCost!, count)) as tf.Scalar;
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
    predict: (inputs, rows) => predictLogits(model, inputs, rows, width, outputs),
    saveParameters: () => model.variables().map((variable) => (variable.dataSync() as Float32Array).slice()),
    restoreParameters(saved) {
      model.variables().forEach((variable, i) => {
        const values = tf.tensor(saved[i], variable.shape, 'float32');
        variable.assign(values);
        values.dispose();
      });
    },
    parametersFinite: () => allFinite(model.variables()),
    collectContributions(bins) {
      contributions = bins;
    },
    dispose() {
      lossSum.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}
