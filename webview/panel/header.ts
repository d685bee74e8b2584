// The header: file name, what the run is, the phase (with a progress bar while reading and
// per-model epoch counts while training) and the buttons: Stop while running, Re-run and
// Export Report once it ended.

import { timeLeft } from '../../src/shared/progressText';
import { describeRun, describeSettings, runNumberText } from '../../src/shared/runIdentity';
import type { FromPanel, LiveRun, PanelPhase, PanelState } from '../../src/shared/webviewProtocol';
import { button, h, setText } from './dom';
import { fmtPercent, fmtSeconds, quoted } from './format';
import { evaluationOf, protocolLine } from './protocolText';
import type { Series } from './series';

const RUNNING: readonly PanelPhase[] = ['reading', 'preparing', 'training', 'evaluating'];

export function isRunning(phase: PanelPhase): boolean {
  return RUNNING.includes(phase);
}

const PHASE_LABEL: Record<PanelPhase, string> = {
  reading: 'Reading',
  preparing: 'Preparing',
  training: 'Training',
  evaluating: 'Evaluating',
  finished: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** "fold 2 of 5 · Focal": the fit started last among the models training now. */
export function currentFit(series: Series[]): string {
  const training = series.filter((s) => s.live?.status === 'training');
  if (!training.length) return '';
  const latest = training.reduce((a, b) => ((b.live?.fitIndex ?? 0) >= (a.live?.fitIndex ?? 0) ? b : a));
  const live = latest.live!;
  const others = training.filter((s) => s !== latest && s.live?.fitIndex === live.fitIndex).map((s) => s.label);
  return `fold ${live.fitIndex + 1} of ${live.fits} · ${[...others, latest.label].join(', ')}`;
}

export class Header {
  readonly root: HTMLElement;
  private readonly title = h('h1', { class: 'fl-title' });
  private readonly kind = h('span', { class: 'fl-kind' });
  private readonly subtitle = h('p', { class: 'fl-subtitle' });
  private readonly protocol = h('p', { class: 'fl-subtitle fl-protocol', testid: 'protocol' });
  private readonly identity = h('p', { class: 'fl-subtitle fl-run-identity', testid: 'run-identity' });
  /** Time since the run started, ticking every second while it runs: something always moves. */
  private readonly elapsed = h('span', { class: 'fl-elapsed', testid: 'elapsed', 'aria-hidden': 'true' });
  private startedAt: { runId: string; at: number } | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly progress = h('p', { class: 'fl-fold-progress', testid: 'fold-progress', 'aria-live': 'off' });
  private readonly phase = h('div', { class: 'fl-phase', testid: 'phase' });
  private readonly badge = h('span', { class: 'fl-badge' });
  private readonly phaseText = h('span', { class: 'fl-phase-text' });
  private readonly announcer = h('div', { class: 'fl-sr-only', role: 'status', 'aria-live': 'polite' });
  private readonly bar = h('div', { class: 'fl-progress', role: 'progressbar', 'aria-label': 'Reading the file', 'aria-valuemin': 0, 'aria-valuemax': 100 });
  private readonly barFill = h('div', { class: 'fl-progress-fill' });
  private readonly models = h('ul', { class: 'fl-model-progress', 'aria-label': 'Models' });
  private readonly actions = h('div', { class: 'fl-actions' });
  private readonly stop: HTMLButtonElement;
  private readonly rerun: HTMLButtonElement;
  private readonly exportReport: HTMLButtonElement;
  private lastPhase: PanelPhase | null = null;

  constructor(post: (message: FromPanel) => void) {
    this.stop = button('Stop', 'stop', () => post({ type: 'stop' }), 'secondary', 'Stop training (keeps nothing of this run)');
    this.rerun = button('Re-run', 'rerun', () => post({ type: 'rerun' }), 'primary', 'Train again on the same file with the current settings');
    this.exportReport = button('Export Report', 'export', () => post({ type: 'exportReport' }), 'secondary', 'Write a Markdown and an HTML report and open it');
    this.bar.appendChild(this.barFill);
    this.phase.append(this.badge, this.phaseText, this.elapsed);
    const heading = h('div', { class: 'fl-heading' }, h('div', { class: 'fl-title-row' }, this.title, this.kind), this.identity, this.subtitle, this.protocol);
    this.root = h(
      'header',
      { class: 'fl-header' },
      h('div', { class: 'fl-header-main' }, heading, this.actions),
      h('div', { class: 'fl-status-row' }, this.phase, this.progress, this.models),
      this.bar,
      this.announcer,
    );
  }

  /** Forget cached drawings (the theme changed). */
  invalidate(): void {
    delete this.models.dataset.signature;
  }

  update(state: PanelState, series: Series[]): void {
    setText(this.title, state.fileName || state.dataset?.file || 'Focal Lab');
    const number = state.source ? runNumberText(state.source) : '';
    setText(this.kind, `${state.kind === 'sweep' ? 'gamma sweep' : 'loss comparison'}${number ? ` · ${number}` : ''}`);
    setText(this.identity, state.source ? describeSettings(state.kind, state.source.settings) : '');
    this.identity.hidden = !state.source;
    if (state.source) this.identity.title = state.source.file;
    const d = state.dataset;
    if (d) {
      const total = Object.values(d.classCounts).reduce((a, b) => a + b, 0);
      const pos = d.classCounts[d.positiveClass] ?? 0;
      // The task that ran: one multi-class model, or two classes (a class against the rest when the target has more).
      const several = Object.keys(d.classCounts).length > 2;
      if (d.task === 'multiclass' && d.classes) {
        setText(this.subtitle, `Target ${quoted(d.target)} · multi-class: one model over ${d.classes.length} classes (${d.classes.map((c) => `${quoted(c)} ${fmtPercent(total ? (d.classCounts[c] ?? 0) / total : null, 0)}`).join(', ')}) of ${total.toLocaleString('en-US')} rows`);
      } else {
        setText(this.subtitle, `Target ${quoted(d.target)} · ${several ? 'one-vs-rest: ' : ''}positive class ${quoted(d.positiveClass)} (${fmtPercent(total ? pos / total : null)} of ${total.toLocaleString('en-US')} rows)`);
      }
    } else {
      setText(this.subtitle, '');
    }
    this.subtitle.hidden = !d;
    const evaluation = evaluationOf(state.evaluation ?? state.results?.evaluation ?? state.multiclass?.evaluation ?? null, state.config);
    setText(this.protocol, evaluation ? `Protocol: ${protocolLine(evaluation)}` : '');
    this.protocol.hidden = !evaluation;
    const current = state.phase === 'training' ? currentFit(series) : '';
    setText(this.progress, current);
    this.progress.hidden = !current;

    const phase = state.phase;
    this.phase.className = `fl-phase fl-phase-${phase}`;
    setText(this.badge, PHASE_LABEL[phase]);
    setText(this.phaseText, this.phaseDetail(state, series));
    if (phase !== this.lastPhase) {
      this.lastPhase = phase;
      // A cancelled or failed run's sentence is in the banner (which announces itself): said once.
      setText(this.announcer, `${PHASE_LABEL[phase]}${state.message && phase !== 'cancelled' && phase !== 'failed' ? `: ${state.message}` : ''}`);
    }
    this.updateElapsed(state);

    const reading = phase === 'reading';
    this.bar.hidden = !reading;
    const percent = Math.round(Math.min(1, Math.max(0, state.readFraction)) * 100);
    this.barFill.style.width = `${percent}%`;
    this.bar.setAttribute('aria-valuenow', String(percent));

    this.updateModels(state, series);
    this.updateActions(state);
  }

  private phaseDetail(state: PanelState, series: Series[]): string {
    switch (state.phase) {
      case 'reading':
        return `the file… ${Math.round(state.readFraction * 100)}%`;
      case 'preparing':
        return 'the data: encoding, splitting, standardising…';
      case 'training': {
        const done = series.filter((s) => s.live && s.live.status !== 'training' && s.live.status !== 'waiting').length;
        const progress = state.progress;
        const share = progress ? ` · ${Math.floor(progress.fraction * 100)}%` : '';
        const eta = progress && progress.etaSeconds !== null ? ` · ${timeLeft(progress.etaSeconds)}` : '';
        return `${series.length} model${series.length === 1 ? '' : 's'}${done ? `, ${done} done` : ''}${share}${eta}`;
      }
      case 'evaluating':
        return 'the folds: summaries, paired comparisons, verdict…';
      case 'finished':
        return state.results || state.multiclass ? `in ${fmtSeconds((state.results ?? state.multiclass)!.durationSeconds)}` : '';
      case 'cancelled':
        // The banner below says why and that nothing was saved.
        return 'before the end';
      case 'failed':
        return state.message ?? 'The run failed.';
      default:
        return '';
    }
  }

  private updateModels(state: PanelState, series: Series[]): void {
    const show = state.phase === 'training' || state.phase === 'evaluating' || state.phase === 'cancelled';
    this.models.hidden = !show || series.length === 0;
    if (this.models.hidden) return;
    const signature = series.map((s) => `${s.key}:${s.live?.status}:${s.live?.fitIndex}:${s.live?.fitsDone}:${s.live?.trainLoss.length}/${s.live?.epochs}:${s.live?.batch?.batch}`).join('|');
    if (this.models.dataset.signature === signature) return;
    this.models.dataset.signature = signature;
    while (this.models.firstChild) this.models.removeChild(this.models.firstChild);
    for (const s of series) {
      const live = s.live;
      const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
      swatch.style.background = s.colour;
      const text = !live
        ? 'waiting'
        : live.status === 'failed'
          ? 'failed'
          : live.status === 'finished'
            ? 'done'
            : `fold ${live.fitIndex + 1}/${live.fits} · ${epochText(live)}`;
      // Over all the model's fits: the ended ones whole, the one shown by its epochs and part-epoch.
      const fraction = !live ? 0 : live.status === 'finished' ? 1 : (live.fitsDone + (live.epochs ? Math.min(1, epochsDone(live) / live.epochs) : 0)) / Math.max(1, live.fits);
      const meter = h('span', { class: 'fl-mini-meter', 'aria-hidden': 'true' }, h('span', { class: 'fl-mini-meter-fill' }));
      (meter.firstChild as HTMLElement).style.width = `${Math.round(Math.min(1, fraction) * 100)}%`;
      (meter.firstChild as HTMLElement).style.background = s.colour;
      const item = h('li', { class: `fl-model-chip${live?.status === 'failed' ? ' fl-chip-error' : ''}` }, swatch, h('span', { class: 'fl-model-name' }, s.label), meter, h('span', { class: 'fl-model-count' }, text));
      this.models.appendChild(item);
    }
  }

  /** The elapsed clock: started when this panel first sees the run running, ticking each second. */
  private updateElapsed(state: PanelState): void {
    const running = isRunning(state.phase);
    if (running && this.startedAt?.runId !== state.runId) this.startedAt = { runId: state.runId, at: Date.now() };
    if (running && !this.ticker) this.ticker = setInterval(() => this.tick(), 1000);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    this.elapsed.hidden = !running;
    this.tick();
  }

  private tick(): void {
    if (!this.startedAt) return;
    const seconds = Math.floor((Date.now() - this.startedAt.at) / 1000);
    setText(this.elapsed, ` · ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`);
  }

  private updateActions(state: PanelState): void {
    const running = isRunning(state.phase);
    // A run without results has nothing to export: no Export button, rather than a disabled one.
    const finished = state.results ?? state.multiclass ?? null;
    const wanted: HTMLButtonElement[] = running ? [this.stop] : finished ? [this.exportReport, this.rerun] : [this.rerun];
    this.rerun.title = state.source ? `Run ${describeRun(state.source)} again, with the settings it used` : 'Train again on the same file';
    this.exportReport.disabled = !finished;
    this.exportReport.title = finished ? 'Write a Markdown and an HTML report and open it' : 'Nothing to export: this run has no results';
    const current = [...this.actions.children];
    if (current.length === wanted.length && current.every((c, i) => c === wanted[i])) return;
    const focused = document.activeElement;
    while (this.actions.firstChild) this.actions.removeChild(this.actions.firstChild);
    this.actions.append(...wanted);
    // Keep keyboard focus in the toolbar when Stop turns into Re-run.
    if (focused instanceof HTMLButtonElement && !focused.isConnected && this.rerun.isConnected) this.rerun.focus();
  }
}

/** Epochs of the shown fit done, with the part of the epoch in progress. */
function epochsDone(live: LiveRun): number {
  const done = live.trainLoss.length;
  return live.batch && live.batch.epoch === done + 1 ? done + live.batch.batch / live.batch.batches : done;
}

/** "epoch 3/30", or within a long epoch "epoch 4/30, batch 120/683". */
export function epochText(live: LiveRun): string {
  const done = live.trainLoss.length;
  if (live.batch && live.batch.epoch === done + 1) return `epoch ${live.batch.epoch}/${live.epochs}, batch ${live.batch.batch}/${live.batch.batches}`;
  return `epoch ${done}/${live.epochs}`;
}
