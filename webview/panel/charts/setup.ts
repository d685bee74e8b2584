// chart.js, tree-shaken: only the scatter controller (lines are scatter series with showLine),
// points, lines, linear axes, legend, tooltip and the filler (interval bands). Options are built from the current theme.

import { Chart, Filler, Interaction, Legend, LinearScale, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration, type ChartDataset, type ChartOptions, type InteractionItem, type InteractionModeFunction, type ScatterDataPoint } from 'chart.js';
import type { Theme } from '../theme';
import { withAlpha } from '../theme';

Chart.register(ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

/** Pixels within which a series' nearest point (along x) counts as "at" the hovered position. */
const NEAR_X_PIXELS = 40;

declare module 'chart.js' {
  interface InteractionModeMap {
    /** Every visible series' point nearest (along x) to the pointer: one tooltip line per series, also where series have different x values (ROC, PR). */
    nearestPerSeries: InteractionModeFunction;
  }
}

const nearestPerSeries: InteractionModeFunction = (chart, event, _options, useFinalPosition) => {
  const position = { x: event.x ?? 0, y: event.y ?? 0 };
  const items: InteractionItem[] = [];
  chart.data.datasets.forEach((_dataset, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const meta = chart.getDatasetMeta(datasetIndex);
    let best = -1;
    let bestDistance = Infinity;
    meta.data.forEach((element, index) => {
      const { x, y } = element.getProps(['x', 'y'], useFinalPosition) as { x: number; y: number };
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      const distance = Math.abs(x - position.x);
      if (distance < bestDistance) {
        best = index;
        bestDistance = distance;
      }
    });
    if (best >= 0 && bestDistance <= NEAR_X_PIXELS) items.push({ element: meta.data[best]!, datasetIndex, index: best });
  });
  return items;
};
Interaction.modes.nearestPerSeries = nearestPerSeries;

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
  options: {
    legend?: boolean;
    aspect?: number;
    tooltipDigits?: number;
    tooltipTitle?: (x: number) => string;
    /** One tooltip line for a series' point; by default "series: y". */
    tooltipLabel?: (series: string, x: number, y: number) => string;
  } = {},
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
      // Every series at the hovered position, not only the nearest one.
      interaction: { mode: 'nearestPerSeries', intersect: false },
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
            // \u200b: reference lines (no legend, no tooltip); \u2060: markers (tooltip only).
            filter: (item) => !/^[\u200b\u2060]/.test(String(item.text)),
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
            label: (item) => (options.tooltipLabel ? options.tooltipLabel(item.dataset.label ?? '', item.parsed.x ?? NaN, item.parsed.y ?? NaN) : `${item.dataset.label ?? ''}: ${(item.parsed.y ?? NaN).toFixed(digits)}`),
          },
        },
      },
    },
  };
  const chart = new Chart(canvas, config);
  // The instance on its canvas, for the panel's tests (tooltips, markers) and nothing else.
  Object.defineProperty(canvas, 'flChart', { value: chart, configurable: true });
  return chart;
}

/** A dashed reference line (chance, baseline, perfect calibration); hidden from legend and tooltip by the zero-width-space prefix. */
export function referenceDataset(label: string, theme: Theme, data: XY[]): LineDataset {
  return lineDataset(`\u200b${label}`, withAlpha(theme.foreground, 0.45), data, { borderWidth: 1, borderDash: [4, 4], pointHoverRadius: 0, pointHitRadius: 0 });
}
