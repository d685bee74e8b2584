import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FocalLabInputError } from '../../src/core/errors';
import { inverseFrequencyAlpha, perSampleLoss } from '../../src/core/losses';
import { perSampleSoftmaxLoss } from '../../src/core/softmaxLosses';
import { betaProblem, binaryClassBalancedAlpha, checkBeta, classBalancedAlphas, effectiveNumberWeights } from '../../src/core/sampling/classBalanced';
import * as api from '../../src/api';

interface Fixture {
  cases: { counts: number[]; beta: number; weights: number[] }[];
  inverseFrequency: { counts: number[]; weights: number[] }[];
}
// Made by scripts/make_sampling_fixtures.py (the formula in numpy, checked in 60-digit decimals).
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/class-balanced.json'), 'utf8')) as Fixture;

function assertClose(actual: readonly number[], expected: readonly number[], relative: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= relative * Math.abs(expected[i]), `${what}: weight ${i} is ${a}, expected ${expected[i]}`));
}

describe('class-balanced weights (effective number of samples, Cui et al. 2019)', () => {
  it('the fixtures cover every beta of the issue, two and many classes', () => {
    assert.deepEqual([...new Set(fixture.cases.map((c) => c.beta))].sort(), [0, 0.9, 0.99, 0.999, 0.9999]);
    assert.ok(fixture.cases.some((c) => c.counts.length === 2) && fixture.cases.some((c) => c.counts.length >= 4));
  });

  for (const c of fixture.cases) {
    it(`equal the formula for counts ${c.counts.join('/')} at beta = ${c.beta}`, () => {
      const weights = effectiveNumberWeights(c.counts, c.beta);
      assertClose(weights, c.weights, 1e-12, 'weights');
      const sum = weights.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - c.counts.length) < 1e-12 * c.counts.length, `weights sum to K, got ${sum}`);
    });
  }

  it('are uniform at beta = 0 and as beta -> 0', () => {
    for (const counts of [[9000, 1000], [5000, 500, 50, 5], [1000000, 10, 1]]) {
      assert.deepEqual(effectiveNumberWeights(counts, 0), counts.map(() => 1));
      assertClose(effectiveNumberWeights(counts, 1e-9), counts.map(() => 1), 1e-8, `beta 1e-9, ${counts.join('/')}`);
    }
  });

  it('approach inverse class frequency (normalised to sum to K) as beta -> 1', () => {
    for (const { counts, weights } of fixture.inverseFrequency) {
      // 1 - beta^n ~ n (1 - beta) once n (1 - beta) is small: the relative gap is about n_max (1 - beta) / 2.
      const beta = 1 - 1e-12;
      assertClose(effectiveNumberWeights(counts, beta), weights, 1e-5, `beta 1 - 1e-12, ${counts.join('/')}`);
    }
    // And the gap closes as beta grows: not inverse frequency at 0.9999 on a million rows.
    const counts = [1000000, 10, 1];
    const gap = (beta: number) => Math.abs(effectiveNumberWeights(counts, beta)[0] - fixture.inverseFrequency.find((f) => f.counts.join() === counts.join())!.weights[0]);
    assert.ok(gap(0.9999) > gap(1 - 1e-7) && gap(1 - 1e-7) > gap(1 - 1e-10));
  });

  it('stay finite and exact for beta near 1 and huge counts (no 1 - beta^n cancellation)', () => {
    // E_3 / E_1 = (1 - b^3) / (1 - b) = 1 + b + b^2 exactly. Evaluating 1 - b^3 by subtraction at
    // b = 1 - 1e-10 loses about 7 digits (b^3 carries 1e-16 absolute error against a 3e-10 result).
    const beta = 1 - 1e-10;
    const [w1, w3] = effectiveNumberWeights([1, 3], beta);
    assert.ok(Math.abs(w1 / w3 - (1 + beta + beta * beta)) < 1e-13, `w1/w3 = ${w1 / w3}`);
    const huge = effectiveNumberWeights([1e9, 1], 0.9);
    assert.ok(huge.every(Number.isFinite));
    // beta^(10^9) underflows to 0, so 1 - beta^n = 1 there and 0.1 for one row: raw weights 1 and 10.
    assertClose(huge, [2 / 11, 20 / 11], 1e-12, 'huge counts');
  });

  it('checkBeta accepts [0, 1) and says what to do otherwise', () => {
    for (const good of [0, 0.5, 0.9999]) assert.equal(betaProblem(good), null);
    for (const bad of [1, -0.1, 1.5, Number.NaN, Infinity, '0.9']) {
      assert.throws(() => checkBeta(bad), (error: unknown) => error instanceof FocalLabInputError && error.code === 'bad-option' && /from 0 up to but not including 1/.test(error.message));
    }
    assert.throws(() => effectiveNumberWeights([10, 1], 1), /not including 1/);
  });

  it('need at least one training row per class', () => {
    assert.throws(() => effectiveNumberWeights([10, 0], 0.9), (error: unknown) => error instanceof FocalLabInputError && /class 1 has 0/.test(error.message));
  });
});

