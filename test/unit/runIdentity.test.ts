// How a run is named (issue 12): two runs of one file read differently, numbers are rounded.
import * as assert from 'assert';
import { describeRun, describeSettings, panelTitle, settingsFromConfig, shortNumber } from '../../src/shared/runIdentity';
import { DEFAULT_SETTINGS, settingsToConfig, type FocalLabSettings } from '../../src/shared/settings';

const settings = (changes: Partial<FocalLabSettings>): FocalLabSettings => ({ ...DEFAULT_SETTINGS, ...changes });

describe('run identity', () => {
  it('rounds to three decimals at most', () => {
    assert.strictEqual(shortNumber(0.8585714285714285), '0.859');
    assert.strictEqual(shortNumber(2), '2');
    assert.strictEqual(shortNumber(0.25), '0.25');
  });

  it('names the losses, and gamma and alpha only where a chosen loss uses them', () => {
    assert.strictEqual(describeSettings('comparison', settings({ losses: ['bce', 'focal', 'alpha-focal'], gamma: 2, alpha: 'auto' })), 'BCE, focal, α-focal · γ 2 · α auto');
    assert.strictEqual(describeSettings('comparison', settings({ losses: ['bce'], gamma: 3 })), 'BCE');
    assert.strictEqual(describeSettings('comparison', settings({ losses: ['bce', 'weighted-bce'], alpha: 0.8585714285714285 })), 'BCE, weighted BCE · α 0.859');
    assert.strictEqual(describeSettings('sweep', settings({ sweepGammas: [5, 0, 1], sweepLoss: 'alpha-focal', alpha: 0.9 })), 'gamma sweep γ 0–5 (α-focal) · α 0.9');
  });

  it('gives two runs of the same file different titles', () => {
    const a = { file: '/data/churn.csv', kind: 'comparison' as const, settings: settings({ gamma: 2 }), number: 3 };
    const b = { ...a, settings: settings({ gamma: 2 }), number: 4 };
    assert.notStrictEqual(panelTitle('comparison', 'churn.csv', a), panelTitle('comparison', 'churn.csv', b));
    assert.strictEqual(panelTitle('comparison', 'churn.csv', a), 'Focal Lab #3: churn.csv (BCE, focal, α-focal · γ 2 · α auto)');
    assert.strictEqual(describeRun(a), 'churn.csv, run 3 (BCE, focal, α-focal · γ 2 · α auto)');
    assert.strictEqual(panelTitle('sweep', 'churn.csv', undefined), 'Gamma sweep: churn.csv');
  });

  it('recovers the settings of an older stored run from its results’ config', () => {
    const original = settings({ gamma: 3.5, alpha: 0.7, epochs: 12, folds: 3, losses: ['bce', 'alpha-focal'], hiddenLayers: [16, 8] });
    const recovered = settingsFromConfig({ ...(settingsToConfig(original) as Required<ReturnType<typeof settingsToConfig>>) }, DEFAULT_SETTINGS);
    assert.deepStrictEqual(recovered, { ...original });
  });
});
