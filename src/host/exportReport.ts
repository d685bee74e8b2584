// Export Report: Markdown and self-contained HTML next to the CSV (or in a folder the user
// picks), named by the run (file, run number, date and time of the run), then the Markdown
// opens in the editor with an offer to preview it. An existing report is never overwritten
// without asking.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { writeFileAtomically } from '../core/output';
import { renderHtmlReport, renderMarkdownReport } from '../core/report';
import type { StoredRun, StoredRunSummary } from './runStore';

export interface ExportedReport {
  markdown: vscode.Uri;
  html: vscode.Uri;
}

/** What to do when a report of that name is already there: ask (default), replace it, write beside it, or give up. */
export type IfReportExists = 'ask' | 'replace' | 'keep-both' | 'cancel';

/** "churn-focal-lab-run-3-2026-11-29-1410": the file, the run number (if any) and when the run was made (local time). */
export function reportBaseName(summary: Pick<StoredRunSummary, 'file' | 'createdAt' | 'source'>): string {
  const stem = path.basename(summary.file, path.extname(summary.file));
  const when = new Date(summary.createdAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = Number.isNaN(when.getTime()) ? '' : `-${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}`;
  const number = summary.source?.number !== undefined ? `-run-${summary.source.number}` : '';
  return `${stem}-focal-lab${number}${stamp}`;
}

export async function chooseReportFolder(csvFile: string): Promise<vscode.Uri | undefined> {
  const nextToCsv = path.dirname(csvFile);
  const picked = await vscode.window.showQuickPick(
    [
      { label: `Next to ${path.basename(csvFile)}`, description: nextToCsv, folder: vscode.Uri.file(nextToCsv) },
      { label: 'Choose a folder…', folder: undefined },
    ],
    { title: 'Focal Lab: export the report where?' },
  );
  if (!picked) return undefined;
  if (picked.folder) return picked.folder;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: vscode.Uri.file(nextToCsv), openLabel: 'Export Here' });
  return chosen?.[0];
}

const exists = (file: string) => fs.existsSync(file);

/** The base path to write: the run's name, or (keep both) the first free "name-2", "name-3"… */
async function chooseBase(folder: string, name: string, ifExists: IfReportExists): Promise<string | undefined> {
  const base = path.join(folder, name);
  const taken = (b: string) => exists(`${b}.md`) || exists(`${b}.html`);
  if (!taken(base)) return base;
  let answer: IfReportExists = ifExists;
  if (answer === 'ask') {
    const choice = await vscode.window.showWarningMessage(
      `A report of this run is already in ${folder}: ${name}.md / .html. Replace it, or keep both?`,
      { modal: true },
      'Replace',
      'Keep Both',
    );
    answer = choice === 'Replace' ? 'replace' : choice === 'Keep Both' ? 'keep-both' : 'cancel';
  }
  if (answer === 'cancel') return undefined;
  if (answer === 'replace') return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** Writes both files; undefined when the user chose not to overwrite. */
export async function writeReport(run: StoredRun, folder: vscode.Uri, ifExists: IfReportExists = 'ask'): Promise<ExportedReport | undefined> {
  await fs.promises.mkdir(folder.fsPath, { recursive: true });
  const base = await chooseBase(folder.fsPath, reportBaseName(run.summary), ifExists);
  if (!base) return undefined;
  const markdown = `${base}.md`;
  const html = `${base}.html`;
  const report = { markdown: vscode.Uri.file(markdown), html: vscode.Uri.file(html) };
  await writeMarkdown(report.markdown, renderMarkdownReport(run.results));
  await writeFileAtomically(html, renderHtmlReport(run.results));
  return report;
}

/**
 * A replaced report that is open in an editor (and so in its preview) is replaced through that
 * editor, so both show the new content at once rather than when the file watcher notices.
 * Otherwise, or when the open copy has unsaved edits, the file is written atomically.
 */
async function writeMarkdown(file: vscode.Uri, content: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file.fsPath);
  if (open && !open.isDirty) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(open.uri, new vscode.Range(0, 0, open.lineCount, 0), content);
    if ((await vscode.workspace.applyEdit(edit)) && (await open.save())) return;
  }
  await writeFileAtomically(file.fsPath, content);
}

export async function openExportedReport(report: ExportedReport): Promise<void> {
  await vscode.window.showTextDocument(report.markdown, { preview: false });
  void vscode.window.showInformationMessage(`Report exported: ${path.basename(report.markdown.fsPath)} and ${path.basename(report.html.fsPath)}.`, 'Open Preview', 'Reveal HTML').then((action) => {
    if (action === 'Open Preview') void vscode.commands.executeCommand('markdown.showPreview', report.markdown);
    if (action === 'Reveal HTML') void vscode.commands.executeCommand('revealFileInOS', report.html);
  });
}
