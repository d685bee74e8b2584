// Starts, tracks and cancels runs: one at a time, in the comparison worker, with a
// cancellable progress notification, a status-bar item and the results panel filling live.
// Finished runs are stored; a failing run shows the engine's sentence, not a stack trace.

import * as path from 'path';
import * as vscode from 'vscode';
import type { TableInspection } from '../core/dataset/inspect';
import type { LossKind } from '../core/results';
import type { ComparisonEvent } from '../shared/protocol';
import { settingsToConfig, type FocalLabSettings } from '../shared/settings';
import { applyToPanelState, emptyPanelState, runKey, stripTestPredictions, type PanelResults, type PanelState, type ToPanel } from '../shared/webviewProtocol';
import { RunError, type ComparisonClient } from './comparisonClient';
import { hostWork } from './hostWork';
import { ResultsPanel, type PanelActions } from './resultsPanel';
import type { RunsTreeProvider } from './runsTree';
import { summariseRun } from './runSummary';
import type { RunStore, StoredRunSummary } from './runStore';
import { readSettings } from './settings';
import { askWhatIsUncertain, rememberChoice, rememberedChoice } from './targetChoice';

export type RunKind = 'comparison' | 'sweep';

export interface RunRequest {
  file: vscode.Uri;
  kind: RunKind;
  target?: string;
  positive?: string;
  /** Settings that override focalLab.* for this run only (tests, automation). */
  settings?: Partial<FocalLabSettings>;
  /** When a run is already going: ask (default), cancel it, or refuse. */
  ifBusy?: 'ask' | 'cancel' | 'refuse';
  /** Never show Quick Picks: use the guesses (tests, automation). */
  noPrompts?: boolean;
}

export interface RunOutcome {
  runId: string | null;
  status: 'finished' | 'cancelled' | 'failed' | 'dismissed';
  message?: string;
}

interface ActiveRun {
  runId: string;
  file: vscode.Uri;
  controller: AbortController;
  done: Promise<RunOutcome>;
}

const LAST_RUN_KEY = 'focalLab.lastRun';
/** The notification and status bar are redrawn at most this often. */
const PROGRESS_INTERVAL_MS = 250;

