import * as assert from 'assert';
import { addRowsFromLogits, ContributionBins, P_TRUE_EDGES, pTrueBin, shareBetween } from '../../src/core/evaluation/contributions';
import { KernelTrainer } from '../../src/core/model/kernelTrainer';
import { contributionRows, contributionSentence } from '../../src/core/report/contributionSummary';
import type { RunContributions } from '../../src/core/results';
import * as path from 'path';
import { perSampleLoss, perSampleLossGradient } from '../../src/core/losses';
import { initialiseBackend } from '../../src/core/model/tfBackend';
import { trainModel, type TrainingData, type TrainingSettings } from '../../src/core/model/train';
import { gaussian, seededRandom } from '../../src/core/random';

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

describe('gradient contributions from training', () => {
  before(async () => {
    await initialiseBackend('wasm', path.join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  });

  function dataset(classes: number) {
    const random = seededRandom(5);
    const make = (rows: number) => {
      // Rare higher classes: 80% class 0.
      const labels = Uint8Array.from({ length: rows }, () => (random() < 0.8 ? 0 : 1 + Math.floor(random() * (classes - 1))));
      const inputs = Float32Array.from({ length: rows * 4 }, (_, i) => gaussian(random) + 1.2 * labels[i >> 2]);
      return { inputs, labels, rows };
    };
    return { width: 4, train: make(403), validation: make(80), test: make(60), gridInputs: null } satisfies TrainingData;
  }

  for (const classes of [2, 3]) {
    it(`the WebAssembly step and TensorFlow.js (scored from its logits) agree, ${classes} classes; counts are the training rows of epoch 1 and of the kept epoch`, () => {
      const data = dataset(classes);
      const settings: TrainingSettings = {
        loss: 'alpha-focal', gamma: 2, alphaForPositiveClass: 0.8, hidden: [16, 8], epochs: 4, batchSize: 32, learningRate: 0.01, seed: 3, priorBiasInit: true,
        classes, alphaPerClass: classes === 3 ? [0.2, 0.4, 0.4] : null, earlyStopping: { patience: 2, monitor: 'own-loss' },
      };
      const kernel = trainModel(data, { ...settings, engine: 'kernel' });
      const reference = trainModel(data, { ...settings, engine: 'tfjs' });
      assert.strictEqual(kernel.bestEpoch, reference.bestEpoch);
      const names = Array.from({ length: classes }, (_, c) => `class ${c}`);
      for (const epoch of ['first', 'kept'] as const) {
        const fromKernel = ContributionBins.fromSums(kernel.contributions![epoch]).toTable(names);
        const fromReference = ContributionBins.fromSums(reference.contributions![epoch]).toTable(names);
        let rows = 0;
        names.forEach((name, c) => {
          const count = fromKernel[name].count.reduce((a, b) => a + b, 0);
          rows += count;
          assert.strictEqual(count, data.train.labels.filter((label) => label === c).length, `${epoch}: rows of ${name}`);
          // Float32 training in two engines: a row may sit on a bin edge, so compare shares per class and bin loosely.
          fromKernel[name].gradientShare.forEach((share, bin) => assert.ok(Math.abs(share - fromReference[name].gradientShare[bin]) < 0.02, `${epoch} ${name} bin ${bin}: ${share} vs ${fromReference[name].gradientShare[bin]}`));
        });
        assert.strictEqual(rows, data.train.rows);
      }
      // Training moves rows towards confident: the kept epoch has more easy rows of the majority class than epoch 1.
      const first = ContributionBins.fromSums(kernel.contributions!.first).toTable(names)['class 0'];
      const kept = ContributionBins.fromSums(kernel.contributions!.kept).toTable(names)['class 0'];
      assert.ok(kept.count[9] >= first.count[9], `easy majority rows: ${first.count[9]} then ${kept.count[9]}`);
    });
  }
});

describe('gradient contributions in the WebAssembly step', () => {
  // The kernel adds each row from its own step; the reference scores the same logits (the
  // kernel's forward pass just before the step) with the reference losses.
  for (const classes of [2, 3, 5]) {
    it(`equal the reference losses' scoring of the same logits, ${classes} classes`, () => {
      const random = seededRandom(17 + classes);
      const rows = 61;
      const width = 5;
      const labels = Float32Array.from({ length: rows }, () => (random() < 0.7 ? 0 : Math.floor(random() * classes)));
      const inputs = Float32Array.from({ length: rows * width }, (_, i) => 2 * gaussian(random) + labels[Math.floor(i / width)]);
      const loss = { kind: 'alpha-focal' as const, gamma: 1.5, alphaForPositiveClass: classes === 2 ? 0.7 : null, classes, alphaPerClass: classes === 2 ? null : Array.from({ length: classes }, (_, c) => (c + 1) / ((classes * (classes + 1)) / 2)) };
      const trainer = new KernelTrainer(width, [12, 8], 4, classes === 2 ? 0 : new Array(classes).fill(0), rows, 0.01, loss);
      const logits = trainer.predict(inputs, rows);
      trainer.batchInputs().set(inputs);
      trainer.contributions = new ContributionBins(classes);
      trainer.step(labels, rows);
      const reference = new ContributionBins(classes);
      addRowsFromLogits(reference, loss, labels, logits);
      assert.deepStrictEqual(Array.from(trainer.contributions.count), Array.from(reference.count));
      for (const key of ['loss', 'gradient'] as const) {
        trainer.contributions[key].forEach((value, i) => assert.ok(Math.abs(value - reference[key][i]) <= 1e-9 * Math.max(1, Math.abs(reference[key][i])), `${key}[${i}]: ${value} vs ${reference[key][i]}`));
      }
    });
  }
});

describe('gradient contributions in words', () => {
  // Two classes, counts 90 / 10: easy "no" rows carry 60% of BCE's gradient and 6% of focal's.
  function table(easyNo: number, yes: number): RunContributions {
    const zeros = () => new Array(10).fill(0);
    const no = { count: zeros(), lossShare: zeros(), gradientShare: zeros() };
    const positive = { count: zeros(), lossShare: zeros(), gradientShare: zeros() };
    no.count[9] = 80;
    no.count[6] = 10;
    no.gradientShare[9] = easyNo;
    no.gradientShare[6] = 1 - easyNo - yes;
    positive.count[2] = 10;
    positive.gradientShare[2] = yes;
    const kept = { no, yes: positive };
    return { pTrueEdges: [...P_TRUE_EDGES], atEpoch: { first: kept, kept } };
  }
  const runs = [
    { label: 'BCE', gamma: 0, contributions: table(0.6, 0.3) },
    { label: 'Focal (γ=2)', gamma: 2, contributions: table(0.06, 0.48) },
  ];
  it('names the easy majority rows\' and the hard minority rows\' shares under the baseline and under each other loss', () => {
    assert.strictEqual(
      contributionSentence(runs),
      "With BCE, easy 'no' rows (p_t ≥ 0.9) carry 60% of the gradient and hard 'yes' rows (p_t < 0.5) 30%; Focal (γ=2): 6.0% and 48%.",
    );
    assert.strictEqual(contributionSentence([{ label: 'BCE', gamma: 0, contributions: null }]), null);
  });
  it('splits each class into hard, medium and easy rows', () => {
    const rows = contributionRows(runs);
    assert.deepStrictEqual(rows.map((r) => [r.run, r.className]), [['BCE', 'no'], ['BCE', 'yes'], ['Focal (γ=2)', 'no'], ['Focal (γ=2)', 'yes']]);
    const [bceNo] = rows;
    assert.ok(Math.abs(bceNo.shares[0] - 0) < 1e-12 && Math.abs(bceNo.shares[1] - 0.1) < 1e-12 && Math.abs(bceNo.shares[2] - 0.6) < 1e-12);
    assert.ok(Math.abs(rows[1].shares[0] - 0.3) < 1e-12);
  });
});

describe('gradient contributions, softmax focal loss over 3 classes', () => {
  it('equal the hand-computed shares: p_t = softmax of the true class, |dL/dz| the L2 norm over the 3 logits', () => {
    const gamma = 2;
    const labels = [0, 1, 2, 0];
    const logits = [2, 0, -1, /**/ 0.5, 0.2, 0.1, /**/ 0, 3, 0, /**/ -1, 0, 1];
    // By hand: p = softmax(z); L = -(1 - p_y)^g log p_y; dL/dz_c = dL/dp_y · dp_y/dz_c with
    // dL/dp_y = g (1 - p_y)^(g-1) log p_y - (1 - p_y)^g / p_y and dp_y/dz_c = p_y (δ_yc - p_c).
    const rows = labels.map((y, i) => {
      const z = logits.slice(3 * i, 3 * i + 3);
      const e = z.map(Math.exp);
      const p = e.map((v) => v / e.reduce((a, b) => a + b));
      const py = p[y];
      const loss = -((1 - py) ** gamma) * Math.log(py);
      const dLdp = gamma * (1 - py) ** (gamma - 1) * Math.log(py) - (1 - py) ** gamma / py;
      const gradient = Math.hypot(...p.map((pc, c) => dLdp * py * ((c === y ? 1 : 0) - pc)));
      return { y, py, loss, gradient };
    });
    const bins = new ContributionBins(3);
    addRowsFromLogits(bins, { kind: 'focal', gamma, alphaForPositiveClass: null, classes: 3, alphaPerClass: null }, labels, logits);
    const table = bins.toTable(['a', 'b', 'c']);
    const gradientTotal = rows.reduce((s, r) => s + r.gradient, 0);
    const lossTotal = rows.reduce((s, r) => s + r.loss, 0);
    const names = ['a', 'b', 'c'];
    for (const row of rows) {
      const bin = Math.min(9, Math.floor(row.py * 10));
      const expected = rows.filter((r) => r.y === row.y && Math.min(9, Math.floor(r.py * 10)) === bin);
      const share = (key: 'gradient' | 'loss', total: number) => expected.reduce((s, r) => s + r[key], 0) / total;
      assert.ok(Math.abs(table[names[row.y]].gradientShare[bin] - share('gradient', gradientTotal)) < 1e-12, `class ${row.y} bin ${bin} gradient`);
      assert.ok(Math.abs(table[names[row.y]].lossShare[bin] - share('loss', lossTotal)) < 1e-12, `class ${row.y} bin ${bin} loss`);
    }
    assert.deepStrictEqual(Object.values(table).map((c) => c.count.reduce((a, b) => a + b, 0)), [2, 1, 1]);
  });
});
