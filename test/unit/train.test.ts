import * as assert from 'assert';
import * as path from 'path';
import { initialiseBackend } from '../../src/core/model/tfBackend';
import { trainModel, TrainingDivergedError, type TrainingData, type TrainingSettings } from '../../src/core/model/train';
import { gaussian, seededRandom } from '../../src/core/random';
import { meanLoss } from '../../src/core/losses';

function blobs(rows: number, seed: number) {
  const random = seededRandom(seed);
  const inputs = new Float32Array(rows * 2);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r % 10 === 0 ? 1 : 0;
    inputs[r * 2] = gaussian(random) + 2 * labels[r];
    inputs[r * 2 + 1] = gaussian(random) + 2 * labels[r];
  }
  return { inputs, labels, rows };
}

const data: TrainingData = { width: 2, train: blobs(500, 1), validation: blobs(100, 2), test: blobs(100, 3), gridInputs: null };
const settings: TrainingSettings = { loss: 'alpha-focal', gamma: 2, alphaForPositiveClass: 0.9, hidden: [8, 4], epochs: 5, batchSize: 32, learningRate: 0.01, seed: 1, priorBiasInit: false };

describe('trainModel', () => {
  before(async () => {
    await initialiseBackend('wasm', path.join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  });

  it('reports each epoch, and its validation loss is the loss of the returned validation logits', () => {
    const epochs: number[] = [];
    const output = trainModel(data, settings, { onEpoch: (e) => epochs.push(e.epoch) });
    assert.deepStrictEqual(epochs, [1, 2, 3, 4, 5]);
    const labels = Array.from(data.validation.labels);
    const last = output.history.valLoss[4];
    const recomputed = meanLoss('alpha-focal', labels, output.validationLogits, { gamma: 2, alpha: 0.9 });
    assert.ok(Math.abs(last - recomputed) < 1e-12, `${last} vs ${recomputed}`);
    assert.ok(Math.abs(output.history.valLogLoss[4] - meanLoss('bce', labels, output.validationLogits)) < 1e-12);
    assert.ok(output.history.trainLoss[4] < output.history.trainLoss[0]);
    assert.strictEqual(output.testLogits.length, 100);
  });

  it('is deterministic for a seed', () => {
    const a = trainModel(data, settings);
    const b = trainModel(data, settings);
    assert.deepStrictEqual(a.history, b.history);
    assert.deepStrictEqual(a.testLogits, b.testLogits);
  });

  it('starts the output at the class prior when asked (Lin et al.)', () => {
    const zeroEpochs = { ...settings, epochs: 1, learningRate: 1e-8 };
    const withPrior = trainModel(data, { ...zeroEpochs, priorBiasInit: true });
    const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
    // With a negligible learning rate, the average logit stays near log(0.1 / 0.9) ≈ -2.2 plus the hidden layers' contribution.
    const withoutPrior = trainModel(data, zeroEpochs);
    assert.ok(Math.abs(mean(withPrior.testLogits) - mean(withoutPrior.testLogits) - Math.log(0.1 / 0.9)) < 1e-3);
  });

  it('stops with a clear message when the loss becomes NaN or infinite', () => {
    const huge = { ...data, train: { ...data.train, inputs: data.train.inputs.map((v, i) => (i === 0 ? Infinity : v)) } };
    assert.throws(() => trainModel(huge, settings), (error: Error) => {
      assert.ok(error instanceof TrainingDivergedError);
      assert.match(error.message, /^Training diverged at epoch 1 \((the loss became (NaN|infinite)|the weights became NaN or infinite)\); lower the learning rate \(now 0\.01\) or check the input for extreme values\.$/);
      return true;
    });
  });

  it('stops before the next batch when asked, with AbortError', () => {
    let batches = 0;
    assert.throws(() => trainModel(data, settings, { shouldStop: () => ++batches > 3 }), (error: Error) => error.name === 'AbortError');
    assert.strictEqual(batches, 4);
  });
});
