import * as assert from 'node:assert/strict';
import { resolveConfig } from '../../src/core/config';
import { validateSplitFractions } from '../../src/core/dataset/split';
import {
  alphaFavoursNegative,
  checkLosses,
  checkSplit,
  parseGammaList,
  parseHiddenLayers,
  parseNumberField,
  validateSettingValue,
  type NumberKey,
} from '../../src/shared/settingsValidation';
import { DEFAULT_SETTINGS, MONITOR_CHOICES, SETTING_KEYS, settingsToConfig } from '../../src/shared/settings';

function ok<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

function fails(result: { ok: boolean; message?: string }, pattern?: RegExp): void {
  assert.equal(result.ok, false);
  if (pattern) assert.match(result.message!, pattern);
}

describe('settingsValidation', () => {
  describe('parseNumberField', () => {
    it('accepts plain decimals and exponents, trimmed', () => {
      assert.equal(ok(parseNumberField('gamma', ' 2.5 ')), 2.5);
      assert.equal(ok(parseNumberField('gamma', '.5')), 0.5);
      assert.equal(ok(parseNumberField('learningRate', '1e-3')), 0.001);
      assert.equal(ok(parseNumberField('epochs', '30')), 30);
    });

    it('rejects text that is not a plain number, with the range in the message', () => {
      for (const text of ['', ' ', 'abc', '0x10', 'Infinity', 'NaN', '1,5', '2.5.1', '1 000', '--1']) {
        fails(parseNumberField('gamma', text), /Gamma|gamma/);
      }
      fails(parseNumberField('gamma', 'abc'), /from 0 to 10/);
    });

    it('enforces each range, inclusive where the engine is', () => {
      const cases: [NumberKey, string[], string[]][] = [
        ['gamma', ['0', '10', '2'], ['-0.1', '10.01']],
        ['alpha', ['0', '1', '0.25'], ['-0.01', '1.5']],
        ['epochs', ['1', '10000'], ['0', '10001', '2.5']],
        ['batchSize', ['1', '1000000'], ['0', '1000001', '64.5']],
        ['learningRate', ['1e-8', '100', '0.001'], ['0', '-1', '100.5']],
        ['seed', ['0', '4294967295'], ['-1', '4294967296', '1.5']],
        ['maxCategories', ['1', '1000'], ['0', '1001', '3.5']],
        ['trainFraction', ['0.7', '0.999'], ['0', '1', '-0.2', '1.2']],
        ['folds', ['1', '5', '20'], ['0', '21', '2.5']],
        ['repeats', ['1', '20'], ['0', '21', '1.5']],
        ['earlyStopping', ['0', '5', '10000'], ['-1', '10001', '2.5']],
      ];
      for (const [key, good, bad] of cases) {
        for (const text of good) ok(parseNumberField(key, text));
        for (const text of bad) fails(parseNumberField(key, text));
      }
      fails(parseNumberField('epochs', '2.5'), /whole number/);
    });

    it('agrees with the engine: every accepted number is accepted by resolveConfig', () => {
      assert.doesNotThrow(() => resolveConfig({ gamma: 10, alpha: 0, epochs: 10000, batchSize: 1_000_000, learningRate: 1e-8, seed: 2 ** 32 - 1, maxCategories: 1000 }));
      assert.doesNotThrow(() => resolveConfig({ learningRate: 100, epochs: 1, batchSize: 1, seed: 0, maxCategories: 1, alpha: 1, gamma: 0 }));
      // The evaluation settings, at both ends of their ranges, and every monitor the form offers.
      assert.doesNotThrow(() => resolveConfig({ folds: 1, repeats: 1, earlyStopping: 0 }));
      assert.doesNotThrow(() => resolveConfig({ folds: 20, repeats: 20, earlyStopping: 10000 }));
      for (const choice of MONITOR_CHOICES) assert.doesNotThrow(() => resolveConfig({ monitor: choice.value }));
      assert.throws(() => resolveConfig({ folds: 21 }));
      assert.throws(() => resolveConfig({ earlyStopping: 10001 }));
    });
  });

  describe('parseHiddenLayers', () => {
    it('takes exactly two whole numbers from 1 to 4096', () => {
      assert.deepEqual(ok(parseHiddenLayers('64,32')), [64, 32]);
      assert.deepEqual(ok(parseHiddenLayers(' 4096 , 1 ')), [4096, 1]);
      fails(parseHiddenLayers(''), /two layer sizes/);
      fails(parseHiddenLayers('64'), /exactly two/);
      fails(parseHiddenLayers('64,32,16'), /exactly two/);
      fails(parseHiddenLayers('64,'), /missing/);
      fails(parseHiddenLayers('64,0'), /1 to 4,096/);
      fails(parseHiddenLayers('64,4097'), /1 to 4,096/);
      fails(parseHiddenLayers('64,3.5'), /whole number/);
      fails(parseHiddenLayers('64,x'), /whole number/);
    });
  });

  describe('parseGammaList', () => {
    it('takes distinct gammas from 0 to 10', () => {
      assert.deepEqual(ok(parseGammaList('0, 0.5,1,2,5')), [0, 0.5, 1, 2, 5]);
      assert.deepEqual(ok(parseGammaList('3')), [3]);
      fails(parseGammaList(''), /at least one/);
      fails(parseGammaList('1,,2'), /missing/);
      fails(parseGammaList('1,11'), /0 to 10/);
      fails(parseGammaList('1,2,1'), /twice/);
      fails(parseGammaList('1;2'), /0 to 10/);
    });
  });

  describe('checkSplit', () => {
    it('wants each fraction in (0, 1) and a sum of 1, like the engine', () => {
      const good = [{ train: 0.7, validation: 0.1, test: 0.2 }, { train: 0.6, validation: 0.2, test: 0.2 }, { train: 0.8, validation: 0.1, test: 0.1 }];
      for (const split of good) {
        assert.equal(checkSplit(split), null);
        assert.doesNotThrow(() => validateSplitFractions(split));
      }
      const bad = [{ train: 0.8, validation: 0.1, test: 0.2 }, { train: 1, validation: 0, test: 0 }, { train: 0.5, validation: 0.5, test: 0 }, { train: 1.2, validation: -0.1, test: -0.1 }];
      for (const split of bad) {
        assert.notEqual(checkSplit(split), null);
        assert.throws(() => validateSplitFractions(split));
      }
      assert.match(checkSplit({ train: 0.8, validation: 0.1, test: 0.2 })!, /add up to 1\.1; they must add up to 1/);
    });
  });

  describe('losses and alpha', () => {
    it('needs at least one known loss, each once', () => {
      assert.equal(checkLosses(['bce', 'focal']), null);
      assert.match(checkLosses([])!, /at least one/);
      assert.match(checkLosses(['bce', 'bce'])!, /only once/);
      assert.match(checkLosses(['hinge'])!, /Unknown/);
    });

    it('flags an alpha that weighs the positive class less than the negative', () => {
      assert.equal(alphaFavoursNegative(0.25), true);
      assert.equal(alphaFavoursNegative(0.5), false);
      assert.equal(alphaFavoursNegative(0.9), false);
      assert.equal(alphaFavoursNegative('auto'), false);
    });
  });

  describe('validateSettingValue (the host side)', () => {
    it('accepts the defaults for every key and rejects a wrong type', () => {
      // Written out by hand; a setting added later is checked at its declared default.
      const defaults: Record<string, unknown> = {
        ...DEFAULT_SETTINGS,
        losses: ['bce', 'focal', 'alpha-focal'], gamma: 2, alpha: 'auto', epochs: 30, batchSize: 64, learningRate: 0.001, hiddenLayers: [64, 32], seed: 42,
        trainFraction: 0.7, validationFraction: 0.1, testFraction: 0.2, priorBiasInit: false, maxCategories: 10, maxFileMegabytes: 1024, sweepGammas: [0, 0.5, 1, 2, 5], sweepLoss: 'focal',
        folds: 5, repeats: 1, earlyStopping: 5, monitor: 'own-loss', dedupe: false, missingValues: ['NA', 'N/A'], arms: '',
      };
      for (const key of SETTING_KEYS) {
        assert.equal(validateSettingValue(key, defaults[key]), null, key);
        assert.notEqual(validateSettingValue(key, { nonsense: true }), null, key);
      }
      assert.equal(validateSettingValue('alpha', 0.25), null);
      assert.notEqual(validateSettingValue('alpha', 'paper'), null);
      assert.notEqual(validateSettingValue('hiddenLayers', [64]), null);
      assert.notEqual(validateSettingValue('sweepGammas', [1, 1]), null);
      assert.notEqual(validateSettingValue('gamma', 11), null);
      assert.equal(validateSettingValue('folds', 1), null, 'folds = 1: the single split');
      assert.notEqual(validateSettingValue('folds', 0), null);
      assert.equal(validateSettingValue('earlyStopping', 0), null, 'patience 0 turns early stopping off');
      assert.equal(validateSettingValue('monitor', 'pr-auc'), null);
      assert.notEqual(validateSettingValue('monitor', 'val_loss'), null);
    });

    it('maps the evaluation settings onto the engine config', () => {
      const config = settingsToConfig({ ...DEFAULT_SETTINGS, folds: 1, repeats: 3, earlyStopping: 0, monitor: 'log-loss' });
      assert.deepEqual([config.folds, config.repeats, config.earlyStopping, config.monitor], [1, 3, 0, 'log-loss']);
      const defaults = resolveConfig(settingsToConfig(DEFAULT_SETTINGS));
      assert.deepEqual([defaults.folds, defaults.repeats, defaults.earlyStopping, defaults.monitor], [5, 1, 5, 'own-loss'], 'the form defaults are the engine defaults');
    });
  });
});
