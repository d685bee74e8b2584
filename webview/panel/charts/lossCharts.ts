// Live training charts of the fold training now (reset when a model starts its next fold; once
// results exist, the first fold's): one chart per model (its own loss, training and validation,
// per epoch, the best epoch marked) and one shared chart of validation log-loss, the one measure
// comparable across losses. Charts are created once per model and updated in place.

import type { LiveRun, PanelState } from '../../../src/shared/webviewProtocol';
import { chartCard, describeChart, h, setText } from '../dom';
import { fmt, fmtShort, isNum } from '../format';
import type { Series } from '../series';
import { withAlpha, type Theme } from '../theme';
import { createLineChart, lineDataset, type LineChart, type LineDataset, type XY } from './setup';

interface ModelCard {
  card: HTMLElement;
  box: HTMLElement;
  empty: HTMLElement;
  canvas: HTMLCanvasElement;
  summary: HTMLElement;
  status: HTMLElement;
  error: HTMLElement;
  chart: LineChart;
  yTitle: string;
  /** What the chart was last drawn from (see updateModel). */
  drawnFrom?: unknown[];
}

function points(values: readonly (number | null)[]): (XY | null)[] {
  return values.map((y, i) => ({ x: i + 1, y: isNum(y) ? y : NaN }));
}

/** A vertical line at the best epoch, spanning the values drawn. */
function bestEpochLine(live: LiveRun): XY[] {
  if (!isNum(live.bestEpoch) || live.bestEpoch < 1 || live.trainLoss.length === 0) return [];
  const values = [...live.trainLoss, ...live.valLoss].filter(isNum);
  if (!values.length) return [];
  return [
    { x: live.bestEpoch, y: Math.min(...values) },
    { x: live.bestEpoch, y: Math.max(...values) },
  ];
}

function last(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (isNum(values[i])) return values[i];
  return null;
}

/** The y axis title: which loss the model trains on. */
export function ownLossTitle(series: Series, alpha: number | null, multiclass = false): string {
  const a = isNum(alpha) ? `α = ${fmt(alpha, 2)}` : '';
  switch (series.loss) {
    case 'bce':
      return multiclass ? 'Cross-entropy loss' : 'BCE loss';
    case 'weighted-bce':
      // With several classes alpha is one weight per class (the data section names them).
      if (multiclass) return 'Weighted cross-entropy loss';
      return a ? `Weighted BCE loss (${a})` : 'Weighted BCE loss';
    case 'focal':
      return `Focal loss (γ = ${fmtShort(series.gamma)})`;
    case 'alpha-focal':
      return `α-focal loss (γ = ${fmtShort(series.gamma)}${a ? `, ${a}` : ''})`;
    default:
      return 'Loss';
  }
}

/** "fold 2 of 5" (with the repeat when there are several), for the fit whose curves are shown. */
export function foldText(live: LiveRun): string {
  return `fold ${live.fitIndex + 1} of ${live.fits}`;
}

export function statusText(live: LiveRun | undefined, phase: PanelState['phase']): string {
  if (!live) return phase === 'training' || phase === 'preparing' || phase === 'reading' ? 'waiting' : 'not run';
  const done = live.trainLoss.length;
  const best = isNum(live.bestEpoch) && live.bestEpoch > 0 ? ` · best ${live.bestEpoch}` : '';
  switch (live.status) {
    case 'waiting':
      return 'waiting';
    case 'training':
      if (phase === 'cancelled' || phase === 'failed' || phase === 'finished') return `stopped: ${foldText(live)}, epoch ${done}/${live.epochs}`;
      // Within a long epoch: where it is, so a large file never looks frozen.
      if (live.batch && live.batch.epoch === done + 1) return `${foldText(live)} · epoch ${live.batch.epoch}/${live.epochs}, batch ${live.batch.batch}/${live.batch.batches}${best}`;
      return `${foldText(live)} · epoch ${done}/${live.epochs}${best}`;
    case 'finished':
      return live.fits > 1 ? `fold 1 of ${live.fits}: ${done} epochs${best}` : `${done} epochs${best}`;
    case 'failed':
      return 'failed';
    default:
      return '';
  }
}

export class TrainingCharts {
  readonly root: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly cards = new Map<string, ModelCard>();
  private logLoss: { card: HTMLElement; canvas: HTMLCanvasElement; summary: HTMLElement; chart: LineChart; keys: string; drawnFrom?: unknown[] } | null = null;
  private order = '';
  private readonly note: HTMLElement;

