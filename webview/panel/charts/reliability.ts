// Reliability diagram: mean predicted probability against the observed fraction of positives per
// bin, one series per model, the diagonal for perfect calibration. Empty bins (null) are skipped.

import type { ModelMetrics } from '../../../src/core/results';
import { chartCard, describeChart } from '../dom';
import { fmt, isNum } from '../format';
import type { Series } from '../series';
import type { Theme } from '../theme';
import type { ChartPart } from './curves';
import { createLineChart, lineDataset, referenceDataset, type XY } from './setup';

export function reliabilityPoints(m: ModelMetrics): XY[] {
  return m.reliability.filter((b) => b.count > 0 && isNum(b.meanPredicted) && isNum(b.fractionPositive)).map((b) => ({ x: b.meanPredicted, y: b.fractionPositive }));
}

export function reliabilityChart(parent: HTMLElement, series: Series[], theme: Theme): ChartPart {
  const models = series.filter((s) => s.pooled);
  const parts = chartCard('Reliability', 'reliability-chart', 'Pooled out-of-fold predictions, as trained (before recalibration); observed share of positives per probability bin; dashed: perfect.');
  parent.appendChild(parts.card);
  const datasets = models.map((s) => {
    const m = s.pooled as ModelMetrics;
    return lineDataset(`${s.label} · ECE ${fmt(m.ece)}`, s.colour, reliabilityPoints(m), { borderDash: s.dash, pointRadius: 2.5, pointHoverRadius: 5, pointBorderWidth: 0 });
  });
  datasets.push(
    referenceDataset('Perfect calibration', theme, [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]),
  );
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'Mean predicted probability', min: 0, max: 1 }, { title: 'Fraction of positives', min: 0, max: 1 }, { tooltipTitle: (x) => `Predicted ${x.toFixed(3)}` });
  chart.options.interaction = { mode: 'nearest', intersect: false };
  chart.update('none');
  describeChart(parts.canvas, parts.summary, `Reliability diagram. ${models.map((s) => `${s.label}: expected calibration error ${fmt(s.pooled?.ece)}`).join('; ')}.`);
  return { card: parts.card, chart };
}
