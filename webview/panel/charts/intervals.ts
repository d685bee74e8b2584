// Interval charts on category rows: the paired differences from the baseline (one row per loss ×
// headline metric: the 95% interval as a bar, the family-wise interval as a thin line, the mean as
// a point, zero marked; reliable rows in the loss's colour and filled, the others muted and
// hollow), and a strip of per-fold PR-AUC dots per model and reference predictor.

import type { PairedComparison } from '../../../src/core/results';
import { SUMMARY_METRICS } from '../../../src/core/evaluation/summaryMetrics';
import type { PanelResults } from '../../../src/shared/webviewProtocol';
import { chartCard, describeChart } from '../dom';
import { fmt, fmtSigned, isNum } from '../format';
import { metricLabel } from '../metricsTable';
import { methodName } from '../protocolText';
import type { Series } from '../series';
import { withAlpha, type Theme } from '../theme';
import type { ChartPart } from './curves';
import { createLineChart, lineDataset, type LineDataset, type XY } from './setup';

export interface DifferenceRow {
  series: Series;
  comparison: PairedComparison;
  label: string;
}

/** One row per non-baseline loss × headline metric that has a comparison, in table order. */
export function differenceRows(series: Series[], results: PanelResults, word: string): DifferenceRow[] {
  const rows: DifferenceRow[] = [];
  for (const s of series) {
    if (!s.run) continue;
    for (const spec of SUMMARY_METRICS.filter((m) => m.headline)) {
      const comparison = results.comparisons.find((c) => c.loss === s.run?.id && c.metric === spec.key);
      if (!comparison || !isNum(comparison.meanDifference)) continue;
      rows.push({ series: s, comparison, label: `${s.label} · ${metricLabel(spec, word)} ${spec.better === 'higher' ? '↑' : '↓'}` });
    }
  }
  return rows;
}

function rowAxis(chart: ReturnType<typeof createLineChart>, labels: string[]): void {
  const y = chart.options.scales?.y;
  if (y && y.type === 'linear') {
    y.reverse = true;
    y.min = -0.6;
    y.max = labels.length - 0.4;
    y.grid = { ...(y.grid ?? {}), display: false };
    if (y.title) y.title.display = false;
    y.afterBuildTicks = (scale) => void (scale.ticks = labels.map((_, value) => ({ value })));
    if (y.ticks) y.ticks.callback = (value) => labels[Number(value)] ?? '';
  }
}

function boxHeight(box: HTMLElement, rows: number): void {
  box.style.height = `${Math.max(140, 26 * rows + 70)}px`;
}

function range(values: number[], pad: number): { min: number; max: number } {
  const finite = values.filter(isNum);
  if (!finite.length) return { min: -1, max: 1 };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = Math.max(hi - lo, 1e-3);
  return { min: lo - span * pad, max: hi + span * pad };
}

export function differenceChart(parent: HTMLElement, rows: DifferenceRow[], theme: Theme, baselineLabel: string): ChartPart {
  const first = rows[0]?.comparison;
  const method = first ? methodName(first.method) : '';
  const parts = chartCard(
    `Difference from ${baselineLabel}`,
    'difference-chart',
    `Paired per-fold differences (loss − ${baselineLabel}), ${method}${first ? `, n = ${first.n}` : ''}. Bar: 95% interval; thin line: family-wise interval (Bonferroni over ${first?.familySize ?? 0} comparisons); dot: mean; vertical line: zero. Filled, in colour: reliable (family-wise interval excludes zero).`,
  );
  parts.card.classList.add('fl-wide-card');
  boxHeight(parts.box, rows.length);
  parent.appendChild(parts.card);
  const muted = withAlpha(theme.mutedForeground, 0.7);
  const datasets: LineDataset[] = [];
  rows.forEach((row, i) => {
    const c = row.comparison;
    const colour = c.reliable ? row.series.colour : muted;
    if (isNum(c.familyCiLow) && isNum(c.familyCiHigh)) {
      datasets.push(lineDataset(`\u200bfamily ${i}`, colour, [{ x: c.familyCiLow, y: i }, { x: c.familyCiHigh, y: i }], { borderWidth: 1.5, pointRadius: 0, pointHitRadius: 0 }));
    }
    if (isNum(c.ciLow) && isNum(c.ciHigh)) {
      datasets.push(lineDataset(`\u200binterval ${i}`, withAlpha(colour, c.reliable ? 0.55 : 0.4), [{ x: c.ciLow, y: i }, { x: c.ciHigh, y: i }], { borderWidth: 8, borderCapStyle: 'butt', pointRadius: 0, pointHitRadius: 0 }));
    }
    datasets.push(
      lineDataset(row.label, colour, [{ x: c.meanDifference as number, y: i }], {
        showLine: false,
        pointRadius: 5,
        pointHoverRadius: 7,
        pointBorderWidth: 2,
        pointBorderColor: colour,
        pointBackgroundColor: c.reliable ? colour : theme.background,
      }),
    );
  });
  const xs = rows.flatMap((r) => [r.comparison.familyCiLow, r.comparison.familyCiHigh, r.comparison.ciLow, r.comparison.ciHigh, r.comparison.meanDifference, 0]).filter(isNum);
  const bounds = range(xs, 0.08);
  datasets.push(lineDataset('\u200bzero', withAlpha(theme.foreground, 0.8), [{ x: 0, y: -0.6 }, { x: 0, y: rows.length - 0.4 }], { borderWidth: 1.5, pointRadius: 0, pointHitRadius: 0 }));
  const chart = createLineChart(parts.canvas, theme, datasets, { title: `Difference from ${baselineLabel} (loss − baseline)`, min: bounds.min, max: bounds.max }, { title: '' }, { legend: false });
  rowAxis(chart, rows.map((r) => r.label));
  chart.options.interaction = { mode: 'nearest', intersect: true };
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip?.callbacks) {
    tooltip.callbacks.title = (items) => (items.length ? (rows[Math.round(items[0].parsed.y ?? 0)]?.label ?? '') : '');
    tooltip.callbacks.label = (item) => {
      const c = rows[Math.round(item.parsed.y ?? 0)]?.comparison;
      return c ? `mean ${fmtSigned(c.meanDifference)} · 95% ${fmtSigned(c.ciLow)} to ${fmtSigned(c.ciHigh)} · family-wise ${fmtSigned(c.familyCiLow)} to ${fmtSigned(c.familyCiHigh)}${c.reliable ? ' · reliable' : ''}` : '';
    };
  }
  chart.update('none');
  describeChart(
    parts.canvas,
    parts.summary,
    `Paired differences from ${baselineLabel} (${method}). ${rows
      .map((r) => `${r.label}: ${fmtSigned(r.comparison.meanDifference)}, 95% interval ${fmtSigned(r.comparison.ciLow)} to ${fmtSigned(r.comparison.ciHigh)}, ${r.comparison.reliable ? 'reliable' : 'not reliable'}`)
      .join('; ')}.`,
  );
  return { card: parts.card, chart };
}

