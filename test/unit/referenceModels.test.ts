import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError } from '../../src/core/errors';
import { sigmoid } from '../../src/core/losses';
import { seededRandom } from '../../src/core/random';
import {
  NEWTON_MAX_WIDTH,
  applyPlattScaling,
  fitBaseRate,
  fitLogisticRegression,
  fitPlattScaling,
  fitReferenceModel,
  predictBaseRate,
  predictLogits,
  type LogisticRegressionModel,
} from '../../src/core/reference';

interface LogisticFit {
  C: number;
  coefficients: number[];
  intercept: number;
  heldOutProbabilities: number[];
}
interface LogisticCase {
  name: string;
  rows: number;
  width: number;
  inputs: number[];
  labels: number[];
  heldOut: { rows: number; inputs: number[] };
  fits: LogisticFit[];
}
interface PlattCase {
  name: string;
  method: 'maximum-likelihood' | 'smoothed-targets' | 'constant-logits';
  logits: number[];
  labels: number[];
  slope: number;
  intercept: number;
  heldOutLogits: number[];
  heldOutProbabilities: number[];
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/reference-models.json'), 'utf8')) as {
  logisticRegression: LogisticCase[];
  platt: PlattCase[];
  versions: { sklearn: string };
};

/** |actual - expected| <= tolerance · max(1, |expected|): absolute near 0, relative for large values. */
function assertClose(actual: number, expected: number, what: string, tolerance: number): void {
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance: number): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], `${what}[${i}]`, tolerance);
}

function fitCase(c: LogisticCase, fit: LogisticFit, solver: 'newton' | 'lbfgs' | 'auto'): LogisticRegressionModel {
  return fitLogisticRegression(Float32Array.from(c.inputs), Uint8Array.from(c.labels), c.rows, c.width, { C: fit.C, solver });
}

/** Standard-normal-ish features and labels from a logistic model with the given intercept. */
function syntheticData(rows: number, width: number, seed: number, intercept = -2.5): { inputs: Float32Array; labels: Uint8Array } {
  const next = seededRandom(seed);
  const inputs = new Float32Array(rows * width);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = intercept;
    for (let j = 0; j < width; j++) {
      const x = next() + next() + next() - 1.5;
      inputs[i * width + j] = x;
      z += (j % 2 === 0 ? 1 : -0.5) * x;
    }
    labels[i] = next() < sigmoid(z) ? 1 : 0;
  }
  return { inputs, labels };
}

/** A signal that reports aborted from its nth check on, to cancel a fit between iterations. */
function abortsAfter(checks: number): AbortSignal {
  let seen = 0;
  return {
    get aborted() {
      seen++;
      return seen > checks;
    },
  } as AbortSignal;
}

describe(`logistic regression against scikit-learn ${fixture.versions.sklearn}`, () => {
  it('the fixture covers both solver paths', () => {
    const widths = fixture.logisticRegression.map((c) => c.width);
    assert.ok(widths.some((w) => w <= NEWTON_MAX_WIDTH));
    assert.ok(widths.some((w) => w > NEWTON_MAX_WIDTH));
  });

  for (const c of fixture.logisticRegression) {
    for (const fit of c.fits) {
      for (const solver of ['newton', 'lbfgs'] as const) {
        it(`${c.name}, C = ${fit.C}, ${solver}: coefficients, intercept and held-out probabilities`, () => {
          const model = fitCase(c, fit, solver);
          assert.ok(model.converged, `not converged after ${model.iterations} iterations`);
          assertAllClose(model.coefficients, fit.coefficients, 'coefficient', 1e-4);
          assertClose(model.intercept, fit.intercept, 'intercept', 1e-4);
          const model2 = fitReferenceModel('logistic-regression', Float32Array.from(c.inputs), Uint8Array.from(c.labels), c.rows, c.width, { C: fit.C, solver });
          const probabilities = model2.predictProbabilities(Float32Array.from(c.heldOut.inputs), c.heldOut.rows, c.width);
          assertAllClose(probabilities, fit.heldOutProbabilities, 'held-out probability', 1e-6);
        });
      }
    }
  }

  it(`picks Newton up to ${NEWTON_MAX_WIDTH} columns and L-BFGS beyond`, () => {
    for (const c of fixture.logisticRegression) {
      const fit = c.fits[0];
      const auto = fitCase(c, fit, 'auto');
      const expected = fitCase(c, fit, c.width <= NEWTON_MAX_WIDTH ? 'newton' : 'lbfgs');
      const other = fitCase(c, fit, c.width <= NEWTON_MAX_WIDTH ? 'lbfgs' : 'newton');
      assert.deepEqual(auto, expected, c.name);
      assert.notEqual(auto.iterations, other.iterations, `${c.name}: both solvers took ${auto.iterations} iterations, so this test cannot tell them apart`);
    }
  });
});

