// Copy Loss as Code and Export as Notebook as commands in a real VS Code: the palette offers them
// once there is a run, the code lands on the clipboard with the run's values, the notebook is
// written and opened as a notebook.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { api, sampleUri } from './helpers';

describe('Copy Loss as Code and Export as Notebook', function () {
  this.timeout(300_000);
  let runId = '';

  before(async () => {
    const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 3 } })) as RunOutcome;
    assert.strictEqual(outcome.status, 'finished', outcome.message);
    runId = outcome.runId!;
  });

  it('are commands in the palette (with a run) and in the Runs view\'s context menu', async () => {
    const manifest = vscode.extensions.getExtension('focal-lab.focal-lab')!.packageJSON as {
      contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.strictEqual(titles['focalLab.copyLossAsCode'], 'Copy Loss as Code');
    assert.strictEqual(titles['focalLab.exportNotebook'], 'Export as Notebook');
    // Every command is in the palette (issue 12): nothing hides these two; without a run they say so.
    const hidden = (manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when !== undefined && m.when !== 'true').map((m) => m.command);
    assert.ok(!hidden.includes('focalLab.copyLossAsCode') && !hidden.includes('focalLab.exportNotebook'), `hidden from the palette: ${hidden.join(', ')}`);
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('focalLab.copyLossAsCode') && registered.includes('focalLab.exportNotebook'));
    const runMenu = manifest.contributes.menus['view/item/context'].map((m) => m.command);
    assert.ok(runMenu.includes('focalLab.copyLossAsCode') && runMenu.includes('focalLab.exportNotebook'));
  });

  it('Copy Loss as Code puts the run\'s loss on the clipboard with its gamma and first-fold alpha', async () => {
    const { store } = await api();
    const results = (await store.load(runId))!.results;
    const run = results.runs.find((r) => r.id === 'alpha-focal')!;
    const code = (await vscode.commands.executeCommand('focalLab.copyLossAsCode', runId, 'alpha-focal', 'torchvision')) as string;
    assert.strictEqual(await vscode.env.clipboard.readText(), code);
    assert.match(code, /from torchvision\.ops import sigmoid_focal_loss/);
    assert.ok(code.includes(`alpha=${run.alphaForPositiveClass},`), 'the first fold\'s alpha');
    assert.match(code, /gamma=2\.0,/);
    assert.match(code, /reduction=reduction,/);
    assert.match(code, /weighs the positive class "1" \(label 1\)/);
    const keras = (await vscode.commands.executeCommand('focalLab.copyLossAsCode', runId, 'bce', 'keras')) as string;
    assert.match(keras, /keras\.losses\.BinaryCrossentropy\(from_logits=True\)/);
  });

  it('Export as Notebook writes the notebook and opens it as a notebook', async () => {
    const { store } = await api();
    const stored = (await store.load(runId))!;
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-notebook-')), 'comparison.ipynb'));
    const written = (await vscode.commands.executeCommand('focalLab.exportNotebook', runId, target)) as vscode.Uri;
    assert.strictEqual(written.fsPath, target.fsPath);
    const notebook = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
    assert.strictEqual(notebook.nbformat, 4);
    const firstCode = notebook.cells.find((c) => c.cell_type === 'code')!.source.join('');
    assert.ok(firstCode.includes(JSON.stringify(stored.summary.file)), 'the CSV\'s full path in the first code cell');
    assert.ok(firstCode.includes('FOCAL_LAB_CSV'));
    const editor = vscode.window.activeNotebookEditor;
    assert.strictEqual(editor?.notebook.uri.fsPath, target.fsPath, 'open in the notebook editor');
    assert.ok(editor.notebook.cellCount >= 10);
  });
});
