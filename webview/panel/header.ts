// The header: file name, what the run is, the phase (with a progress bar while reading and
// per-model epoch counts while training) and the buttons: Stop while running, Re-run and
// Export Report once it ended.

import type { FromPanel, PanelPhase, PanelState } from '../../src/shared/webviewProtocol';
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
    this.phase.append(this.badge, this.phaseText);
    const heading = h('div', { class: 'fl-heading' }, h('div', { class: 'fl-title-row' }, this.title, this.kind), this.subtitle, this.protocol);
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
    setText(this.kind, state.kind === 'sweep' ? 'gamma sweep' : 'loss comparison');
    const d = state.dataset;
    if (d) {
      const total = Object.values(d.classCounts).reduce((a, b) => a + b, 0);
      const pos = d.classCounts[d.positiveClass] ?? 0;
      setText(this.subtitle, `Target ${quoted(d.target)} · positive class ${quoted(d.positiveClass)} (${fmtPercent(total ? pos / total : null)} of ${total.toLocaleString('en-US')} rows)`);
    } else {
      setText(this.subtitle, '');
    }
    this.subtitle.hidden = !d;
    const evaluation = evaluationOf(state.evaluation ?? state.results?.evaluation ?? null, state.config);
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
      setText(this.announcer, `${PHASE_LABEL[phase]}${state.message ? `: ${state.message}` : ''}`);
    }

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
        return `${series.length} model${series.length === 1 ? '' : 's'}${done ? `, ${done} done` : ''}`;
      }
      case 'evaluating':
        return 'the folds: summaries, paired comparisons, verdict…';
      case 'finished':
        return state.results ? `in ${fmtSeconds(state.results.durationSeconds)}` : '';
      case 'cancelled':
        return state.message ?? 'Stopped before the end.';
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
    const signature = series.map((s) => `${s.key}:${s.live?.status}:${s.live?.fitIndex}:${s.live?.fitsDone}:${s.live?.trainLoss.length}/${s.live?.epochs}`).join('|');
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
            : `fold ${live.fitIndex + 1}/${live.fits} · ${live.trainLoss.length}/${live.epochs}`;
      // Over all the model's fits: the ended ones whole, the one shown by its epochs.
      const fraction = !live ? 0 : live.status === 'finished' ? 1 : (live.fitsDone + (live.epochs ? Math.min(1, live.trainLoss.length / live.epochs) : 0)) / Math.max(1, live.fits);
      const meter = h('span', { class: 'fl-mini-meter', 'aria-hidden': 'true' }, h('span', { class: 'fl-mini-meter-fill' }));
      (meter.firstChild as HTMLElement).style.width = `${Math.round(Math.min(1, fraction) * 100)}%`;
      (meter.firstChild as HTMLElement).style.background = s.colour;
      const item = h('li', { class: `fl-model-chip${live?.status === 'failed' ? ' fl-chip-error' : ''}` }, swatch, h('span', { class: 'fl-model-name' }, s.label), meter, h('span', { class: 'fl-model-count' }, text));
      this.models.appendChild(item);
    }
  }

  private updateActions(state: PanelState): void {
    const running = isRunning(state.phase);
    const wanted: HTMLButtonElement[] = running ? [this.stop] : [this.exportReport, this.rerun];
    this.exportReport.disabled = !state.results;
    this.exportReport.title = state.results ? 'Write a Markdown and an HTML report and open it' : 'Nothing to export: this run has no results';
    const current = [...this.actions.children];
    if (current.length === wanted.length && current.every((c, i) => c === wanted[i])) return;
    const focused = document.activeElement;
    while (this.actions.firstChild) this.actions.removeChild(this.actions.firstChild);
    this.actions.append(...wanted);
    // Keep keyboard focus in the toolbar when Stop turns into Re-run.
    if (focused instanceof HTMLButtonElement && !focused.isConnected && this.rerun.isConnected) this.rerun.focus();
  }
}
