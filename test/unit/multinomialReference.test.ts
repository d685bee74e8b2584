// The K-class reference rows against scikit-learn (fixtures from
// scripts/make_multinomial_reference_fixtures.py): multinomial logistic regression with the
// binary reference's regularisation, and the base-rate predictor (training class frequencies).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError } from '../../src/core/errors';
import { baseRateLogits, fitMultinomialLogisticRegression, predictMultinomialLogits } from '../../src/core/reference';
import { softmaxProbabilities } from '../../src/core/softmaxLosses';

interface MultinomialCase {
  name: string;
  rows: number;
  width: number;
  classes: number;
  C: number;
  inputs: number[];
  labels: number[];
  heldOutInputs: number[];
  heldOutRows: number;
  coefficients: number[];
  intercepts: number[];
  heldOutProbabilities: number[];
  baseRate: number[];
}

const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'reference', 'multinomial-reference.json'), 'utf8')) as { multinomialLogisticRegression: MultinomialCase[] };

function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}

describe('multinomial logistic regression (K-class reference)', () => {
  for (const c of fixtures.multinomialLogisticRegression) {
    it(`equals scikit-learn's minimiser to 1e-6: ${c.name} (${c.classes} classes, ${c.width} columns)`, () => {
      const model = fitMultinomialLogisticRegression(Float32Array.from(c.inputs), Uint8Array.from(c.labels), c.rows, c.width, c.classes, { C: c.C });
      assert.ok(model.converged, `converged in ${model.iterations} iterations`);
      assert.ok(largestDifference(model.coefficients, c.coefficients) <= 1e-6, `coefficients differ by ${largestDifference(model.coefficients, c.coefficients)}`);
      assert.ok(largestDifference(model.intercepts, c.intercepts) <= 1e-6, `intercepts differ by ${largestDifference(model.intercepts, c.intercepts)}`);
      const probabilities = softmaxProbabilities(predictMultinomialLogits(model, Float32Array.from(c.heldOutInputs), c.heldOutRows, c.width), c.classes);
      assert.ok(largestDifference(probabilities, c.heldOutProbabilities) <= 1e-6, `held-out probabilities differ by ${largestDifference(probabilities, c.heldOutProbabilities)}`);
    });
  }

  it('the base rate predicts the training class frequencies for every row', () => {
    for (const c of fixtures.multinomialLogisticRegression) {
      const probabilities = softmaxProbabilities(baseRateLogits(c.labels, c.classes, 3), c.classes);
      for (let row = 0; row < 3; row++) assert.ok(largestDifference(probabilities.slice(row * c.classes, (row + 1) * c.classes), c.baseRate) <= 1e-12, c.name);
    }
  });

  it('a class without training rows gets a small probability, never NaN', () => {
    const probabilities = softmaxProbabilities(baseRateLogits([0, 0, 1, 1, 1], 3, 1), 3);
    assert.ok(probabilities[2] > 0 && probabilities[2] < 1e-5 && Number.isFinite(probabilities[0]));
    const model = fitMultinomialLogisticRegression(Float32Array.from([0, 1, 2, 3, 4]), [0, 0, 1, 1, 1], 5, 1, 3);
    const p = softmaxProbabilities(predictMultinomialLogits(model, Float32Array.from([2]), 1, 1), 3);
    assert.ok(p.every((v) => Number.isFinite(v)) && p[2] < 0.01, `probabilities ${Array.from(p).join(', ')}`);
  });

  it('refuses labels outside the classes and stops on an aborted signal', () => {
    assert.throws(() => fitMultinomialLogisticRegression(Float32Array.from([0, 1]), [0, 3], 2, 1, 3), /label 1 is 3/);
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => fitMultinomialLogisticRegression(Float32Array.from([0, 1, 2]), [0, 1, 2], 3, 1, 3, { signal: controller.signal }), CancelledError);
  });
});
