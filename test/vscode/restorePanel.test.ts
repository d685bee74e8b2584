// A finished run's panel restored after a window reload shows the stored results.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FocalLabApi } from '../../src/host/activate';

describe('Restoring panels', function () {
  this.timeout(120_000);

  it('reopens a finished run from the history in its panel after a reload', async () => {
    const api = await vscode.extensions.getExtension<FocalLabApi>('focal-lab.focal-lab')!.activate();
    const [latest] = await api.store.list();
    const saved = await api.service.storedPanelState(latest.id);
    assert.ok(saved);
    api.panels.get(latest.id)?.panel.dispose();
    const webviewPanel = vscode.window.createWebviewPanel('focalLab.results', 'restored', vscode.ViewColumn.One, {});
    api.panels.revive(webviewPanel, saved, vscode.extensions.getExtension('focal-lab.focal-lab')!.extensionUri, api.service.panelActions, (id) => api.service.storedPanelState(id));
    const revived = api.panels.get(latest.id)!;
    assert.strictEqual(revived.currentState.phase, 'finished');
    assert.ok(revived.currentState.results?.runs.length);
    webviewPanel.dispose();
  });
});
