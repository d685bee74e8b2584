import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { perSampleLoss, perSampleLossGradient } from '../../src/core/losses';
import { LOSS_KINDS, LOSS_LABELS, LOSS_TABLE, lossLabel, type SoftmaxLossKind } from '../../src/core/results';
import {
  SOFTMAX_LOSS_KINDS,
  inverseFrequencyAlphas,
  meanSoftmaxLoss,
  perSampleSoftmaxLoss,
  perSampleSoftmaxLossGradient,
  softmaxKindOf,
  softmaxProbabilities,
} from '../../src/core/softmaxLosses';
import * as api from '../../src/api';

interface SoftmaxLossCase {
  kind: SoftmaxLossKind;
  classes: number;
  gamma: number;
  alpha: number[] | null;
  labels: number[];
  logits: number[];
  loss: number[];
  gradient: number[];
  torchLoss: (number | null)[];
  torchGradient: (number | null)[];
  torchWellConditioned: boolean[];
}
interface SoftmaxLossFixture {
  cases: SoftmaxLossCase[];
  crossCheck: { pointsChecked: number; pointsAgreeingRelatively: number };
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/softmax-losses.json'), 'utf8')) as SoftmaxLossFixture;

// Relative: |a - b| <= 1e-5 * max(|b|, 1e-12). The reference values span 1e-87 .. 200 and both
// sides evaluate the same stable margin form, so the tiny values carry full relative precision.
// The floor only matters where the reference is exactly 0 (a zero alpha weight, an underflow).
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
}

