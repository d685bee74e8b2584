// A gamma sweep's summary chart: PR-AUC and minority F1 at the tuned threshold against gamma, the
// mean over the test folds as a line with its 95% interval as a band, one point per gamma.

import type { MetricSummary, SummaryMetricKey } from '../../src/core/results';
import { createLineChart, lineDataset, type LineDataset, type XY } from './charts/setup';
import type { ChartPart } from './charts/curves';
import { chartCard, describeChart } from './dom';
import { fmtMeanInterval, fmtShort, isNum, quoted } from './format';
import type { Series } from './series';
import { withAlpha, type Theme } from './theme';

export function sweepChart(parent: HTMLElement, series: Series[], theme: Theme, positive: string, word: string, folds: number): ChartPart {
  const runs = series.filter((s) => s.summary).sort((a, b) => a.gamma - b.gamma);
  const parts = chartCard(
    'Metrics against gamma',
    'sweep-chart',
    `${word} class ${quoted(positive)}; line: mean over ${folds > 1 ? `the ${folds} test folds` : 'the test split'}${folds > 1 ? '; band: its 95% interval' : ''}.`,
  );
  parts.card.classList.add('fl-wide-card');
  parent.appendChild(parts.card);
  const summaryOf = (s: Series, key: SummaryMetricKey): MetricSummary | undefined => s.summary?.[key];
  const point = { pointRadius: 3.5, pointHoverRadius: 6, borderWidth: 2 };
  const measures: { key: SummaryMetricKey; label: string; colour: string; style: Partial<LineDataset> }[] = [
    // Neutral colours: in a sweep the series colours mean gammas (table columns, loss curves),
    // so the two metrics are told apart by shade, dash and marker instead.
    { key: 'prAuc', label: 'PR-AUC', colour: theme.foreground, style: { pointStyle: 'rect' } },
    { key: 'minorityF1AtTuned', label: `${word} F1 (tuned)`, colour: theme.mutedForeground, style: { pointStyle: 'triangle', borderDash: [6, 3] } },
  ];
  const datasets: LineDataset[] = [];
  const values: number[] = [];
  for (const m of measures) {
    const at = (get: (x: MetricSummary) => number | null): XY[] => runs.map((s) => ({ x: s.gamma, y: (() => { const x = summaryOf(s, m.key); return x && isNum(get(x)) ? (get(x) as number) : NaN; })() }));
    const low = at((x) => x.ciLow);
    const high = at((x) => x.ciHigh);
    const mean = at((x) => x.mean);
    values.push(...[...low, ...high, ...mean].map((p) => p.y).filter(isNum));
    if (low.some((p) => isNum(p.y))) {
      // The band: the low edge (invisible) and the high edge filled down to it.
      datasets.push(lineDataset(`\u200b${m.label} low`, 'transparent', low, { borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: false }));
      datasets.push(lineDataset(`\u200b${m.label} 95% interval`, 'transparent', high, { borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: '-1', backgroundColor: withAlpha(m.colour, 0.18) }));
    }
    datasets.push(lineDataset(m.label, m.colour, mean, { ...point, ...m.style }));
  }
  const gammas = runs.map((s) => s.gamma);
  const lo = Math.min(...gammas, 0);
  const hi = Math.max(...gammas, 1);
  const pad = (hi - lo) * 0.04;
  // Zoom the score axis to the values (in steps of 0.1): the differences between gammas are often small.
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
    `Metrics against gamma. ${runs.map((s) => `γ ${fmtShort(s.gamma)}: PR-AUC ${fmtMeanInterval(s.summary?.prAuc)}, ${word.toLowerCase()} F1 (tuned) ${fmtMeanInterval(s.summary?.minorityF1AtTuned)}`).join('; ')}.`,
  );
  return { card: parts.card, chart };
}
