// Faults seen from the editor: closing the panel mid-run, a window reload mid-run (no zombie
// run comes back), many runs started back to back.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { emptyPanelState } from '../../src/shared/webviewProtocol';
import { api, extensionUri, sampleUri, until } from './helpers';


describe('Focal Lab when things go wrong', function () {
  this.timeout(240_000);

  it('closing the panel mid-run cancels the run and saves nothing', async () => {
    const { service, store, panels } = await api();
    const before = (await store.list()).map((r) => r.id);
    const running = vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 5000, earlyStopping: 0 } }) as Thenable<RunOutcome>;
    const runId = await until('a run', () => service.activeRunId);
    await until('training', () => (panels.get(runId)?.currentState.live.bce?.trainLoss.length ?? 0) >= 1);
    panels.get(runId)!.panel.dispose();
    const outcome = await running;
    assert.strictEqual(outcome.status, 'cancelled');
    assert.strictEqual(service.isRunning, false);
    assert.deepStrictEqual((await store.list()).map((r) => r.id), before);
  });

  it('a panel restored after a reload mid-run says the run stopped instead of showing a zombie run', async () => {
    const { panels, service } = await api();
    const saved = { ...emptyPanelState('zombie-run', 'comparison', 'data.csv'), phase: 'training' as const };
    const webviewPanel = vscode.window.createWebviewPanel('focalLab.results', 'restored', vscode.ViewColumn.One, {});
    await panels.revive(webviewPanel, saved, extensionUri(), service.panelActions, { load: async () => undefined, runIdForTitle: async () => undefined });
    const revived = panels.get('zombie-run');
    assert.ok(revived);
    assert.strictEqual(revived.currentState.phase, 'cancelled');
    assert.match(revived.currentState.message ?? '', /closed or reloaded during this run.*Re-run/);
    assert.strictEqual(service.isRunning, false, 'no run is resurrected');
    webviewPanel.dispose();
  });

  it('ten runs started back to back: each new one cancels the one before, only finished runs are stored, memory settles', async () => {
    const { service, store } = await api();
    const before = new Set((await store.list()).map((r) => r.id));
    const rssBefore = process.memoryUsage().rss;
    const file = await sampleUri();
    const outcomes: Thenable<RunOutcome>[] = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(vscode.commands.executeCommand('focalLab.compareLosses', file, undefined, { noPrompts: true, ifBusy: 'cancel', settings: { epochs: i === 9 ? 3 : 200 } }) as Thenable<RunOutcome>);
      await until(`run ${i + 1} to start`, () => service.activeRunId !== undefined || i === 9);
    }
    const results = await Promise.all(outcomes);
    for (const outcome of results) assert.ok(['finished', 'cancelled'].includes(outcome.status), `${outcome.status}: ${outcome.message}`);
    assert.strictEqual(results[9].status, 'finished', 'the last run finishes');
    const finished = results.filter((r) => r.status === 'finished').map((r) => r.runId);
    const added = (await store.list()).map((r) => r.id).filter((id) => !before.has(id));
    assert.deepStrictEqual(added.sort(), finished.sort(), 'history holds exactly the finished runs');
    assert.strictEqual(service.isRunning, false);
    for (const panel of (await api()).panels.all()) panel.panel.dispose();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const grown = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    assert.ok(grown < 50, `the extension host grew by ${grown.toFixed(0)} MB`);
  });
});
