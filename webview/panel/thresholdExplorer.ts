// The threshold explorer: per model, a slider over the thresholds of its operating points (exact
// counts on the pooled out-of-fold test rows) that updates the confusion matrix, precision,
// recall, false-positive rate and F1 as it moves, presets (validation-tuned F1, recall ≥ R, cost
// ratio FN:FP = k, 0.5), and the chosen point marked on the ROC and PR curves. It says which rows
// the numbers come from, and when the threshold was chosen by looking at those same rows (then
// the numbers are optimistic); the validation-tuned preset is the honest one.

import { countsAt, nearestPoint, operatingMetrics, pointForCost, pointForRecall, type OperatingPoints } from '../../src/core/metrics/operatingPoints';
import type { DatasetSummary } from '../../src/core/results';
import { prPoint, rocPoint, setMarker, type ChartPart } from './charts/curves';
import { matrix, thresholdEntries } from './confusion';
import { clear, h } from './dom';
import { fmt, fmtInt, quoted } from './format';
import type { Series } from './series';

export type Preset = 'validation' | 'default' | 'recall' | 'cost' | 'manual';

interface Choice {
  index: number;
  preset: Preset;
}

/** Whether a threshold was fixed before looking at the test rows (0.5, or tuned on validation rows). */
export function isHonest(preset: Preset): boolean {
  return preset === 'validation' || preset === 'default';
}

export class ThresholdExplorer {
  readonly root: HTMLElement;
  private readonly cards: ModelExplorer[] = [];

  constructor(series: Series[], dataset: DatasetSummary | null, folds: number, curves: ChartPart[]) {
    const negative = dataset?.negativeClass ?? 'negative';
    const positive = dataset?.positiveClass ?? 'positive';
    const models = series.filter((s) => !s.reference && s.points && s.pooled);
    const total = models[0]?.points ? models[0].points.positives + models[0].points.negatives : 0;
    const rows = folds > 1 ? `the ${fmtInt(total)} test rows pooled over the ${folds} folds (every row once, each predicted by the model of the fold that did not train on it)` : `the ${fmtInt(total)} rows of the test split`;
    this.root = h(
      'div',
      { class: 'fl-explorer', testid: 'threshold-explorer' },
      h(
        'p',
        { class: 'fl-legend', testid: 'explorer-rows' },
        `Counts on ${rows}, the same rows as the curves above; one threshold for all of them, predicting ${quoted(positive)} when the predicted probability ≥ the threshold. `,
        'A threshold picked here by looking at these rows flatters the model (optimistic): only the validation-tuned one (and 0.5) was fixed without seeing them. ',
        folds > 1 ? 'The tables above use each fold’s own tuned threshold instead of one shared threshold, so their numbers can differ slightly.' : '',
      ),
    );
    const grid = h('div', { class: 'fl-grid fl-explorer-grid' });
    this.root.appendChild(grid);
    for (const s of models) {
      const card = new ModelExplorer(s, negative, positive, curves);
      this.cards.push(card);
      grid.appendChild(card.root);
    }
  }

  /** Draws each model's starting point (the validation-tuned threshold) on the curves. */
  start(): void {
    for (const card of this.cards) card.start();
  }
}

class ModelExplorer {
  readonly root: HTMLElement;
  private readonly points: OperatingPoints;
  private readonly slider: HTMLInputElement;
  private readonly valueEl: HTMLElement;
  private readonly matrixSlot = h('div', { class: 'fl-explorer-matrix' });
  private readonly metricsEl = h('dl', { class: 'fl-explorer-metrics' });
  private readonly honestyEl = h('p', { class: 'fl-explorer-honesty', role: 'status', 'aria-live': 'polite' });
  private readonly presetButtons = new Map<Preset, HTMLButtonElement>();
  private readonly recallInput: HTMLInputElement;
  private readonly costInput: HTMLInputElement;
  private readonly tunedIndex: number | null;
  private readonly defaultIndex: number;
  private choice: Choice;

