// The results of a multi-class comparison (one softmax model per loss over K classes): the
// headline metrics with intervals and paired differences, the per-class table (a column group
// per loss), the K × K confusion heat maps, one-vs-rest PR curves per class for a chosen model,
// and decision regions coloured by the predicted class with confidence as lightness. The
// two-class parts that have no K-class meaning here (threshold explorer, reliability of the
// positive class) are replaced by one line saying so. Every class name is set as text.

import { MULTICLASS_SUMMARY_METRICS } from '../../src/core/evaluation/multiclass';
import { rarestClass } from '../../src/core/metrics/multiclass';
import type { MulticlassPairedComparison } from '../../src/core/multiclassResults';
import { multiclassRunLabels } from '../../src/core/report/multiclassLabels';
import { readableOn } from '../../src/core/report/palette';
import { armStyle } from '../../src/core/arms';
import type { DecisionPlane } from '../../src/core/results';
import type { PanelMulticlassResults, PanelMulticlassRun } from '../../src/shared/webviewProtocol';
import { createLineChart, lineDataset, referenceDataset, type LineChart } from './charts/setup';
import { axisTitles, MARGIN, niceTicks, paintCells, sizeRegionCanvas } from './decisionRegions';
import { chartCard, describeChart, h } from './dom';
import { fmt, fmtInt, fmtPercent, isNum, quoted } from './format';
import { classColour, hex, lossColour, mix, referenceColour, rgb, withAlpha, type Theme } from './theme';
import type { ReferenceKind } from '../../src/core/results';
import { REFERENCE_LABELS } from './series';

const REFERENCE_ORDER: readonly ReferenceKind[] = ['base-rate', 'logistic-regression'];
const REFERENCE_TITLES: Readonly<Record<ReferenceKind, string>> = {
  'base-rate': 'Every row gets the class frequencies of its fold’s training rows: the floor any model must beat',
  'logistic-regression': 'Multinomial logistic regression (L2, C = 1) on the same inputs: the straight-line model the network must beat',
};

export interface MulticlassModel {
  run: PanelMulticlassRun;
  label: string;
  colour: string;
}

/** The finished and failed models in run order, with the labels users see for K classes ("Cross-entropy"). */
export function multiclassModels(results: PanelMulticlassResults, theme: Theme): MulticlassModel[] {
  const labels = multiclassRunLabels(results.runs);
  return results.runs.map((run, i) => ({ run, label: labels[i]!, colour: run.arm ? readableOn(armStyle(run.arm).colour, hex(theme.background)) : lossColour(theme, run.loss) }));
}

function swatch(colour: string): HTMLElement {
  const s = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
  s.style.background = colour;
  return s;
}

function interval(low: number | null, high: number | null): string {
  return isNum(low) && isNum(high) ? `[${fmt(low)}, ${fmt(high)}]` : '';
}

/** The rarest class (fewest rows in the file), as the verdict uses it. */
export function rarestOf(results: PanelMulticlassResults): number {
  return rarestClass(results.dataset.classes.map((c) => results.dataset.classCounts[c] ?? 0));
}