describe('logistic regression edge cases', () => {
  it('keeps the coefficient of an all-zero column at exactly 0, on both paths', () => {
    const c = fixture.logisticRegression.find((x) => x.name === 'zero-and-constant-columns');
    assert.ok(c);
    for (let j = 0; j < c.width; j++) {
      if (c.inputs.every((_, k) => k % c.width !== j || c.inputs[k] === 0)) {
        for (const solver of ['newton', 'lbfgs'] as const) assert.equal(fitCase(c, c.fits[0], solver).coefficients[j], 0, `column ${j}, ${solver}`);
      }
    }
  });

  it('with no columns, fits the intercept to the log-odds of the prevalence (it is not penalised)', () => {
    const labels = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    for (const solver of ['newton', 'lbfgs'] as const) {
      const model = fitLogisticRegression(new Float32Array(0), labels, 10, 0, { solver });
      assert.equal(model.coefficients.length, 0);
      assertClose(model.intercept, Math.log(0.2 / 0.8), `${solver} intercept`, 1e-9);
    }
  });

  it('stays finite on one-class labels: coefficients 0, predictions that class', () => {
    const { inputs } = syntheticData(300, 4, 11);
    for (const [label, solver] of [[0, 'newton'], [1, 'newton'], [0, 'lbfgs'], [1, 'lbfgs']] as const) {
      const model = fitLogisticRegression(inputs, new Uint8Array(300).fill(label), 300, 4, { solver });
      assert.ok(model.converged, `${label} ${solver}`);
      assert.ok(Number.isFinite(model.intercept) && Math.abs(model.intercept) < 50, `intercept ${model.intercept}`);
      for (const w of model.coefficients) assert.ok(Math.abs(w) < 1e-6, `coefficient ${w}`);
      const p = fitReferenceModel('logistic-regression', inputs, new Uint8Array(300).fill(label), 300, 4, { solver }).predictProbabilities(inputs, 300, 4);
      for (const value of p) assert.ok(Math.abs(value - label) < 1e-6, `probability ${value} for class ${label}`);
    }
  });

  it('stays bounded on separable data with large feature values', () => {
    // Without the penalty the optimum is at infinity; values of 1e4 make logits huge on the way.
    const rows = 200;
    const inputs = new Float32Array(rows);
    const labels = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      inputs[i] = (i - 100) * 100;
      labels[i] = i >= 100 ? 1 : 0;
    }
    const newton = fitLogisticRegression(inputs, labels, rows, 1, { solver: 'newton' });
    const lbfgs = fitLogisticRegression(inputs, labels, rows, 1, { solver: 'lbfgs' });
    assert.ok(newton.converged && lbfgs.converged);
    assertClose(lbfgs.coefficients[0], newton.coefficients[0], 'slope', 1e-6);
    assertClose(lbfgs.intercept, newton.intercept, 'intercept', 1e-6);
    assert.ok(Number.isFinite(newton.coefficients[0]) && newton.coefficients[0] > 0);
  });

  it('Newton and L-BFGS agree on a 2,000 × 30 problem with columns on very different scales', () => {
    const rows = 2000;
    const width = 30;
    const { inputs, labels } = syntheticData(rows, width, 5);
    for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) inputs[i * width + j] *= 10 ** ((j % 5) - 2);
    const newton = fitLogisticRegression(inputs, labels, rows, width, { solver: 'newton' });
    const lbfgs = fitLogisticRegression(inputs, labels, rows, width, { solver: 'lbfgs' });
    assert.ok(newton.converged && lbfgs.converged, `newton ${newton.converged}, lbfgs ${lbfgs.converged} after ${lbfgs.iterations}`);
    assertAllClose(lbfgs.coefficients, newton.coefficients, 'coefficient', 1e-6);
    assertClose(lbfgs.intercept, newton.intercept, 'intercept', 1e-6);
  });

  it('fits 100,000 × 20 rows in a handful of Newton iterations', () => {
    const { inputs, labels } = syntheticData(100_000, 20, 3);
    const model = fitLogisticRegression(inputs, labels, 100_000, 20);
    assert.ok(model.converged);
    assert.ok(model.iterations <= 10, `${model.iterations} iterations`);
  });

  it('reports converged: false when maxIterations runs out', () => {
    const { inputs, labels } = syntheticData(500, 5, 9);
    for (const solver of ['newton', 'lbfgs'] as const) {
      const model = fitLogisticRegression(inputs, labels, 500, 5, { solver, maxIterations: 1 });
      assert.equal(model.converged, false, solver);
      assert.equal(model.iterations, 1, solver);
    }
  });

  it('rejects inputs that do not fit the shape, non-finite values, labels other than 0/1 and a bad C', () => {
    const inputs = Float32Array.from([1, 2, 3, 4]);
    const labels = Uint8Array.from([0, 1]);
    assert.throws(() => fitLogisticRegression(inputs, labels, 2, 3), RangeError);
    assert.throws(() => fitLogisticRegression(inputs, Uint8Array.from([0, 1, 1]), 2, 2), RangeError);
    assert.throws(() => fitLogisticRegression(Float32Array.from([1, NaN, 3, 4]), labels, 2, 2), /row 0, column 1/);
    assert.throws(() => fitLogisticRegression(inputs, Uint8Array.from([0, 2]), 2, 2), /label 1 is 2/);
    assert.throws(() => fitLogisticRegression(inputs, labels, 2, 2, { C: 0 }), /C must be a positive number/);
    assert.throws(() => fitLogisticRegression(new Float32Array(0), new Uint8Array(0), 0, 2), /at least one row/);
    const model = fitLogisticRegression(inputs, labels, 2, 2);
    assert.throws(() => predictLogits(model, Float32Array.from([1, 2, 3]), 1, 3), /2 coefficients, the inputs 3 columns/);
  });

  it('predictLogits is x·w + b', () => {
    const model: LogisticRegressionModel = { coefficients: Float64Array.from([2, -1]), intercept: 0.5, iterations: 0, converged: true };
    assert.deepEqual(predictLogits(model, Float32Array.from([1, 1, 0.5, 3, 0, 0]), 3, 2), Float64Array.from([1.5, -1.5, 0.5]));
  });
});

