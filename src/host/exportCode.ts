// Copy Loss as Code and Export as Notebook: take a stored run's loss, or its whole comparison,
// to the user's own training. The code comes from core (src/core/export); this file only picks
// the run, the loss and the framework, and puts the result on the clipboard or on disk.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isInputError } from '../core/errors';
import { CODE_FRAMEWORKS, FRAMEWORKS, lossCode, lossSpecOfRun, type CodeFramework } from '../core/export/lossCode';
import { comparisonNotebook } from '../core/export/notebook';
import { writeFileAtomically } from '../core/output';
import { LOSS_LABELS } from '../core/results';
import type { RunsTreeProvider } from './runsTree';
import type { RunStore, StoredRun, StoredRunSummary } from './runStore';

export interface ExportCodeContext {
  store: RunStore;
  tree: RunsTreeProvider;
}

/** What each framework's snippet is, in the framework picker. */
const FRAMEWORK_DETAIL: Readonly<Record<CodeFramework, string>> = {
  pytorch: 'A plain function focal_lab_loss(logits, targets, reduction="mean"); no extra package',
  torchvision: 'torchvision.ops.sigmoid_focal_loss with this run\'s alpha and a mean reduction',
  keras: 'keras.losses.BinaryFocalCrossentropy with apply_class_balancing, alpha, gamma, from_logits=True',
  tfjs: 'A loss function for model.compile, from logits',
};

/** The framework chosen last comes first next time (most people train with one). */
let lastFramework: CodeFramework | undefined;

function runIdFrom(value: unknown): string | undefined {
  return typeof value === 'string' ? value : (value as StoredRunSummary | undefined)?.id;
}

async function pickStoredRun(context: ExportCodeContext, runArgument: unknown, title: string): Promise<StoredRun | undefined> {
  let runId = runIdFrom(runArgument);
  if (!runId) {
    const runs = await context.tree.refresh();
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('Focal Lab has no finished run yet; compare losses on a CSV first.');
      return undefined;
    }
    const picked =
      runs.length === 1
        ? { run: runs[0] }
        : await vscode.window.showQuickPick(
            runs.map((run) => ({ label: run.fileName, description: new Date(run.createdAt).toLocaleString(), detail: run.headline, run })),
            { title },
          );
    if (!picked) return undefined;
    runId = picked.run.id;
  }
  const stored = await context.store.load(runId);
  if (!stored) void vscode.window.showErrorMessage('Focal Lab could not read that run; it may have been deleted.');
  return stored ?? undefined;
}

function showInputError(error: unknown): undefined {
  if (isInputError(error)) {
    void vscode.window.showErrorMessage(`Focal Lab: ${error.message}`);
    return undefined;
  }
  throw error;
}

/**
 * focalLab.copyLossAsCode(run?, lossRunId?, framework?): the loss of one run of a comparison as
 * code, on the clipboard, with an offer to open it. Asks for what is not given. Returns the code.
 */
export async function copyLossAsCode(context: ExportCodeContext, runArgument?: unknown, lossRunId?: unknown, frameworkArgument?: unknown): Promise<string | undefined> {
  const stored = await pickStoredRun(context, runArgument, 'Focal Lab: copy a loss of which comparison?');
  if (!stored) return undefined;
  const { results } = stored;
  let runId = typeof lossRunId === 'string' ? lossRunId : undefined;
  if (!runId) {
    const picked =
      results.runs.length === 1
        ? { id: results.runs[0].id }
        : await vscode.window.showQuickPick(
            results.runs.map((run) => ({ label: run.arm?.label ?? LOSS_LABELS[run.loss], description: run.id, detail: typeof run.summary?.prAuc.mean === 'number' ? `mean PR-AUC ${run.summary.prAuc.mean.toFixed(3)}` : undefined, id: run.id })),
            { title: 'Focal Lab: copy which loss as code?' },
          );
    if (!picked) return undefined;
    runId = picked.id;
  }
  let framework = typeof frameworkArgument === 'string' ? (frameworkArgument as CodeFramework) : undefined;
  if (!framework) {
    const order = lastFramework ? [lastFramework, ...CODE_FRAMEWORKS.filter((f) => f !== lastFramework)] : CODE_FRAMEWORKS;
    const picked = await vscode.window.showQuickPick(
      order.map((f) => ({ label: FRAMEWORKS[f].label, detail: FRAMEWORK_DETAIL[f], framework: f })),
      { title: 'Focal Lab: the loss as code for which framework?' },
    );
    if (!picked) return undefined;
    framework = picked.framework;
  }
  let code: string;
  let language: string;
  try {
    ({ code, language } = lossCode(framework, lossSpecOfRun(results, runId)));
  } catch (error) {
    return showInputError(error);
  }
  lastFramework = framework;
  await vscode.env.clipboard.writeText(code);
  const run = results.runs.find((r) => r.id === runId)!;
  void vscode.window.showInformationMessage(`Copied ${LOSS_LABELS[run.loss]} (${run.id}) as ${FRAMEWORKS[framework].label} code.`, 'Open in Editor').then(async (action) => {
    if (action === 'Open in Editor') await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: code, language }));
  });
  return code;
}

/** Where the notebook goes by default: next to the CSV, named after it. */
export function notebookFileName(csvFile: string): string {
  return `${path.basename(csvFile, path.extname(csvFile))}-focal-lab.ipynb`;
}

/**
 * focalLab.exportNotebook(run?, target?): the comparison as a PyTorch notebook, written where the
 * user says (next to the CSV by default) and opened. Returns the notebook's URI.
 */
export async function exportNotebook(context: ExportCodeContext, runArgument?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const stored = await pickStoredRun(context, runArgument, 'Focal Lab: export which comparison as a notebook?');
  if (!stored) return undefined;
  const csvFile = stored.results.dataset.path ?? stored.summary.file;
  let text: string;
  try {
    text = comparisonNotebook(stored.results, { csvPath: csvFile });
  } catch (error) {
    return showInputError(error);
  }
  let uri = target instanceof vscode.Uri ? target : undefined;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(csvFile), notebookFileName(csvFile))),
      filters: { 'Jupyter notebooks': ['ipynb'] },
      saveLabel: 'Export Notebook',
      title: 'Focal Lab: export the comparison as a PyTorch notebook',
    });
    if (!uri) return undefined;
  }
  try {
    await fs.promises.mkdir(path.dirname(uri.fsPath), { recursive: true });
    await writeFileAtomically(uri.fsPath, text);
  } catch (error) {
    void vscode.window.showErrorMessage(`Focal Lab could not write the notebook to ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}. Choose another place.`);
    return undefined;
  }
  try {
    await vscode.window.showNotebookDocument(await vscode.workspace.openNotebookDocument(uri));
  } catch {
    // Without a notebook editor (no ipynb support in this VS Code), show the JSON instead.
    await vscode.window.showTextDocument(uri, { preview: false });
  }
  void vscode.window.showInformationMessage(`Exported ${path.basename(uri.fsPath)}: it reproduces the comparison in PyTorch (pandas, numpy, scikit-learn, torch). Run All, and the last cell compares its PR-AUC with Focal Lab's.`);
  return uri;
}

export function registerExportCommands(context: ExportCodeContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('focalLab.copyLossAsCode', (run?: unknown, loss?: unknown, framework?: unknown) => copyLossAsCode(context, run, loss, framework)),
    vscode.commands.registerCommand('focalLab.exportNotebook', (run?: unknown, target?: unknown) => exportNotebook(context, run, target)),
  ];
}
