// Starts, tracks and cancels runs: one at a time, in the comparison worker, with a
// cancellable progress notification, a status-bar item and the results panel filling live.
// Finished runs are stored; a failing run shows the engine's sentence, not a stack trace.

import { timeLeft } from '../shared/progressText';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TableInspection } from '../core/dataset/inspect';
import { LOSS_LABELS, type LossKind } from '../core/results';
import type { ComparisonEvent } from '../shared/protocol';
import { panelTitle, settingsFromConfig, type RunSource } from '../shared/runIdentity';
import { settingsToConfig, type FocalLabSettings } from '../shared/settings';
import { settingsProblem } from '../shared/settingsValidation';
import { applyToPanelState, emptyPanelState, type AnyPanelResults, type PanelState, type ToPanel } from '../shared/webviewProtocol';
import { RunError, type ComparisonClient } from './comparisonClient';
import { hostWork } from './hostWork';
import { ResultsPanel, type PanelActions, type RestoreSource } from './resultsPanel';
import type { RunsTreeProvider } from './runsTree';
import { summariseRun } from './runSummary';
import type { RunStore, StoredRunSummary } from './runStore';
import type { DatasetClasses } from './sidebarView';
import { readSettings } from './settings';
import { askPlaneColumns, numericInputs } from './planeChoice';
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
  /** Two numeric input columns for the decision regions instead of the principal components (a per-run choice, not a setting). */
  planeColumns?: [string, string];
  /** The run this one repeats (Re-run), named in the progress notification. */
  rerunOf?: RunSource;
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

/** The RunSource of the run started last in this workspace (older versions stored only file and kind). */
const LAST_RUN_KEY = 'focalLab.lastRun';
/** How many runs were started in this workspace: the next run's number is one more. */
const RUN_COUNTER_KEY = 'focalLab.runCounter';
/** The notification and status bar are redrawn at most this often. */
const PROGRESS_INTERVAL_MS = 250;