describe('cancelling a logistic regression fit', () => {
  const { inputs, labels } = syntheticData(2000, 8, 21);
  for (const solver of ['newton', 'lbfgs'] as const) {
    it(`${solver}: an aborted signal throws CancelledError before any work`, () => {
      const controller = new AbortController();
      controller.abort();
      assert.throws(() => fitLogisticRegression(inputs, labels, 2000, 8, { solver, signal: controller.signal }), CancelledError);
    });

    it(`${solver}: a signal aborted during the fit throws CancelledError at the next iteration`, () => {
      assert.throws(() => fitLogisticRegression(inputs, labels, 2000, 8, { solver, signal: abortsAfter(2) }), CancelledError);
      // The same fit with a signal that never aborts converges, so the throw above came from the signal.
      const model = fitLogisticRegression(inputs, labels, 2000, 8, { solver, signal: new AbortController().signal });
      assert.ok(model.converged && model.iterations > 2);
    });
  }
});

describe('base rate', () => {
  it('predicts the training prevalence for every row', () => {
    const labels = Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    const model = fitBaseRate(labels);
    assert.equal(model.prevalence, 0.2);
    assert.deepEqual(predictBaseRate(model, 3), Float64Array.from([0.2, 0.2, 0.2]));
    const reference = fitReferenceModel('base-rate', new Float32Array(20), labels, 10, 2);
    assert.equal(reference.kind, 'base-rate');
    assert.deepEqual(reference.predictProbabilities(new Float32Array(8), 4, 2), new Float64Array(4).fill(0.2));
    for (const z of reference.predictLogits(new Float32Array(8), 4, 2)) assertClose(z, Math.log(0.25), 'logit', 1e-15);
  });

  it('rejects empty and non-binary labels', () => {
    assert.throws(() => fitBaseRate([]), RangeError);
    assert.throws(() => fitBaseRate([0, 1, 3]), /label 2 is 3/);
  });
});

