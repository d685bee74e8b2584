// Runs inside a real VS Code extension host (npm run test:vscode): the extension is there, it
// activates, and the workspace (a copy of samples/) is visible to the API.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'focal-lab.focal-lab';

describe('Focal Lab in a real VS Code', () => {
  it('is installed under its id and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(extension.packageJSON.name, 'focal-lab');
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('sees the sample CSV in the opened workspace', async () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
    const files = await vscode.workspace.findFiles('**/*.csv');
    const names = files.map((uri) => path.basename(uri.fsPath));
    assert.ok(names.includes('imbalanced-90-10.csv'), `found: ${names.join(', ') || 'no CSV files'}`);
  });
});
