// The WebAssembly SIMD training kernel (the default engine) against TensorFlow.js (the
// oracle): same initial weights, same batches, a few Adam steps both ways, parameters
// and losses equal to float32 tolerance, for every loss and for sizes that exercise the
// kernel's tails (rows not a multiple of 4, layers not a multiple of 4, 8 or 16).
import * as assert from 'assert';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initialiseBackend } from '../../src/core/model/tfBackend';
import { KernelTrainer, kernelAvailable } from '../../src/core/model/kernelTrainer';
import { createMlp } from '../../src/core/model/mlp';
import { meanLossTensor } from '../../src/core/model/tfLoss';
import { trainModel, resolveEngine, type TrainingData, type TrainingSettings } from '../../src/core/model/train';
import { gaussian, seededRandom } from '../../src/core/random';
import { LOSS_KINDS, type LossKind } from '../../src/core/results';

function batches(count: number, rows: number, width: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const labels = Float32Array.from({ length: rows }, () => (random() < 0.2 ? 1 : 0));
    const inputs = Float32Array.from({ length: rows * width }, (_, i) => gaussian(random) + labels[Math.floor(i / width)]);
    return { inputs, labels };
  });
}

function tfjsParameters(kind: LossKind, width: number, hidden: number[], rows: number, gamma: number, alpha: number | null, learningRate: number, data: ReturnType<typeof batches>) {
  const model = createMlp({ inputWidth: width, hidden }, 3, 0.25);
  const optimizer = tf.train.adam(learningRate);
  const losses: number[] = [];
  for (const batch of data) {
    const cost = tf.tidy(() => {
      const x = tf.tensor2d(batch.inputs, [rows, width]);
      const y = tf.tensor1d(batch.labels);
      return optimizer.minimize(() => meanLossTensor(kind, y, model.logits(x), { gamma, alphaForPositiveClass: alpha }), true, model.variables())!;
    });
    losses.push(cost.dataSync()[0]);
    cost.dispose();
  }
  const parameters: number[] = [];
  for (let layer = 0; layer < model.weights.length; layer++) {
    parameters.push(...model.weights[layer].dataSync(), ...model.biases[layer].dataSync());
  }
  optimizer.dispose();
  model.dispose();
  return { parameters, losses };
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.strictEqual(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('WebAssembly training kernel against TensorFlow.js', () => {
  before(async () => {
    await initialiseBackend('wasm', path.join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  });

  it('is available here (WebAssembly SIMD) and is the default engine', () => {
    assert.ok(kernelAvailable());
    assert.strictEqual(resolveEngine({ hidden: [64, 32] }), 'kernel');
    assert.strictEqual(resolveEngine({ hidden: [64, 32], engine: 'tfjs' }), 'tfjs');
  });

  const shapes = [
    { width: 20, hidden: [64, 32], rows: 256 },
    { width: 3, hidden: [7, 5], rows: 13 },
    { width: 9, hidden: [24, 12], rows: 6 },
  ];
  for (const kind of LOSS_KINDS) {
    for (const shape of shapes) {
      it(`${kind}, ${shape.width}->${shape.hidden.join('->')}->1, batch ${shape.rows}: same parameters and losses after 6 Adam steps`, () => {
        const gamma = 2;
        const alpha = kind === 'weighted-bce' || kind === 'alpha-focal' ? 0.9 : null;
        const learningRate = 0.01;
        const data = batches(6, shape.rows, shape.width, 11);
        const expected = tfjsParameters(kind, shape.width, shape.hidden, shape.rows, gamma, alpha, learningRate, data);
        const kernel = new KernelTrainer(shape.width, shape.hidden, 3, 0.25, shape.rows, learningRate, { kind, gamma, alphaForPositiveClass: alpha });
        const losses: number[] = [];
        for (const batch of data) {
          kernel.batchInputs().set(batch.inputs);
          losses.push(kernel.step(batch.labels, shape.rows) / shape.rows);
        }
        close(losses, expected.losses, 1e-5, 'batch loss');
        // Adam divides by sqrt(v): where a gradient is a near-cancelling sum, float32 rounding of a
        // different summation order moves its step by up to ~1% of lr (here 1e-4 after 6 steps).
        close(kernel.parameters(), expected.parameters, 1e-4, 'parameter');
      });
    }
  }

  it('gathering the batch in the kernel (stepOnRows) gives the bits of copying it in (step)', () => {
    const width = 7;
    const rows = 103;
    const random = seededRandom(8);
    const labels = Uint8Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
    const inputs = Float32Array.from({ length: rows * width }, (_, i) => gaussian(random) + labels[Math.floor(i / width)]);
    const loss = { kind: 'alpha-focal' as const, gamma: 2, alphaForPositiveClass: 0.8 };
    const copied = new KernelTrainer(width, [12, 6], 4, 0.1, 16, 0.01, loss);
    const gathered = new KernelTrainer(width, [12, 6], 4, 0.1, 16, 0.01, loss);
    const order = gathered.holdTrainingRows(inputs, labels, rows);
    assert.deepStrictEqual(Array.from(order), Array.from({ length: rows }, (_, i) => i));
    // A shuffled order and a last batch shorter than the others, as an epoch has.
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const batchLabels = new Float32Array(16);
    for (let start = 0; start < rows; start += 16) {
      const count = Math.min(16, rows - start);
      for (let i = 0; i < count; i++) {
        copied.batchInputs().set(inputs.subarray(order[start + i] * width, (order[start + i] + 1) * width), i * width);
        batchLabels[i] = labels[order[start + i]];
      }
      assert.strictEqual(gathered.stepOnRows(start, count), copied.step(batchLabels, count), `loss of the batch at ${start}`);
    }
    assert.deepStrictEqual(gathered.parameters(), copied.parameters());
    assert.throws(() => gathered.stepOnRows(96, 16), /stepOnRows: rows 96\.\.112 of 103/);
  });

  it('a trainer on the memory a released trainer left gives the bits of a fresh one', () => {
    const width = 5;
    const rows = 40;
    const random = seededRandom(12);
    const labels = Uint8Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
    const inputs = Float32Array.from({ length: rows * width }, (_, i) => gaussian(random) + labels[Math.floor(i / width)]);
    const loss = { kind: 'focal' as const, gamma: 2, alphaForPositiveClass: null };
    const train = (trainer: KernelTrainer) => {
      trainer.holdTrainingRows(inputs, labels, rows);
      const losses = [trainer.stepOnRows(0, 16), trainer.stepOnRows(16, 16), trainer.stepOnRows(32, 8)];
      return { losses, parameters: Array.from(trainer.parameters()) };
    };
    const first = new KernelTrainer(width, [8, 4], 6, 0, 16, 0.01, loss);
    const fresh = train(first);
    // Its memory now holds trained weights, Adam's moments and the rows: the next trainer must not see them.
    first.release();
    const again = train(new KernelTrainer(width, [8, 4], 6, 0, 16, 0.01, loss));
    assert.deepStrictEqual(again, fresh);
  });

  it('trainModel gives the same history and logits with either engine', () => {
    const random = seededRandom(5);
    const make = (rows: number) => {
      const labels = Uint8Array.from({ length: rows }, (_, r) => (r % 10 === 0 ? 1 : 0));
      const inputs = Float32Array.from({ length: rows * 4 }, (_, i) => gaussian(random) + 1.5 * labels[i >> 2]);
      return { inputs, labels, rows };
    };
    const data: TrainingData = { width: 4, train: make(403), validation: make(50), test: make(60), gridInputs: Float32Array.from({ length: 40 }, (_, i) => i / 10 - 2) };
    const settings: TrainingSettings = { loss: 'alpha-focal', gamma: 2, alphaForPositiveClass: 0.9, hidden: [16, 8], epochs: 3, batchSize: 32, learningRate: 0.005, seed: 9, priorBiasInit: true };
    const kernel = trainModel(data, { ...settings, engine: 'kernel' });
    const reference = trainModel(data, { ...settings, engine: 'tfjs' });
    close(kernel.history.trainLoss, reference.history.trainLoss, 1e-5, 'train loss');
    close(kernel.history.valLoss, reference.history.valLoss, 1e-5, 'validation loss');
    close(kernel.testLogits, reference.testLogits, 1e-4, 'test logit');
    close(kernel.gridLogits!, reference.gridLogits!, 1e-4, 'grid logit');
  });
});
