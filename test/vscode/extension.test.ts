// Inside a real VS Code extension host: activation, commands, menus, a full comparison that
// lands in the history, cancellation, the panel's message rate, and the settings round-trip.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../src/shared/settings';
import { api, EXTENSION_ID, sampleUri, until } from './helpers';


function manifest(): { contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]>; configuration: { properties: Record<string, { default: unknown }> } } } {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
}

describe('Focal Lab in VS Code', function () {
  this.timeout(180_000);

  it('activates and registers every command it contributes', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of manifest().contributes.commands) assert.ok(registered.has(command), `${command} is registered`);
  });

  it('offers Compare Losses and Sweep Gamma only on CSV and TSV files in the Explorer and editor menus', () => {
    const menus = manifest().contributes.menus;
    for (const menu of ['explorer/context', 'editor/context', 'editor/title']) {
      for (const entry of menus[menu]) assert.match(entry.when ?? '', /resourceExtname =~ \/\^\\\.\(csv\|tsv\)\$\/i/, `${menu} ${entry.command}`);
    }
    const palette = Object.fromEntries(menus.commandPalette.map((e) => [e.command, e.when]));
    assert.strictEqual(palette['focalLab.compareLosses'], 'focalLab.csvAtHand');
    assert.strictEqual(palette['focalLab.sweepGamma'], 'focalLab.csvAtHand');
    assert.strictEqual(palette['focalLab.openRun'], 'false', 'internal commands stay out of the palette');
  });

  it('declares every setting, with the engine defaults', () => {
    const properties = manifest().contributes.configuration.properties;
    for (const key of SETTING_KEYS) {
      assert.ok(`focalLab.${key}` in properties, key);
      assert.deepStrictEqual(properties[`focalLab.${key}`].default, DEFAULT_SETTINGS[key], key);
    }
    assert.strictEqual(Object.keys(properties).length, SETTING_KEYS.length, 'no undeclared extra settings');
  });

  it('compares losses on a CSV, fills the panel, and stores the run in the history', async () => {
    const { store, tree, panels } = await api();
    const before = (await store.list()).length;
    const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 4 } })) as RunOutcome;
    assert.strictEqual(outcome.status, 'finished', outcome.message);
    const runs = await store.list();
    assert.strictEqual(runs.length, before + 1);
    assert.strictEqual(runs[0].id, outcome.runId);
    assert.strictEqual(runs[0].fileName, 'imbalanced-90-10.csv');
    assert.deepStrictEqual(runs[0].losses, ['bce', 'focal', 'alpha-focal']);
    assert.strictEqual(tree.current[0].id, outcome.runId, 'the Runs view lists it first');
    const stored = await store.load(outcome.runId!);
    assert.strictEqual(stored!.results.runs.length, 3);
    const panel = panels.get(outcome.runId!);
    assert.ok(panel, 'the results panel is open');
    assert.strictEqual(panel.currentState.phase, 'finished');
    assert.ok(panel.currentState.results, 'the panel holds the results');
  });

  describe('the extension host thread is never blocked for more than 50 ms by a comparison on a large file', () => {
    // 1,000,000 rows (~43 MB): preparing it on the host thread alone would block it for about a second.
    // This 2-core VM also stalls the process by itself, now and then: an idle control period with
    // no Focal Lab work measured 56 ms, and single CI runs saw 70-96 ms. A block caused by the
    // comparison happens on every run; the VM's stalls do not. So each path runs three times and
    // the smallest of the three maxima must be under 50 ms (and every maximum under 150 ms).
    let large: string;
    before(() => {
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      large = path.join(folder, 'large.csv');
      const lines = ['a,b,c,d,label'];
      for (let i = 0; i < 1_000_000; i++) lines.push(`${(i % 997) / 97},${(i % 113) / 7},${(i % 71) / 3},${i % 5},${i % 10 === 0 ? 1 : 0}`);
      fs.writeFileSync(large, lines.join('\n') + '\n');
    });
    after(() => fs.rmSync(large, { force: true }));

    const settings = { epochs: 2, batchSize: 1024, losses: ['bce', 'alpha-focal'] as ('bce' | 'alpha-focal')[] };
    const ROUNDS = 3;

    function assertResponsive(maxima: number[], p99s: number[]): void {
      const summary = maxima.map((max, i) => `max ${max.toFixed(1)} ms (p99 ${p99s[i].toFixed(1)})`).join(', ');
      assert.ok(Math.min(...maxima) < 50, `event loop delays: ${summary}`);
      assert.ok(Math.max(...maxima) < 150, `event loop delays: ${summary}`);
    }

    it('while it reads, prepares, trains and evaluates (the engine path the host relays)', async () => {
      const { client } = await api();
      const maxima: number[] = [];
      const p99s: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        let events = 0;
        delay.enable();
        const { results } = await client.compare({ file: large, config: settings, maxFileBytes: 2 ** 30 }, { onEvent: () => events++ });
        delay.disable();
        assert.strictEqual(results.dataset.rows, 1_000_000);
        assert.ok(events > 10);
        maxima.push(delay.max / 1e6);
        p99s.push(delay.percentile(99) / 1e6);
      }
      assertResponsive(maxima, p99s);
    });

    it('while the panel fills and the run is stored', async () => {
      const { service, panels } = await api();
      const maxima: number[] = [];
      const p99s: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        const running = vscode.commands.executeCommand('focalLab.compareLosses', vscode.Uri.file(large), undefined, { noPrompts: true, settings }) as Thenable<RunOutcome>;
        // Measured from the moment the panel's webview has loaded: creating a webview makes this
        // machine's Chromium stall every process for up to ~80 ms, with or without Focal Lab
        // (measured with an empty panel). The engine path before that is measured above.
        const runId = await until('the run to start', () => service.activeRunId);
        await until('the panel to load', () => panels.get(runId)?.isReady);
        delay.enable();
        const outcome = await running;
        delay.disable();
        assert.strictEqual(outcome.status, 'finished', outcome.message);
        maxima.push(delay.max / 1e6);
        p99s.push(delay.percentile(99) / 1e6);
        panels.get(runId)?.panel.dispose();
      }
      assertResponsive(maxima, p99s);
    });
  });

  it('sends the panel at most ~10 updates a second however fast epochs finish', async () => {
    const { panels } = await api();
    const started = Date.now();
    // Large batches make epochs very fast: hundreds of epoch events in a few seconds.
    const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 150, batchSize: 4096 } })) as RunOutcome;
    const seconds = (Date.now() - started) / 1000;
    assert.strictEqual(outcome.status, 'finished');
    const panel = panels.get(outcome.runId!)!;
    const epochEvents = 3 * 150;
    assert.ok(panel.postedMessages < epochEvents / 2, `${panel.postedMessages} messages for ${epochEvents} epochs`);
    // ~10 batches a second plus a handful of phase/dataset/run messages.
    assert.ok(panel.postedMessages <= seconds * 10 + 20, `${panel.postedMessages} messages in ${seconds.toFixed(1)} s`);
  });

  it('cancels mid-run, leaving no half-written run, and the next run works', async () => {
    const { store, service, panels } = await api();
    const before = await store.list();
    const running = vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 5000 } }) as Thenable<RunOutcome>;
    await until('training to start', () => service.isRunning && service.activeRunId);
    const runId = service.activeRunId!;
    await until('a few epochs in the panel', () => (panels.get(runId)?.currentState.live.bce?.trainLoss.length ?? 0) >= 2);
    await vscode.commands.executeCommand('focalLab.stopRun');
    const outcome = await running;
    assert.strictEqual(outcome.status, 'cancelled');
    assert.strictEqual(outcome.runId, runId);
    assert.strictEqual(service.isRunning, false);
    const after = await store.list();
    assert.deepStrictEqual(after.map((r) => r.id), before.map((r) => r.id), 'nothing was added to the history');
    const storageFiles = fs.readdirSync(store.directory);
    assert.ok(!storageFiles.some((f) => f.endsWith('.tmp') || f.startsWith(runId)), `no partial files: ${storageFiles.join(', ')}`);
    const next = (await vscode.commands.executeCommand('focalLab.compareLosses', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 2, losses: ['bce'] } })) as RunOutcome;
    assert.strictEqual(next.status, 'finished');
  });

  it('shows the engine message, not a stack trace, when the run cannot start', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const bad = path.join(folder, 'one-class.csv');
    fs.writeFileSync(bad, 'a,b,label\n' + Array.from({ length: 40 }, (_, i) => `${i},${i * 2},0`).join('\n') + '\n');
    const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', vscode.Uri.file(bad), undefined, { noPrompts: true })) as RunOutcome;
    assert.strictEqual(outcome.status, 'failed');
    assert.match(outcome.message!, /only one class \('0'\) in 40 rows/);
    assert.doesNotMatch(outcome.message!, /\bat .*\.js:\d+/);
  });

  it('round-trips settings between the form and the configuration', async () => {
    const { sidebar } = await api();
    const configuration = () => vscode.workspace.getConfiguration('focalLab');
    try {
      assert.strictEqual(await sidebar.applySettings({ gamma: 3.5, alpha: 0.8 }), true);
      assert.strictEqual(configuration().get('gamma'), 3.5);
      assert.strictEqual(configuration().get('alpha'), 0.8);
      assert.strictEqual(sidebar.state().settings.gamma, 3.5, 'the form state follows the configuration');
      await configuration().update('epochs', 12, vscode.ConfigurationTarget.Global);
      assert.strictEqual(sidebar.state().settings.epochs, 12, 'a change in settings.json reaches the form');
      assert.strictEqual(await sidebar.applySettings({ trainFraction: 0.8 }), false, 'fractions that do not add up to 1 are refused');
      assert.strictEqual(configuration().get('trainFraction'), 0.7);
      assert.strictEqual(await sidebar.applySettings({ trainFraction: 0.8, testFraction: 0.1 }), true, 'changed together they are accepted');
      assert.strictEqual(configuration().get('trainFraction'), 0.8);
    } finally {
      for (const key of ['gamma', 'alpha', 'epochs', 'trainFraction', 'testFraction']) await configuration().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('exports the report next to the CSV and opens the Markdown', async () => {
    const { store } = await api();
    const [latest] = await store.list();
    const folder = vscode.Uri.file(path.dirname(latest.file));
    const report = (await vscode.commands.executeCommand('focalLab.exportReport', latest.id, folder)) as { markdown: vscode.Uri; html: vscode.Uri };
    assert.ok(fs.existsSync(report.markdown.fsPath) && fs.existsSync(report.html.fsPath));
    assert.strictEqual(path.basename(report.markdown.fsPath), 'imbalanced-90-10-focal-lab-report.md');
    assert.match(fs.readFileSync(report.html.fsPath, 'utf8'), /Content-Security-Policy/);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, report.markdown.fsPath, 'the Markdown opened in the editor');
  });

  it('sweeps gamma over the configured grid', async () => {
    const { store } = await api();
    const outcome = (await vscode.commands.executeCommand('focalLab.sweepGamma', await sampleUri(), undefined, { noPrompts: true, settings: { epochs: 2, sweepGammas: [0, 1, 3] } })) as RunOutcome;
    assert.strictEqual(outcome.status, 'finished');
    const stored = await store.load(outcome.runId!);
    assert.deepStrictEqual(stored!.results.runs.map((r) => [r.loss, r.gamma]), [['focal', 0], ['focal', 1], ['focal', 3]]);
    assert.strictEqual(stored!.summary.kind, 'sweep');
  });

  it('deletes a run from the history', async () => {
    const { store } = await api();
    const [latest] = await store.list();
    assert.strictEqual(await vscode.commands.executeCommand('focalLab.deleteRun', latest.id, false), true);
    assert.ok(!(await store.list()).some((r) => r.id === latest.id));
  });
});
