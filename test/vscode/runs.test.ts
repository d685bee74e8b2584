// Run identity (issue 12): Re-run in a panel repeats that panel's run, the side bar follows the
// panel in view, Run never trains on values other than those in the form, exports are named by
// run and never overwrite silently, two runs of one file look different, and two runs compare
// side by side.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { runDescription, runLabel } from '../../src/host/runsTree';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { api, sampleUri, until } from './helpers';

describe('Runs: identity, Re-run, the side bar, exports and comparisons', function () {
  this.timeout(300_000);
  let other: vscode.Uri;

  before(async () => {
    // A second file, so "the last run" and "this panel's run" differ.
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'other-file.csv');
    fs.copyFileSync((await sampleUri()).fsPath, file);
    other = vscode.Uri.file(file);
  });

  after(() => fs.rmSync(other.fsPath, { force: true }));

  const run = async (file: vscode.Uri, settings: Record<string, unknown>, kind: 'compareLosses' | 'sweepGamma' = 'compareLosses'): Promise<RunOutcome> =>
    (await vscode.commands.executeCommand(`focalLab.${kind}`, file, undefined, { noPrompts: true, settings })) as RunOutcome;

  let cancelledRunId: string;
  let finishedOtherId: string;

  it('Re-run in a cancelled panel re-runs that panel’s file with that panel’s settings, not the last run (defect 1)', async () => {
    const { service, panels } = await api();
    const long = { epochs: 5000, earlyStopping: 0, gamma: 3.5, losses: ['bce', 'focal'], folds: 2 };
    const running = run(await sampleUri(), long);
    cancelledRunId = await until('the run to start', () => service.activeRunId);
    await until('an epoch in the panel', () => (panels.get(cancelledRunId)?.currentState.live.bce?.trainLoss.length ?? 0) >= 1);
    await vscode.commands.executeCommand('focalLab.stopRun');
    assert.strictEqual((await running).status, 'cancelled');
    const cancelled = panels.get(cancelledRunId)!;
    assert.strictEqual(cancelled.currentState.phase, 'cancelled');

    // Another file finishes afterwards: it is now "the last run".
    const finished = await run(other, { epochs: 1, folds: 2, losses: ['bce'] });
    assert.strictEqual(finished.status, 'finished', finished.message);
    finishedOtherId = finished.runId!;
    assert.strictEqual(service.lastRun?.file, other.fsPath);

    // The cancelled panel's Re-run (what its button sends) repeats the cancelled run.
    const before = service.activeRunId;
    service.panelActions.rerun(cancelledRunId);
    const againId = await until('the re-run to start', () => service.activeRunId !== before && service.activeRunId);
    const again = await until('the re-run’s panel', () => panels.get(againId));
    const source = again.currentState.source!;
    assert.strictEqual(source.file, (await sampleUri()).fsPath, 'the cancelled panel’s file, not the last run’s');
    assert.strictEqual(source.settings.gamma, 3.5);
    assert.deepStrictEqual(source.settings.losses, ['bce', 'focal']);
    assert.strictEqual(source.settings.epochs, 5000);
    assert.ok(source.number! > cancelled.currentState.source!.number!, 'a new run number');
    assert.notStrictEqual(again.panel.title, cancelled.panel.title, 'the two panels of the same file have different titles');
    assert.match(again.panel.title, /^Focal Lab #\d+: imbalanced-90-10\.csv \(BCE, focal · γ 3\.5\)$/);
    await vscode.commands.executeCommand('focalLab.stopRun');
    await until('the re-run to stop', () => !service.isRunning);
    again.panel.dispose();
  });

  it('the side bar follows the panel in view and says which file Run uses and what Re-run repeats (defects 1, 3)', async () => {
    const { sidebar, panels } = await api();
    const cancelled = panels.get(cancelledRunId)!;
    cancelled.panel.reveal(vscode.ViewColumn.One);
    const cancelledLabel = `imbalanced-90-10.csv, run ${cancelled.currentState.source!.number} (BCE, focal · γ 3.5)`;
    // Re-run in the side bar repeats the run in view, and says so.
    await until('the side bar to follow the cancelled panel', () => sidebar.state().rerunLabel === cancelledLabel);
    assert.strictEqual(sidebar.state().fileName, 'imbalanced-90-10.csv');
    assert.strictEqual(sidebar.state().fileSource, 'panel');
    const otherPanel = panels.get(finishedOtherId)!;
    otherPanel.panel.reveal(vscode.ViewColumn.One);
    await until('the side bar to follow the other panel', () => sidebar.state().fileName === 'other-file.csv' && /^other-file\.csv, run \d+ \(BCE\)$/.test(sidebar.state().rerunLabel ?? ''));
    assert.strictEqual(sidebar.state().fileSource, 'panel');
    assert.strictEqual(sidebar.state().filePath, other.fsPath);
    assert.match(sidebar.state().rerunLabel ?? '', /^other-file\.csv, run \d+ \(BCE\)$/);
    // A CSV in the editor wins: Run uses the file the user is looking at.
    await vscode.window.showTextDocument(await sampleUri(), { viewColumn: vscode.ViewColumn.One });
    await until('the side bar to follow the CSV editor', () => sidebar.state().fileName === 'imbalanced-90-10.csv' && sidebar.state().fileSource === 'editor');
  });

  it('Run from the side bar never trains on values other than the form’s, nor on invalid ones (defect 2)', async () => {
    const { sidebar, service, panels } = await api();
    const started = service.activeRunId;
    // What the issue saw: gamma −1 and alpha 2 in the form.
    assert.strictEqual(sidebar.runWith({ ...DEFAULT_SETTINGS, gamma: -1, alpha: 2 }), false);
    assert.strictEqual(service.activeRunId, started, 'nothing started');
    // Valid values on screen that are not (yet) in the settings: the run uses them.
    const shown = { ...DEFAULT_SETTINGS, gamma: 0.75, alpha: 0.6, epochs: 1, folds: 2, losses: ['bce', 'alpha-focal'] as ('bce' | 'alpha-focal')[] };
    assert.strictEqual(sidebar.runWith(shown), true);
    const runId = await until('the run to start', () => service.activeRunId);
    const source = (await until('its panel', () => panels.get(runId))).currentState.source!;
    assert.strictEqual(source.file, (await sampleUri()).fsPath, 'the file the side bar named');
    assert.strictEqual(source.settings.gamma, 0.75);
    assert.strictEqual(source.settings.alpha, 0.6);
    assert.deepStrictEqual(source.settings.losses, ['bce', 'alpha-focal']);
    await until('the run to finish', () => !service.isRunning, 180_000);
    assert.notStrictEqual(vscode.workspace.getConfiguration('focalLab').get('gamma'), 0.75, 'Run does not write the settings itself; the form does');
  });

  it('two runs of the same file are told apart in the Runs view (defect 9)', async () => {
    const { tree } = await api();
    const runs = await tree.refresh();
    const sample = runs.filter((r) => r.fileName === 'imbalanced-90-10.csv' && r.source);
    assert.ok(sample.length >= 1);
    const withOther = [...sample, ...runs.filter((r) => r.fileName === 'other-file.csv')];
    const labels = withOther.map((r) => `${runLabel(r)} ${runDescription(r)}`);
    assert.strictEqual(new Set(labels).size, labels.length, labels.join(' | '));
    for (const r of sample.slice(0, 1)) {
      const item = tree.getTreeItem(r);
      assert.match(String(item.label), /^imbalanced-90-10\.csv #\d+$/);
      assert.match(String(item.description), /BCE, α-focal · γ 0\.75 · α 0\.6/);
      assert.match(String(item.tooltip), /#\d+/);
    }
  });

  it('names exports by run and never overwrites one without being told to; a replaced report shows its new content at once (defect 4)', async () => {
    const { store } = await api();
    const [latest] = await store.list();
    const folder = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'reports-'));
    try {
      const exportIt = (ifExists: string) => vscode.commands.executeCommand('focalLab.exportReport', latest.id, vscode.Uri.file(folder), ifExists) as Thenable<{ markdown: vscode.Uri } | undefined>;
      const first = (await exportIt('ask'))!;
      assert.match(path.basename(first.markdown.fsPath), new RegExp(`^imbalanced-90-10-focal-lab-run-${latest.source!.number}-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.md$`));
      const firstText = fs.readFileSync(first.markdown.fsPath, 'utf8');
      // The report on disk changes (an older version, say), and the open editor has caught up with it.
      const document = await vscode.workspace.openTextDocument(first.markdown);
      fs.writeFileSync(first.markdown.fsPath, 'an older report\n');
      await until('the open report to show the file on disk', () => document.getText() === 'an older report\n');
      assert.strictEqual(await exportIt('cancel'), undefined, 'declined: nothing written');
      assert.strictEqual(fs.readFileSync(first.markdown.fsPath, 'utf8'), 'an older report\n');
      const both = (await exportIt('keep-both'))!;
      assert.notStrictEqual(both.markdown.fsPath, first.markdown.fsPath);
      assert.match(path.basename(both.markdown.fsPath), /-2\.md$/);
      assert.strictEqual(fs.readFileSync(first.markdown.fsPath, 'utf8'), 'an older report\n', 'keep both leaves the existing report alone');
      const replaced = (await exportIt('replace'))!;
      assert.strictEqual(replaced.markdown.fsPath, first.markdown.fsPath);
      assert.strictEqual(fs.readFileSync(first.markdown.fsPath, 'utf8'), firstText);
      assert.strictEqual(document.getText(), firstText, 'the open report (and its preview) shows the new content at once');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('shows progress within an epoch when epochs have many batches: relayed and posted small, with the time left (defect 7)', async () => {
    const { hostWork, panels } = await api();
    hostWork.measureBytes = true;
    hostWork.reset();
    let outcome: RunOutcome;
    try {
      // About 90 batches of 16 rows per epoch on the sample's training part: two reports each.
      outcome = await run(await sampleUri(), { epochs: 2, folds: 2, losses: ['bce'], batchSize: 16, earlyStopping: 0 });
    } finally {
      hostWork.measureBytes = false;
    }
    assert.strictEqual(outcome.status, 'finished', outcome.message);
    const work = hostWork.snapshot();
    const relayed = work['worker → host: batch-progress'];
    const fits = 2 * 2; // epochs × folds
    assert.ok(relayed && relayed.calls >= fits * 20 && relayed.calls <= fits * 50, `${relayed?.calls} batch reports for ${fits} epochs (20–50 each)`);
    assert.ok(relayed.maxBytes <= 400, `${relayed.maxBytes} bytes per batch report`);
    const posted = work['host → panel: progress'];
    if (posted) assert.ok(posted.maxBytes <= 300, `${posted.maxBytes} bytes per progress message`);
    const state = panels.get(outcome.runId!)?.currentState;
    assert.ok(state?.progress && state.progress.fraction > 0, 'the panel got the run’s progress');
    panels.get(outcome.runId!)?.panel.dispose();
  });

  it('compares two runs side by side: paired when they share the folds, not when they ran on different files (feature)', async () => {
    const { store } = await api();
    const a = await run(await sampleUri(), { epochs: 1, folds: 3, losses: ['bce', 'focal'], gamma: 1 });
    const b = await run(await sampleUri(), { epochs: 1, folds: 3, losses: ['bce', 'focal'], gamma: 4 });
    assert.strictEqual(a.status, 'finished');
    assert.strictEqual(b.status, 'finished');
    const paired = (await vscode.commands.executeCommand('focalLab.compareRuns', [a.runId, b.runId])) as string;
    const [sa, sb] = [(await store.load(a.runId!))!.summary, (await store.load(b.runId!))!.summary];
    assert.match(paired, new RegExp(`imbalanced-90-10\\.csv #${sa.source!.number} \\(A\\) and imbalanced-90-10\\.csv #${sb.source!.number} \\(B\\)`));
    assert.match(paired, /Paired: both runs tested the same rows in the same 3 folds/);
    assert.match(paired, /## Focal\n/);
    assert.match(paired, /\| PR-AUC ↑ \| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \| [+−]?\d\.\d{3} \[[+−]?\d\.\d{3}, [+−]?\d\.\d{3}\] \| (no clear difference|B clearly (better|worse)) \|/);
    const unpaired = (await vscode.commands.executeCommand('focalLab.compareRuns', [a.runId, finishedOtherId])) as string;
    assert.match(unpaired, /Not paired: They ran on different files/);
    assert.doesNotMatch(unpaired, /clearly/, 'no difference is claimed between unpaired runs');
    assert.match(unpaired, /## BCE\n/);
    assert.match(unpaired, /Only in A: Focal\./);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
