// The Runs view: every stored run, newest first; click to reopen its panel.

import * as vscode from 'vscode';
import type { RunStore, StoredRunSummary } from './runStore';

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
    const item = new vscode.TreeItem(run.fileName, vscode.TreeItemCollapsibleState.None);
    const when = new Date(run.createdAt);
    const kind = run.kind === 'sweep' ? 'gamma sweep' : run.losses.join(', ');
    item.id = run.id;
    item.description = `${when.toLocaleString()} · ${kind}`;
    // Plain-text tooltip: names from the CSV are never rendered as Markdown here.
    item.tooltip = `${run.file}\n${kind}\n${run.headline}\n\n${run.verdict}`;
    item.iconPath = new vscode.ThemeIcon(run.kind === 'sweep' ? 'graph-line' : 'beaker');
    item.contextValue = 'focalLabRun';
    item.command = { command: 'focalLab.openRun', title: 'Open Run', arguments: [run.id] };
    item.accessibilityInformation = { label: `${run.fileName}, ${kind}, ${when.toLocaleString()}, ${run.headline}` };
    return item;
  }

  getChildren(element?: StoredRunSummary): StoredRunSummary[] {
    return element ? [] : this.runs;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