describe('reference models share one shape', () => {
  it('logistic regression: probabilities are the sigmoid of the logits, parameters are plain data', () => {
    const { inputs, labels } = syntheticData(400, 3, 17);
    const reference = fitReferenceModel('logistic-regression', inputs, labels, 400, 3);
    assert.equal(reference.kind, 'logistic-regression');
    const logits = reference.predictLogits(inputs, 400, 3);
    const probabilities = reference.predictProbabilities(inputs, 400, 3);
    for (let i = 0; i < 400; i++) assert.equal(probabilities[i], sigmoid(logits[i]));
    // Plain data survives postMessage to and from a worker thread.
    assert.deepEqual(structuredClone(reference.fitted), reference.fitted);
  });
});

describe(`Platt scaling against scikit-learn ${fixture.versions.sklearn}`, () => {
  for (const c of fixture.platt) {
    it(`${c.name} (${c.method})`, () => {
      const model = fitPlattScaling(c.logits, c.labels);
      assert.equal(model.method, c.method);
      assertClose(model.slope, c.slope, 'slope', 1e-4);
      assertClose(model.intercept, c.intercept, 'intercept', 1e-4);
      assertAllClose(applyPlattScaling(model, c.heldOutLogits), c.heldOutProbabilities, 'held-out probability', 1e-6);
    });
  }

  it('the fixture has separable, one-class and constant-logit cases', () => {
    const names = fixture.platt.map((c) => c.name);
    for (const name of ['separable', 'one-class-negative', 'one-class-positive', 'constant-logits']) assert.ok(names.includes(name), name);
  });

  it('stays finite on extreme logits and on two rows', () => {
    const separable = fitPlattScaling([-1e6, -50, 40, 1e6], [0, 0, 1, 1]);
    assert.equal(separable.method, 'smoothed-targets');
    assert.ok(Number.isFinite(separable.slope) && Number.isFinite(separable.intercept) && separable.slope > 0);
    const overlap = fitPlattScaling([-1e6, 1e6, -1e6, 1e6, 3], [0, 0, 1, 1, 1]);
    assert.equal(overlap.method, 'maximum-likelihood');
    assert.ok(Number.isFinite(overlap.slope) && Number.isFinite(overlap.intercept));
    for (const p of applyPlattScaling(overlap, [-1e6, 0, 1e6])) assert.ok(p > 0 && p < 1, `${p}`);
    const two = fitPlattScaling([0.3, 0.3], [0, 1]);
    assert.deepEqual([two.slope, two.intercept, two.method], [0, 0, 'constant-logits']);
  });

  it('rejects mismatched lengths, non-finite logits and labels other than 0/1', () => {
    assert.throws(() => fitPlattScaling([1, 2], [1]), RangeError);
    assert.throws(() => fitPlattScaling([], []), RangeError);
    assert.throws(() => fitPlattScaling([1, Infinity], [0, 1]), /logit 1 is Infinity/);
    assert.throws(() => fitPlattScaling([1, 2], [0, 0.5]), /label 1 is 0.5/);
  });
});
