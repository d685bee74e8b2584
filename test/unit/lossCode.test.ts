// The loss snippets say what they compute: the values of the run, which class alpha weighs,
// that logits are expected, and the arguments the libraries' defaults would get wrong. Their
// numbers are checked by running them (test/engine/exportCode.test.ts).
import * as assert from 'assert';
import { comparisonNotebook } from '../../src/core/export/notebook';
import { CODE_FRAMEWORKS, lossCode, lossSpecOfRun, type BinaryLossSpec, type MultiClassLossSpec } from '../../src/core/export/lossCode';
import { isInputError } from '../../src/core/errors';
import type { ComparisonResults } from '../../src/core/results';

const alphaFocal: BinaryLossSpec = { task: 'binary', loss: 'alpha-focal', gamma: 2.5, alphaForPositiveClass: 0.875, positiveClass: 'fraud', negativeClass: 'ok' };

function inputError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => isInputError(error) && pattern.test((error as Error).message));
}

describe('Copy Loss as Code', () => {
  it('every framework fills in gamma and alpha, names the class alpha weighs and says logits are expected', () => {
    for (const framework of CODE_FRAMEWORKS) {
      const { code } = lossCode(framework, alphaFocal);
      assert.match(code, /2\.5/, framework);
      assert.match(code, /0\.875/, framework);
      assert.match(code, /alpha = 0\.875 weighs the positive class "fraud" \(label 1\)/, framework);
      assert.match(code, /the negative class "ok" \(label 0\) gets 1 - alpha = 0\.125/, framework);
      assert.match(code, /Expects logits/, framework);
    }
  });

  it('sets what the libraries default differently: torchvision alpha and reduction, Keras class balancing and from_logits', () => {
    const torchvision = lossCode('torchvision', alphaFocal).code;
    assert.match(torchvision, /alpha=0\.875,/);
    assert.match(torchvision, /reduction=reduction,/);
    assert.match(torchvision, /def focal_lab_loss\(logits, targets, reduction="mean"\):/);
    const focal = lossCode('torchvision', { ...alphaFocal, loss: 'focal', alphaForPositiveClass: null }).code;
    assert.match(focal, /alpha=-1,/, 'no class weights in torchvision is alpha=-1, not its default 0.25');
    const keras = lossCode('keras', alphaFocal).code;
    assert.match(keras, /apply_class_balancing=True,/);
    assert.match(keras, /from_logits=True,/);
    assert.match(lossCode('keras', { ...alphaFocal, loss: 'bce', gamma: 0, alphaForPositiveClass: null }).code, /BinaryCrossentropy\(from_logits=True\)/);
    assert.match(lossCode('keras', { ...alphaFocal, loss: 'weighted-bce', gamma: 0 }).code, /gamma=0\.0,/);
  });

  it('the PyTorch function takes reduction mean, sum or none and writes only the terms the loss has', () => {
    const bce = lossCode('pytorch', { ...alphaFocal, loss: 'bce', gamma: 0, alphaForPositiveClass: null }).code;
    assert.match(bce, /def focal_lab_loss\(logits, targets, reduction="mean"\):/);
    assert.match(bce, /if reduction == "sum":/);
    assert.match(bce, /if reduction == "none":/);
    assert.doesNotMatch(bce, /GAMMA|ALPHA/);
    assert.match(bce, /No class weights: both classes weigh 1\./);
  });

  it('multi-class: alpha per class in the class order, CategoricalFocalCrossentropy, a softmax PyTorch function; torchvision says it has none', () => {
    const spec: MultiClassLossSpec = { task: 'multiclass', loss: 'alpha-focal', gamma: 2, alphaPerClass: [0.5, 0.25, 0.25], classes: ['low', 'mid', 'high'] };
    const keras = lossCode('keras', spec).code;
    assert.match(keras, /CategoricalFocalCrossentropy\(/);
    assert.match(keras, /alpha=\[0\.5, 0\.25, 0\.25\],/);
    assert.match(keras, /CLASSES = \["low", "mid", "high"\]/);
    assert.match(keras, /class 1 "mid": 0\.25/);
    assert.match(lossCode('keras', { ...spec, loss: 'focal', alphaPerClass: null }).code, /alpha=1\.0,/, 'Keras\' default alpha 0.25 would scale every class');
    assert.match(lossCode('pytorch', spec).code, /F\.one_hot\(targets, logits\.shape\[-1\]\)/);
    inputError(() => lossCode('torchvision', spec), /torchvision has no softmax focal loss/);
    inputError(() => lossCode('pytorch', { ...spec, alphaPerClass: [0.5, 0.5] }), /one weight per class: 3 values, got 2/);
    inputError(() => lossCode('pytorch', { ...spec, classes: ['a', 'b'], alphaPerClass: [0.5, 0.5] }), /at least 3 classes/);
  });

  it('refuses values the loss cannot use, saying what to use instead', () => {
    inputError(() => lossCode('pytorch', { ...alphaFocal, loss: 'focal' }), /focal loss has no alpha; use alpha-focal/);
    inputError(() => lossCode('pytorch', { ...alphaFocal, alphaForPositiveClass: null }), /needs alpha/);
    inputError(() => lossCode('pytorch', { ...alphaFocal, alphaForPositiveClass: 1.5 }), /between 0 and 1/);
    inputError(() => lossCode('pytorch', { ...alphaFocal, gamma: -1 }), /gamma must be a number of at least 0/);
    inputError(() => lossCode('jax' as never, alphaFocal), /Unknown framework 'jax'/);
    inputError(() => lossCode('constructor' as never, alphaFocal), /Unknown framework 'constructor'/);
  });

  it('a class name from the file cannot break out of a comment or a string', () => {
    const hostile = { ...alphaFocal, positiveClass: 'x\nimport os; os.system("rm -rf ~")', negativeClass: 'y\u2028alert(1)' };
    for (const framework of CODE_FRAMEWORKS) {
      const { code } = lossCode(framework, hostile);
      for (const line of code.split('\n')) assert.doesNotMatch(line, /^\s*import os/, framework);
      assert.ok(!code.includes('\u2028'), `${framework}: U+2028 is escaped`);
    }
  });

  it('takes the values of a run from results.json: gamma, the first fold\'s alpha, where they come from', () => {
    const results = {
      tool: { name: 'focal-lab', version: '9.9.9' },
      dataset: { file: 'cards.csv', positiveClass: 'fraud', negativeClass: 'ok' },
      config: { alpha: 'auto' },
      runs: [
        { id: 'bce', loss: 'bce', gamma: 0, alphaForPositiveClass: null },
        { id: 'alpha-focal', loss: 'alpha-focal', gamma: 2, alphaForPositiveClass: 0.9032 },
      ],
    } as unknown as ComparisonResults;
    const spec = lossSpecOfRun(results, 'alpha-focal');
    assert.ok(spec.task === 'binary');
    assert.deepStrictEqual([spec.gamma, spec.alphaForPositiveClass, spec.alphaSource], [2, 0.9032, 'auto']);
    const code = lossCode('pytorch', spec).code;
    assert.match(code, /From run "alpha-focal" on "cards\.csv" \(Focal Lab 9\.9\.9\)\./);
    assert.match(code, /inverse class frequency .* first fold's value/);
    inputError(() => lossSpecOfRun(results, 'focal'), /No run 'focal' in these results; the runs are bce, alpha-focal\./);
  });

  it('takes a multi-class run as the softmax loss with one weight per class, in the data\'s class order', () => {
    const results = {
      tool: { name: 'focal-lab', version: '9.9.9' },
      dataset: { file: 'jobs.csv', task: 'multiclass', classes: ['fast', 'medium', 'long'], positiveClass: 'long', negativeClass: 'every other class' },
      config: { alpha: 'auto' },
      runs: [
        { id: 'bce', loss: 'bce', gamma: 0, alphaPerClass: null },
        { id: 'alpha-focal', loss: 'alpha-focal', gamma: 2, alphaPerClass: { long: 0.6, fast: 0.1, medium: 0.3 } },
      ],
    } as unknown as ComparisonResults;
    const spec = lossSpecOfRun(results, 'alpha-focal');
    assert.ok(spec.task === 'multiclass');
    assert.deepStrictEqual([spec.loss, spec.gamma, spec.alphaPerClass, spec.classes], ['alpha-focal', 2, [0.1, 0.3, 0.6], ['fast', 'medium', 'long']]);
    const ce = lossSpecOfRun(results, 'bce');
    assert.ok(ce.task === 'multiclass' && ce.loss === 'ce' && ce.alphaPerClass === null);
    assert.match(lossCode('keras', spec).code, /CategoricalFocalCrossentropy/);
    inputError(() => comparisonNotebook({ ...results, runs: [] } as unknown as ComparisonResults), /reproduces two-class comparisons so far/);
  });
});