describe('softmax losses (K classes)', () => {
  describe('against PyTorch float64', () => {
    it('covers every kind, K = 3 and 5, every gamma of the grid, alpha none and uneven', () => {
      assert.deepEqual(new Set(fixture.cases.map((c) => c.kind)), new Set(SOFTMAX_LOSS_KINDS));
      assert.deepEqual(new Set(fixture.cases.map((c) => c.classes)), new Set([3, 5]));
      assert.deepEqual(new Set(fixture.cases.map((c) => c.gamma)), new Set([0, 0.5, 1, 2, 5]));
      for (const c of fixture.cases) {
        assert.ok(c.logits.includes(100) && c.logits.includes(-100));
        for (let label = 0; label < c.classes; label++) assert.ok(c.labels.includes(label));
      }
      assert.ok(fixture.crossCheck.pointsChecked > 1000);
    });

    let worst = 0;
    for (const c of fixture.cases) {
      const options = { classes: c.classes, gamma: c.gamma, alpha: c.alpha };
      it(`${c.kind} K=${c.classes} gamma=${c.gamma} alpha=${c.alpha ? c.alpha.join('/') : 'none'}: loss and gradient equal the stable torch form to 1e-5 relative`, () => {
        for (const logits of [c.logits, Float64Array.from(c.logits)]) {
          const loss = perSampleSoftmaxLoss(c.kind, c.labels, logits, options);
          const gradient = perSampleSoftmaxLossGradient(c.kind, c.labels, logits, options);
          loss.forEach((value, i) => {
            assert.ok(Number.isFinite(value), `loss ${i} is ${value}`);
            const error = relativeError(value, c.loss[i]);
            worst = Math.max(worst, error);
            assert.ok(error <= 1e-5, `loss of row ${i} (label ${c.labels[i]}): ${value} vs ${c.loss[i]}`);
          });
          gradient.forEach((value, j) => {
            assert.ok(Number.isFinite(value), `gradient ${j} is ${value}`);
            const error = relativeError(value, c.gradient[j]);
            worst = Math.max(worst, error);
            assert.ok(error <= 1e-5, `gradient ${j}: ${value} vs ${c.gradient[j]}`);
          });
        }
      });

      it(`${c.kind} K=${c.classes} gamma=${c.gamma} alpha=${c.alpha ? 'uneven' : 'none'}: equals log_softmax / nll_loss / the focal term written out`, () => {
        const loss = perSampleSoftmaxLoss(c.kind, c.labels, c.logits, options);
        const gradient = perSampleSoftmaxLossGradient(c.kind, c.labels, c.logits, options);
        let compared = 0;
        c.labels.forEach((_, i) => {
          const expected = c.torchLoss[i];
          if (expected === null) return; // PyTorch's own ops give NaN here (0 ** (gamma - 1) at p_y = 1)
          // Where log_softmax keeps full precision, relative; where p_y rounds near 1 and
          // log_softmax keeps only a few digits of a loss below 1e-8, to 1e-10 absolute.
          const tolerance = (b: number) => (c.torchWellConditioned[i] ? 1e-5 * Math.max(Math.abs(b), 1e-12) : 1e-10);
          assert.ok(Math.abs(loss[i] - expected) <= tolerance(expected), `loss ${i}: ${loss[i]} vs torch ${expected}`);
          for (let k = 0; k < c.classes; k++) {
            const g = c.torchGradient[i * c.classes + k]!;
            assert.ok(Math.abs(gradient[i * c.classes + k] - g) <= tolerance(g), `gradient ${i},${k}: ${gradient[i * c.classes + k]} vs torch ${g}`);
          }
          compared++;
        });
        assert.ok(compared >= 0.8 * c.labels.length, `only ${compared} of ${c.labels.length} points finite in torch`);
      });
    }

    after(() => console.log(`      softmax losses: max relative error vs PyTorch ${worst.toExponential(2)}`));
  });

  it('never gives NaN or Infinity for gamma in [0, 10] and logits in [-100, 100], K = 2..6', () => {
    const values = [-100, -37.5, -1, -1e-9, 0, 1e-9, 2, 30, 100];
    for (let classes = 2; classes <= 6; classes++) {
      const rows: number[][] = [];
      for (let r = 0; r < 60; r++) rows.push(Array.from({ length: classes }, (_, c) => values[(r * 7 + c * (r + 3)) % values.length]));
      const logits = rows.flat();
      const alpha = Array.from({ length: classes }, (_, c) => (c + 1) / classes);
      for (let gamma = 0; gamma <= 10; gamma += 0.5) {
        for (let label = 0; label < classes; label++) {
          const labels = rows.map(() => label);
          for (const kind of SOFTMAX_LOSS_KINDS) {
            const loss = perSampleSoftmaxLoss(kind, labels, logits, { classes, gamma, alpha });
            const gradient = perSampleSoftmaxLossGradient(kind, labels, logits, { classes, gamma, alpha });
            loss.forEach((v) => assert.ok(Number.isFinite(v) && v >= 0, `${kind} K=${classes} gamma=${gamma} y=${label}: loss ${v}`));
            gradient.forEach((v, j) => {
              assert.ok(Number.isFinite(v), `${kind} gradient ${v}`);
              // The loss pulls the true logit up and pushes every other one down.
              assert.ok(j % classes === label ? v <= 0 : v >= 0);
            });
            // Each row's gradient sums to 0 (softmax is shift-invariant).
            for (let i = 0; i < rows.length; i++) {
              let sum = 0;
              let scale = 0;
              for (let k = 0; k < classes; k++) {
                sum += gradient[i * classes + k];
                scale += Math.abs(gradient[i * classes + k]);
              }
              assert.ok(Math.abs(sum) <= 1e-12 * Math.max(scale, 1e-300) + 1e-300, `row ${i} sums to ${sum}`);
            }
          }
        }
      }
    }
  });

  it('gradient matches central finite differences on moderate logits', () => {
    const h = 1e-5;
    const classes = 4;
    const logits = [0.3, -1.2, 2.5, 0.1, -3, 0.5, 0.4, 1.9, 2, 2, -2, 0];
    const labels = [2, 0, 3];
    for (const gamma of [0, 0.5, 2, 3.7]) {
      const options = { classes, gamma, alpha: [0.1, 0.2, 0.3, 0.4] };
      const gradient = perSampleSoftmaxLossGradient('alpha-focal', labels, logits, options);
      for (let j = 0; j < logits.length; j++) {
        const up = logits.slice();
        const down = logits.slice();
        up[j] += h;
        down[j] -= h;
        const row = Math.floor(j / classes);
        const numeric = (perSampleSoftmaxLoss('alpha-focal', labels, up, options)[row] - perSampleSoftmaxLoss('alpha-focal', labels, down, options)[row]) / (2 * h);
        assert.ok(Math.abs(gradient[j] - numeric) <= 1e-7 * Math.max(1, Math.abs(numeric)), `gamma=${gamma} j=${j}: ${gradient[j]} vs ${numeric}`);
      }
    }
  });

  it('for two classes it is the binary loss at the logit z_1 - z_0, alpha = [1 - a, a]', () => {
    const binaryLogits = [-100, -5, -0.3, 0, 0.7, 4, 100];
    const labels = [1, 0, 1, 0, 1, 1, 0];
    const logits = binaryLogits.flatMap((z) => [-z / 2, z / 2]);
    const pairs: [SoftmaxLossKind, (typeof LOSS_KINDS)[number]][] = [['ce', 'bce'], ['weighted-ce', 'weighted-bce'], ['focal', 'focal'], ['alpha-focal', 'alpha-focal']];
    for (const [softmaxKind, binaryKind] of pairs) {
      const softmax = perSampleSoftmaxLoss(softmaxKind, labels, logits, { classes: 2, gamma: 2, alpha: [0.25, 0.75] });
      const binary = perSampleLoss(binaryKind, labels, binaryLogits, { gamma: 2, alpha: 0.75 });
      const softmaxGradient = perSampleSoftmaxLossGradient(softmaxKind, labels, logits, { classes: 2, gamma: 2, alpha: [0.25, 0.75] });
      const binaryGradient = perSampleLossGradient(binaryKind, labels, binaryLogits, { gamma: 2, alpha: 0.75 });
      binary.forEach((b, i) => {
        assert.ok(relativeError(softmax[i], b) < 1e-12, `${softmaxKind} row ${i}: ${softmax[i]} vs ${b}`);
        // d/dz_1 = dL/dz and d/dz_0 = -dL/dz for z = z_1 - z_0.
        assert.ok(relativeError(softmaxGradient[2 * i + 1], binaryGradient[i]) < 1e-12);
        assert.ok(relativeError(softmaxGradient[2 * i], -binaryGradient[i]) < 1e-12);
      });
    }
  });

  it('focal at gamma 0 is cross-entropy; weighted cross-entropy is alpha_y times it; means average the rows', () => {
    const logits = [1, 2, 3, -4, 0, 4, 100, -100, 0];
    const labels = [0, 2, 1];
    const ce = perSampleSoftmaxLoss('ce', labels, logits, { classes: 3 });
    assert.deepEqual(perSampleSoftmaxLoss('focal', labels, logits, { classes: 3, gamma: 0 }), ce);
    const weighted = perSampleSoftmaxLoss('weighted-ce', labels, logits, { classes: 3, alpha: [0.2, 0.3, 0.5], gamma: 4 });
    labels.forEach((y, i) => assert.ok(relativeError(weighted[i], [0.2, 0.3, 0.5][y] * ce[i]) < 1e-15));
    // -log softmax at the known point: row 0 is log(e + e^2 + e^3) - 1.
    assert.ok(relativeError(ce[0], Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 1) < 1e-14);
    assert.equal(meanSoftmaxLoss('ce', labels, logits, { classes: 3 }), (ce[0] + ce[1] + ce[2]) / 3);
    // Class 1 at -100 against 100: the loss is 200 to full precision.
    assert.equal(ce[2], 200);
  });

  it('softmax probabilities sum to 1 and do not overflow', () => {
    const p = softmaxProbabilities([1000, 0, -1000, 1, 1, 1], 3);
    assert.deepEqual(Array.from(p.subarray(0, 3)), [1, 0, 0]);
    assert.ok(Math.abs(p[3] - 1 / 3) < 1e-16);
  });

  it('alpha auto is inverse class frequency normalised to sum 1, the binary rule for two classes', () => {
    const alphas = inverseFrequencyAlphas([80, 15, 5]);
    assert.ok(Math.abs(alphas.reduce((a, b) => a + b, 0) - 1) < 1e-15);
    const inverse = [1 / 80, 1 / 15, 1 / 5];
    const total = inverse.reduce((a, b) => a + b, 0);
    alphas.forEach((a, c) => assert.ok(relativeError(a, inverse[c] / total) < 1e-15));
    // Two classes, 90 negatives and 10 positives: the positive class gets negatives / all = 0.9.
    const [negative, positive] = inverseFrequencyAlphas([90, 10]);
    assert.ok(Math.abs(positive - 0.9) < 1e-15 && Math.abs(negative - 0.1) < 1e-15);
    assert.throws(() => inverseFrequencyAlphas([10, 0, 3]), /class 1 has 0/);
    assert.throws(() => inverseFrequencyAlphas([10]), /at least two classes/);
  });

  it('rejects bad input with a RangeError that says what is wrong', () => {
    assert.throws(() => perSampleSoftmaxLoss('ce', [0, 1], [0, 0, 0], { classes: 3 }), /3 values per label/);
    assert.throws(() => perSampleSoftmaxLoss('ce', [3], [0, 0, 0], { classes: 3 }), /class indices 0\.\.2/);
    assert.throws(() => perSampleSoftmaxLoss('ce', [0.5], [0, 0, 0], { classes: 3 }), /class indices/);
    assert.throws(() => perSampleSoftmaxLoss('ce', [0], [0], { classes: 1 }), /at least 2/);
    assert.throws(() => perSampleSoftmaxLoss('weighted-ce', [0], [0, 0, 0], { classes: 3 }), /needs alpha/);
    assert.throws(() => perSampleSoftmaxLoss('alpha-focal', [0], [0, 0, 0], { classes: 3, alpha: [0.5, 0.5] }), /one weight per class \(3\)/);
    assert.throws(() => perSampleSoftmaxLoss('alpha-focal', [0], [0, 0, 0], { classes: 3, alpha: [0.5, -1, 0.5] }), /class 1/);
    assert.throws(() => perSampleSoftmaxLoss('focal', [0], [0, 0, 0], { classes: 3, gamma: -1 }), /gamma/);
    assert.throws(() => perSampleSoftmaxLoss('bce' as SoftmaxLossKind, [0], [0, 0, 0], { classes: 3 }), /Unknown loss/);
    assert.throws(() => meanSoftmaxLoss('ce', [], [], { classes: 3 }), /at least one sample/);
    // Parameters a kind does not use are ignored.
    assert.deepEqual(perSampleSoftmaxLoss('ce', [1], [0, 1, 2], { classes: 3, gamma: 9, alpha: [1] }), perSampleSoftmaxLoss('ce', [1], [0, 1, 2], { classes: 3 }));
    // A diverged model's NaN logits give a NaN loss, not an error.
    assert.ok(Number.isNaN(perSampleSoftmaxLoss('ce', [0], [NaN, 0, 0], { classes: 3 })[0]));
  });

  it('has one table row per loss kind: binary names stay, K classes say cross-entropy', () => {
    assert.deepEqual(LOSS_KINDS.map(softmaxKindOf), ['ce', 'weighted-ce', 'focal', 'alpha-focal']);
    assert.deepEqual(LOSS_KINDS.map((k) => LOSS_LABELS[k]), ['BCE', 'Weighted BCE', 'Focal', 'Alpha-balanced focal']);
    assert.equal(lossLabel('bce', 'multiclass'), 'Cross-entropy');
    assert.equal(lossLabel('weighted-bce', 'multiclass'), 'Weighted cross-entropy');
    assert.equal(lossLabel('bce'), 'BCE');
    assert.deepEqual(Object.keys(LOSS_TABLE), [...LOSS_KINDS]);
  });

  it('is exported from focal-lab/core', () => {
    assert.equal(api.perSampleSoftmaxLoss, perSampleSoftmaxLoss);
    assert.equal(api.perSampleSoftmaxLossGradient, perSampleSoftmaxLossGradient);
    assert.equal(api.inverseFrequencyAlphas, inverseFrequencyAlphas);
  });
});
