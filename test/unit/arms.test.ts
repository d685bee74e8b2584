// The arm model: the --arms syntax, canonical ids, labels, what each arm trains, and threshold moving.

import assert from 'node:assert/strict';
import { ARM_PRESETS, armId, parseArm, parseArms, sweepArms, trainingKey } from '../../src/core/arms';
import { comparisonArms, resolveConfig } from '../../src/core/config';
import { FocalLabInputError } from '../../src/core/errors';
import { moveThreshold, movedThreshold } from '../../src/core/evaluation/thresholdMoving';
import { evaluateFold } from '../../src/core/evaluation/evaluateFold';
import { sigmoid } from '../../src/core/losses';

const defaults = { gamma: 2, alpha: 'auto' as const };

function refused(text: string, pattern: RegExp, task?: 'binary' | 'multiclass'): void {
  assert.throws(() => parseArms(text, { ...defaults, task }), (error: unknown) => error instanceof FocalLabInputError && pattern.test(error.message), text);
}

describe('arms: the --arms syntax', () => {
  it('parses the issue example into the arms it names', () => {
    const arms = parseArms('bce, alpha-focal, bce+smote, bce+oversample:0.5, focal+effective:0.999', defaults);
    assert.deepEqual(arms.map((a) => a.id), ['bce', 'alpha-focal', 'bce+smote', 'bce+oversample:0.5', 'focal+effective:0.999']);
    assert.deepEqual(arms.map((a) => a.label), ['BCE', 'Alpha-balanced focal', 'BCE + SMOTE', 'BCE + oversampling (ratio 0.5)', 'Class-balanced focal (β 0.999)']);
    const [bce, alphaFocal, smote, over, effective] = arms;
    assert.deepEqual([bce!.loss, bce!.alpha, bce!.sampling, bce!.thresholdMoving], ['bce', null, null, false]);
    assert.deepEqual([alphaFocal!.loss, alphaFocal!.gamma, alphaFocal!.alpha], ['alpha-focal', 2, 'auto']);
    assert.deepEqual(smote!.sampling, { method: 'smote', ratio: 1, k: 5 });
    assert.deepEqual(over!.sampling, { method: 'oversample', ratio: 0.5, k: 5 });
    // Class-balanced weights make focal alpha-balanced focal with the effective-number weights.
    assert.deepEqual([effective!.loss, effective!.gamma, effective!.alpha], ['alpha-focal', 2, { effectiveNumberBeta: 0.999 }]);
  });

  it('ids are canonical: spaces and case do not matter, defaults are left out, modifiers in a fixed order', () => {
    assert.equal(parseArm(' BCE + SMOTE:1:5 ', defaults).id, 'bce+smote');
    assert.equal(parseArm('bce+threshold+effective', defaults).id, 'bce+effective:0.999+threshold');
    assert.equal(parseArm('focal@3+undersample:0.25', defaults).id, 'focal@3+undersample:0.25');
    assert.equal(parseArm('bce+smote:0.5:3', defaults).id, 'bce+smote:0.5:3');
    assert.equal(parseArm('ce', defaults).id, 'bce', "'ce' is BCE's multi-class name");
    // The id parses back to the same arm.
    for (const text of ['bce+smote:0.5:3', 'focal@3+undersample:0.25', 'bce+effective:0.99+threshold']) {
      const arm = parseArm(text, defaults);
      assert.deepEqual(parseArm(arm.id, defaults), arm);
    }
    assert.equal(armId({ loss: 'focal', gamma: 2, alpha: null, sampling: null, thresholdMoving: false }), 'focal');
  });

  it('labels say cross-entropy for three or more classes', () => {
    assert.equal(parseArm('bce+smote', { ...defaults, task: 'multiclass' }).label, 'Cross-entropy + SMOTE');
    assert.equal(parseArm('bce+effective:0.99', { ...defaults, task: 'multiclass' }).label, 'Class-balanced cross-entropy (β 0.99)');
    assert.equal(parseArm('bce+effective:0.99', defaults).label, 'Class-balanced BCE (β 0.99)');
    assert.equal(parseArm('bce+threshold', defaults).label, 'BCE + threshold moving');
  });

  it('refuses what it cannot train, with a sentence naming the arm', () => {
    refused('bce, , focal', /empty arm/);
    refused('hinge', /Unknown loss 'hinge'.*bce, weighted-bce, focal, alpha-focal/);
    refused('bce+mixup', /Unknown strategy 'mixup'.*effective, oversample, undersample, smote, threshold/);
    refused('bce@2', /no focusing term/);
    refused('focal@-1', /gamma must be a number from 0 to 10/);
    refused('bce+effective:1', /β must be a number from 0 up to \(not including\) 1/);
    refused('bce+oversample:0', /ratio must be a number above 0 up to 1/);
    refused('bce+oversample:1.5', /ratio must be a number above 0 up to 1/);
    refused('bce+smote:1:0', /k must be a whole number from 1 to 100/);
    refused('bce+smote+oversample', /resamples twice/);
    refused('bce+threshold:2', /threshold takes no value/);
    refused('bce, BCE', /'bce' is listed twice/);
    refused('bce+threshold', /needs a two-class target/, 'multiclass');
  });

  it('threshold moving trains the same model as its loss; other strategies do not', () => {
    const [bce, moved, smote, weighted] = parseArms('bce, bce+threshold, bce+smote, bce+effective', defaults);
    assert.equal(trainingKey(moved!), trainingKey(bce!));
    assert.notEqual(trainingKey(smote!), trainingKey(bce!));
    assert.notEqual(trainingKey(weighted!), trainingKey(bce!));
  });

  it('the presets parse, and the strategies preset holds the six arms of the issue', () => {
    for (const text of Object.values(ARM_PRESETS)) assert.ok(parseArms(text, defaults).length >= 3);
    assert.deepEqual(
      parseArms(ARM_PRESETS.strategies, defaults).map((a) => a.label),
      ['BCE', 'Alpha-balanced focal', 'Class-balanced BCE (β 0.999)', 'BCE + oversampling', 'BCE + SMOTE', 'BCE + threshold moving'],
    );
  });

  it('a comparison without arms trains one arm per loss, as --losses always did; a sweep names its arms loss@gamma', () => {
    const config = resolveConfig({ losses: ['bce', 'focal'], gamma: 1.5 });
    assert.deepEqual(comparisonArms(config).map((a) => [a.id, a.gamma]), [['bce', 0], ['focal', 1.5]]);
    assert.deepEqual(comparisonArms(resolveConfig({ arms: 'bce, bce+smote' })).map((a) => a.id), ['bce', 'bce+smote']);
    assert.throws(() => resolveConfig({ arms: 'bce+nothing' }), /Unknown strategy 'nothing'/);
    const sweep = sweepArms('focal', [0, 2], defaults);
    assert.deepEqual(sweep.map((a) => [a.id, a.label]), [['focal@0', 'BCE (γ=0)'], ['focal@2', 'Focal (γ=2)']]);
  });
});

