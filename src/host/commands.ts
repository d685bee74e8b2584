// The command handlers: thin glue between VS Code's command arguments and the run service.

import * as path from 'path';
import * as vscode from 'vscode';
import { registerExportCommands } from './exportCode';
import { chooseReportFolder, openExportedReport, writeReport, type ExportedReport } from './exportReport';
import { ResultsPanel } from './resultsPanel';
import type { RunsTreeProvider } from './runsTree';
import type { RunOutcome, RunRequest, RunService } from './runService';
import type { RunStore, StoredRunSummary } from './runStore';
import { SETTINGS_VIEW_ID } from './sidebarView';

const CSV_EXTENSIONS = new Set(['.csv', '.tsv']);

export function isCsv(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return uri !== undefined && uri.scheme === 'file' && CSV_EXTENSIONS.has(path.extname(uri.fsPath).toLowerCase());
}

/** The CSV the user is looking at: the active editor's file, or the active tab's (custom CSV viewers). */
export function csvAtHand(): vscode.Uri | undefined {
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  if (isCsv(editorUri)) return editorUri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const tabUri = input && typeof input === 'object' && 'uri' in input ? (input as { uri: unknown }).uri : undefined;
  return tabUri instanceof vscode.Uri && isCsv(tabUri) ? tabUri : undefined;
}

export interface CommandContext {
  service: RunService;
  store: RunStore;
  tree: RunsTreeProvider;
  extensionUri: vscode.Uri;
}

/** Options a caller (a test, another extension, a keybinding) can pass after the file. */
export type RunCommandOptions = Omit<RunRequest, 'file' | 'kind'>;

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { service, store, tree } = context;

  const fileFrom = async (uri: unknown): Promise<vscode.Uri | undefined> => {
    if (uri instanceof vscode.Uri && isCsv(uri)) return uri;
    const atHand = csvAtHand();
    if (atHand) return atHand;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'CSV files': ['csv', 'tsv'] }, openLabel: 'Compare Losses' });
    return picked?.[0];
  };

  const startRun = (kind: RunRequest['kind']) => async (uri?: unknown, _selection?: unknown, options?: RunCommandOptions): Promise<RunOutcome> => {
    const file = await fileFrom(uri);
    if (!file) return { runId: null, status: 'dismissed' };
    return service.start({ ...options, file, kind });
  };

  const runIdFrom = (value: unknown): string | undefined => (typeof value === 'string' ? value : (value as StoredRunSummary | undefined)?.id);

  const exportReport = async (runArgument?: unknown, folder?: vscode.Uri): Promise<ExportedReport | undefined> => {
    let runId = runIdFrom(runArgument);
    if (!runId) {
      const runs = await tree.refresh();
      if (runs.length === 0) {
        void vscode.window.showInformationMessage('Focal Lab has no finished run to export yet.');
        return undefined;
      }
      const picked = runs.length === 1 ? { run: runs[0] } : await vscode.window.showQuickPick(
        runs.map((run) => ({ label: run.fileName, description: new Date(run.createdAt).toLocaleString(), detail: run.headline, run })),
        { title: 'Focal Lab: export which run?' },
      );
      if (!picked) return undefined;
      runId = picked.run.id;
    }
    const stored = await store.load(runId);
    if (!stored) {
      void vscode.window.showErrorMessage('Focal Lab could not read that run; it may have been deleted.');
      return undefined;
    }
    const target = folder ?? (await chooseReportFolder(stored.summary.file));
    if (!target) return undefined;
    try {
      const report = await writeReport(stored, target);
      await openExportedReport(report);
      return report;
    } catch (error) {
      void vscode.window.showErrorMessage(`Focal Lab could not write the report to ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}. Choose another folder.`);
      return undefined;
    }
  };

  const openRun = async (runArgument?: unknown): Promise<boolean> => {
    const runId = runIdFrom(runArgument);
    if (!runId) return false;
    const open = ResultsPanel.get(runId);
    if (open) {
      open.panel.reveal();
      return true;
    }
    const state = await service.storedPanelState(runId);
    if (!state) {
      void vscode.window.showErrorMessage('Focal Lab could not open that run; it may have been deleted.');
      await tree.refresh();
      return false;
    }
    ResultsPanel.createOrShow(context.extensionUri, state, service.panelActions);
    return true;
  };

  const deleteRun = async (runArgument?: unknown, confirm = true): Promise<boolean> => {
    const runId = runIdFrom(runArgument);
    if (!runId) return false;
    const summary = tree.current.find((r) => r.id === runId);
    if (confirm) {
      const answer = await vscode.window.showWarningMessage(`Delete the run of ${summary?.fileName ?? 'this file'}${summary ? ` from ${new Date(summary.createdAt).toLocaleString()}` : ''}?`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return false;
    }
    await store.delete(runId);
    await tree.refresh();
    service.updateContext();
    return true;
  };

  return [
    vscode.commands.registerCommand('focalLab.compareLosses', startRun('comparison')),
    vscode.commands.registerCommand('focalLab.sweepGamma', startRun('sweep')),
    vscode.commands.registerCommand('focalLab.rerunLast', () => service.rerun()),
    vscode.commands.registerCommand('focalLab.exportReport', exportReport),
    vscode.commands.registerCommand('focalLab.showLossShapes', () => vscode.commands.executeCommand(`${SETTINGS_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('focalLab.stopRun', () => service.cancel()),
    vscode.commands.registerCommand('focalLab.openRun', openRun),
    vscode.commands.registerCommand('focalLab.deleteRun', deleteRun),
    vscode.commands.registerCommand('focalLab.refreshRuns', () => tree.refresh()),
    ...registerExportCommands({ store, tree }),
  ];
}