/** Headline and other metrics: per model the mean over test folds with its interval, and the paired difference with the baseline. */
export function renderMulticlassMetrics(results: PanelMulticlassResults, models: MulticlassModel[], theme: Theme): HTMLElement {
  const baselineId = results.comparisons[0]?.baseline;
  const baseline = models.find((m) => m.run.id === baselineId);
  const rarest = results.dataset.classes[rarestOf(results)] ?? '';
  const references = [...(results.references ?? [])].sort((a, b) => REFERENCE_ORDER.indexOf(a.kind) - REFERENCE_ORDER.indexOf(b.kind));
  const table = h('table', { class: 'fl-metrics', testid: 'mc-metrics-table' });
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Metric'));
  for (const m of models) head.appendChild(h('th', { scope: 'col' }, swatch(m.colour), m.label));
  for (const r of references) head.appendChild(h('th', { scope: 'col', class: 'fl-reference-col', title: REFERENCE_TITLES[r.kind] }, swatch(referenceColour(theme, r.kind)), REFERENCE_LABELS[r.kind], ' ', h('span', { class: 'fl-chip fl-chip-reference' }, 'reference')));
  table.appendChild(h('thead', {}, head));
  const body = h('tbody', {});
  const comparison = (runId: string, metric: string): MulticlassPairedComparison | undefined => results.comparisons.find((c) => c.loss === runId && c.metric === metric);
  for (const spec of MULTICLASS_SUMMARY_METRICS) {
    const name = spec.key === 'rarestClassRecall' ? `${spec.label} (${quoted(rarest)})` : spec.label;
    const tr = h('tr', { class: spec.headline ? 'fl-headline-row' : '' }, h('th', { scope: 'row', class: 'fl-metric-name', title: `${spec.description}; ${spec.better} is better` }, name, spec.headline ? ' ' : null, spec.headline ? h('span', { class: 'fl-chip' }, 'headline') : null));
    for (const m of models) {
      const summary = m.run.summary?.[spec.key];
      const cell = h('td', { class: 'fl-num' });
      if (!summary || m.run.status !== 'finished') cell.textContent = '—';
      else {
        cell.appendChild(h('span', {}, fmt(summary.mean)));
        const ci = interval(summary.ciLow, summary.ciHigh);
        if (ci) cell.appendChild(h('span', { class: 'fl-pm' }, ` ${ci}`));
        const diff = comparison(m.run.id, spec.key);
        if (diff && isNum(diff.meanDifference)) {
          const sign = diff.meanDifference >= 0 ? '+' : '−';
          const family = interval(diff.familyCiLow, diff.familyCiHigh);
          cell.appendChild(
            h('span', { class: 'fl-diff', title: `Paired difference with ${baseline?.label ?? 'the baseline'} over the same test rows; the interval holds for all ${diff.familySize} comparisons together${diff.reliable ? '' : ' (too few rows or folds to rely on)'}` }, ` Δ ${sign}${fmt(Math.abs(diff.meanDifference))}${family ? ` ${family}` : ''}`),
          );
        }
      }
      tr.appendChild(cell);
    }
    for (const r of references) {
      const summary = r.summary[spec.key];
      const ci = interval(summary.ciLow, summary.ciHigh);
      tr.appendChild(h('td', { class: 'fl-num fl-reference-col', testid: `mc-cell-reference-${r.kind}-${spec.key}` }, fmt(summary.mean), ci ? h('span', { class: 'fl-pm' }, ` ${ci}`) : null));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  const folds = results.evaluation.folds * results.evaluation.repeats;
  const note = h(
    'p',
    { class: 'fl-legend' },
    `Mean over ${folds > 1 ? `${folds} test folds` : 'the test split'} with its 95% interval${baseline ? `; Δ is the paired difference with ${baseline.label} and its family-wise interval (a difference is stated only when that interval excludes zero)` : ''}. Decisions are the class with the highest probability (argmax).${references.length ? ' References, fitted on the same rows: the base rate predicts the training class frequencies for every row; logistic regression is multinomial (L2, C = 1).' : ''}`,
  );
  return h('div', { class: 'fl-metrics-block' }, table, note);
}

/** Per class: support once, then per model precision, recall, F1 and one-vs-rest PR-AUC of the pooled out-of-fold predictions. */
export function renderPerClassTable(results: PanelMulticlassResults, models: MulticlassModel[], theme: Theme): HTMLElement {
  const shown = models.filter((m) => m.run.pooled);
  const classes = results.dataset.classes;
  const table = h('table', { class: 'fl-metrics fl-per-class', testid: 'mc-per-class-table' });
  table.appendChild(h('caption', { class: 'fl-sr-only' }, 'Per-class metrics of each model: precision, recall, F1 and one-vs-rest PR-AUC'));
  const groups = h('tr', {}, h('td', { colspan: 2 }));
  const columns = h('tr', {}, h('th', { scope: 'col' }, 'Class'), h('th', { scope: 'col', title: 'Test rows of the class (every row once, pooled over the folds)' }, 'Support'));
  const metricNames: [string, string][] = [
    ['Precision', 'Of the rows predicted as this class, the share that are'],
    ['Recall', 'Of the rows of this class, the share predicted as it'],
    ['F1', 'Harmonic mean of precision and recall'],
    ['PR-AUC', 'One-vs-rest average precision: this class against all others, ranked by its probability'],
  ];
  for (const m of shown) {
    groups.appendChild(h('th', { scope: 'colgroup', colspan: metricNames.length, class: 'fl-group' }, swatch(m.colour), m.label));
    for (const [name, title] of metricNames) columns.appendChild(h('th', { scope: 'col', title, 'aria-label': `${m.label} ${name}` }, name));
  }
  table.appendChild(h('thead', {}, groups, columns));
  const body = h('tbody', {});
  classes.forEach((name, c) => {
    const support = shown[0]?.run.pooled?.perClass[c]?.support;
    const tr = h('tr', {}, h('th', { scope: 'row' }, swatch(classColour(theme, c)), name), h('td', { class: 'fl-num' }, fmtInt(support)));
    for (const m of shown) {
      const row = m.run.pooled!.perClass[c];
      for (const value of [row?.precision, row?.recall, row?.f1, row?.prAuc]) tr.appendChild(h('td', { class: 'fl-num' }, fmt(value)));
    }
    body.appendChild(tr);
  });
  table.appendChild(body);
  const note = h('p', { class: 'fl-legend' }, `Pooled out-of-fold test predictions (every row once), decision by argmax. The support is the same for every model: the same rows.`);
  return h('div', { class: 'fl-metrics-block' }, table, note);
}

/** One K × K heat map per model: rows actual, columns predicted, each cell's count and share of its row, shaded by that share. */
export function renderMulticlassConfusion(results: PanelMulticlassResults, models: MulticlassModel[]): HTMLElement {
  const classes = results.dataset.classes;
  const grid = h('div', { class: 'fl-grid fl-confusion-grid' });
  for (const m of models) {
    const confusion = m.run.pooled?.confusion;
    if (!confusion) continue;
    const table = h('table', { class: 'fl-confusion fl-confusion-k', testid: `mc-confusion-${m.run.id}` });
    table.appendChild(h('caption', {}, `${classes.length} × ${classes.length}, argmax`));
    const head = h('tr', {}, h('td', { class: 'fl-corner' }, h('span', { class: 'fl-axis-note' }, 'pred. →'), h('span', { class: 'fl-axis-note' }, 'actual ↓')));
    for (const name of classes) head.appendChild(h('th', { scope: 'col', title: `predicted ${name}` }, h('span', { class: 'fl-sr-only' }, 'predicted '), name));
    table.appendChild(h('thead', {}, head));
    const body = h('tbody', {});
    confusion.forEach((row, actual) => {
      const name = classes[actual] ?? String(actual);
      const total = row.reduce((a, b) => a + b, 0);
      const tr = h('tr', {}, h('th', { scope: 'row', title: `actual ${name}` }, h('span', { class: 'fl-sr-only' }, 'actual '), name));
      row.forEach((count, predicted) => {
        const share = total ? count / total : 0;
        const correct = actual === predicted;
        const td = h(
          'td',
          { class: `fl-cell ${correct ? 'fl-cell-correct' : 'fl-cell-wrong'}`, title: `${fmtInt(count)} of ${fmtInt(total)} actual ${name} predicted ${classes[predicted] ?? predicted} (${(share * 100).toFixed(1)}%)` },
          h('span', { class: 'fl-cell-count' }, fmtInt(count)),
          h('span', { class: 'fl-cell-share' }, `${(share * 100).toFixed(0)}%`),
        );
        td.style.setProperty('--fl-share', String(Math.round(share * 100) / 100));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    // A stop for Tab: a screen reader then reads the table cell by cell.
    grid.appendChild(h('div', { class: 'fl-card fl-confusion-card', tabindex: 0, role: 'group', 'aria-label': `Confusion matrix of ${m.label}, ${classes.length} classes` }, h('h3', { class: 'fl-card-title' }, swatch(m.colour), m.label), table));
  }
  const folds = results.evaluation.folds;
  const note = h('p', { class: 'fl-legend' }, `${folds > 1 ? `Counts summed over the ${folds} test folds of the first repeat (every row once). ` : ''}Rows: actual class; columns: predicted class (the highest probability). Percentages are shares of the actual class; the diagonal is shaded green, mistakes red, stronger for a larger share.`);
  return h('div', {}, grid, note);
}

/** One-vs-rest precision–recall curves, one per class, of the model chosen in the select. */
export class PerClassPrCurves {
  readonly root: HTMLElement;
  private chart: LineChart | null = null;
  private readonly parts: ReturnType<typeof chartCard>;

  constructor(
    private readonly results: PanelMulticlassResults,
    private readonly models: MulticlassModel[],
    private readonly theme: Theme,
  ) {
    const withCurves = models.filter((m) => m.run.pooled?.prCurves);
    const select = h('select', { class: 'fl-select', testid: 'mc-pr-model', id: 'fl-mc-pr-model' });
    for (const m of withCurves) {
      const option = h('option', { value: m.run.id }, m.label);
      select.appendChild(option);
    }
    select.addEventListener('change', () => this.show(select.value));
    this.parts = chartCard('Precision–recall per class', 'mc-pr-chart', 'Each class against all the others (one-vs-rest), pooled out-of-fold predictions; dashed: the class’s share of the rows (a model without skill).');
    this.root = h('div', { class: 'fl-mc-pr' }, h('label', { class: 'fl-field-label', for: 'fl-mc-pr-model' }, 'Model: '), select, this.parts.card);
    this.initial = withCurves[withCurves.length - 1]?.run.id ?? null;
    if (this.initial) select.value = this.initial;
  }

  private readonly initial: string | null;

  /** Draws the first chart; call once the root is in the document (chart.js measures its container). */
  start(): LineChart | null {
    if (this.initial) this.show(this.initial);
    return this.chart;
  }

  get current(): LineChart | null {
    return this.chart;
  }

  show(runId: string): void {
    const model = this.models.find((m) => m.run.id === runId);
    const pooled = model?.run.pooled;
    if (!model || !pooled) return;
    const classes = this.results.dataset.classes;
    const total = pooled.perClass.reduce((sum, c) => sum + c.support, 0);
    const datasets = pooled.prCurves.map((curve, c) => lineDataset(`${classes[c]} · AP ${fmt(pooled.perClass[c]?.prAuc)}`, classColour(this.theme, c), curve.map((p) => ({ x: p.x, y: p.y })), { stepped: 'before' }));
    pooled.perClass.forEach((row, c) => {
      const share = total ? row.support / total : 0;
      datasets.push({ ...referenceDataset(`Share of ${classes[c]}`, this.theme, [{ x: 0, y: share }, { x: 1, y: share }]), borderColor: withAlpha(classColour(this.theme, c), 0.6) });
    });
    this.chart?.destroy();
    this.chart = createLineChart(this.parts.canvas, this.theme, datasets, { title: 'Recall', min: 0, max: 1 }, { title: 'Precision', min: 0, max: 1 }, { tooltipLabel: (name, x, y) => `${name}: recall ${x.toFixed(3)} · precision ${y.toFixed(3)}` });
    describeChart(this.parts.canvas, this.parts.summary, `One-vs-rest precision–recall curves of ${model.label}. ${classes.map((name, c) => `${name}: average precision ${fmt(pooled.perClass[c]?.prAuc)}, ${fmtPercent(total ? (pooled.perClass[c]?.support ?? 0) / total : null)} of the rows`).join('; ')}.`);
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}

/** The colour of a cell: its predicted class's colour, stronger the more confident (1/K: the background, 1: the full colour). */
export function regionCellColour(theme: Theme, predicted: number, confidence: number, classes: number): [number, number, number] {
  const floor = 1 / classes;
  const t = Math.max(0, Math.min(1, (confidence - floor) / (1 - floor || 1)));
  const strength = theme.kind.startsWith('high-contrast') ? 0.85 : 0.65;
  return mix(rgb(theme.background), rgb(classColour(theme, predicted)), 0.15 + t * (strength - 0.15));
}

/** Decision regions of one model: the predicted class per cell of the plane, lightness from its probability, test points by class on top. */
export class MulticlassRegionPlot {
  readonly card: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly box: HTMLElement;
  private readonly observer: ResizeObserver;

  constructor(
    model: MulticlassModel,
    private readonly plane: DecisionPlane,
    private readonly classes: string[],
    private readonly theme: Theme,
  ) {
    const titles = axisTitles(plane);
    const region = model.run.decisionRegion!;
    const cells = region.predicted.length || 1;
    const shares = classes.map((name, c) => `${name} ${fmtPercent(region.predicted.filter((p) => p === c).length / cells, 0)}`).join(', ');
    const label = `Decision regions of ${model.label} on ${titles.x} and ${titles.y}: share of the plane predicted as each class: ${shares}. ${plane.points.x.length} test points drawn on top.`;
    this.canvas = h('canvas', { testid: `mc-region-${model.run.id}`, role: 'img', 'aria-label': label });
    this.box = h('div', { class: 'fl-region-box' }, this.canvas);
    this.card = h('figure', { class: 'fl-card fl-region-card' }, h('h3', { class: 'fl-card-title' }, swatch(model.colour), model.label), h('p', { class: 'fl-card-subtitle' }, `First fold's model · plane predicted as ${shares}`), this.box);
    this.observer = new ResizeObserver(() => this.draw());
    this.observer.observe(this.box);
    this.region = region;
  }

  private readonly region: { predicted: number[]; confidence: number[] };

  draw(): void {
    const cssWidth = Math.floor(this.box.clientWidth);
    if (cssWidth <= 0) return;
    const sized = sizeRegionCanvas(this.canvas, cssWidth);
    if (!sized) return;
    const { ctx, cssHeight } = sized;
    const { plane, theme } = this;
    const k = this.classes.length;
    const left = MARGIN.left;
    const top = MARGIN.top;
    const w = cssWidth - MARGIN.left - MARGIN.right;
    const hgt = cssHeight - MARGIN.top - MARGIN.bottom;
    const sx = (x: number): number => left + ((x - plane.xMin) / (plane.xMax - plane.xMin || 1)) * w;
    const sy = (y: number): number => top + hgt - ((y - plane.yMin) / (plane.yMax - plane.yMin || 1)) * hgt;
    const n = plane.steps;
    const { predicted, confidence } = this.region;
    // Class borders stay sharp: no smoothing between cells of different classes.
    if (predicted.length >= n * n && paintCells(ctx, { left, top, w, hgt }, n, (cell) => regionCellColour(theme, predicted[cell]!, confidence[cell]!, k), false)) {
      // Test points: the common classes first, the rarer ones on top and larger.
      const { x, y, labels } = plane.points;
      const counts = this.classes.map((_, c) => labels.filter((l) => l === c).length);
      const order = this.classes.map((_, c) => c).sort((a, b) => counts[b]! - counts[a]!);
      order.forEach((c, rank) => {
        ctx.fillStyle = classColour(theme, c);
        ctx.strokeStyle = rank === order.length - 1 ? theme.foreground : withAlpha(theme.background, 0.9);
        ctx.lineWidth = 0.9;
        const radius = 2.2 + (0.8 * rank) / Math.max(1, order.length - 1);
        for (let p = 0; p < x.length; p++) {
          if (labels[p] !== c) continue;
          ctx.beginPath();
          ctx.arc(sx(x[p]!), sy(y[p]!), radius, 0, Math.PI * 2);
          ctx.fill();
          ctx.stroke();
        }
      });
      ctx.restore();
    }
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, w - 1, hgt - 1);
    ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.mutedForeground;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(plane.xMin, plane.xMax, Math.max(2, Math.floor(w / 70)))) ctx.fillText(String(+t.toPrecision(4)), sx(t), top + hgt + 6);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(plane.yMin, plane.yMax, Math.max(2, Math.floor(hgt / 45)))) ctx.fillText(String(+t.toPrecision(4)), left - 6, sy(t));
    const titles = axisTitles(plane);
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(titles.x, left + w / 2, cssHeight - 2);
    ctx.save();
    ctx.translate(11, top + hgt / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(titles.y, 0, 0);
    ctx.restore();
  }

  destroy(): void {
    this.observer.disconnect();
  }
}

/** The legend of the multi-class maps: one swatch per class, and what lightness means. */
export function multiclassRegionLegend(theme: Theme, classes: string[]): HTMLElement {
  const items = classes.map((name, c) => {
    const dot = h('span', { class: 'fl-dot', 'aria-hidden': 'true' });
    dot.style.background = classColour(theme, c);
    return h('span', { class: 'fl-legend-item' }, dot, `region and test points of class ${quoted(name)}`);
  });
  return h('div', { class: 'fl-region-legend', testid: 'mc-region-legend' }, ...items, h('span', { class: 'fl-legend-item' }, `Paler: less confident (the predicted class's probability near 1/${classes.length}); stronger: near 1.`));
}