describe('threshold moving', () => {
  const validationLabels = Uint8Array.from([0, 0, 0, 0, 1, 0, 1, 1, 0, 1]);
  const validationLogits = Float64Array.from([-3, -2.5, -2, -1.5, -1.2, -1, -0.8, -0.4, 0.2, 1]);
  const predictions = {
    repeat: 0,
    fold: 0,
    trainRows: 50,
    testRows: Uint32Array.from([0, 1, 2, 3, 4, 5]),
    testLabels: Uint8Array.from([0, 0, 1, 0, 1, 1]),
    testLogits: Float64Array.from([-2.6, -1.3, -1.25, -0.9, -0.5, 0.3]),
    validationLabels,
    validationLogits,
  };
  const classes = { positiveClass: '1', negativeClass: '0' };

  it('decides at 0.5 exactly where the plain model decides at the validation-F1 threshold', () => {
    const threshold = movedThreshold(validationLabels, validationLogits);
    // Best F1 on validation: flag the top 6 (logit >= -1.2): 4 TP, 2 FP → F1 = 0.8.
    assert.ok(Math.abs(threshold - sigmoid(-1.2)) < 1e-12, String(threshold));
    const plain = evaluateFold(predictions, classes);
    const moved = evaluateFold(moveThreshold(predictions), classes);
    const plainTuned = plain.metrics.atThreshold.find((t) => t.thresholdSource === 'validation-f1')!;
    const movedAt05 = moved.metrics.atThreshold.find((t) => t.thresholdSource === 'default')!;
    assert.deepEqual(movedAt05.confusion, plainTuned.confusion);
    // 0.5 on the plain model flags only the last row; the moved one flags rows at or above sigmoid(-1.2).
    assert.deepEqual(plain.metrics.atThreshold.find((t) => t.thresholdSource === 'default')!.confusion, [[3, 0], [2, 1]]);
    assert.deepEqual(movedAt05.confusion, [[2, 1], [1, 2]]);
    // Ranking is untouched by the shift.
    assert.equal(moved.metrics.rocAuc, plain.metrics.rocAuc);
    assert.equal(moved.metrics.prAuc, plain.metrics.prAuc);
  });
});
