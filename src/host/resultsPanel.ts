// The results panel: one webview panel per run. The host keeps the panel's state (with the
// same reducer as the webview), replays it whenever the webview (re)loads and says `ready`,
// and batches epoch updates so the webview gets at most ~10 messages a second.

import * as vscode from 'vscode';
import { copyText, saveImage } from './panelExports';
import { panelTitle } from '../shared/runIdentity';
import { applyToPanelState, type BatchUpdate, type EpochUpdate, type FromPanel, type PanelState, type RunProgressUpdate, type ToPanel } from '../shared/webviewProtocol';
import { hostWork } from './hostWork';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const RESULTS_VIEW_TYPE = 'focalLab.results';
/** Minimum time between two epoch batches sent to a webview. */
export const PANEL_UPDATE_INTERVAL_MS = 100;

export interface PanelActions {
  stop(runId: string): void;
  rerun(runId: string): void;
  exportReport(runId: string): void;
  copyLossAsCode(runId: string, runKey: string): void;
  exportNotebook(runId: string): void;
  /** Run it again with the decision regions over the principal components, or two columns the user picks. */
  choosePlane(runId: string, plane: 'pca' | 'columns'): void;
  /** The panel of a run still in progress was closed. */
  closed(runId: string): void;
}

/** Where a panel restored after a window reload finds its run. */
export interface RestoreSource {
  /** The panel state of a run in the history (undefined when it is not there). */
  load(runId: string): Promise<PanelState | undefined>;
  /** The newest run in the history whose panel has this title. */
  runIdForTitle(title: string): Promise<string | undefined>;
}

