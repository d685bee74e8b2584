import * as assert from 'assert';
import { ContributionBins, P_TRUE_EDGES, pTrueBin, shareBetween } from '../../src/core/evaluation/contributions';
import { perSampleLoss, perSampleLossGradient } from '../../src/core/losses';

// A tiny data set with known logits; the expected shares are written out by hand from the
// closed forms (p_t = sigmoid((2y - 1) z), BCE = -log p_t, focal = (1 - p_t)^gamma · BCE, and
// |dL/dz| from the gradients already checked against PyTorch).
const labels = [0, 0, 0, 1];
const logits = [-3, -0.2, 1, 2];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const pTrue = labels.map((y, i) => (y === 1 ? sigmoid(logits[i]) : 1 - sigmoid(logits[i])));

function binsFor(kind: 'bce' | 'focal' | 'alpha-focal', options: { gamma?: number; alpha?: number }): ContributionBins {
  const losses = perSampleLoss(kind, labels, logits, options);
  const gradients = perSampleLossGradient(kind, labels, logits, options);
  const bins = new ContributionBins(2);
  labels.forEach((y, i) => bins.add(y, pTrue[i], losses[i], Math.abs(gradients[i])));
  return bins;
}

describe('gradient contributions', () => {
  it('bins p_t into ten equal-width bins, 1 in the last', () => {
    assert.deepStrictEqual(P_TRUE_EDGES.length, 11);
    assert.deepStrictEqual([0, 0.05, 0.1, 0.5, 0.95, 0.9999, 1].map(pTrueBin), [0, 0, 1, 5, 9, 9, 9]);
  });

  it('BCE: shares of loss and gradient equal the hand-computed ones', () => {
    // p_t: 0.9526 (bin 9), 0.5498 (bin 5), 0.2689 (bin 2), 0.8808 (bin 8, positive).
    const loss = pTrue.map((p) => -Math.log(p));
    const gradient = pTrue.map((p) => 1 - p); // |dBCE/dz| = |sigmoid(z) - y| = 1 - p_t
    const table = binsFor('bce', {}).toTable(['no', 'yes']);
    const lossTotal = loss.reduce((a, b) => a + b);
    const gradientTotal = gradient.reduce((a, b) => a + b);
    const expectShare = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);
    expectShare(table.no.gradientShare[9], gradient[0] / gradientTotal);
    expectShare(table.no.gradientShare[5], gradient[1] / gradientTotal);
    expectShare(table.no.gradientShare[2], gradient[2] / gradientTotal);
    expectShare(table.yes.gradientShare[8], gradient[3] / gradientTotal);
    expectShare(table.no.lossShare[9], loss[0] / lossTotal);
    expectShare(table.yes.lossShare[8], loss[3] / lossTotal);
    assert.deepStrictEqual(table.no.count, [0, 0, 1, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepStrictEqual(table.yes.count, [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('focal loss gives the easy row a smaller share than BCE; alpha-focal weighs the positive row up', () => {
    const gamma = 2;
    // Focal: L = (1 - p)^g (-log p); dL/dz magnitude = (1 - p)^g (g p (-log p) + 1 - p).
    const focalGradient = pTrue.map((p) => (1 - p) ** gamma * (gamma * p * -Math.log(p) + (1 - p)));
    const total = focalGradient.reduce((a, b) => a + b);
    const focal = binsFor('focal', { gamma }).toTable(['no', 'yes']);
    assert.ok(Math.abs(focal.no.gradientShare[9] - focalGradient[0] / total) < 1e-12);
    const bce = binsFor('bce', {}).toTable(['no', 'yes']);
    assert.ok(focal.no.gradientShare[9] < bce.no.gradientShare[9] / 5, 'the easy negative is turned down');
    // Alpha 0.75 on the positive class: the negatives are weighted 0.25.
    const weighted = focalGradient.map((g, i) => g * (labels[i] === 1 ? 0.75 : 0.25));
    const weightedTotal = weighted.reduce((a, b) => a + b);
    const alphaFocal = binsFor('alpha-focal', { gamma, alpha: 0.75 }).toTable(['no', 'yes']);
    assert.ok(Math.abs(alphaFocal.yes.gradientShare[8] - weighted[3] / weightedTotal) < 1e-12);
    assert.ok(alphaFocal.yes.gradientShare[8] > focal.yes.gradientShare[8]);
  });

  it('shares add up to 1, folds pool by adding their sums, and sums survive a round trip', () => {
    const a = binsFor('bce', {});
    const b = binsFor('focal', { gamma: 2 });
    const pooled = ContributionBins.fromSums(a.toSums());
    pooled.merge(b);
    const table = pooled.toTable(['no', 'yes']);
    const sum = (key: 'lossShare' | 'gradientShare') => Object.values(table).reduce((s, c) => s + c[key].reduce((x, y) => x + y, 0), 0);
    assert.ok(Math.abs(sum('gradientShare') - 1) < 1e-12);
    assert.ok(Math.abs(sum('lossShare') - 1) < 1e-12);
    assert.strictEqual(Object.values(table).reduce((s, c) => s + c.count.reduce((x, y) => x + y, 0), 0), 8);
    assert.ok(Math.abs(shareBetween(table.no, 0.9, 1.01) + shareBetween(table.no, 0, 0.9) - table.no.gradientShare.reduce((x, y) => x + y)) < 1e-12);
    assert.throws(() => pooled.merge(new ContributionBins(3)), RangeError);
  });

  it('an empty table has zero shares, not NaN', () => {
    const table = new ContributionBins(2).toTable(['no', 'yes']);
    assert.ok(table.no.gradientShare.every((v) => v === 0));
  });
});