describe('class-balanced weights as the losses take them', () => {
  const logits = [-30, -4, -1, -0.2, 0, 0.3, 2, 5, 40];

  it('two classes: alphaForPositiveClass = w1 / (w0 + w1) and lossScale * weighted loss = Cui et al.\'s loss, for BCE and focal', () => {
    for (const beta of [0, 0.9, 0.99, 0.999, 0.9999]) {
      const counts = [9000, 1000];
      const [w0, w1] = effectiveNumberWeights(counts, beta);
      const { alphaForPositiveClass, lossScale } = binaryClassBalancedAlpha(counts, beta);
      assert.ok(Math.abs(lossScale - 2) < 1e-12, 'the normalisation makes w0 + w1 = K = 2');
      for (const label of [0, 1]) {
        const labels = logits.map(() => label);
        const weight = label === 1 ? w1 : w0;
        for (const [weighted, plain, gamma] of [['weighted-bce', 'bce', 0], ['alpha-focal', 'focal', 2]] as const) {
          const ours = perSampleLoss(weighted, labels, logits, { alpha: alphaForPositiveClass, gamma });
          const cui = perSampleLoss(plain, labels, logits, { gamma });
          ours.forEach((l, i) => assert.ok(Math.abs(lossScale * l - weight * cui[i]) <= 1e-12 * Math.max(1, weight * cui[i]), `${weighted} beta ${beta} label ${label} logit ${logits[i]}`));
        }
      }
    }
  });

  it('two classes as beta -> 1: the positive class weight is alpha = auto (inverse frequency)', () => {
    const { alphaForPositiveClass } = binaryClassBalancedAlpha([9000, 1000], 1 - 1e-13);
    assert.ok(Math.abs(alphaForPositiveClass - inverseFrequencyAlpha(1000, 10000)) < 1e-6);
  });

  it('K classes: one alpha per class, and weighted cross-entropy / alpha-focal equal w_y times the unweighted loss', () => {
    const counts = [5000, 500, 50];
    const alpha = classBalancedAlphas(counts, 0.999);
    const labels = [0, 1, 2, 2, 1, 0];
    const softmaxLogits = [2, -1, 0.5, 0, 3, -2, 1, 1, 1, -5, 0, 7, 0.1, 0.2, 0.3, 9, -9, 0];
    for (const [weighted, plain] of [['weighted-ce', 'ce'], ['alpha-focal', 'focal']] as const) {
      const ours = perSampleSoftmaxLoss(weighted, labels, softmaxLogits, { classes: 3, alpha, gamma: 2 });
      const cui = perSampleSoftmaxLoss(plain, labels, softmaxLogits, { classes: 3, gamma: 2 });
      ours.forEach((l, i) => assert.ok(Math.abs(l - alpha[labels[i]] * cui[i]) <= 1e-12 * Math.max(1, l), `${weighted} sample ${i}`));
    }
  });

  it('are part of the public API', () => {
    assert.equal(api.effectiveNumberWeights, effectiveNumberWeights);
    assert.equal(api.binaryClassBalancedAlpha, binaryClassBalancedAlpha);
    assert.equal(api.checkBeta, checkBeta);
  });
});
