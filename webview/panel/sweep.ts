// A gamma sweep's summary chart: minority recall at 0.5, PR-AUC and balanced accuracy at 0.5
// against gamma, one point per run.

import type { ModelMetrics } from '../../src/core/results';
import { createLineChart, lineDataset, type XY } from './charts/setup';
import type { ChartPart } from './charts/curves';
import { chartCard, describeChart } from './dom';
import { fmt, fmtShort, quoted } from './format';
import { thresholdEntries } from './metricsTable';
import type { Series } from './series';
import type { Theme } from './theme';

export function sweepChart(parent: HTMLElement, series: Series[], theme: Theme, positive: string, word: string): ChartPart {
  const runs = series.filter((s) => s.run?.metrics).sort((a, b) => a.gamma - b.gamma);
  const parts = chartCard('Metrics against gamma', 'sweep-chart', `${word} class ${quoted(positive)}; test split; recall and balanced accuracy at threshold 0.5.`);
  parts.card.classList.add('fl-wide-card');
  parent.appendChild(parts.card);
  const measure = (get: (m: ModelMetrics) => number | null | undefined): XY[] =>
    runs.map((s) => ({ x: s.gamma, y: get(s.run?.metrics as ModelMetrics) ?? NaN }));
  const recall = measure((m) => thresholdEntries(m).at05?.perClass[positive]?.recall);
  const prAuc = measure((m) => m.prAuc);
  const balanced = measure((m) => thresholdEntries(m).at05?.balancedAccuracy);
  const point = { pointRadius: 3.5, pointHoverRadius: 6, borderWidth: 2 };
  const datasets = [
    lineDataset(`${word} recall @0.5`, theme.red, recall, { ...point, pointStyle: 'circle' }),
    lineDataset('PR-AUC', theme.blue, prAuc, { ...point, pointStyle: 'rect', borderDash: [6, 3] }),
    lineDataset('Balanced accuracy @0.5', theme.green, balanced, { ...point, pointStyle: 'triangle', borderDash: [2, 3] }),
  ];
  const gammas = runs.map((s) => s.gamma);
  const lo = Math.min(...gammas, 0);
  const hi = Math.max(...gammas, 1);
  const pad = (hi - lo) * 0.04;
  // Zoom the score axis to the values (in steps of 0.1): the differences between gammas are often small.
  const values = [...recall, ...prAuc, ...balanced].map((p) => p.y).filter((v): v is number => Number.isFinite(v));
  const yMin = values.length ? Math.max(0, Math.floor((Math.min(...values) - 0.05) * 10) / 10) : 0;
  const yMax = values.length ? Math.min(1, Math.ceil((Math.max(...values) + 0.05) * 10) / 10) : 1;
  const chart = createLineChart(parts.canvas, theme, datasets, { title: 'γ (focal exponent; 0 = BCE)', min: lo - pad, max: hi + pad }, { title: 'Score (higher is better)', min: yMin, max: yMax }, { tooltipTitle: (x) => `γ = ${fmtShort(x)}` });
  chart.options.interaction = { mode: 'index', intersect: false };
  const x = chart.options.scales?.x;
  // One tick per gamma of the sweep.
  if (x) x.afterBuildTicks = (scale) => void (scale.ticks = gammas.map((value) => ({ value })));
  const xTicks = x?.ticks;
  if (xTicks) xTicks.callback = (value) => fmtShort(Number(value));
  chart.update('none');
  describeChart(
    parts.canvas,
    parts.summary,
    `Metrics against gamma. ${runs.map((s, i) => `γ ${fmtShort(s.gamma)}: recall ${fmt(recall[i].y)}, PR-AUC ${fmt(prAuc[i].y)}, balanced accuracy ${fmt(balanced[i].y)}`).join('; ')}.`,
  );
  return { card: parts.card, chart };
}