export class RunService implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private startTurn: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private lastClassNames: { positiveClass: string; negativeClass: string; autoAlpha?: number } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: ComparisonClient,
    private readonly store: RunStore,
    private readonly tree: RunsTreeProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  get activeRunId(): string | undefined {
    return this.active?.runId;
  }

  get lastRun(): { file: string; kind: RunKind } | undefined {
    return this.context.workspaceState.get(LAST_RUN_KEY);
  }

  get lastClasses(): { positiveClass: string; negativeClass: string; autoAlpha?: number } | undefined {
    if (this.lastClassNames) return this.lastClassNames;
    const latest = this.tree.current[0];
    return latest ? { positiveClass: latest.positiveClass, negativeClass: latest.negativeClass, autoAlpha: latest.autoAlpha } : undefined;
  }

  readonly panelActions: PanelActions = {
    stop: (runId) => this.cancel(runId),
    rerun: (runId) => void this.rerun(runId),
    exportReport: (runId) => void vscode.commands.executeCommand('focalLab.exportReport', runId),
    closed: (runId) => this.cancel(runId),
  };

  cancel(runId?: string): void {
    if (this.active && (runId === undefined || this.active.runId === runId)) this.active.controller.abort();
  }

  async rerun(runId?: string): Promise<RunOutcome> {
    let target: { file: string; kind: RunKind } | undefined;
    if (runId) {
      const stored = this.tree.current.find((r) => r.id === runId) ?? (await this.store.load(runId))?.summary;
      if (stored) target = { file: stored.file, kind: stored.kind };
    }
    target ??= this.lastRun;
    if (!target) {
      void vscode.window.showInformationMessage('Focal Lab has no previous run to repeat; right-click a CSV file and choose Compare Losses.');
      return { runId: null, status: 'dismissed' };
    }
    return this.start({ file: vscode.Uri.file(target.file), kind: target.kind });
  }

  async start(request: RunRequest): Promise<RunOutcome> {
    // Starts take turns: each settles the run before it (ask, cancel or refuse) and becomes the
    // active run before the next start looks, so rapid starts never run side by side.
    const previousTurn = this.startTurn;
    let endTurn!: () => void;
    this.startTurn = new Promise<void>((resolve) => (endTurn = resolve));
    await previousTurn;
    let done: Promise<RunOutcome>;
    try {
      if (this.active) {
        const proceed = await this.resolveBusy(request);
        if (!proceed) return { runId: null, status: 'dismissed', message: 'Another run is in progress.' };
      }
      const fileName = path.basename(request.file.fsPath);
      const settings = { ...readSettings(request.file), ...request.settings };
      const choice = await this.chooseTarget(request, fileName, settings);
      if (!choice.ok) return { runId: null, ...choice.outcome };
      const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const controller = new AbortController();
      done = this.execute(runId, request, fileName, settings, choice.target, choice.positive, controller);
      this.active = { runId, file: request.file, controller, done };
      this.updateContext();
    } finally {
      endTurn();
    }
    try {
      return await done;
    } finally {
      this.active = undefined;
      this.statusBar.hide();
      this.updateContext();
    }
  }

  private async resolveBusy(request: RunRequest): Promise<boolean> {
    const active = this.active!;
    const mode = request.ifBusy ?? 'ask';
    if (mode === 'refuse') return false;
    if (mode === 'ask') {
      const same = active.file.toString() === request.file.toString();
      const question = same
        ? `Focal Lab is still training on ${path.basename(active.file.fsPath)}. Cancel that run and start again?`
        : `Focal Lab is still training on ${path.basename(active.file.fsPath)}. Cancel it and start on ${path.basename(request.file.fsPath)}?`;
      const answer = await vscode.window.showWarningMessage(question, { modal: true }, 'Cancel and Start');
      if (answer !== 'Cancel and Start') return false;
    }
    active.controller.abort();
    await active.done.catch(() => undefined);
    return true;
  }

  private async chooseTarget(
    request: RunRequest,
    fileName: string,
    settings: FocalLabSettings,
  ): Promise<{ ok: true; target?: string; positive?: string } | { ok: false; outcome: Omit<RunOutcome, 'runId'> }> {
    const remembered = rememberedChoice(this.context.workspaceState, request.file);
    const target = request.target ?? remembered?.target;
    const positive = request.positive ?? remembered?.positive;
    // Asked before for this file (or told now): no questions.
    if (request.noPrompts || remembered !== undefined || (target !== undefined && positive !== undefined)) {
      return { ok: true, target, positive };
    }
    const maxFileBytes = settings.maxFileMegabytes * 1024 * 1024;
    const inspect = async (column?: string): Promise<TableInspection> =>
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Focal Lab: reading ${fileName}` },
        () => this.client.inspect(request.file.fsPath, { target: column, maxFileBytes }),
      );
    let inspection: TableInspection;
    try {
      inspection = await inspect(target);
    } catch (error) {
      return { ok: false, outcome: this.reportFailure(error) };
    }
    if (target !== undefined && !inspection.positiveUncertain) return { ok: true, target, positive };
    const answer = await askWhatIsUncertain(fileName, target !== undefined ? { ...inspection, targetUncertain: false } : inspection, (column) => inspect(column));
    if (!answer) return { ok: false, outcome: { status: 'dismissed' } };
    const chosen = { target: target ?? answer.choice.target ?? inspection.target ?? undefined, positive: positive ?? answer.choice.positive };
    if (answer.asked) await rememberChoice(this.context.workspaceState, request.file, chosen);
    return { ok: true, ...chosen };
  }

  private async execute(
    runId: string,
    request: RunRequest,
    fileName: string,
    settings: FocalLabSettings,
    target: string | undefined,
    positive: string | undefined,
    controller: AbortController,
  ): Promise<RunOutcome> {
    const panel = ResultsPanel.createOrShow(this.context.extensionUri, emptyPanelState(runId, request.kind, fileName), this.panelActions);
    const runs = request.kind === 'sweep' ? settings.sweepGammas.map((gamma) => ({ loss: settings.sweepLoss as LossKind, gamma })) : undefined;
    const plannedModels = runs?.length ?? settings.losses.length;
    const progressState = new RunProgress(plannedModels, settings.epochs);
    this.statusBar.text = `$(loading~spin) Focal Lab: starting`;
    this.statusBar.tooltip = `Focal Lab is training on ${fileName}; click to show the results panel`;
    this.statusBar.command = { command: 'focalLab.openRun', title: 'Show', arguments: [runId] };
    this.statusBar.show();
    const title = request.kind === 'sweep' ? `Focal Lab: sweeping gamma on ${fileName}` : `Focal Lab: comparing losses on ${fileName}`;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      let lastDraw = 0;
      const draw = (force = false) => {
        const now = Date.now();
        if (!force && now - lastDraw < PROGRESS_INTERVAL_MS) return;
        lastDraw = now;
        const fraction = progressState.fraction();
        progress.report({ message: progressState.describe(), increment: Math.max(0, fraction * 100 - reported) });
        reported = Math.max(reported, fraction * 100);
        this.statusBar.text = `$(loading~spin) Focal Lab ${Math.round(fraction * 100)}%`;
      };
      let lastReadPercent = -1;
      const onEvent = (event: ComparisonEvent) => {
        const message = toPanelMessage(event, request.kind, settings.epochs);
        if (event.type === 'read-progress') {
          const percent = Math.floor((100 * event.bytesRead) / Math.max(event.totalBytes, 1));
          if (percent === lastReadPercent) return;
          lastReadPercent = percent;
        }
        progressState.apply(event);
        if (message) panel.post(message);
        draw(event.type === 'stage');
      };
      try {
        const { results } = await this.client.compare(
          {
            file: request.file.fsPath,
            target,
            positive,
            config: settingsToConfig(settings),
            maxFileBytes: settings.maxFileMegabytes * 1024 * 1024,
            runs,
          },
          { signal: controller.signal, onEvent, resultsFile: this.store.resultsFile(runId) },
        );
        await this.finish(runId, request, fileName, results);
        hostWork.run('run finished: panel results', () => panel.post({ type: 'results', results }));
        const failed = results.runs.filter((r) => r.status === 'failed');
        if (failed.length > 0) {
          void vscode.window.showWarningMessage(`Focal Lab: ${failed.length} of ${results.runs.length} models failed on ${fileName}. ${failed[0].error ?? ''}`);
        }
        return { runId, status: 'finished' };
      } catch (error) {
        const outcome = this.reportFailure(error);
        if (ResultsPanel.get(runId)) panel.post({ type: 'phase', phase: outcome.status === 'cancelled' ? 'cancelled' : 'failed', message: outcome.message });
        return { runId, ...outcome };
      }
    });
  }

  private async finish(runId: string, request: RunRequest, fileName: string, results: PanelResults): Promise<void> {
    const summary: StoredRunSummary = hostWork.run('run finished: summary', () => summariseRun(runId, request.kind, request.file.fsPath, fileName, results));
    await this.store.saveSummary(summary);
    this.lastClassNames = { positiveClass: summary.positiveClass, negativeClass: summary.negativeClass, autoAlpha: summary.autoAlpha };
    await this.context.workspaceState.update(LAST_RUN_KEY, { file: request.file.fsPath, kind: request.kind });
    await this.tree.refresh();
    this.updateContext();
  }

  private reportFailure(error: unknown): Omit<RunOutcome, 'runId'> {
    if (error instanceof RunError && error.kind === 'cancelled') return { status: 'cancelled', message: 'The run was cancelled; nothing was saved.' };
    if (error instanceof RunError && error.kind === 'input') {
      void vscode.window.showErrorMessage(`Focal Lab: ${error.message}`);
      return { status: 'failed', message: error.message };
    }
    const detail = error instanceof Error ? error.message : String(error);
    this.log.error(error instanceof Error ? (error.stack ?? detail) : detail);
    void vscode.window.showErrorMessage(`Focal Lab hit an unexpected problem: ${detail}`, 'Show Log').then((action) => {
      if (action) this.log.show(true);
    });
    return { status: 'failed', message: `Unexpected problem: ${detail}` };
  }

  /** Panel state of a stored run, for reopening it. */
  async storedPanelState(runId: string): Promise<PanelState | undefined> {
    const stored = await this.store.load(runId);
    if (!stored) return undefined;
    const state = emptyPanelState(runId, stored.summary.kind, stored.summary.fileName);
    return applyToPanelState(state, { type: 'results', results: stripTestPredictions(stored.results) });
  }

  updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'focalLab.running', this.isRunning);
    void vscode.commands.executeCommand('setContext', 'focalLab.hasLastRun', this.lastRun !== undefined);
    void vscode.commands.executeCommand('setContext', 'focalLab.hasRuns', this.tree.current.length > 0);
    this.changed.fire();
  }

  dispose(): void {
    this.active?.controller.abort();
    this.statusBar.dispose();
    this.changed.dispose();
  }
}

/** Epochs done across all models of a run, for the notification and status bar. */
class RunProgress {
  private stage = 'reading';
  private readFraction = 0;
  private readonly epochsDone = new Map<string, number>();

  constructor(
    private readonly models: number,
    private readonly epochs: number,
  ) {}

  apply(event: ComparisonEvent): void {
    if (event.type === 'stage') this.stage = event.stage;
    if (event.type === 'read-progress') this.readFraction = event.bytesRead / Math.max(event.totalBytes, 1);
    if (event.type === 'epoch') this.epochsDone.set(`${event.loss}@${event.gamma}`, event.epoch);
    if (event.type === 'run-failed') this.epochsDone.set(`${event.loss}@${event.gamma}`, this.epochs);
  }

  fraction(): number {
    // Reading and preparing count as the first 5%.
    let done = 0;
    for (const value of this.epochsDone.values()) done += value;
    return Math.min(1, 0.05 * (this.stage === 'reading' ? this.readFraction : 1) + 0.95 * (done / Math.max(1, this.models * this.epochs)));
  }

  describe(): string {
    if (this.stage === 'reading') return `reading the file (${Math.round(this.readFraction * 100)}%)`;
    if (this.stage === 'preparing') return 'preparing the data';
    if (this.stage === 'evaluating') return 'evaluating on the test split';
    const parts = [...this.epochsDone].map(([key, epoch]) => `${key.replace(/@.*$/, '')}${this.models > 3 ? ` γ${key.split('@')[1]}` : ''} ${epoch}/${this.epochs}`);
    return parts.length > 0 ? `epoch ${parts.join(' · ')}` : 'training';
  }
}

function toPanelMessage(event: ComparisonEvent, kind: RunKind, epochs: number): ToPanel | undefined {
  switch (event.type) {
    case 'stage':
      return { type: 'phase', phase: event.stage };
    case 'read-progress':
      return { type: 'readProgress', fraction: event.bytesRead / Math.max(event.totalBytes, 1) };
    case 'dataset':
      return { type: 'dataset', dataset: event.dataset, decisionPlane: event.decisionPlane, config: event.config };
    case 'run-started':
      return { type: 'runStarted', key: runKey(kind, event.loss, event.gamma), loss: event.loss, gamma: event.gamma, alphaForPositiveClass: event.alphaForPositiveClass, epochs };
    case 'epoch':
      return { type: 'epochs', updates: [{ key: runKey(kind, event.loss, event.gamma), epoch: event.epoch, epochs: event.epochs, trainLoss: event.trainLoss, valLoss: event.valLoss, valLogLoss: event.valLogLoss }] };
    case 'run-failed':
      return { type: 'runFailed', key: runKey(kind, event.loss, event.gamma), message: event.message };
    case 'run-finished':
      return undefined;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