  constructor(private readonly theme: Theme, private readonly sweep: boolean) {
    this.grid = h('div', { class: 'fl-grid' });
    this.note = h('p', { class: 'fl-legend', testid: 'training-note' });
    this.root = h('section', { class: 'fl-section', 'aria-labelledby': 'fl-training-title' }, h('h2', { class: 'fl-section-title', id: 'fl-training-title' }, 'Training'), this.note, this.grid);
  }

  update(state: PanelState, series: Series[]): void {
    const visible = series.filter((s) => s.live);
    this.root.hidden = visible.length === 0;
    const fits = Math.max(0, ...visible.map((s) => s.live?.fits ?? 0));
    setText(
      this.note,
      state.results || state.multiclass
        ? fits > 1
          ? `Loss curves of the first of ${fits} folds; the dotted line marks the best epoch, whose weights were kept.`
          : 'Loss curves; the dotted line marks the best epoch, whose weights were kept.'
        : fits > 1
          ? 'Loss curves of the fold each model is training now (they restart with each fold); the dotted line marks the best epoch so far.'
          : 'Loss curves; the dotted line marks the best epoch so far.',
    );
    if (!this.sweep) for (const s of visible) this.updateModel(s, state);
    this.updateLogLoss(visible, state.dataset?.task === 'multiclass');
    const order = [...(this.sweep ? [] : visible.map((s) => s.key)), 'logloss'].join('|');
    if (order !== this.order) {
      this.order = order;
      for (const s of visible) {
        const card = this.cards.get(s.key);
        if (card) this.grid.appendChild(card.card);
      }
      if (this.logLoss) this.grid.appendChild(this.logLoss.card);
    }
  }

  private updateModel(series: Series, state: PanelState): void {
    const live = series.live as LiveRun;
    const yTitle = ownLossTitle(series, live.alphaForPositiveClass, state.dataset?.task === 'multiclass');
    let card = this.cards.get(series.key);
    if (!card) {
      const parts = chartCard(series.label, `loss-chart-${series.key}`);
      const status = h('span', { class: 'fl-chip' });
      const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
      swatch.style.background = series.colour;
      parts.titleEl.prepend(swatch);
      parts.titleEl.append(' ', status);
      const error = h('p', { class: 'fl-error', role: 'alert' });
      error.hidden = true;
      parts.card.insertBefore(error, parts.box);
      parts.card.classList.add('fl-model-card');
      this.grid.appendChild(parts.card);
      const datasets: LineDataset[] = [
        lineDataset('Training', series.colour, []),
        lineDataset('Validation', withAlpha(series.colour, 0.85), [], { borderDash: [5, 4], borderWidth: 2 }),
        lineDataset('Best epoch', withAlpha(this.theme.foreground, 0.7), [], { borderDash: [2, 3], borderWidth: 1.5, pointHitRadius: 0, pointHoverRadius: 0 }),
      ];
      const chart = createLineChart(parts.canvas, this.theme, datasets, { title: 'Epoch', min: 1, integer: true }, { title: yTitle }, { tooltipTitle: (x) => `Epoch ${x}` });
      const empty = h('p', { class: 'fl-empty', testid: `loss-empty-${series.key}` });
      empty.hidden = true;
      parts.card.insertBefore(empty, parts.box);
      card = { card: parts.card, box: parts.box, empty, canvas: parts.canvas, summary: parts.summary, status, error, chart, yTitle };
      this.cards.set(series.key, card);
    }
    setText(card.status, statusText(live, state.phase));
    card.status.classList.toggle('fl-chip-error', live.status === 'failed');
    card.error.hidden = !live.error;
    setText(card.error, live.error ?? '');
    // Most messages (batch progress, another model's epoch, the phase) leave this chart's curves as
    // they are; redrawing it anyway cost a chart layout per message. The curves are replaced, never
    // changed in place, so their identity says whether anything moved.
    const drawnFrom = [live.trainLoss, live.valLoss, live.bestEpoch, live.epochs, state.phase, yTitle];
    if (card.drawnFrom && drawnFrom.every((value, i) => value === card!.drawnFrom![i])) return;
    card.drawnFrom = drawnFrom;
    const chart = card.chart;
    chart.data.datasets[0].data = points(live.trainLoss);
    chart.data.datasets[1].data = points(live.valLoss);
    chart.data.datasets[2].data = bestEpochLine(live);
    // A line needs two points: until then the first epoch shows as a dot, not as empty axes.
    const dot = live.trainLoss.length === 1 ? 3 : 0;
    chart.data.datasets[0].pointRadius = dot;
    chart.data.datasets[1].pointRadius = dot;
    const xScale = chart.options.scales?.x;
    if (xScale) xScale.max = Math.max(2, live.epochs, live.trainLoss.length);
    if (card.yTitle !== yTitle) {
      card.yTitle = yTitle;
      const yScale = chart.options.scales?.y;
      if (yScale && 'title' in yScale && yScale.title) yScale.title.text = yTitle;
    }
    const n = live.trainLoss.length;
    // One epoch is one value: let the axis start at 0 rather than zoom into a sliver around it.
    const yAxis = chart.options.scales?.y;
    if (yAxis) yAxis.min = n <= 1 ? 0 : undefined;
    // A run that ended before this model finished an epoch has nothing to draw: say so instead of empty axes.
    const ended = state.phase === 'cancelled' || state.phase === 'failed' || state.phase === 'finished';
    card.box.hidden = ended && n === 0;
    card.empty.hidden = !card.box.hidden;
    setText(card.empty, state.phase === 'cancelled' ? 'Stopped before this model finished an epoch: nothing to draw.' : 'No epoch finished: nothing to draw.');
    chart.update('none');
    describeChart(
      card.canvas,
      card.summary,
      n
        ? `${series.label}, ${foldText(live)}: ${yTitle} per epoch. After epoch ${n} of ${live.epochs}: training ${fmt(last(live.trainLoss), 4)}, validation ${fmt(last(live.valLoss), 4)}${isNum(live.bestEpoch) && live.bestEpoch > 0 ? `; best epoch ${live.bestEpoch}` : ''}.`
        : `${series.label}: ${yTitle} per epoch. No epoch finished yet.`,
    );
  }