/** Per-fold PR-AUC dots, one row per model and reference predictor, with the mean and its 95% interval. */
export function foldStripChart(parent: HTMLElement, columns: Series[], theme: Theme, folds: number): ChartPart {
  const rows = columns.filter((s) => s.summary?.prAuc);
  const parts = chartCard('PR-AUC per fold', 'fold-strip-chart', `One dot per test fold (${folds}); tick: mean; line: its 95% interval. The spread is what a single split would leave to chance.`);
  parts.card.classList.add('fl-wide-card');
  boxHeight(parts.box, rows.length);
  parent.appendChild(parts.card);
  const datasets: LineDataset[] = [];
  const labels = rows.map((s) => (s.reference ? `${s.label} (reference)` : s.label));
  rows.forEach((s, i) => {
    const summary = s.summary!.prAuc;
    if (isNum(summary.ciLow) && isNum(summary.ciHigh)) {
      datasets.push(lineDataset(`\u200binterval ${i}`, withAlpha(s.colour, 0.5), [{ x: summary.ciLow, y: i }, { x: summary.ciHigh, y: i }], { borderWidth: 2, pointRadius: 0, pointHitRadius: 0 }));
    }
    const dots: XY[] = [];
    summary.perFold.forEach((v, f) => {
      // A small vertical jitter (three lanes) keeps equal values visible.
      if (isNum(v)) dots.push({ x: v, y: i + (folds > 1 ? ((f % 3) - 1) * 0.12 : 0) });
    });
    datasets.push(lineDataset(labels[i], s.colour, dots, { showLine: false, pointRadius: 4, pointHoverRadius: 6, pointBorderWidth: 0, pointBackgroundColor: withAlpha(s.colour, s.reference ? 0.6 : 0.85), pointStyle: s.reference ? 'rect' : 'circle' }));
    if (isNum(summary.mean)) datasets.push(lineDataset(`\u200bmean ${i}`, s.colour, [{ x: summary.mean, y: i }], { showLine: false, pointStyle: 'line', pointRotation: 90, pointRadius: 10, pointBorderWidth: 3, pointHitRadius: 0, pointHoverRadius: 10 }));
  });
  const xs = rows.flatMap((s) => [...s.summary!.prAuc.perFold, s.summary!.prAuc.ciLow, s.summary!.prAuc.ciHigh]).filter(isNum);
  const bounds = range(xs, 0.1);
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'PR-AUC (average precision) on each test fold', min: Math.max(0, bounds.min), max: Math.min(1, bounds.max) }, { title: '' }, { legend: false });
  rowAxis(chart, labels);
  chart.options.interaction = { mode: 'nearest', intersect: true };
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip?.callbacks) {
    tooltip.callbacks.title = (items) => (items.length ? (labels[Math.round(items[0].parsed.y ?? 0)] ?? '') : '');
    tooltip.callbacks.label = (item) => `PR-AUC ${fmt(item.parsed.x, 3)}`;
  }
  chart.update('none');
  describeChart(parts.canvas, parts.summary, `PR-AUC per test fold. ${rows.map((s, i) => `${labels[i]}: ${s.summary!.prAuc.perFold.map((v) => fmt(v, 3)).join(', ')}`).join('; ')}.`);
  return { card: parts.card, chart };
}
