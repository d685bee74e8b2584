// Precision–recall and ROC curves of the pooled out-of-fold predictions (every row once, as a test
// row), all models and the reference predictors overlaid; the PR baseline is the prevalence of the
// positive class, the ROC reference the chance diagonal. Both are drawn from the operating points
// (exact counts at each kept threshold), so the threshold explorer's marker lies on its curve.

import type { OperatingPoints } from '../../../src/core/metrics/operatingPoints';
import type { PanelMetrics } from '../../../src/shared/webviewProtocol';
import { chartCard, describeChart } from '../dom';
import { fmt, fmtPercent, isNum, quoted } from '../format';
import type { Series } from '../series';
import type { Theme } from '../theme';
import { createLineChart, lineDataset, referenceDataset, type LineChart, type LineDataset, type XY } from './setup';

export interface ChartPart {
  card: HTMLElement;
  chart: LineChart;
  /** Dataset index of each series' threshold marker (ROC and PR charts), by series key. */
  markers?: Map<string, number>;
}

/** Share of positives in the pooled test rows. */
export function testPrevalence(points: OperatingPoints | null): number | null {
  if (!points) return null;
  const total = points.positives + points.negatives;
  return total ? points.positives / total : null;
}

export function finished(series: Series[]): (Series & { points: OperatingPoints; metrics: PanelMetrics })[] {
  return series.filter((s) => s.pooled && s.points).map((s) => ({ ...s, points: s.points as OperatingPoints, metrics: s.pooled as PanelMetrics }));
}

function width(s: Series): number {
  return s.reference ? 1.5 : 2;
}

/** ROC points from the highest threshold down: (0, 0) when nothing is predicted positive, then (FPR, TPR) at each threshold. */
export function rocPoints(points: OperatingPoints): XY[] {
  const out: XY[] = [{ x: 0, y: 0 }];
  for (let k = points.thresholds.length - 1; k >= 0; k--) out.push(rocPoint(points, k));
  return out;
}

export function rocPoint(points: OperatingPoints, k: number): XY {
  return { x: points.negatives ? points.fp[k]! / points.negatives : 0, y: points.positives ? points.tp[k]! / points.positives : 0 };
}

/** PR points from the highest threshold down, starting at (recall 0, precision 1) as scikit-learn's curve ends. */
export function prPoints(points: OperatingPoints): XY[] {
  const out: XY[] = [{ x: 0, y: 1 }];
  for (let k = points.thresholds.length - 1; k >= 0; k--) {
    const p = prPoint(points, k);
    if (p) out.push(p);
  }
  return out;
}

export function prPoint(points: OperatingPoints, k: number): XY | null {
  const predicted = points.tp[k]! + points.fp[k]!;
  return predicted ? { x: points.positives ? points.tp[k]! / points.positives : 0, y: points.tp[k]! / predicted } : null;
}

/** A series' threshold marker: one point, hidden from the legend, named in the tooltip. */
function markerDataset(s: Series, theme: Theme): LineDataset {
  return lineDataset(`\u2060${s.label} · chosen threshold`, s.colour, [], { showLine: false, pointRadius: 6, pointHoverRadius: 7, pointStyle: 'circle', borderWidth: 2, borderColor: theme.foreground, backgroundColor: s.colour, pointHitRadius: 8 });
}

/** Moves a series' marker to a point (null hides it). */
export function setMarker(part: ChartPart, key: string, point: XY | null): void {
  const index = part.markers?.get(key);
  if (index === undefined) return;
  part.chart.data.datasets[index]!.data = point ? [point] : [];
  part.chart.update('none');
}

const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

export function prChart(parent: HTMLElement, series: Series[], theme: Theme, positive: string): ChartPart {
  const models = finished(series);
  const prevalence = models.map((s) => testPrevalence(s.points)).find(isNum) ?? null;
  const parts = chartCard('Precision–recall', 'pr-chart', `Pooled out-of-fold predictions; positive class ${quoted(positive)}; dashed: prevalence ${fmtPercent(prevalence)} (a model without skill); ● the threshold chosen below.`);
  parent.appendChild(parts.card);
  const datasets = models.map((s) => lineDataset(`${s.label} · AP ${fmt(s.metrics.prAuc)}`, s.colour, prPoints(s.points), { borderDash: s.dash, stepped: 'before', borderWidth: width(s) }));
  if (isNum(prevalence))
    datasets.push(
      referenceDataset('Prevalence', theme, [
        { x: 0, y: prevalence },
        { x: 1, y: prevalence },
      ]),
    );
  const markers = new Map<string, number>();
  for (const s of models.filter((m) => !m.reference)) {
    markers.set(s.key, datasets.length);
    datasets.push(markerDataset(s, theme));
  }
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'Recall', min: 0, max: 1 }, { title: 'Precision', min: 0, max: 1 }, { tooltipLabel: (name, x, y) => `${name}: recall ${f3(x)} · precision ${f3(y)}` });
  describeChart(parts.canvas, parts.summary, `Precision–recall curves. ${models.map((s) => `${s.label}: average precision ${fmt(s.metrics.prAuc)}`).join('; ')}. Prevalence baseline ${fmtPercent(prevalence)}.`);
  return { card: parts.card, chart, markers };
}

export function rocChart(parent: HTMLElement, series: Series[], theme: Theme): ChartPart {
  const models = finished(series);
  const parts = chartCard('ROC', 'roc-chart', 'Pooled out-of-fold predictions; dashed: chance (the diagonal); ● the threshold chosen below.');
  parent.appendChild(parts.card);
  const datasets = models.map((s) => lineDataset(`${s.label} · AUC ${fmt(s.metrics.rocAuc)}`, s.colour, rocPoints(s.points), { borderDash: s.dash, borderWidth: width(s) }));
  datasets.push(
    referenceDataset('Chance', theme, [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]),
  );
  const markers = new Map<string, number>();
  for (const s of models.filter((m) => !m.reference)) {
    markers.set(s.key, datasets.length);
    datasets.push(markerDataset(s, theme));
  }
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'False-positive rate (FPR)', min: 0, max: 1 }, { title: 'True-positive rate (TPR, recall)', min: 0, max: 1 }, { tooltipLabel: (name, x, y) => `${name}: FPR ${f3(x)} · TPR ${f3(y)}` });
  describeChart(parts.canvas, parts.summary, `ROC curves. ${models.map((s) => `${s.label}: ROC-AUC ${fmt(s.metrics.rocAuc)}`).join('; ')}.`);
  return { card: parts.card, chart, markers };
}