export class ResultsPanel {
  private static readonly panels = new Map<string, ResultsPanel>();
  private static readonly activeChanged = new vscode.EventEmitter<void>();
  /** A results panel came into view or left it (the side bar follows the panel in view). */
  static readonly onDidChangeActive = ResultsPanel.activeChanged.event;
  private ready = false;
  private disposed = false;
  private pendingEpochs: EpochUpdate[] = [];
  /** The latest run progress and each model's latest place within its epoch, sent with the next timed batch. */
  private pendingProgress: RunProgressUpdate | undefined;
  private readonly pendingBatches = new Map<string, BatchUpdate>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages posted to the webview, counted for the throttling test. */
  postedMessages = 0;
  /**
   * When each timed epoch batch was posted (performance.now(), the last 1,000), and how many
   * batches went early to keep their order before another message: the throttling test reads them.
   */
  readonly epochBatchTimes: number[] = [];
  orderedEpochBatches = 0;
  /** Epoch updates (one per model and epoch) posted in those batches. */
  postedEpochUpdates = 0;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private state: PanelState,
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
  ) {
    ResultsPanel.panels.set(state.runId, this);
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'focal-lab.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'panel', title(state));
    panel.webview.onDidReceiveMessage((message: FromPanel) => hostWork.run(`panel → host: ${message.type}`, () => this.onMessage(message)), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.onDidChangeViewState(() => ResultsPanel.activeChanged.fire(), undefined, this.disposables);
  }

  /** The results panel that is the active editor, if one is. */
  static inView(): ResultsPanel | undefined {
    return ResultsPanel.all().find((p) => !p.disposed && p.panel.active);
  }

  static get(runId: string): ResultsPanel | undefined {
    return ResultsPanel.panels.get(runId);
  }

  static all(): ResultsPanel[] {
    return [...ResultsPanel.panels.values()];
  }

  static createOrShow(extensionUri: vscode.Uri, state: PanelState, actions: PanelActions): ResultsPanel {
    const existing = ResultsPanel.panels.get(state.runId);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, title(state), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    return new ResultsPanel(panel, state, extensionUri, actions);
  }

  /**
   * After a window reload. VS Code hands back the state the webview last saved, but only as of the
   * workbench's last save of its editors: after a browser reload in code-server (no orderly
   * shutdown) it can be missing, or a state from the middle of a run that has since finished.
   * So the run history decides: a stored run is shown whole; without a saved state the run is
   * found by the tab's title (which VS Code keeps); a run that was still going says it stopped.
   */
  static async revive(panel: vscode.WebviewPanel, saved: PanelState | undefined, extensionUri: vscode.Uri, actions: PanelActions, history: RestoreSource): Promise<ResultsPanel> {
    if (!saved) {
      // Nothing for the webview to draw meanwhile either: find the run first.
      const runId = await history.runIdForTitle(panel.title);
      const stored = runId ? await history.load(runId) : undefined;
      return new ResultsPanel(panel, stored ?? unrestorable(), extensionUri, actions);
    }
    // The webview draws its own saved state at once; the stored run replaces it when read.
    const instance = new ResultsPanel(panel, saved, extensionUri, actions);
    const stored = await history.load(saved.runId);
    if (stored) instance.post({ type: 'state', state: stored });
    else if (instance.isRunning) {
      // The window closed mid-run: the run died with it. Say so instead of showing a zombie.
      instance.post({ type: 'phase', phase: 'cancelled', message: 'The window was closed or reloaded during this run, so it stopped; use Re-run to start it again.' });
    }
    return instance;
  }

  get runId(): string {
    return this.state.runId;
  }

  get currentState(): PanelState {
    return this.state;
  }

  /** The webview has loaded and said `ready`. */
  get isReady(): boolean {
    return this.ready;
  }

  get isRunning(): boolean {
    return !['finished', 'cancelled', 'failed'].includes(this.state.phase);
  }

  post(message: ToPanel): void {
    // A run outlives its panel for a moment after the user closes it (the cancel is on its way).
    if (this.disposed) return;
    if (message.type === 'epochs') {
      this.state = applyToPanelState(this.state, message);
      this.pendingEpochs.push(...message.updates);
      this.scheduleFlush();
      return;
    }
    // Anything else goes after the epochs already queued, so the order is kept.
    this.flushEpochs('before another message');
    this.state = applyToPanelState(this.state, message);
    this.panel.title = title(this.state);
    this.send(message);
  }

  /**
   * Progress within epochs and over the run: only the latest of each is kept, and it goes out
   * with the timed epoch batches, so it adds no message rate of its own.
   */
  postProgress(progress: RunProgressUpdate, batch?: BatchUpdate): void {
    if (this.disposed) return;
    this.pendingProgress = progress;
    if (batch) this.pendingBatches.set(batch.key, batch);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    const wait = Math.max(0, PANEL_UPDATE_INTERVAL_MS - (Date.now() - this.lastFlush));
    this.flushTimer = setTimeout(() => this.flushEpochs('timer'), wait);
  }

  private flushEpochs(reason: 'timer' | 'before another message'): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.sendEpochs(reason);
    if (!this.pendingProgress) return;
    // Progress is never urgent: it waits for the timer, after the epochs it may refer to.
    if (reason !== 'timer') {
      this.scheduleFlush();
      return;
    }
    const message: ToPanel = { type: 'progress', progress: this.pendingProgress, batches: [...this.pendingBatches.values()] };
    this.pendingProgress = undefined;
    this.pendingBatches.clear();
    this.lastFlush = Date.now();
    this.state = applyToPanelState(this.state, message);
    this.send(message);
  }

  private sendEpochs(reason: 'timer' | 'before another message'): void {
    if (this.pendingEpochs.length === 0) return;
    const updates = this.pendingEpochs;
    this.pendingEpochs = [];
    this.lastFlush = Date.now();
    if (this.ready) this.postedEpochUpdates += updates.length;
    if (this.ready && reason === 'timer') {
      this.epochBatchTimes.push(performance.now());
      if (this.epochBatchTimes.length > 1000) this.epochBatchTimes.shift();
    } else if (this.ready) {
      this.orderedEpochBatches++;
    }
    this.send({ type: 'epochs', updates });
  }

  private send(message: ToPanel): void {
    // Before `ready` the webview cannot listen; it gets the whole state when it says ready.
    if (!this.ready) return;
    this.postMessage(message);
  }

  private postMessage(message: ToPanel): void {
    this.postedMessages++;
    // VS Code serialises the message on this thread: its size is the host's cost of the update.
    hostWork.run(`host → panel: ${message.type}`, () => void this.panel.webview.postMessage(message), { value: message, encoding: 'json' });
  }

  private onMessage(message: FromPanel): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.pendingEpochs = [];
        this.postMessage({ type: 'state', state: this.state });
        return;
      case 'stop':
        this.actions.stop(this.state.runId);
        return;
      case 'rerun':
        this.actions.rerun(this.state.runId);
        return;
      case 'exportReport':
        this.actions.exportReport(this.state.runId);
        return;
      case 'copyLossAsCode':
        this.actions.copyLossAsCode(this.state.runId, message.runKey);
        return;
      case 'exportNotebook':
        this.actions.exportNotebook(this.state.runId);
        return;
      case 'copyText':
        void copyText(String(message.text ?? ''), String(message.what ?? 'the table'));
        return;
      case 'choosePlane':
        this.actions.choosePlane(this.state.runId, message.plane === 'columns' ? 'columns' : 'pca');
        return;
      case 'saveImage':
        void saveImage(String(message.fileName ?? ''), String(message.dataUrl ?? ''));
        return;
      default: {
        const unexpected: never = message;
        void unexpected;
      }
    }
  }

  private dispose(): void {
    this.disposed = true;
    ResultsPanel.panels.delete(this.state.runId);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.isRunning) this.actions.closed(this.state.runId);
    for (const d of this.disposables) d.dispose();
    ResultsPanel.activeChanged.fire();
  }
}

function unrestorable(): PanelState {
  return { runId: `restored-${Date.now()}`, kind: 'comparison', fileName: 'Focal Lab', phase: 'cancelled', message: 'This panel could not be restored; open the run from the Runs view.', readFraction: 0, config: null, evaluation: null, dataset: null, decisionPlane: null, live: {}, results: null };
}

function title(state: PanelState): string {
  return panelTitle(state.kind, state.fileName, state.source);
}
