// The exported loss snippets compute Focal Lab's loss: the PyTorch and torchvision snippets run
// in real PyTorch (Debian's python3-torch) on a grid of logits, labels, gamma and alpha and are
// compared with perSampleLoss; the TensorFlow.js snippet runs in TensorFlow.js here; the Keras
// snippet's arguments are read back and evaluated with Keras 3's own formula (transcribed
// below), since Keras itself cannot be installed on this machine.
import * as assert from 'assert';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { lossCode, type BinaryLossSpec, type MultiClassLossSpec, type SoftmaxLossKind } from '../../src/core/export/lossCode';
import { lossUsesAlpha, lossUsesGamma, perSampleLoss } from '../../src/core/losses';
import { LOSS_KINDS } from '../../src/core/results';
import { requirePython, runPython } from './python';

const LOGITS = [-30, -20, -12, -5, -2, -1, -0.25, 0, 0.25, 1, 2, 5, 12, 20, 30];
const GAMMAS = [0, 0.5, 1, 2, 5];
const ALPHAS = [0.1, 0.25, 0.5, 0.9];
const RELATIVE = 1e-5;

/** Every binary loss on the grid: bce once, weighted-bce per alpha, focal per gamma, alpha-focal per both. */
function binarySpecs(): BinaryLossSpec[] {
  const specs: BinaryLossSpec[] = [];
  for (const loss of LOSS_KINDS) {
    for (const gamma of lossUsesGamma(loss) ? GAMMAS : [0]) {
      for (const alpha of lossUsesAlpha(loss) ? ALPHAS : [null]) {
        specs.push({ task: 'binary', loss, gamma, alphaForPositiveClass: alpha, positiveClass: 'rare', negativeClass: 'common' });
      }
    }
  }
  return specs;
}

const LABELS = [...LOGITS.map(() => 0), ...LOGITS.map(() => 1)];
const Z = [...LOGITS, ...LOGITS];

function expectedBinary(spec: BinaryLossSpec): Float64Array {
  return perSampleLoss(spec.loss, LABELS, Z, { gamma: spec.gamma, alpha: spec.alphaForPositiveClass });
}

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

interface ErrorStats {
  maxRelative: number;
  worst: string;
}

function compare(stats: ErrorStats, actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, where: (i: number) => string): void {
  assert.strictEqual(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Number.isFinite(actual[i]), `${what} ${where(i)}: ${actual[i]} is not finite`);
    const error = relativeError(actual[i], expected[i]);
    if (error > stats.maxRelative) {
      stats.maxRelative = error;
      stats.worst = `${what} ${where(i)}: ${actual[i]} vs ${expected[i]}`;
    }
  }
}

function describeSpec(spec: BinaryLossSpec): string {
  return `${spec.loss} gamma ${spec.gamma} alpha ${spec.alphaForPositiveClass}`;
}

const binaryWhere = (i: number) => `(logit ${Z[i]}, label ${LABELS[i]})`;

// ---------- multi-class: a float64 reference in plain numbers ----------

const CLASSES = ['cat', 'dog', 'bird', 'fish'];
/** Rows of K = 4 logits with extremes (±30), ties and every class as the target. */
const SOFTMAX_ROWS: { logits: number[]; target: number }[] = [];
for (const row of [
  [0, 0, 0, 0],
  [30, -30, 0, 5],
  [-30, 30, -30, 30],
  [2, 1, 0.5, -1],
  [12, -12, 3, -0.25],
  [-5, 20, 1, 1],
]) {
  for (let target = 0; target < CLASSES.length; target++) SOFTMAX_ROWS.push({ logits: row, target });
}

