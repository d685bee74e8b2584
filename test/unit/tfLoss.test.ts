// The training-time TensorFlow.js losses (float32) against the float64 reference in
// losses.ts, which is itself checked against PyTorch in losses.test.ts.
import * as assert from 'assert';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initialiseBackend } from '../../src/core/model/tfBackend';
import { perSampleLossTensor } from '../../src/core/model/tfLoss';
import { perSampleLoss, perSampleLossGradient } from '../../src/core/losses';
import { LOSS_KINDS } from '../../src/core/results';

const logits = [-100, -30, -5, -1, -1e-3, 0, 1e-3, 1, 5, 30, 100];

function close(actual: number, expected: number, relative: number, what: string): void {
  // Float32 cannot hold more than ~7 digits; values below ~1e-30 are compared absolutely.
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not finite`);
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-30, `${what}: ${actual} vs ${expected}`);
}

describe('TensorFlow.js losses match the float64 reference', () => {
  let backend = '';
  before(async () => {
    backend = await initialiseBackend('wasm', path.join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  });

  it('runs on the WebAssembly backend', () => {
    assert.strictEqual(backend, 'wasm');
  });

  for (const kind of LOSS_KINDS) {
    for (const gamma of [0, 0.5, 2, 5]) {
      for (const alpha of [0.25, 0.9]) {
        it(`${kind}, gamma ${gamma}, alpha ${alpha}: value and gradient`, () => {
          const labels = [...logits.map(() => 0), ...logits.map(() => 1)];
          const z = [...logits, ...logits];
          const options = { gamma, alphaForPositiveClass: kind === 'weighted-bce' || kind === 'alpha-focal' ? alpha : null };
          const referenceOptions = { gamma, alpha: options.alphaForPositiveClass };
          const expectedLoss = perSampleLoss(kind, labels, z, referenceOptions);
          const expectedGradient = perSampleLossGradient(kind, labels, z, referenceOptions);
          const labelTensor = tf.tensor1d(labels);
          const logitTensor = tf.tensor1d(z);
          const loss = perSampleLossTensor(kind, labelTensor, logitTensor, options).arraySync();
          const gradient = tf.grad((x: tf.Tensor) => tf.sum(perSampleLossTensor(kind, labelTensor, x as tf.Tensor1D, options)))(logitTensor).arraySync() as number[];
          tf.dispose([labelTensor, logitTensor]);
          for (let i = 0; i < z.length; i++) {
            close(loss[i], expectedLoss[i], 2e-5, `loss y=${labels[i]} z=${z[i]}`);
            close(gradient[i], expectedGradient[i], 2e-5, `gradient y=${labels[i]} z=${z[i]}`);
          }
        });
      }
    }
  }
});