  constructor(
    private readonly series: Series,
    private readonly negative: string,
    private readonly positive: string,
    private readonly curves: ChartPart[],
  ) {
    this.points = series.points as OperatingPoints;
    const tuned = series.pooled ? thresholdEntries(series.pooled).tuned : undefined;
    this.tunedIndex = tuned ? this.points.thresholds.indexOf(tuned.threshold) : null;
    if (this.tunedIndex !== null && this.tunedIndex < 0) this.tunedIndex = nearestPoint(this.points, tuned!.threshold);
    this.defaultIndex = nearestPoint(this.points, 0.5);
    this.choice = { index: this.tunedIndex ?? this.defaultIndex, preset: this.tunedIndex !== null ? 'validation' : 'default' };

    const key = series.key;
    const id = `fl-threshold-${key.replace(/[^a-z0-9]/gi, '-')}`;
    this.slider = h('input', { type: 'range', id, min: 0, max: this.points.thresholds.length - 1, step: 1, value: this.choice.index, class: 'fl-explorer-slider', testid: `threshold-slider-${key}` });
    this.valueEl = h('output', { for: id, class: 'fl-explorer-value', testid: `threshold-value-${key}` });
    this.slider.addEventListener('input', () => this.select({ index: Number(this.slider.value), preset: 'manual' }));

    const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
    swatch.style.background = series.colour;
    this.recallInput = h('input', { type: 'number', min: 0.05, max: 1, step: 0.05, value: 0.8, class: 'fl-explorer-number', 'aria-label': 'Minimum recall', testid: `recall-target-${key}` });
    this.costInput = h('input', { type: 'number', min: 0.1, max: 1000, step: 1, value: 5, class: 'fl-explorer-number', 'aria-label': 'Cost of a missed positive in false alarms (k)', testid: `cost-ratio-${key}` });
    const presets = h('div', { class: 'fl-explorer-presets', role: 'group', 'aria-label': `Threshold presets for ${series.label}` });
    const preset = (name: Preset, label: string, title: string, ...extra: Node[]): void => {
      const b = h('button', { type: 'button', class: 'fl-button fl-button-secondary fl-preset', title, testid: `preset-${name}-${key}`, 'aria-pressed': 'false' }, label);
      b.addEventListener('click', () => this.applyPreset(name));
      this.presetButtons.set(name, b);
      presets.appendChild(h('span', { class: 'fl-preset-group' }, b, ...extra));
    };
    if (this.tunedIndex !== null) preset('validation', 'F1-optimal on validation', 'The threshold that maximised F1 on each fold’s validation rows (their mean): chosen without the test rows, the honest choice');
    preset('recall', 'Recall ≥', 'The highest threshold whose recall on these test rows reaches the target (chosen on the test rows: optimistic)', this.recallInput);
    preset('cost', 'Cost FN:FP =', 'The threshold with the lowest k·FN + FP on these test rows: a missed positive costs k false alarms (chosen on the test rows: optimistic)', h('span', { class: 'fl-preset-sep', 'aria-hidden': 'true' }, 'k'), this.costInput);
    preset('default', '0.5', 'The default threshold 0.5');
    for (const input of [this.recallInput, this.costInput]) input.addEventListener('change', () => this.applyPreset(input === this.recallInput ? 'recall' : 'cost'));

    const title = h('h3', { class: 'fl-card-title' }, swatch, series.label);
    this.root = h(
      'div',
      { class: 'fl-card fl-explorer-card', testid: `explorer-${key}` },
      title,
      h('div', { class: 'fl-explorer-slider-row' }, h('label', { for: id, class: 'fl-explorer-label' }, 'Threshold'), this.slider, this.valueEl),
      presets,
      h('div', { class: 'fl-explorer-body' }, this.matrixSlot, this.metricsEl),
      this.honestyEl,
    );
    this.render();
  }

  start(): void {
    this.select(this.choice);
  }

