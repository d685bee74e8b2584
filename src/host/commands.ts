// The command handlers: thin glue between VS Code's command arguments and the run service.

import { ARM_PRESETS } from '../core/arms';
import * as path from 'path';
import * as vscode from 'vscode';
import { isMulticlassResults } from '../core/multiclassResults';
import { registerExportCommands } from './exportCode';
import { chooseReportFolder, openExportedReport, writeReport, type ExportedReport, type IfReportExists } from './exportReport';
import { runDescription, runLabel } from './runsTree';
import { compareRuns, renderRunsComparisonMarkdown } from '../core/report/runsComparison';
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

  const fileFrom = async (uri: unknown, action: string): Promise<vscode.Uri | undefined> => {
    if (uri instanceof vscode.Uri && isCsv(uri)) return uri;
    const atHand = csvAtHand();
    if (atHand) return atHand;
    return pickCsvFile(action, service.lastRun?.file);
  };

  const startRun = (kind: RunRequest['kind']) => async (uri?: unknown, _selection?: unknown, options?: RunCommandOptions): Promise<RunOutcome> => {
    const file = await fileFrom(uri, kind === 'sweep' ? 'Sweep Gamma' : 'Compare Losses');
    if (!file) return { runId: null, status: 'dismissed' };
    return service.start({ ...options, file, kind });
  };

  const runIdFrom = (value: unknown): string | undefined => (typeof value === 'string' ? value : (value as StoredRunSummary | undefined)?.id);

  /** A run from the Runs view: the one given, else the only one, else the user's pick. */
  const runFrom = async (runArgument: unknown, what: string): Promise<string | undefined> => {
    const runId = runIdFrom(runArgument);
    if (runId) return runId;
    const runs = await tree.refresh();
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(`Focal Lab has no finished run to ${what} yet; right-click a CSV file and choose Compare Losses.`);
      return undefined;
    }
    if (runs.length === 1) return runs[0].id;
    const picked = await vscode.window.showQuickPick(
      runs.map((run) => ({ label: runLabel(run), description: runDescription(run), detail: run.headline, run })),
      { title: `Focal Lab: ${what} which run?`, matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.run.id;
  };

  const exportReport = async (runArgument?: unknown, folder?: vscode.Uri, ifExists: IfReportExists = 'ask'): Promise<ExportedReport | undefined> => {
    const runId = await runFrom(runArgument, 'export');
    if (!runId) return undefined;
    const stored = await store.load(runId);
    if (!stored) {
      void vscode.window.showErrorMessage('Focal Lab could not read that run; it may have been deleted.');
      return undefined;
    }
    const target = folder ?? (await chooseReportFolder(stored.summary.file));
    if (!target) return undefined;
    try {
      const report = await writeReport(stored, target, ifExists);
      if (!report) return undefined;
      await openExportedReport(report);
      return report;
    } catch (error) {
      void vscode.window.showErrorMessage(`Focal Lab could not write the report to ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}. Choose another folder.`);
      return undefined;
    }
  };

  const openRun = async (runArgument?: unknown): Promise<boolean> => {
    const runId = await runFrom(runArgument, 'open');
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
    const runId = await runFrom(runArgument, 'delete');
    if (!runId) return false;
    const summary = tree.current.find((r) => r.id === runId);
    if (confirm) {
      const answer = await vscode.window.showWarningMessage(`Delete ${summary ? `${runLabel(summary)} from ${new Date(summary.createdAt).toLocaleString()}` : 'this run'}?`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return false;
    }
    await store.delete(runId);
    await tree.refresh();
    service.updateContext();
    return true;
  };

  /**
   * Two runs side by side. From the Runs view: the two selected runs (VS Code passes the clicked
   * run and the selection); one selected run asks for the other; from the palette, both are
   * asked for. Opens the comparison as Markdown with its preview; returns the Markdown.
   */
  const compareTwoRuns = async (clicked?: unknown, selection?: unknown): Promise<string | undefined> => {
    const given = (Array.isArray(selection) ? selection : Array.isArray(clicked) ? clicked : [clicked]).map(runIdFrom).filter((id): id is string => id !== undefined);
    const runs = await tree.refresh();
    if (runs.length < 2) {
      void vscode.window.showInformationMessage('Focal Lab needs two finished runs to compare; the Runs view has fewer.');
      return undefined;
    }
    const pick = async (title: string, exclude?: string) => {
      const picked = await vscode.window.showQuickPick(
        runs.filter((run) => run.id !== exclude).map((run) => ({ label: runLabel(run), description: runDescription(run), detail: run.headline, run })),
        { title, matchOnDescription: true, matchOnDetail: true },
      );
      return picked?.run.id;
    };
    const first = given[0] ?? (await pick('Focal Lab: compare two runs — the first run (A)'));
    if (!first) return undefined;
    const second = given[1] ?? (await pick(`Focal Lab: compare ${runLabelOf(first)} (A) with which run (B)?`, first));
    if (!second) return undefined;
    const [a, b] = await Promise.all([store.load(first), store.load(second)]);
    if (!a || !b) {
      void vscode.window.showErrorMessage('Focal Lab could not read one of the two runs; it may have been deleted.');
      await tree.refresh();
      return undefined;
    }
    if (isMulticlassResults(a.results) || isMulticlassResults(b.results)) {
      void vscode.window.showErrorMessage('Focal Lab compares two runs of two-class comparisons only; pick two runs that trained one class against another, or compare the multi-class runs\' reports side by side.');
      return undefined;
    }
    const describe = (run: StoredRunSummary) => runDescription(run);
    const markdown = renderRunsComparisonMarkdown(compareRuns({ label: runLabel(a.summary), description: describe(a.summary), results: a.results }, { label: runLabel(b.summary), description: describe(b.summary), results: b.results }));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(document, { preview: false });
    void vscode.commands.executeCommand('markdown.showPreview', document.uri);
    return markdown;
  };
  const runLabelOf = (id: string) => {
    const run = tree.current.find((r) => r.id === id);
    return run ? runLabel(run) : 'that run';
  };

  return [
    vscode.commands.registerCommand('focalLab.compareRuns', compareTwoRuns),
    vscode.commands.registerCommand('focalLab.compareLosses', startRun('comparison')),
    vscode.commands.registerCommand('focalLab.sweepGamma', startRun('sweep')),
    // The imbalance comparison: BCE against alpha-focal, class-balanced BCE, oversampling, SMOTE and threshold moving.
    vscode.commands.registerCommand('focalLab.compareStrategies', async (uri?: unknown, _selection?: unknown, options?: RunCommandOptions): Promise<RunOutcome> => {
      const file = await fileFrom(uri, 'Compare Imbalance Strategies');
      if (!file) return { runId: null, status: 'dismissed' };
      return service.start({ ...options, file, kind: 'comparison', settings: { ...options?.settings, arms: ARM_PRESETS.strategies } });
    }),
    vscode.commands.registerCommand('focalLab.rerunLast', () => service.rerun()),
    vscode.commands.registerCommand('focalLab.exportReport', exportReport),
    vscode.commands.registerCommand('focalLab.showLossShapes', () => vscode.commands.executeCommand(`${SETTINGS_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('focalLab.stopRun', () => {
      if (!service.isRunning) void vscode.window.showInformationMessage('No Focal Lab run is in progress.');
      service.cancel();
    }),
    vscode.commands.registerCommand('focalLab.openRun', openRun),
    vscode.commands.registerCommand('focalLab.deleteRun', deleteRun),
    vscode.commands.registerCommand('focalLab.refreshRuns', () => tree.refresh()),
    ...registerExportCommands({ store, tree }),
  ];
}

interface CsvPick extends vscode.QuickPickItem {
  file?: vscode.Uri;
  browse?: boolean;
}

/**
 * Asks which CSV to use when none is in view: the workspace's CSV and TSV files (the last
 * run's first), and "Browse…" for a file dialog. Undefined when the user dismisses it.
 */
export async function pickCsvFile(action: string, lastFile?: string): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/*.{csv,tsv,CSV,TSV}', '**/{node_modules,.git}/**', 1000);
  const files = found.filter(isCsv).sort((a, b) => {
    if (lastFile && a.fsPath === lastFile) return -1;
    if (lastFile && b.fsPath === lastFile) return 1;
    return vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b));
  });
  const items: CsvPick[] = files.map((file) => {
    const relative = vscode.workspace.asRelativePath(file, false);
    const folder = path.dirname(relative);
    return { label: path.basename(file.fsPath), description: [folder === '.' ? '' : folder, file.fsPath === lastFile ? 'last run' : ''].filter(Boolean).join(' · ') || undefined, file };
  });
  if (items.length > 0) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(folder-opened) Browse…', description: 'choose a CSV or TSV file on disk', browse: true, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Focal Lab: ${action} — which CSV file?`,
    placeHolder: files.length > 0 ? 'A CSV or TSV file of this workspace' : 'No CSV or TSV file in this workspace: browse for one',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.file) return picked.file;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'CSV and TSV files': ['csv', 'tsv'] }, openLabel: action });
  return chosen?.[0];
}
