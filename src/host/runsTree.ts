// The Runs view: every stored run, newest first; click to reopen its panel. Two runs of the same
// file differ in their labels: the run number, what was trained (losses, gamma, alpha) and when.

import * as vscode from 'vscode';
import { describeSettings } from '../shared/runIdentity';
import type { RunStore, StoredRunSummary } from './runStore';

/** "churn.csv #3" (or the file name alone for a run stored before runs were numbered). */
export function runLabel(run: StoredRunSummary): string {
  return run.source?.number !== undefined ? `${run.fileName} #${run.source.number}` : run.fileName;
}

/** What was trained, and when: "BCE, focal, α-focal · γ 2 · α auto · 29/11/2026, 14:10:03". */
export function runDescription(run: StoredRunSummary): string {
  const what = run.source ? describeSettings(run.kind, run.source.settings) : run.kind === 'sweep' ? 'gamma sweep' : run.losses.join(', ');
  return `${what} · ${new Date(run.createdAt).toLocaleString()}`;
}

export class RunsTreeProvider implements vscode.TreeDataProvider<StoredRunSummary> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private runs: StoredRunSummary[] = [];

  constructor(private readonly store: RunStore) {}

  async refresh(): Promise<StoredRunSummary[]> {
    this.runs = await this.store.list();
    this.changed.fire();
    return this.runs;
  }

  get current(): readonly StoredRunSummary[] {
    return this.runs;
  }

  getTreeItem(run: StoredRunSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(runLabel(run), vscode.TreeItemCollapsibleState.None);
    const description = runDescription(run);
    item.id = run.id;
    item.description = description;
    // Plain-text tooltip: names from the CSV are never rendered as Markdown here.
    item.tooltip = `${runLabel(run)}\n${run.file}\n${description}\n${run.headline}\n\n${run.verdict}`;
    item.iconPath = new vscode.ThemeIcon(run.kind === 'sweep' ? 'graph-line' : 'beaker');
    item.contextValue = 'focalLabRun';
    item.command = { command: 'focalLab.openRun', title: 'Open Run', arguments: [run.id] };
    item.accessibilityInformation = { label: `${runLabel(run)}, ${description}, ${run.headline}` };
    return item;
  }

  getChildren(element?: StoredRunSummary): StoredRunSummary[] {
    return element ? [] : this.runs;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
