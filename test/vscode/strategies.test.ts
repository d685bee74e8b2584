// Compare Imbalance Strategies in the extension host: the command trains the strategies preset
// as arms, the panel's state names every arm, the Runs view stores the arms with the run, and
// Re-run repeats the same arms (issue 10: "the panel, reports, history and Re-run work with arms").
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ARM_PRESETS } from '../../src/core/arms';
import type { RunOutcome } from '../../src/host/runService';
import { api, sampleUri } from './helpers';

describe('Compare Imbalance Strategies', function () {
  this.timeout(300_000);

  it('trains every arm of the preset, and Re-run repeats the same arms', async () => {
    const { service, panels, store } = await api();
    const first = (await vscode.commands.executeCommand('focalLab.compareStrategies', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 2, folds: 2 } })) as RunOutcome;
    assert.strictEqual(first.status, 'finished', first.message);
    const state = panels.get(first.runId!)!.currentState;
    const ids = ['bce', 'alpha-focal', 'bce+effective:0.999', 'bce+oversample', 'bce+smote', 'bce+threshold'];
    assert.deepStrictEqual(state.results?.runs.map((run) => run.id), ids);
    assert.deepStrictEqual(state.arms?.map((arm) => arm.label), ['BCE', 'Alpha-balanced focal', 'Class-balanced BCE (β 0.999)', 'BCE + oversampling', 'BCE + SMOTE', 'BCE + threshold moving']);
    assert.ok(state.results?.runs.every((run) => run.status === 'finished'), state.results?.runs.map((run) => run.error).join('; '));

    const stored = (await store.list()).find((run) => run.id === first.runId);
    assert.strictEqual(stored?.source?.settings.arms, ARM_PRESETS.strategies);
    assert.deepStrictEqual(stored?.losses, ids, 'the Runs view lists the arms');

    const repeated = await service.rerun(first.runId!);
    assert.strictEqual(repeated.status, 'finished', repeated.message);
    assert.deepStrictEqual(panels.get(repeated.runId!)!.currentState.results?.runs.map((run) => run.id), ids);
    for (const panel of panels.all()) panel.panel.dispose();
  });
});
