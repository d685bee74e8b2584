// Precision–recall and ROC curves of the pooled out-of-fold predictions (every row once, as a test
// row), all models and the reference predictors overlaid; the PR baseline is the prevalence of the
// positive class, the ROC reference the chance diagonal.

import type { ModelMetrics } from '../../../src/core/results';
import { chartCard, describeChart } from '../dom';
import { fmt, fmtPercent, isNum, quoted } from '../format';
import type { Series } from '../series';
import type { Theme } from '../theme';
import { createLineChart, lineDataset, referenceDataset, type LineChart } from './setup';

export interface ChartPart {
  card: HTMLElement;
  chart: LineChart;
}

/** Share of positives in the test split, from the confusion matrix at any threshold. */
export function testPrevalence(m: ModelMetrics): number | null {
  const t = m.atThreshold[0];
  if (!t) return null;
  const [[tn, fp], [fn, tp]] = t.confusion;
  const total = tn + fp + fn + tp;
  return total ? (fn + tp) / total : null;
}

export function finished(series: Series[]): (Series & { metrics: ModelMetrics })[] {
  return series.filter((s) => s.pooled).map((s) => ({ ...s, metrics: s.pooled as ModelMetrics }));
}

function width(s: Series): number {
  return s.reference ? 1.5 : 2;
}

export function prChart(parent: HTMLElement, series: Series[], theme: Theme, positive: string): ChartPart {
  const models = finished(series);
  const prevalence = models.map((s) => testPrevalence(s.metrics)).find(isNum) ?? null;
  const parts = chartCard('Precision–recall', 'pr-chart', `Pooled out-of-fold predictions; positive class ${quoted(positive)}; dashed: prevalence ${fmtPercent(prevalence)} (a model without skill).`);
  parent.appendChild(parts.card);
  const datasets = models.map((s) =>
    lineDataset(`${s.label} · AP ${fmt(s.metrics.prAuc)}`, s.colour, s.metrics.prCurve.map((p) => ({ x: p.x, y: p.y })), { borderDash: s.dash, stepped: 'before', borderWidth: width(s) }),
  );
  if (isNum(prevalence))
    datasets.push(
      referenceDataset('Prevalence', theme, [
        { x: 0, y: prevalence },
        { x: 1, y: prevalence },
      ]),
    );
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'Recall', min: 0, max: 1 }, { title: 'Precision', min: 0, max: 1 }, { tooltipDigits: 3, tooltipTitle: (x) => `Recall ${x.toFixed(3)}` });
  describeChart(parts.canvas, parts.summary, `Precision–recall curves. ${models.map((s) => `${s.label}: average precision ${fmt(s.metrics.prAuc)}`).join('; ')}. Prevalence baseline ${fmtPercent(prevalence)}.`);
  return { card: parts.card, chart };
}

export function rocChart(parent: HTMLElement, series: Series[], theme: Theme): ChartPart {
  const models = finished(series);
  const parts = chartCard('ROC', 'roc-chart', 'Pooled out-of-fold predictions; dashed: chance (the diagonal).');
  parent.appendChild(parts.card);
  const datasets = models.map((s) => lineDataset(`${s.label} · AUC ${fmt(s.metrics.rocAuc)}`, s.colour, s.metrics.rocCurve.map((p) => ({ x: p.x, y: p.y })), { borderDash: s.dash, borderWidth: width(s) }));
  datasets.push(
    referenceDataset('Chance', theme, [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]),
  );
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'False-positive rate', min: 0, max: 1 }, { title: 'True-positive rate', min: 0, max: 1 }, { tooltipTitle: (x) => `FPR ${x.toFixed(3)}` });
  describeChart(parts.canvas, parts.summary, `ROC curves. ${models.map((s) => `${s.label}: ROC-AUC ${fmt(s.metrics.rocAuc)}`).join('; ')}.`);
  return { card: parts.card, chart };
}