  private updateLogLoss(series: Series[], multiclass: boolean): void {
    if (series.length === 0) return;
    const keys = series.map((s) => `${s.key}:${s.colour}`).join('|');
    if (!this.logLoss) {
      const title = this.sweep ? 'Validation log-loss per gamma' : 'Validation log-loss, all models';
      const plain = multiclass ? 'Plain cross-entropy (multi-class log-loss)' : 'Plain BCE';
      const parts = chartCard(title, 'logloss-chart', `${plain} on the validation rows of the fold shown: comparable across losses; lower is better; a larger dot marks each best epoch.`);
      parts.card.classList.add(this.sweep ? 'fl-wide-card' : 'fl-logloss-card');
      this.grid.appendChild(parts.card);
      const chart = createLineChart(parts.canvas, this.theme, [], { title: 'Epoch', min: 1, integer: true }, { title: 'Validation log-loss' }, { tooltipTitle: (x) => `Epoch ${x}` });
      this.logLoss = { card: parts.card, canvas: parts.canvas, summary: parts.summary, chart, keys: '' };
    }
    const drawnFrom = [keys, ...series.flatMap((s) => [s.live?.valLogLoss, s.live?.bestEpoch, s.live?.epochs])];
    if (this.logLoss.drawnFrom && drawnFrom.length === this.logLoss.drawnFrom.length && drawnFrom.every((value, i) => value === this.logLoss!.drawnFrom![i])) return;
    this.logLoss.drawnFrom = drawnFrom;
    const { chart } = this.logLoss;
    if (this.logLoss.keys !== keys) {
      this.logLoss.keys = keys;
      chart.data.datasets = series.map((s) => lineDataset(s.label, s.colour, [], { borderDash: s.dash }));
    }
    let epochs = 2;
    series.forEach((s, i) => {
      const live = s.live as LiveRun;
      chart.data.datasets[i].data = points(live.valLogLoss);
      // The best epoch of each model: a larger point on its line.
      const best = isNum(live.bestEpoch) ? live.bestEpoch : -1;
      chart.data.datasets[i].pointRadius = live.valLogLoss.map((_, e) => (e + 1 === best ? 4.5 : live.valLogLoss.length === 1 ? 3 : 0));
      epochs = Math.max(epochs, live.epochs, live.valLogLoss.length);
    });
    const xScale = chart.options.scales?.x;
    if (xScale) xScale.max = epochs;
    const most = Math.max(0, ...series.map((s) => (s.live as LiveRun).valLogLoss.length));
    const yScale = chart.options.scales?.y;
    if (yScale) yScale.min = most <= 1 ? 0 : undefined;
    chart.update('none');
    const parts = series.map((s) => `${s.label} ${fmt(last((s.live as LiveRun).valLogLoss), 4)}`);
    describeChart(this.logLoss.canvas, this.logLoss.summary, `Validation log-loss per epoch. Latest: ${parts.join(', ')}.`);
  }

  destroy(): void {
    for (const card of this.cards.values()) card.chart.destroy();
    this.cards.clear();
    this.logLoss?.chart.destroy();
    this.logLoss = null;
    this.root.remove();
  }
}