  private applyPreset(preset: Preset): void {
    let index: number | null = null;
    if (preset === 'validation') index = this.tunedIndex;
    else if (preset === 'default') index = this.defaultIndex;
    else if (preset === 'recall') {
      const target = Math.min(1, Math.max(0, Number(this.recallInput.value) || 0));
      index = pointForRecall(this.points, target);
    } else if (preset === 'cost') {
      const k = Math.max(0, Number(this.costInput.value) || 0);
      index = pointForCost(this.points, k);
    }
    if (index === null || index < 0) return;
    this.select({ index, preset });
  }

  private select(choice: Choice): void {
    this.choice = choice;
    if (this.slider.value !== String(choice.index)) this.slider.value = String(choice.index);
    this.render();
    const roc = this.curves.find((c) => c.chart.canvas?.dataset.testid === 'roc-chart');
    const pr = this.curves.find((c) => c.chart.canvas?.dataset.testid === 'pr-chart');
    if (roc) setMarker(roc, this.series.key, rocPoint(this.points, choice.index));
    if (pr) setMarker(pr, this.series.key, prPoint(this.points, choice.index));
  }

  private render(): void {
    const m = operatingMetrics(countsAt(this.points, this.choice.index));
    const { preset } = this.choice;
    this.valueEl.textContent = fmt(m.threshold, 3);
    this.slider.setAttribute('aria-valuetext', `threshold ${fmt(m.threshold, 3)}: recall ${fmt(m.recall, 2)}, precision ${fmt(m.precision, 2)}, false-positive rate ${fmt(m.falsePositiveRate, 3)}`);
    for (const [name, button] of this.presetButtons) button.setAttribute('aria-pressed', String(name === preset));
    clear(this.matrixSlot);
    this.matrixSlot.appendChild(matrix({ confusion: [[m.tn, m.fp], [m.fn, m.tp]] }, this.negative, this.positive, `at threshold ${fmt(m.threshold, 3)}`));
    clear(this.metricsEl);
    const rows: [string, string, string][] = [
      ['Precision', fmt(m.precision), `Of the rows flagged ${quoted(this.positive)}, the share that are: TP / (TP + FP)`],
      ['Recall (TPR)', fmt(m.recall), `Of the actual ${quoted(this.positive)} rows, the share flagged: TP / (TP + FN)`],
      ['False-positive rate', fmt(m.falsePositiveRate), `Of the actual ${quoted(this.negative)} rows, the share wrongly flagged: FP / (FP + TN)`],
      ['F1', fmt(m.f1), 'Harmonic mean of precision and recall'],
    ];
    for (const [label, value, hint] of rows) this.metricsEl.append(h('dt', { title: hint }, label), h('dd', { testid: `explorer-${label.split(' ')[0]!.toLowerCase()}-${this.series.key}` }, value));
    this.honestyEl.className = `fl-explorer-honesty ${isHonest(preset) ? 'fl-honest' : 'fl-optimistic'}`;
    this.honestyEl.dataset.testid = `explorer-honesty-${this.series.key}`;
    this.honestyEl.textContent = honestyText(preset);
  }
}

export function honestyText(preset: Preset): string {
  switch (preset) {
    case 'validation':
      return 'Tuned on the validation rows, never on these test rows: a fair estimate of what this threshold does on new data.';
    case 'default':
      return 'The fixed default 0.5, not chosen on these rows: a fair estimate (but rarely the best threshold for a rare class).';
    case 'recall':
      return 'Chosen on these test rows to reach the recall: optimistic — on new data recall and precision will usually come out lower.';
    case 'cost':
      return 'Chosen on these test rows to minimise the cost: optimistic — on new data the cost will usually be higher.';
    case 'manual':
      return 'Picked while looking at these test rows: optimistic as a choice — use the validation-tuned preset for an honest figure.';
    default: {
      const unexpected: never = preset;
      return unexpected;
    }
  }
}