function softmaxSpecs(): MultiClassLossSpec[] {
  const specs: MultiClassLossSpec[] = [];
  const alphaSets = [[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1]];
  for (const loss of ['ce', 'weighted-ce', 'focal', 'alpha-focal'] as SoftmaxLossKind[]) {
    const usesGamma = loss === 'focal' || loss === 'alpha-focal';
    const usesAlpha = loss === 'weighted-ce' || loss === 'alpha-focal';
    for (const gamma of usesGamma ? [0.5, 2, 5] : [0]) {
      for (const alpha of usesAlpha ? alphaSets : [null]) specs.push({ task: 'multiclass', loss, gamma, alphaPerClass: alpha, classes: CLASSES });
    }
  }
  return specs;
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/**
 * -alpha[y] (1 - p_t)^gamma log p_t in float64, written with d = log((1 - p_t) / p_t) (the other
 * classes' log-sum-exp minus the true logit): -log p_t = softplus(d), log(1 - p_t) = -softplus(-d),
 * exact also where p_t rounds to 1 (where z_y - log-sum-exp(z) cancels).
 */
function expectedSoftmax(spec: MultiClassLossSpec): number[] {
  return SOFTMAX_ROWS.map(({ logits, target }) => {
    const d = logSumExp(logits.filter((_, i) => i !== target)) - logits[target];
    const modulating = spec.gamma === 0 ? 1 : Math.exp(-spec.gamma * softplus(-d));
    return (spec.alphaPerClass ? spec.alphaPerClass[target] : 1) * modulating * softplus(d);
  });
}

const softmaxWhere = (i: number) => `(logits ${SOFTMAX_ROWS[i].logits.join(',')}, target ${SOFTMAX_ROWS[i].target})`;

// ---------- PyTorch and torchvision, in PyTorch ----------

interface PythonResult {
  none: number[];
  mean: number;
  sum: number;
  badReduction: string | null;
  reference?: number[];
}

function runSnippets(snippets: object[]): PythonResult[] {
  const script = path.join(__dirname, 'python', 'run_loss_snippets.py');
  const output = JSON.parse(runPython([script], JSON.stringify({ snippets }))) as { results: PythonResult[] };
  return output.results;
}

function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

describe('Exported PyTorch and torchvision losses, run in PyTorch, match perSampleLoss', function () {
  const report: string[] = [];
  after(() => {
    for (const line of report) console.log(`      ${line}`);
  });

  describe('PyTorch', function () {
    before(function () {
      requirePython(this, ['torch']);
    });

    it(`focal_lab_loss gives every binary loss to ${RELATIVE} relative on logits -30..30, labels 0/1, gamma ${GAMMAS.join('/')}, alpha ${ALPHAS.join('/')}; mean and sum reduce`, () => {
      const specs = binarySpecs();
      const results = runSnippets(specs.map((spec) => ({ code: lossCode('pytorch', spec).code, multiclass: false, logits: Z, targets: LABELS })));
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      specs.forEach((spec, k) => {
        const expected = expectedBinary(spec);
        compare(stats, results[k].none, expected, describeSpec(spec), binaryWhere);
        assert.ok(relativeError(results[k].sum, sumOf(expected)) < 1e-12, `${describeSpec(spec)}: sum`);
        assert.ok(relativeError(results[k].mean, sumOf(expected) / expected.length) < 1e-12, `${describeSpec(spec)}: mean (the default)`);
        assert.match(results[k].badReduction ?? '', /reduction must be "mean", "sum" or "none"/);
      });
      report.push(`PyTorch binary: ${specs.length} losses x ${Z.length} samples, max relative error ${stats.maxRelative.toExponential(2)}`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
    });

    it(`the softmax focal_lab_loss matches PyTorch's log_softmax / nll_loss formula to ${RELATIVE} relative, logits up to ±30`, () => {
      const specs = softmaxSpecs();
      const results = runSnippets(
        specs.map((spec) => ({
          code: lossCode('pytorch', spec).code,
          multiclass: true,
          logits: SOFTMAX_ROWS.map((r) => r.logits),
          targets: SOFTMAX_ROWS.map((r) => r.target),
          reference: { gamma: spec.gamma, alpha: spec.alphaPerClass },
        })),
      );
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      const float64Stats: ErrorStats = { maxRelative: 0, worst: '' };
      specs.forEach((spec, k) => {
        const what = `${spec.loss} gamma ${spec.gamma} alpha ${spec.alphaPerClass}`;
        // log_softmax forms z_y - logsumexp(z), which cancels where p_t rounds to 1 (the loss is
        // then below ~1e-6 and log_softmax itself is off by up to 1e-4 relative): compared above that.
        const kept = Array.from(SOFTMAX_ROWS.keys()).filter((i) => results[k].reference![i] > 1e-6);
        compare(stats, kept.map((i) => results[k].none[i]), kept.map((i) => results[k].reference![i]), `${what} vs nll_loss`, (j) => softmaxWhere(kept[j]));
        compare(float64Stats, results[k].none, expectedSoftmax(spec), `${what} vs float64`, softmaxWhere);
        assert.ok(relativeError(results[k].sum, sumOf(results[k].none)) < 1e-12, `${what}: sum`);
      });
      report.push(`PyTorch softmax: ${specs.length} losses x ${SOFTMAX_ROWS.length} samples, max relative error ${stats.maxRelative.toExponential(2)} against log_softmax/nll_loss (loss > 1e-6), ${float64Stats.maxRelative.toExponential(2)} against the float64 formula (all)`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
      assert.ok(float64Stats.maxRelative <= RELATIVE, float64Stats.worst);
    });
  });

  describe('torchvision', function () {
    before(function () {
      requirePython(this, ['torch', 'torchvision']);
    });

    it(`sigmoid_focal_loss with the exported alpha and gamma gives every binary loss to ${RELATIVE} relative wherever the loss exceeds 1e-9, and reduces by the mean`, () => {
      const specs = binarySpecs();
      const results = runSnippets(specs.map((spec) => ({ code: lossCode('torchvision', spec).code, multiclass: false, logits: Z, targets: LABELS })));
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      let tinyAbsolute = 0;
      specs.forEach((spec, k) => {
        const expected = expectedBinary(spec);
        // torchvision forms 1 - sigmoid(z), which cancels where p_t rounds towards 1: there the
        // loss is below 1e-9 (and the relative error of that tiny value is reported, not hidden).
        const kept = Array.from(expected.keys()).filter((i) => expected[i] > 1e-9);
        compare(stats, kept.map((i) => results[k].none[i]), kept.map((i) => expected[i]), describeSpec(spec), (j) => binaryWhere(kept[j]));
        for (let i = 0; i < expected.length; i++) if (expected[i] <= 1e-9) tinyAbsolute = Math.max(tinyAbsolute, Math.abs(results[k].none[i] - expected[i]));
        assert.ok(relativeError(results[k].mean, sumOf(expected) / expected.length) < 1e-9, `${describeSpec(spec)}: mean (the default)`);
      });
      report.push(`torchvision binary: max relative error ${stats.maxRelative.toExponential(2)} where the loss > 1e-9; largest absolute difference below that ${tinyAbsolute.toExponential(2)}`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
      assert.ok(tinyAbsolute < 1e-9, `absolute difference ${tinyAbsolute} on the tiny losses`);
    });
  });

  describe('TensorFlow.js (run here, float32)', () => {
    /** The snippet as a module body: its import becomes the `tf` passed in, its exports plain functions. */
    function load(code: string): { focalLabPerSampleLoss: (y: tf.Tensor, z: tf.Tensor) => tf.Tensor; focalLabLoss: (y: tf.Tensor, z: tf.Tensor) => tf.Scalar } {
      assert.match(code, /^import \* as tf from '@tensorflow\/tfjs';$/m);
      const body = code.replace(/^import \* as tf from '@tensorflow\/tfjs';$/m, '').replace(/^export function/gm, 'function');
      return new Function('tf', `${body}\nreturn { focalLabPerSampleLoss, focalLabLoss };`)(tf);
    }

    // Float32 holds ~7 digits; losses below 1e-30 (float32's floor) are compared absolutely.
    const close = (stats: ErrorStats, actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, where: (i: number) => string) => {
      const kept = Array.from({ length: expected.length }, (_, i) => i).filter((i) => expected[i] > 1e-30);
      compare(stats, kept.map((i) => actual[i]), kept.map((i) => expected[i]), what, (j) => where(kept[j]));
      for (let i = 0; i < expected.length; i++) if (expected[i] <= 1e-30) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-30, `${what} ${where(i)}`);
    };

    it(`focalLabPerSampleLoss gives every binary loss to ${RELATIVE} relative on the same grid; focalLabLoss is its mean`, () => {
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      for (const spec of binarySpecs()) {
        const snippet = load(lossCode('tfjs', spec).code);
        const y = tf.tensor1d(LABELS);
        const z = tf.tensor1d(Z);
        const expected = expectedBinary(spec);
        close(stats, snippet.focalLabPerSampleLoss(y, z).dataSync(), expected, describeSpec(spec), binaryWhere);
        assert.ok(relativeError(snippet.focalLabLoss(y, z).dataSync()[0], sumOf(expected) / expected.length) < 1e-5, `${describeSpec(spec)}: mean`);
        tf.dispose([y, z]);
      }
      report.push(`TensorFlow.js binary: max relative error ${stats.maxRelative.toExponential(2)} (float32)`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
    });

    it(`the softmax focalLabPerSampleLoss matches the float64 formula to ${RELATIVE} relative, logits up to ±30`, () => {
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      for (const spec of softmaxSpecs()) {
        const snippet = load(lossCode('tfjs', spec).code);
        const y = tf.oneHot(SOFTMAX_ROWS.map((r) => r.target), CLASSES.length);
        const z = tf.tensor2d(SOFTMAX_ROWS.map((r) => r.logits));
        close(stats, snippet.focalLabPerSampleLoss(y, z).dataSync(), expectedSoftmax(spec), `${spec.loss} gamma ${spec.gamma} alpha ${spec.alphaPerClass}`, softmaxWhere);
        tf.dispose([y, z]);
      }
      report.push(`TensorFlow.js softmax: max relative error ${stats.maxRelative.toExponential(2)} (float32)`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
    });
  });

  describe('Keras 3 (its formula, from the snippet\'s own arguments)', () => {
    /** The keyword arguments of the loss constructor in the snippet, and which class it is. */
    function kerasCall(code: string): { loss: string; args: Record<string, string> } {
      const withoutComments = code.split('\n').map((line) => line.replace(/\s*#.*$/, '')).join('\n');
      const match = /loss = keras\.losses\.(\w+)\(([\s\S]*?)\)\n/.exec(withoutComments);
      assert.ok(match, 'the snippet builds a keras.losses object');
      const args: Record<string, string> = {};
      for (const part of match[2].replace(/\s+/g, '').split(/,(?![^[]*\])/)) {
        if (!part.trim()) continue;
        const [key, value] = part.split('=').map((s) => s.trim());
        args[key] = value;
      }
      return { loss: match[1], args };
    }

    const EPSILON = 1e-7; // keras.backend.epsilon()
    const clip = (p: number) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

    /**
     * keras.losses.binary_focal_crossentropy (Keras 3, keras/src/losses/losses.py) on one sample:
     * from_logits -> sigmoid; bce on clipped probabilities; (1 - p_t) ** gamma; alpha_t when
     * apply_class_balancing. BinaryCrossentropy(from_logits=True) is the stable log-sigmoid form.
     */
    function kerasBinary(call: { loss: string; args: Record<string, string> }, y: number, z: number): number {
      assert.strictEqual(call.args.from_logits, 'True', 'from_logits=True');
      if (call.loss === 'BinaryCrossentropy') return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      assert.strictEqual(call.loss, 'BinaryFocalCrossentropy');
      const gamma = Number(call.args.gamma ?? '2.0');
      const balancing = call.args.apply_class_balancing === 'True';
      const alpha = Number(call.args.alpha ?? '0.25');
      const p = sigmoid(z);
      const bce = -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p)));
      const pt = y * p + (1 - y) * (1 - p);
      const focal = Math.pow(1 - pt, gamma) * bce;
      return balancing ? (y * alpha + (1 - y) * (1 - alpha)) * focal : focal;
    }

    it(`BinaryFocalCrossentropy / BinaryCrossentropy with the exported arguments give every binary loss to ${RELATIVE} relative for |logit| <= 12, and Keras' clipping shows beyond`, () => {
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      const inRange = Array.from(Z.keys()).filter((i) => Math.abs(Z[i]) <= 12);
      let saturated = 0;
      for (const spec of binarySpecs()) {
        const call = kerasCall(lossCode('keras', spec).code);
        if (lossUsesAlpha(spec.loss)) assert.strictEqual(call.args.apply_class_balancing, 'True', 'alpha needs apply_class_balancing=True');
        const expected = expectedBinary(spec);
        const actual = Z.map((z, i) => kerasBinary(call, LABELS[i], z));
        compare(stats, inRange.map((i) => actual[i]), inRange.map((i) => expected[i]), describeSpec(spec), (j) => binaryWhere(inRange[j]));
        // A wrong-side logit of 30: Keras' clipped log gives ~16.1 where the loss is ~30 (said in the snippet).
        const wrong = Z.findIndex((z, i) => z === -30 && LABELS[i] === 1);
        if (call.loss === 'BinaryFocalCrossentropy' && actual[wrong] < 0.6 * expected[wrong]) saturated++;
      }
      report.push(`Keras 3 binary (formula transcribed, float64): max relative error ${stats.maxRelative.toExponential(2)} for |logit| <= 12`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
      assert.ok(saturated > 0, 'the clipping the snippet warns about is real');
    });

    /** keras.losses.categorical_focal_crossentropy (Keras 3) on one sample, one-hot target. */
    function kerasCategorical(call: { loss: string; args: Record<string, string> }, logits: number[], target: number): number {
      assert.strictEqual(call.args.from_logits, 'True', 'from_logits=True');
      const all = logSumExp(logits);
      if (call.loss === 'CategoricalCrossentropy') return all - logits[target];
      assert.strictEqual(call.loss, 'CategoricalFocalCrossentropy');
      const gamma = Number(call.args.gamma ?? '2.0');
      const alphaText = call.args.alpha ?? '0.25';
      const alpha = alphaText.startsWith('[') ? (JSON.parse(alphaText) as number[]) : logits.map(() => Number(alphaText));
      const output = clip(Math.exp(logits[target] - all));
      return alpha[target] * Math.pow(1 - output, gamma) * -Math.log(output);
    }

    it(`CategoricalFocalCrossentropy with the exported per-class alpha gives every softmax loss to ${RELATIVE} relative where p_t is within Keras' clip range`, () => {
      const stats: ErrorStats = { maxRelative: 0, worst: '' };
      const inRange = Array.from(SOFTMAX_ROWS.keys()).filter((i) => {
        const { logits, target } = SOFTMAX_ROWS[i];
        const p = Math.exp(logits[target] - logSumExp(logits));
        return p > 1e-5 && p < 1 - 1e-5;
      });
      assert.ok(inRange.length >= 8, 'enough samples in range');
      for (const spec of softmaxSpecs()) {
        const call = kerasCall(lossCode('keras', spec).code);
        const expected = expectedSoftmax(spec);
        const actual = SOFTMAX_ROWS.map((r) => kerasCategorical(call, r.logits, r.target));
        compare(stats, inRange.map((i) => actual[i]), inRange.map((i) => expected[i]), `${spec.loss} gamma ${spec.gamma}`, (j) => softmaxWhere(inRange[j]));
      }
      report.push(`Keras 3 softmax (formula transcribed, float64): max relative error ${stats.maxRelative.toExponential(2)} where 1e-5 < p_t < 1 - 1e-5`);
      assert.ok(stats.maxRelative <= RELATIVE, stats.worst);
    });
  });
});

