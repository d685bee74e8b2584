// The panel's "Plane:" choice end to end in the extension host: the same run trained again with
// its decision regions over two chosen columns, which the run remembers (Re-run keeps them).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { api, sampleUri } from './helpers';

describe('Decision regions over two chosen columns', function () {
  this.timeout(240_000);

  it('re-runs a run over the columns chosen, and Re-run keeps them', async () => {
    const { service, panels, store } = await api();
    const first = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 2, folds: 2, losses: ['bce', 'focal'] } })) as RunOutcome;
    assert.strictEqual(first.status, 'finished', first.message);
    assert.strictEqual(panels.get(first.runId!)!.currentState.results?.decisionPlane?.kind, 'features');

    const again = await service.rerunWithPlane(first.runId!, ['x2', 'x1']);
    assert.strictEqual(again.status, 'finished', again.message);
    assert.notStrictEqual(again.runId, first.runId, 'a new run in its own panel');
    const plane = panels.get(again.runId!)!.currentState.results?.decisionPlane;
    assert.strictEqual(plane?.kind, 'columns');
    assert.deepStrictEqual([plane.xLabel, plane.yLabel], ['x2', 'x1']);
    const stored = (await store.list()).find((run) => run.id === again.runId);
    assert.deepStrictEqual(stored?.source?.planeColumns, ['x2', 'x1']);
    assert.deepStrictEqual(stored?.source?.settings.losses, ['bce', 'focal'], 'the same settings as the run it repeats');

    const repeated = await service.rerun(again.runId!);
    assert.strictEqual(repeated.status, 'finished', repeated.message);
    assert.strictEqual(panels.get(repeated.runId!)!.currentState.results?.decisionPlane?.kind, 'columns');

    const back = await service.rerunWithPlane(again.runId!, 'pca');
    assert.strictEqual(back.status, 'finished', back.message);
    assert.strictEqual(panels.get(back.runId!)!.currentState.results?.decisionPlane?.kind, 'features', 'the default plane again (two inputs: the columns themselves)');
    for (const panel of panels.all()) panel.panel.dispose();
  });
});
