// chart.js, tree-shaken: only the scatter controller (lines are scatter series with showLine),
// points, lines, linear axes, legend, tooltip and the filler (interval bands). Options are built from the current theme.

import { Chart, Filler, Legend, LinearScale, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration, type ChartDataset, type ChartOptions, type ScatterDataPoint } from 'chart.js';
import type { Theme } from '../theme';
import { withAlpha } from '../theme';

Chart.register(ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

export type XY = ScatterDataPoint;
export type LineDataset = ChartDataset<'scatter', (XY | null)[]>;
export type LineChart = Chart<'scatter', (XY | null)[]>;

export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
  /** Suggested bounds: the axis may grow past them. */
  suggestedMin?: number;
  suggestedMax?: number;
  integer?: boolean;
}

export function applyChartDefaults(theme: Theme): void {
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(10, theme.fontSize - 2);
  Chart.defaults.color = theme.mutedForeground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.animation = false;
}

type ScaleSpec = NonNullable<NonNullable<ChartOptions<'scatter'>['scales']>[string]>;

function axis(theme: Theme, spec: AxisSpec): ScaleSpec {
  return {
    type: 'linear',
    min: spec.min,
    max: spec.max,
    suggestedMin: spec.suggestedMin,
    suggestedMax: spec.suggestedMax,
    grid: { color: theme.grid, tickColor: theme.grid },
    border: { color: theme.border },
    ticks: {
      color: theme.mutedForeground,
      maxTicksLimit: 7,
      ...(spec.integer ? { precision: 0 } : {}),
    },
    title: { display: true, text: spec.title, color: theme.foreground, font: { size: Math.max(10, theme.fontSize - 2) }, padding: { top: 2, bottom: 0 } },
  };
}

export function lineDataset(label: string, colour: string, data: (XY | null)[], options: Partial<LineDataset> = {}): LineDataset {
  return {
    label,
    data,
    showLine: true,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    pointRadius: 0,
    pointHoverRadius: 4,
    pointHitRadius: 6,
    tension: 0,
    spanGaps: false,
    clip: 4,
    ...options,
  } as LineDataset;
}

export function createLineChart(
  canvas: HTMLCanvasElement,
  theme: Theme,
  datasets: LineDataset[],
  x: AxisSpec,
  y: AxisSpec,
  options: { legend?: boolean; aspect?: number; tooltipDigits?: number; tooltipTitle?: (x: number) => string } = {},
): LineChart {
  const digits = options.tooltipDigits ?? 3;
  const config: ChartConfiguration<'scatter', (XY | null)[]> = {
    type: 'scatter',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      normalized: true,
      parsing: false,
      layout: { padding: { top: 4, right: 8, bottom: 0, left: 0 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: axis(theme, x), y: axis(theme, y) },
      plugins: {
        legend: {
          display: options.legend ?? true,
          position: 'bottom',
          labels: {
            color: theme.foreground,
            boxWidth: 18,
            boxHeight: 2,
            padding: 10,
            usePointStyle: false,
            filter: (item) => !String(item.text).startsWith('\u200b'),
          },
        },
        tooltip: {
          backgroundColor: theme.tooltipBackground,
          titleColor: theme.tooltipForeground,
          bodyColor: theme.tooltipForeground,
          borderColor: theme.tooltipBorder,
          borderWidth: 1,
          displayColors: true,
          filter: (item) => !String(item.dataset.label ?? '').startsWith('\u200b'),
          callbacks: {
            title: (items) => (items.length && options.tooltipTitle ? options.tooltipTitle(items[0].parsed.x ?? 0) : ''),
            label: (item) => `${item.dataset.label ?? ''}: ${(item.parsed.y ?? NaN).toFixed(digits)}`,
          },
        },
      },
    },
  };
  return new Chart(canvas, config);
}

/** A dashed reference line (chance, baseline, perfect calibration); hidden from legend and tooltip by the zero-width-space prefix. */
export function referenceDataset(label: string, theme: Theme, data: XY[]): LineDataset {
  return lineDataset(`\u200b${label}`, withAlpha(theme.foreground, 0.45), data, { borderWidth: 1, borderDash: [4, 4], pointHoverRadius: 0, pointHitRadius: 0 });
}
