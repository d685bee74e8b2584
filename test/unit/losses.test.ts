import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  inverseFrequencyAlpha,
  lossUsesAlpha,
  lossUsesGamma,
  meanLoss,
  perSampleLoss,
  perSampleLossGradient,
  sigmoid,
  softplus,
  type LossOptions,
} from '../../src/core/losses';
import { LOSS_KINDS, type LossKind } from '../../src/core/results';

interface LossCase {
  kind: LossKind;
  gamma: number;
  alpha: number | null;
  label: 0 | 1;
  logits: number[];
  loss: number[];
  gradient: number[];
}
interface LossFixture {
  cases: LossCase[];
  naiveAutogradCrossCheck: { pointsChecked: number };
  versions: { torch: string };
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/losses.json'), 'utf8')) as LossFixture;

// |a - b| <= 1e-5 * max(|b|, 1e-12). Relative, because the reference values span 1e-44 .. 100
// and both sides evaluate the same stable closed form, so even the tiny values carry full
// relative precision; an absolute tolerance would wave through wrong tails. The 1e-12 floor
// (absolute 1e-17) only matters where the reference is exactly 0, e.g. alpha = 0 weights.
function assertClose(actual: number, expected: number, what: string, relative = 1e-5): void {
  const tolerance = relative * Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected}`);
}

function optionsOf(c: LossCase): LossOptions {
  return { gamma: c.gamma, alpha: c.alpha };
}

describe('losses', () => {
  describe('against the torch float64 reference fixture', () => {
    it('covers every loss kind and was cross-checked against autograd', () => {
      assert.deepEqual(new Set(fixture.cases.map((c) => c.kind)), new Set(LOSS_KINDS));
      assert.ok(fixture.naiveAutogradCrossCheck.pointsChecked > 500);
    });

    for (const c of fixture.cases) {
      it(`${c.kind} gamma=${c.gamma} alpha=${c.alpha} label=${c.label}: loss and gradient`, () => {
        const labels = c.logits.map(() => c.label);
        const loss = perSampleLoss(c.kind, labels, c.logits, optionsOf(c));
        const gradient = perSampleLossGradient(c.kind, labels, c.logits, optionsOf(c));
        c.logits.forEach((z, i) => {
          assertClose(loss[i], c.loss[i], `loss at z=${z}`);
          assertClose(gradient[i], c.gradient[i], `gradient at z=${z}`);
        });
      });
    }
  });

  it('never gives NaN or Infinity for gamma in [0, 10] and logits in [-100, 100] and at +-1e4', () => {
    const logits: number[] = [-1e4, -1e3, 1e3, 1e4, -1e-300, 1e-300, -0];
    for (let z = -100; z <= 100; z += 0.25) logits.push(z);
    for (let gamma = 0; gamma <= 10; gamma += 0.25) {
      for (const label of [0, 1]) {
        const labels = logits.map(() => label);
        for (const kind of LOSS_KINDS) {
          for (const alpha of [0, 0.25, 1]) {
            const options = { gamma, alpha };
            const loss = perSampleLoss(kind, labels, logits, options);
            const gradient = perSampleLossGradient(kind, labels, logits, options);
            for (let i = 0; i < logits.length; i++) {
              assert.ok(Number.isFinite(loss[i]) && loss[i] >= 0, `${kind} gamma=${gamma} y=${label} z=${logits[i]} loss ${loss[i]}`);
              assert.ok(Number.isFinite(gradient[i]), `${kind} gamma=${gamma} y=${label} z=${logits[i]} gradient ${gradient[i]}`);
              // The loss always pushes the logit toward the label.
              assert.ok(label === 1 ? gradient[i] <= 0 : gradient[i] >= 0);
            }
          }
        }
      }
    }
  });

  it('gradient matches central finite differences of the loss on moderate logits', () => {
    const h = 1e-5;
    const logits: number[] = [];
    for (let z = -8; z <= 8; z += 0.37) logits.push(z);
    for (const gamma of [0, 0.5, 1, 2, 3.7, 5]) {
      for (const label of [0, 1]) {
        const labels = logits.map(() => label);
        const options = { gamma, alpha: 0.3 };
        const gradient = perSampleLossGradient('alpha-focal', labels, logits, options);
        const up = perSampleLoss('alpha-focal', labels, logits.map((z) => z + h), options);
        const down = perSampleLoss('alpha-focal', labels, logits.map((z) => z - h), options);
        logits.forEach((z, i) => {
          const numeric = (up[i] - down[i]) / (2 * h);
          // Truncation error O(h^2) ~ 1e-10 and rounding ~ 1e-16 / h ~ 1e-11.
          assert.ok(Math.abs(gradient[i] - numeric) <= 1e-7 * Math.max(1, Math.abs(numeric)), `gamma=${gamma} y=${label} z=${z}: ${gradient[i]} vs ${numeric}`);
        });
      }
    }
  });

  describe('relations between the losses', () => {
    const logits = [-40, -3, -0.5, 0, 0.2, 2, 17, 100];
    const labels = [1, 0, 1, 1, 0, 0, 1, 0];

    it('focal loss with gamma = 0 is BCE', () => {
      assert.deepEqual(perSampleLoss('focal', labels, logits, { gamma: 0 }), perSampleLoss('bce', labels, logits));
      assert.deepEqual(perSampleLossGradient('focal', labels, logits, { gamma: 0 }), perSampleLossGradient('bce', labels, logits));
    });

    it('alpha-balanced focal loss with alpha = 0.5 is half of focal loss', () => {
      const focal = perSampleLoss('focal', labels, logits, { gamma: 2 });
      const focalGradient = perSampleLossGradient('focal', labels, logits, { gamma: 2 });
      assert.deepEqual(perSampleLoss('alpha-focal', labels, logits, { gamma: 2, alpha: 0.5 }), focal.map((v) => 0.5 * v));
      assert.deepEqual(perSampleLossGradient('alpha-focal', labels, logits, { gamma: 2, alpha: 0.5 }), focalGradient.map((v) => 0.5 * v));
    });

    it('weighted BCE is alpha-balanced focal loss at gamma = 0, and ignores gamma', () => {
      const weighted = perSampleLoss('weighted-bce', labels, logits, { alpha: 0.8, gamma: 3 });
      assert.deepEqual(weighted, perSampleLoss('alpha-focal', labels, logits, { gamma: 0, alpha: 0.8 }));
    });

    it('alpha weighs the positive class, 1 - alpha the negative one', () => {
      const bce = perSampleLoss('bce', labels, logits);
      const weighted = perSampleLoss('weighted-bce', labels, logits, { alpha: 0.9 });
      labels.forEach((y, i) => assertClose(weighted[i], (y === 1 ? 0.9 : 1 - 0.9) * bce[i], `sample ${i}`, 1e-15));
    });

    it('BCE is -log(p_t), without log(sigmoid) underflow', () => {
      assertClose(perSampleLoss('bce', [1], [0])[0], Math.LN2, 'z=0', 1e-15);
      assert.equal(perSampleLoss('bce', [1], [-1000])[0], 1000);
      assert.equal(perSampleLoss('bce', [0], [1000])[0], 1000);
      assertClose(perSampleLoss('bce', [1], [3])[0], -Math.log(sigmoid(3)), 'z=3', 1e-14);
    });

    it('focal loss down-weights easy examples more as gamma grows', () => {
      const easy = [1, 2, 5].map((gamma) => perSampleLoss('focal', [1], [3], { gamma })[0]);
      assert.ok(easy[0] > easy[1] && easy[1] > easy[2]);
    });

    it('meanLoss is the mean of the per-sample losses', () => {
      const perSample = perSampleLoss('alpha-focal', labels, logits, { gamma: 2, alpha: 0.25 });
      const mean = perSample.reduce((a, b) => a + b, 0) / perSample.length;
      assertClose(meanLoss('alpha-focal', labels, logits, { gamma: 2, alpha: 0.25 }), mean, 'mean', 1e-15);
    });

    it('focal losses default to the paper gamma = 2', () => {
      assert.deepEqual(perSampleLoss('focal', labels, logits), perSampleLoss('focal', labels, logits, { gamma: 2 }));
    });
  });

  it('softplus is stable at both ends', () => {
    assert.equal(softplus(0), Math.LN2);
    assert.equal(softplus(1000), 1000);
    assert.equal(softplus(-1000), 0);
    assertClose(softplus(-40), Math.exp(-40), 'softplus(-40)', 1e-15);
    assertClose(softplus(2), Math.log(1 + Math.exp(2)), 'softplus(2)', 1e-15);
    assert.equal(sigmoid(-1000), 0);
    assert.equal(sigmoid(1000), 1);
  });

  it('a diverged model (NaN logits) gives a NaN loss rather than an error', () => {
    assert.ok(Number.isNaN(meanLoss('bce', [1, 0], [NaN, 0])));
  });

  it('says which parameters each loss uses', () => {
    assert.deepEqual(LOSS_KINDS.map(lossUsesGamma), [false, false, true, true]);
    assert.deepEqual(LOSS_KINDS.map(lossUsesAlpha), [false, true, false, true]);
  });

  it('alpha auto is the share of negatives', () => {
    assert.equal(inverseFrequencyAlpha(10, 100), 0.9);
    assert.equal(inverseFrequencyAlpha(0, 5), 1);
    assert.throws(() => inverseFrequencyAlpha(3, 0), RangeError);
    assert.throws(() => inverseFrequencyAlpha(6, 5), RangeError);
    assert.throws(() => inverseFrequencyAlpha(-1, 5), RangeError);
    assert.throws(() => inverseFrequencyAlpha(1.5, 5), RangeError);
  });

  it('rejects bad input with a RangeError that says what is wrong', () => {
    assert.throws(() => perSampleLoss('bce', [1, 0], [0]), /same length/);
    assert.throws(() => perSampleLoss('bce', [2], [0]), /0 or 1/);
    assert.throws(() => perSampleLoss('bce', [0.5], [0]), RangeError);
    assert.throws(() => perSampleLoss('weighted-bce', [1], [0]), /needs alpha/);
    assert.throws(() => perSampleLoss('alpha-focal', [1], [0], { gamma: 2, alpha: null }), /needs alpha/);
    assert.throws(() => perSampleLoss('alpha-focal', [1], [0], { gamma: 2, alpha: 1.5 }), /between 0 and 1/);
    assert.throws(() => perSampleLoss('alpha-focal', [1], [0], { gamma: 2, alpha: NaN }), /between 0 and 1/);
    assert.throws(() => perSampleLoss('focal', [1], [0], { gamma: -1 }), /gamma/);
    assert.throws(() => perSampleLossGradient('focal', [1], [0], { gamma: Infinity }), /gamma/);
    assert.throws(() => perSampleLoss('nope' as LossKind, [1], [0]), /Unknown loss/);
    assert.throws(() => meanLoss('bce', [], []), /at least one sample/);
  });

  it('ignores parameters a loss does not use', () => {
    assert.deepEqual(perSampleLoss('bce', [1], [0.3], { gamma: 7, alpha: 2 }), perSampleLoss('bce', [1], [0.3]));
  });
});
