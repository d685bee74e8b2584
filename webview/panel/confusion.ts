// Confusion matrices per model (and reference predictor), summed over the test folds: at threshold
// 0.5 and at each fold's validation-tuned threshold. Cells are shaded by their share of the
// actual class (row), green on the diagonal, red off it.

import type { DatasetSummary, ModelMetrics, ThresholdMetrics } from '../../src/core/results';
import { h } from './dom';
import { fmt, fmtInt, quoted } from './format';
import type { Series } from './series';

export function matrix(t: Pick<ThresholdMetrics, 'confusion'>, negative: string, positive: string, caption: string): HTMLElement {
  const [[tn, fp], [fn, tp]] = t.confusion;
  const table = h('table', { class: 'fl-confusion' });
  table.appendChild(h('caption', {}, caption));
  table.appendChild(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('td', { class: 'fl-corner' }, h('span', { class: 'fl-axis-note' }, 'pred. →'), h('span', { class: 'fl-axis-note' }, 'actual ↓')),
        h('th', { scope: 'col', title: `predicted ${negative}` }, h('span', { class: 'fl-sr-only' }, 'predicted '), negative),
        h('th', { scope: 'col', title: `predicted ${positive}` }, h('span', { class: 'fl-sr-only' }, 'predicted '), positive),
      ),
    ),
  );
  const body = h('tbody', {});
  const rows: [string, number, number, boolean][] = [
    [negative, tn, fp, false],
    [positive, fn, tp, true],
  ];
  for (const [name, a, b, isPositive] of rows) {
    const total = a + b;
    const tr = h('tr', {}, h('th', { scope: 'row', title: `actual ${name}` }, h('span', { class: 'fl-sr-only' }, 'actual '), name));
    const cells: [number, boolean][] = [
      [a, !isPositive],
      [b, isPositive],
    ];
    for (const [count, correct] of cells) {
      const share = total ? count / total : 0;
      const td = h('td', { class: `fl-cell ${correct ? 'fl-cell-correct' : 'fl-cell-wrong'}`, title: `${fmtInt(count)} of ${fmtInt(total)} actual ${name} (${(share * 100).toFixed(1)}%)` }, h('span', { class: 'fl-cell-count' }, fmtInt(count)), h('span', { class: 'fl-cell-share' }, `${(share * 100).toFixed(0)}%`));
      td.style.setProperty('--fl-share', String(Math.round(share * 100) / 100));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

export function thresholdEntries(m: Pick<ModelMetrics, 'atThreshold'>): { at05: ThresholdMetrics | undefined; tuned: ThresholdMetrics | undefined } {
  return {
    at05: m.atThreshold.find((t) => t.thresholdSource === 'default') ?? m.atThreshold[0],
    tuned: m.atThreshold.find((t) => t.thresholdSource === 'validation-f1'),
  };
}

export function renderConfusion(series: Series[], dataset: DatasetSummary | null, folds: number): HTMLElement {
  const negative = dataset?.negativeClass ?? 'negative';
  const positive = dataset?.positiveClass ?? 'positive';
  const grid = h('div', { class: 'fl-grid fl-confusion-grid' });
  for (const s of series) {
    const m = s.pooled;
    if (!m) continue;
    const { at05, tuned } = thresholdEntries(m);
    const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
    swatch.style.background = s.colour;
    const pair = h('div', { class: 'fl-confusion-pair' });
    if (at05) pair.appendChild(matrix(at05, negative, positive, 'threshold 0.5'));
    if (tuned) pair.appendChild(matrix(tuned, negative, positive, folds > 1 ? 'tuned threshold (per fold)' : `tuned threshold ${fmt(tuned.threshold, 3)}`));
    const title = h('h3', { class: 'fl-card-title' }, swatch, s.label);
    if (s.reference) title.appendChild(h('span', { class: 'fl-chip fl-chip-reference' }, 'reference'));
    // A stop for Tab: a screen reader then reads the card's tables cell by cell.
    grid.appendChild(h('div', { class: `fl-card${s.reference ? ' fl-reference-card' : ''}`, testid: `confusion-${s.key}`, tabindex: 0, role: 'group', 'aria-label': `Confusion matrices of ${s.label}` }, title, pair));
  }
  const summed = folds > 1 ? `Counts summed over the ${folds} test folds (every row once per repeat), each fold at its own tuned threshold. ` : '';
  const note = h('p', { class: 'fl-legend' }, `${summed}Rows: actual class; columns: predicted class (positive ${quoted(positive)} when the predicted probability ≥ the threshold). Percentages are shares of the actual class.`);
  return h('div', {}, grid, note);
}