export class RunService implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private startTurn: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private lastClassNames: DatasetClasses | undefined;
  /** What each run of this session ran with, cancelled and failed ones included (they are not stored). */
  private readonly sources = new Map<string, RunSource>();

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

  /** The run started last in this workspace, finished or not. */
  get lastRun(): RunSource | undefined {
    const saved = this.context.workspaceState.get<Partial<RunSource>>(LAST_RUN_KEY);
    if (!saved || typeof saved.file !== 'string') return undefined;
    const kind = saved.kind === 'sweep' ? 'sweep' : 'comparison';
    // Saved by an older version: file and kind only; it re-runs with the current settings.
    return { ...saved, file: saved.file, kind, settings: saved.settings ?? readSettings(vscode.Uri.file(saved.file)) };
  }

  /** What a Re-run without a run named repeats: the run in the panel in view, else the last run. */
  rerunCandidate(): RunSource | undefined {
    return ResultsPanel.inView()?.currentState.source ?? this.lastRun;
  }

  /** The file, settings and number a run ran with: from its panel, this session, or the history. */
  async sourceOf(runId: string): Promise<RunSource | undefined> {
    const known = ResultsPanel.get(runId)?.currentState.source ?? this.sources.get(runId) ?? this.tree.current.find((r) => r.id === runId)?.source;
    if (known) return known;
    // The summary says it for runs stored since runs have a source: no results.json to parse here.
    const summarySource = (await this.store.loadSummary(runId))?.source;
    if (summarySource) return summarySource;
    const stored = await this.store.load(runId);
    if (!stored) return undefined;
    if (stored.summary.source) return stored.summary.source;
    // Stored by an older Focal Lab: its results say what it trained with.
    const { results, summary } = stored;
    const sweep = summary.kind === 'sweep' && results.runs.length > 0 ? { loss: results.runs[0].loss, gammas: results.runs.map((r) => r.gamma) } : undefined;
    return {
      file: summary.file,
      kind: summary.kind,
      settings: settingsFromConfig(results.config, readSettings(vscode.Uri.file(summary.file)), sweep),
      target: results.dataset.target,
      ...(results.dataset.positiveClassSource === 'user' ? { positive: results.dataset.positiveClass } : {}),
    };
  }

  get lastClasses(): DatasetClasses | undefined {
    if (this.lastClassNames) return this.lastClassNames;
    const latest = this.tree.current[0];
    return latest ? classesOfSummary(latest) : undefined;
  }

  readonly panelActions: PanelActions = {
    stop: (runId) => this.cancel(runId),
    rerun: (runId) => void this.rerun(runId),
    exportReport: (runId) => void vscode.commands.executeCommand('focalLab.exportReport', runId),
    copyLossAsCode: (runId, runKey) => void vscode.commands.executeCommand('focalLab.copyLossAsCode', runId, runKey),
    exportNotebook: (runId) => void vscode.commands.executeCommand('focalLab.exportNotebook', runId),
    choosePlane: (runId, plane) => void this.rerunWithPlane(runId, plane),
    closed: (runId) => this.cancel(runId),
  };

  cancel(runId?: string): void {
    if (this.active && (runId === undefined || this.active.runId === runId)) this.active.controller.abort();
  }

  /**
   * Runs a run again: that run's file, kind, settings, target and positive class. Without a run
   * id, the run in the panel in view, else the last run. A named run that cannot be found is
   * never swapped for another one.
   */
  async rerun(runId?: string): Promise<RunOutcome> {
    const source = runId ? await this.sourceOf(runId) : this.rerunCandidate();
    if (!source) {
      void vscode.window.showInformationMessage(
        runId ? 'Focal Lab no longer knows which file and settings this run used; start it again from its CSV file.' : 'Focal Lab has no previous run to repeat; right-click a CSV file and choose Compare Losses.',
      );
      return { runId: null, status: 'dismissed' };
    }
    return this.start({ file: vscode.Uri.file(source.file), kind: source.kind, settings: source.settings, target: source.target, positive: source.positive, planeColumns: source.planeColumns, rerunOf: source });
  }

  /**
   * Runs a run again with its decision regions over other axes: the principal components, two
   * columns given, or two columns the user picks from the run's numeric inputs (Quick Picks).
   */
  async rerunWithPlane(runId: string, plane: 'pca' | 'columns' | [string, string]): Promise<RunOutcome> {
    const source = await this.sourceOf(runId);
    if (!source) {
      void vscode.window.showInformationMessage('Focal Lab no longer knows which file and settings this run used; start it again from its CSV file.');
      return { runId: null, status: 'dismissed' };
    }
    let planeColumns: [string, string] | undefined;
    if (plane === 'columns') {
      const state = ResultsPanel.get(runId)?.currentState;
      const dataset = state?.results?.dataset ?? state?.dataset ?? (await this.storedPanelState(runId))?.results?.dataset;
      planeColumns = await askPlaneColumns(path.basename(source.file), numericInputs(dataset), source.planeColumns);
      if (!planeColumns) return { runId: null, status: 'dismissed' };
    } else if (Array.isArray(plane)) planeColumns = plane;
    return this.start({ file: vscode.Uri.file(source.file), kind: source.kind, settings: source.settings, target: source.target, positive: source.positive, planeColumns, rerunOf: source });
  }

  private async nextRunNumber(): Promise<number> {
    const counted = this.context.workspaceState.get<number>(RUN_COUNTER_KEY) ?? 0;
    // Runs stored before numbering began keep their place: numbers continue after the highest seen.
    const highest = Math.max(counted, ...this.tree.current.map((r) => r.source?.number ?? 0));
    await this.context.workspaceState.update(RUN_COUNTER_KEY, highest + 1);
    return highest + 1;
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
      // Before anything is read: a value written by hand in settings.json, checked as the form and
      // the Settings editor check it (the engine sees only what goes into its config).
      const problem = settingsProblem(settings);
      if (problem) {
        const message = `${problem} Change it in the Focal Lab side bar or the Settings editor (focalLab.*).`;
        void vscode.window.showErrorMessage(`Focal Lab: ${message}`);
        return { runId: null, status: 'failed', message };
      }
      const choice = await this.chooseTarget(request, fileName, settings);
      if (!choice.ok) return { runId: null, ...choice.outcome };
      const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
      const source: RunSource = {
        file: request.file.fsPath,
        kind: request.kind,
        settings,
        ...(choice.target !== undefined ? { target: choice.target } : {}),
        ...(choice.positive !== undefined ? { positive: choice.positive } : {}),
        ...(request.planeColumns ? { planeColumns: request.planeColumns } : {}),
        number: await this.nextRunNumber(),
      };
      this.sources.set(runId, source);
      await this.context.workspaceState.update(LAST_RUN_KEY, source);
      const controller = new AbortController();
      done = this.execute(runId, request, source, choice.target, choice.positive, controller);
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
        () => this.client.inspect(request.file.fsPath, { target: column, maxFileBytes, missingValues: settings.missingValues }),
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
    // The guessed target goes along only when a sample guessed it (the engine reads the whole file).
    const chosen = { target: target ?? answer.choice.target ?? (inspection.sampled ? (inspection.target ?? undefined) : undefined), positive: positive ?? answer.choice.positive };
    if (answer.asked) await rememberChoice(this.context.workspaceState, request.file, chosen);
    return { ok: true, ...chosen };
  }

  private async execute(
    runId: string,
    request: RunRequest,
    source: RunSource,
    target: string | undefined,
    positive: string | undefined,
    controller: AbortController,
  ): Promise<RunOutcome> {
    const { settings } = source;
    const fileName = path.basename(request.file.fsPath);
    const panel = ResultsPanel.createOrShow(this.context.extensionUri, emptyPanelState(runId, request.kind, fileName, source), this.panelActions);
    const runs = request.kind === 'sweep' ? settings.sweepGammas.map((gamma) => ({ loss: settings.sweepLoss as LossKind, gamma })) : undefined;
    const plannedModels = runs?.length ?? (settings.arms.trim() ? settings.arms.split(',').length : settings.losses.length);
    const fitIndex = new FitIndex();
    const progressState = new RunProgress(plannedModels, settings.epochs, Math.max(1, settings.folds) * Math.max(1, settings.repeats), fitIndex, request.kind === 'sweep');
    this.statusBar.text = `$(loading~spin) Focal Lab: starting`;
    this.statusBar.tooltip = `Focal Lab is training on ${fileName}; click to show the results panel`;
    this.statusBar.command = { command: 'focalLab.openRun', title: 'Show', arguments: [runId] };
    this.statusBar.show();
    const again = request.rerunOf ? `, again as ${request.rerunOf.number !== undefined ? `run ${request.rerunOf.number}` : 'before'}` : '';
    const title = `Focal Lab: ${request.kind === 'sweep' ? 'sweeping gamma' : 'comparing losses'} on ${fileName} (run ${source.number}${again})`;
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
        fitIndex.note(event);
        const message = toPanelMessage(event, settings.epochs, fitIndex);
        if (event.type === 'read-progress') {
          const percent = Math.floor((100 * event.bytesRead) / Math.max(event.totalBytes, 1));
          if (percent === lastReadPercent) return;
          lastReadPercent = percent;
        }
        progressState.apply(event);
        if (message) panel.post(message);
        if (event.type === 'batch-progress' || event.type === 'epoch') {
          const batch = event.type === 'batch-progress' ? { key: event.runId, fitIndex: fitIndex.of(event), epoch: event.epoch, batch: event.batch, batches: event.batches } : undefined;
          panel.postProgress({ fraction: Math.round(progressState.fraction() * 1000) / 1000, etaSeconds: progressState.etaSeconds() }, batch);
        }
        draw(event.type === 'stage');
      };
      try {
        const { results } = await this.client.compare(
          {
            file: request.file.fsPath,
            target,
            positive,
            config: { ...settingsToConfig(settings), ...(source.planeColumns ? { planeColumns: source.planeColumns } : {}) },
            maxFileBytes: settings.maxFileMegabytes * 1024 * 1024,
            runs,
          },
          { signal: controller.signal, onEvent, resultsFile: this.store.resultsFile(runId) },
        );
        await this.finish(runId, request, source, results);
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

  private async finish(runId: string, request: RunRequest, source: RunSource, results: AnyPanelResults): Promise<void> {
    const fileName = path.basename(request.file.fsPath);
    const summary: StoredRunSummary = hostWork.run('run finished: summary', () => summariseRun(runId, request.kind, request.file.fsPath, fileName, results, source));
    await this.store.saveSummary(summary);
    this.lastClassNames = classesOfSummary(summary);
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

  /** Where panels restored after a window reload find their runs. */
  readonly restoreSource: RestoreSource = {
    load: (runId) => this.storedPanelState(runId),
    runIdForTitle: async (title) => (await this.store.list()).find((run) => panelTitle(run.kind, run.fileName, run.source) === title)?.id,
  };

  /** Panel state of a stored run, for reopening it. */
  async storedPanelState(runId: string): Promise<PanelState | undefined> {
    const summary = await this.store.loadSummary(runId);
    if (!summary) return undefined;
    let results: AnyPanelResults;
    try {
      // Parsed in the comparison worker: a large run's results.json would block the editor here.
      results = await this.client.loadResults(this.store.resultsFile(runId));
    } catch (error) {
      this.log.warn(`Could not read run ${runId}: ${error instanceof Error ? error.message : String(error)}.`);
      return undefined;
    }
    return applyToPanelState(emptyPanelState(runId, summary.kind, summary.fileName, summary.source), { type: 'results', results });
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

function classesOfSummary(summary: StoredRunSummary): DatasetClasses {
  return {
    positiveClass: summary.positiveClass,
    negativeClass: summary.negativeClass,
    ...(summary.autoAlpha !== undefined ? { autoAlpha: summary.autoAlpha } : {}),
    ...(summary.classes ? { classes: summary.classes } : {}),
    ...(summary.autoAlphaPerClass ? { autoAlphaPerClass: summary.autoAlphaPerClass } : {}),
  };
}

/**
 * Progress over every fit of a run (models × folds × repeats), for the notification and status
 * bar: each fit counts its epochs against the planned ones, and a fit that ended (early stopping
 * included) or a model that failed counts whole.
 */
export class RunProgress {
  private stage = 'reading';
  private readFraction = 0;
  /** Per fit (run id and fit index): epochs done, or the planned epochs once it ended. */
  private readonly fitEpochs = new Map<string, number>();
  private fitsPerRun: number;
  private current: { runId: string; loss: LossKind; gamma: number; fitIndex: number; fits: number; epoch: number; batch?: { batch: number; batches: number } } | undefined;
  private readonly failed = new Set<string>();
  /** When training began (ms) and the training fraction then: the pace for the time left. */
  private trainingStart: { at: number; done: number } | undefined;

  /** Each run's name ('BCE + SMOTE'), once the dataset event lists the arms. */
  private readonly labels = new Map<string, string>();

  constructor(
    private models: number,
    private readonly epochs: number,
    fitsPerRun: number,
    private readonly fitIndex: FitIndex,
    private readonly sweep = false,
  ) {
    this.fitsPerRun = Math.max(1, fitsPerRun);
  }

  apply(event: ComparisonEvent): void {
    switch (event.type) {
      case 'stage':
        this.stage = event.stage;
        if (event.stage === 'training') this.trainingStart = { at: this.now(), done: 0 };
        return;
      case 'read-progress':
        this.readFraction = event.bytesRead / Math.max(event.totalBytes, 1);
        return;
      case 'dataset':
        this.fitsPerRun = Math.max(1, event.evaluation.folds * event.evaluation.repeats);
        // The arms are the runs: their number and names are known from here on.
        if (event.arms?.length) this.models = event.arms.length;
        for (const arm of event.arms ?? []) this.labels.set(arm.id, arm.label);
        return;
      case 'run-started':
        this.fitsPerRun = Math.max(1, event.fits);
        this.fitEpochs.set(`${event.runId}#${event.fitIndex}`, 0);
        this.current = { runId: event.runId, loss: event.loss, gamma: event.gamma, fitIndex: event.fitIndex, fits: event.fits, epoch: 1 };
        return;
      case 'epoch': {
        const key = `${event.runId}#${this.fitIndex.of(event)}`;
        this.fitEpochs.set(key, Math.max(this.fitEpochs.get(key) ?? 0, Math.min(event.epoch, this.epochs)));
        if (this.current?.runId === event.runId) this.current = { ...this.current, epoch: Math.min(event.epoch + 1, this.epochs), batch: undefined };
        return;
      }
      case 'batch-progress': {
        // Within an epoch: a fraction of an epoch, so the bar and the time left move on large files.
        const key = `${event.runId}#${this.fitIndex.of(event)}`;
        this.fitEpochs.set(key, Math.max(this.fitEpochs.get(key) ?? 0, Math.min(event.epoch - 1 + event.batch / event.batches, this.epochs)));
        if (this.current?.runId === event.runId) this.current = { ...this.current, epoch: event.epoch, batch: { batch: event.batch, batches: event.batches } };
        return;
      }
      case 'fit-finished':
        this.fitEpochs.set(`${event.runId}#${this.fitIndex.of(event)}`, this.epochs);
        return;
      case 'run-failed':
        this.failed.add(event.runId);
        return;
      default: {
        const unexpected: never = event;
        void unexpected;
      }
    }
  }

  /** Clock for the time left (a test can pass its own). */
  now: () => number = () => Date.now();

  /** Share of the training done: every fit's epochs (and part-epochs) over all planned. */
  private trainingFraction(): number {
    let done = 0;
    for (const [key, value] of this.fitEpochs) if (!this.failed.has(key.slice(0, key.lastIndexOf('#')))) done += value;
    done += this.failed.size * this.fitsPerRun * this.epochs;
    const total = Math.max(1, this.models * this.fitsPerRun * this.epochs);
    return Math.min(1, done / total);
  }

  fraction(): number {
    // Reading and preparing count as the first 5%.
    return Math.min(1, 0.05 * (this.stage === 'reading' ? this.readFraction : 1) + 0.95 * this.trainingFraction());
  }

  /**
   * Seconds left at the training pace so far; null until 2% of the training is done (too early
   * to tell). Early stopping can only make it shorter.
   */
  etaSeconds(): number | null {
    if (this.stage !== 'training' || !this.trainingStart) return null;
    const done = this.trainingFraction() - this.trainingStart.done;
    if (done < 0.02) return null;
    const elapsed = (this.now() - this.trainingStart.at) / 1000;
    return Math.max(0, Math.round((elapsed / done) * (1 - this.trainingFraction())));
  }

  /** "Alpha-balanced focal: epoch 3/30, batch 120/683 · fold 1 of 5 · about 2 min left". */
  describe(): string {
    if (this.stage === 'reading') return `reading the file (${Math.round(this.readFraction * 100)}%)`;
    if (this.stage === 'preparing') return 'preparing the data';
    if (this.stage === 'evaluating') return 'evaluating the folds';
    if (!this.current) return 'training';
    const { loss, gamma, fitIndex, fits, epoch, batch } = this.current;
    const name = this.sweep ? `${LOSS_LABELS[loss] ?? loss} γ ${gamma}` : (this.labels.get(this.current.runId) ?? LOSS_LABELS[loss] ?? loss);
    const where = `epoch ${epoch}/${this.epochs}${batch ? `, batch ${batch.batch}/${batch.batches}` : ''}`;
    const eta = this.etaSeconds();
    return `${name}: ${where} · fold ${fitIndex + 1} of ${fits}${eta === null ? '' : ` · ${timeLeft(eta)}`}`;
  }
}


/**
 * Which fit (0-based, among its run's fits) an epoch or fit-finished event belongs to: learnt from
 * the run-started event of that fit, which carries its index.
 */
export class FitIndex {
  private readonly indices = new Map<string, number>();

  note(event: ComparisonEvent): void {
    if (event.type === 'run-started') this.indices.set(FitIndex.key(event), event.fitIndex);
  }

  of(place: { runId: string; repeat: number; fold: number }): number {
    return this.indices.get(FitIndex.key(place)) ?? place.fold;
  }

  private static key(place: { runId: string; repeat: number; fold: number }): string {
    return `${place.runId}|${place.repeat}|${place.fold}`;
  }
}

export function toPanelMessage(event: ComparisonEvent, epochs: number, fits: FitIndex): ToPanel | undefined {
  switch (event.type) {
    case 'stage':
      return { type: 'phase', phase: event.stage };
    case 'read-progress':
      return { type: 'readProgress', fraction: event.bytesRead / Math.max(event.totalBytes, 1) };
    case 'dataset':
      return { type: 'dataset', dataset: event.dataset, decisionPlane: event.decisionPlane, config: event.config, evaluation: event.evaluation, arms: event.arms };
    case 'run-started':
      return {
        type: 'runStarted',
        key: event.runId,
        loss: event.loss,
        gamma: event.gamma,
        alphaForPositiveClass: event.alphaForPositiveClass,
        epochs,
        fitIndex: event.fitIndex,
        fits: event.fits,
        repeat: event.repeat,
        fold: event.fold,
      };
    case 'epoch':
      return {
        type: 'epochs',
        updates: [
          {
            key: event.runId,
            fitIndex: fits.of(event),
            epoch: event.epoch,
            epochs: event.epochs,
            trainLoss: event.trainLoss,
            valLoss: event.valLoss,
            valLogLoss: event.valLogLoss,
            bestEpoch: event.bestEpoch,
          },
        ],
      };
    case 'fit-finished':
      return { type: 'fitFinished', key: event.runId, fitIndex: fits.of(event), bestEpoch: event.bestEpoch, epochsRun: event.epochsRun };
    case 'run-failed':
      return { type: 'runFailed', key: event.runId, message: event.message };
    case 'batch-progress':
      // Sent coalesced with the run's progress (ResultsPanel.postProgress), not one by one.
      return undefined;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
