// Creates the host's services, views and commands, and registers them for disposal.

import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelState } from '../shared/webviewProtocol';
import { csvAtHand, registerCommands } from './commands';
import { ComparisonClient } from './comparisonClient';
import { hostWork, type HostWorkMeter } from './hostWork';
import { RESULTS_VIEW_TYPE, ResultsPanel } from './resultsPanel';
import { RunService } from './runService';
import { RunsTreeProvider } from './runsTree';
import { RunStore } from './runStore';
import { SETTINGS_VIEW_ID, SidebarViewProvider, type DatasetClasses, type RunTarget } from './sidebarView';
import { inverseFrequencyAlphas } from '../core/softmaxLosses';
import { describeRun } from '../shared/runIdentity';

/** What activate() returns: used by the extension's own tests and open to other extensions. */
export interface FocalLabApi {
  service: RunService;
  client: ComparisonClient;
  store: RunStore;
  tree: RunsTreeProvider;
  sidebar: SidebarViewProvider;
  panels: typeof ResultsPanel;
  /** What Focal Lab's handlers do on the extension host thread (the responsiveness tests read it). */
  hostWork: HostWorkMeter;
}

export function activateFocalLab(context: vscode.ExtensionContext): FocalLabApi {
  const log = vscode.window.createOutputChannel('Focal Lab', { log: true });
  const storageRoot = context.storageUri ?? context.globalStorageUri;
  const store = new RunStore(path.join(storageRoot.fsPath, 'runs'), (message) => log.warn(message));
  const client = new ComparisonClient(path.join(context.extensionPath, 'dist'));
  const tree = new RunsTreeProvider(store);
  const service = new RunService(context, client, store, tree, log);
  const sidebar = new SidebarViewProvider(context.extensionUri, {
    runTarget: () => runTarget(service),
    lastClasses: () => classesInView() ?? service.lastClasses,
    rerunLabel: () => {
      const source = service.rerunCandidate();
      return source ? describeRun(source) : null;
    },
    // The Runs view lists the newest run first.
    pTrueHistogram: (file) => tree.current.find((run) => run.file === file && run.pTrueHistogram)?.pTrueHistogram ?? null,
    isRunning: () => service.isRunning,
    run: (settings) => {
      const target = runTarget(service);
      void vscode.commands.executeCommand('focalLab.compareLosses', target?.file, undefined, { settings });
    },
    rerun: () => void service.rerun(),
    stop: () => service.cancel(),
    warn: (message) => void vscode.window.showWarningMessage(`Focal Lab: ${message}`),
  });

  const updateCsvContext = () => {
    void vscode.commands.executeCommand('setContext', 'focalLab.csvAtHand', csvAtHand() !== undefined);
    sidebar.refresh();
  };

  context.subscriptions.push(
    log,
    { dispose: () => client.dispose() },
    tree,
    service,
    sidebar,
    // Several runs can be selected: two of them can be compared.
    vscode.window.createTreeView('focalLab.runs', { treeDataProvider: tree, canSelectMany: true }),
    vscode.window.registerWebviewViewProvider(SETTINGS_VIEW_ID, sidebar),
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, saved: unknown) => {
        // A state saved by another version may have any shape: without a run id it is no help.
        const state = saved && typeof (saved as PanelState).runId === 'string' && typeof (saved as PanelState).phase === 'string' ? (saved as PanelState) : undefined;
        await ResultsPanel.revive(panel, state, context.extensionUri, service.panelActions, service.restoreSource);
      },
    }),
    ...registerCommands({ service, store, tree, extensionUri: context.extensionUri }),
    vscode.window.onDidChangeActiveTextEditor(updateCsvContext),
    vscode.window.tabGroups.onDidChangeTabs(updateCsvContext),
    service.onDidChange(() => sidebar.refresh()),
    ResultsPanel.onDidChangeActive(() => sidebar.refresh()),
  );
  updateCsvContext();
  void store.removeLeftovers().then((removed) => {
    if (removed.length > 0) log.info(`Removed ${removed.length} leftover file(s) of interrupted runs from the history folder.`);
  });
  void tree.refresh().then(() => service.updateContext());
  return { service, client, store, tree, sidebar, panels: ResultsPanel, hostWork };
}

/** The CSV a Run uses: the CSV in the editor, else the file of the results panel in view, else the last run's. */
export function runTarget(service: RunService): RunTarget | undefined {
  const atHand = csvAtHand();
  if (atHand) return { file: atHand, from: 'editor' };
  const inView = ResultsPanel.inView()?.currentState.source;
  if (inView) return { file: vscode.Uri.file(inView.file), from: 'panel' };
  const last = service.lastRun;
  return last ? { file: vscode.Uri.file(last.file), from: 'last run' } : undefined;
}

/** The classes of the data set in the results panel in view, so the alpha sentence names them. */
function classesInView(): DatasetClasses | undefined {
  const state = ResultsPanel.inView()?.currentState;
  const dataset = state?.dataset ?? state?.results?.dataset ?? state?.multiclass?.dataset;
  if (!state || !dataset) return undefined;
  if (dataset.task === 'multiclass' && dataset.classes) {
    const classes = dataset.classes;
    const used = state.multiclass?.runs.find((r) => r.alphaPerClass)?.alphaPerClass;
    // What an 'auto' run used (its first training split), else the same rule on the whole file (the split is stratified).
    const auto = state.config?.alpha === 'auto' && used ? classes.map((c) => used[c]) : inverseFrequencyAlphas(classes.map((c) => dataset.classCounts[c] ?? 0));
    return { positiveClass: dataset.positiveClass, negativeClass: dataset.negativeClass, classes, autoAlphaPerClass: auto };
  }
  const auto = state.config?.alpha === 'auto' ? Object.values(state.live).find((l) => l.alphaForPositiveClass !== null)?.alphaForPositiveClass : undefined;
  return { positiveClass: dataset.positiveClass, negativeClass: dataset.negativeClass, ...(typeof auto === 'number' ? { autoAlpha: auto } : {}) };
}
