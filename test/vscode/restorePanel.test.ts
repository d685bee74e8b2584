// A finished run's panel restored after a window reload shows the stored results.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, extensionUri } from './helpers';

describe('Restoring panels', function () {
  this.timeout(120_000);

  it('reopens a finished run from the history in its panel after a reload', async () => {
    const focalLab = await api();
    const [latest] = await focalLab.store.list();
    const saved = await focalLab.service.storedPanelState(latest.id);
    assert.ok(saved);
    focalLab.panels.get(latest.id)?.panel.dispose();
    const webviewPanel = vscode.window.createWebviewPanel('focalLab.results', 'restored', vscode.ViewColumn.One, {});
    focalLab.panels.revive(webviewPanel, saved, extensionUri(), focalLab.service.panelActions, (id) => focalLab.service.storedPanelState(id));
    const revived = focalLab.panels.get(latest.id)!;
    assert.strictEqual(revived.currentState.phase, 'finished');
    assert.ok(revived.currentState.results?.runs.length);
    webviewPanel.dispose();
  });
});
