// A results panel restored after a window reload shows its run from the history, whatever state
// VS Code kept for its webview: the latest one, none at all (a browser reload in code-server
// saves no state of the editors), or one from before the run finished.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FocalLabApi } from '../../src/host/activate';
import type { RunOutcome } from '../../src/host/runService';
import type { StoredRunSummary } from '../../src/host/runStore';
import { panelTitle } from '../../src/shared/runIdentity';
import { emptyPanelState } from '../../src/shared/webviewProtocol';
import { api, extensionUri, sampleUri } from './helpers';

describe('Restoring panels', function () {
  this.timeout(120_000);
  let focalLab: FocalLabApi;
  let run: StoredRunSummary;

  before(async () => {
    focalLab = await api();
    const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 2, folds: 2, losses: ['bce', 'focal'] } })) as RunOutcome;
    assert.strictEqual(outcome.status, 'finished', outcome.message);
    run = (await focalLab.store.list()).find((r) => r.id === outcome.runId)!;
    assert.ok(run.source?.number, 'the run is numbered, so its title names it alone');
  });

  /** A webview panel as VS Code hands it to the serializer after a reload: its old title, and the state it kept. */
  async function revive(title: string, saved: Parameters<FocalLabApi['panels']['revive']>[1]) {
    focalLab.panels.get(run.id)?.panel.dispose();
    const webviewPanel = vscode.window.createWebviewPanel('focalLab.results', title, vscode.ViewColumn.One, {});
    const revived = await focalLab.panels.revive(webviewPanel, saved, extensionUri(), focalLab.service.panelActions, focalLab.service.restoreSource);
    return { revived, dispose: () => webviewPanel.dispose() };
  }

  it('reopens a finished run from the history in its panel', async () => {
    const saved = await focalLab.service.storedPanelState(run.id);
    const { revived, dispose } = await revive('restored', saved);
    assert.strictEqual(focalLab.panels.get(run.id), revived);
    assert.strictEqual(revived.currentState.phase, 'finished');
    assert.ok(revived.currentState.results?.runs.length);
    dispose();
  });

  it('without a saved state, finds the run by the tab title VS Code kept', async () => {
    const title = panelTitle(run.kind, run.fileName, run.source);
    const { revived, dispose } = await revive(title, undefined);
    assert.strictEqual(revived.runId, run.id);
    assert.strictEqual(revived.currentState.phase, 'finished');
    assert.ok(revived.currentState.results?.verdict.text);
    dispose();
  });

  it('a saved state from before the run finished gives way to the finished run', async () => {
    const midRun = { ...emptyPanelState(run.id, run.kind, run.fileName, run.source), phase: 'training' as const };
    const { revived, dispose } = await revive(panelTitle(run.kind, run.fileName, run.source), midRun);
    assert.strictEqual(revived.currentState.phase, 'finished');
    assert.ok(revived.currentState.results?.runs.length);
    dispose();
  });

  it('a title no run has says the panel could not be restored', async () => {
    const { revived, dispose } = await revive('Focal Lab #99999: gone.csv (BCE)', undefined);
    assert.strictEqual(revived.currentState.phase, 'cancelled');
    assert.match(revived.currentState.message ?? '', /could not be restored.*Runs view/);
    dispose();
  });
});
