// Export Report: Markdown and self-contained HTML next to the CSV (or in a folder the user
// picks), then the Markdown opens in the editor with an offer to preview it.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { writeFileAtomically } from '../core/output';
import { renderHtmlReport, renderMarkdownReport } from '../core/report';
import type { StoredRun } from './runStore';

export interface ExportedReport {
  markdown: vscode.Uri;
  html: vscode.Uri;
}

export function reportBaseName(csvFile: string): string {
  return `${path.basename(csvFile, path.extname(csvFile))}-focal-lab-report`;
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

export async function writeReport(run: StoredRun, folder: vscode.Uri): Promise<ExportedReport> {
  await fs.promises.mkdir(folder.fsPath, { recursive: true });
  const base = path.join(folder.fsPath, reportBaseName(run.summary.file));
  const markdown = `${base}.md`;
  const html = `${base}.html`;
  await writeFileAtomically(markdown, renderMarkdownReport(run.results));
  await writeFileAtomically(html, renderHtmlReport(run.results));
  return { markdown: vscode.Uri.file(markdown), html: vscode.Uri.file(html) };
}

export async function openExportedReport(report: ExportedReport): Promise<void> {
  await vscode.window.showTextDocument(report.markdown, { preview: false });
  void vscode.window.showInformationMessage(`Report exported: ${path.basename(report.markdown.fsPath)} and ${path.basename(report.html.fsPath)}.`, 'Open Preview', 'Reveal HTML').then((action) => {
    if (action === 'Open Preview') void vscode.commands.executeCommand('markdown.showPreview', report.markdown);
    if (action === 'Reveal HTML') void vscode.commands.executeCommand('revealFileInOS', report.html);
  });
}
