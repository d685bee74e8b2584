// The small "loss shape" chart: loss against p_t for BCE, focal loss at the current gamma
// and, when alpha applies, alpha-weighted focal loss for each class. Redrawn on every slider
// move with update('none') (no animation); colours are the loss table's (the panel's and the reports'), text and grid follow the VS Code theme.

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Filler,
  type ChartDataset,
  type ScatterDataPoint,
} from 'chart.js';
import { LOSS_TABLE } from '../../src/core/results';
import { lossColor, readableOn } from '../../src/core/report/palette';
import { LOSS_SHAPE_Y_MAX, lossShape } from '../../src/shared/lossShape';
import type { SidebarState } from '../../src/shared/webviewProtocol';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

type Histogram = NonNullable<SidebarState['pTrueHistogram']>;

export interface LossShapeView {
  gamma: number;
  /** The positive class's weight, or null when alpha does not apply (auto, or no alpha loss). */
  alpha: number | null;
  positiveClass: string | null;
  negativeClass: string | null;
  /** Three or more classes in one model (softmax): how many; null for two classes. */
  classes?: number | null;
}

/** The chart's caption: what pₜ is, and for K classes that the focal term acts on the true class's softmax probability only. */
export function lossShapeNote(classes: number | null | undefined): string {
  return classes && classes >= 3
    ? `With ${classes} classes pₜ is the softmax probability of each row's true class: cross-entropy is −log pₜ and the focal term (1 − pₜ)^γ acts on that probability alone, whatever the other classes get.`
    : 'pₜ is the probability the model gives the true class (p for the positive class, 1 − p for the negative one).';
}

interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  bce: string;
  focal: string;
  alphaFocal: string;
  fontFamily: string;
  tooltipBackground: string;
  tooltipBorder: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

function readPalette(): Palette {
  // VS Code sets the variables on <html>; reading them on <body> also sees any set there.
  const style = getComputedStyle(document.body);
  const dark = !document.body.classList.contains('vscode-light') && !document.body.classList.contains('vscode-high-contrast-light');
  const background = cssVar(style, '--vscode-sideBar-background', cssVar(style, '--vscode-editor-background', dark ? '#1f1f1f' : '#ffffff'));
  const foreground = cssVar(style, '--vscode-charts-foreground', cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#616161'));
  return {
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    grid: cssVar(style, '--vscode-charts-lines', dark ? 'rgba(204, 204, 204, 0.5)' : 'rgba(97, 97, 97, 0.5)'),
    // The panel's and the reports' colours (the loss table), kept at 3:1 on the side bar.
    bce: readableOn(lossColor('bce'), background),
    focal: readableOn(lossColor('focal'), background),
    alphaFocal: readableOn(lossColor('alpha-focal'), background),
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    tooltipBackground: cssVar(style, '--vscode-editorHoverWidget-background', dark ? '#252526' : '#f3f3f3'),
    tooltipBorder: cssVar(style, '--vscode-editorHoverWidget-border', dark ? '#454545' : '#c8c8c8'),
  };
}

function shortClass(name: string): string {
  return `'${name.length > 14 ? `${name.slice(0, 13)}…` : name}'`;
}

function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

const LEGEND_KEY = { width: 18, height: 8 };

const legendKeys = new Map<string, HTMLCanvasElement>();

function legendLine(color: string, dash: number[]): HTMLCanvasElement {
  const key = `${color}|${dash.join(',')}`;
  const cached = legendKeys.get(key);
  if (cached) return cached;
  // Chart.js draws an image legend key at the canvas's own width and height, in CSS pixels.
  const canvas = document.createElement('canvas');
  legendKeys.set(key, canvas);
  canvas.width = LEGEND_KEY.width;
  canvas.height = LEGEND_KEY.height;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(0, LEGEND_KEY.height / 2);
    ctx.lineTo(LEGEND_KEY.width, LEGEND_KEY.height / 2);
    ctx.stroke();
  }
  return canvas;
}

type Line = ChartDataset<'line', ScatterDataPoint[]>;

export class LossShapeChart {
  private readonly chart: Chart<'line', ScatterDataPoint[]>;
  private palette: Palette;
  private view: LossShapeView;
  private histogram: Histogram | null = null;
  private readonly observer: MutationObserver;

  constructor(private readonly canvas: HTMLCanvasElement, view: LossShapeView) {
    this.view = view;
    this.palette = readPalette();
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: this.datasets() },
      options: this.options(),
    });
    this.describe();
    // VS Code switches the body class and rewrites the variables on <html> on a theme change.
    this.observer = new MutationObserver(() => this.refreshTheme());
    this.observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }

  /** Redraws for new parameters without animation; cheap enough for every `input` event. */
  update(view: LossShapeView): void {
    this.view = view;
    this.chart.data.datasets = this.datasets();
    this.chart.update('none');
    this.describe();
  }

  /** Overlays where the training rows of the last run of the file sit on the p_t axis (null: none). */
  setHistogram(histogram: Histogram | null): void {
    if (JSON.stringify(histogram) === JSON.stringify(this.histogram)) return;
    this.histogram = histogram;
    this.chart.options = this.options();
    this.chart.data.datasets = this.datasets();
    this.chart.update('none');
    this.describe();
  }

  refreshTheme(): void {
    this.palette = readPalette();
    this.chart.options = this.options();
    this.chart.data.datasets = this.datasets();
    this.chart.update('none');
  }

  dispose(): void {
    this.observer.disconnect();
    this.chart.destroy();
  }

  private datasets(): Line[] {
    const { gamma, alpha, positiveClass, negativeClass } = this.view;
    const curves = lossShape({ gamma, alpha });
    const points = (values: number[]): ScatterDataPoint[] => curves.pt.map((x, i) => ({ x, y: values[i] }));
    const p = this.palette;
    const line = (label: string, values: number[], color: string, dash: number[] = []): Line => ({
      label,
      data: points(values),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1.75,
      borderDash: dash,
      pointRadius: 0,
      pointHoverRadius: 3,
      tension: 0,
      fill: false,
    });
    const sets: Line[] = [
      line(this.view.classes ? 'Cross-entropy' : 'BCE', curves.bce, p.bce, LOSS_TABLE.bce.dash),
      line(`Focal γ=${formatNumber(gamma)}`, curves.focal, p.focal, LOSS_TABLE.focal.dash),
    ];
    if (alpha !== null && curves.alphaPositive && curves.alphaNegative) {
      const positive = positiveClass === null ? 'positive' : shortClass(positiveClass);
      const negative = negativeClass === null ? 'negative' : shortClass(negativeClass);
      sets.push(line(`α·focal, ${positive} (α=${formatNumber(alpha)})`, curves.alphaPositive, p.alphaFocal, LOSS_TABLE['alpha-focal'].dash));
      sets.push(line(`(1−α)·focal, ${negative} (${formatNumber(1 - alpha)})`, curves.alphaNegative, p.alphaFocal, [2, 2]));
    }
    const rows = this.histogramShares();
    if (rows && this.histogram) {
      // A step per p_t bin, filled, on its own axis: which part of the curves the data sits on.
      const data = [...rows.map((share, bin) => ({ x: bin / rows.length, y: share })), { x: 1, y: rows[rows.length - 1] }];
      sets.push({
        label: `Rows of ${shortClass(this.histogram.fileName)} (${this.histogram.runLabel})`,
        data,
        yAxisID: 'rows',
        stepped: 'after',
        borderColor: p.muted,
        backgroundColor: withOpacity(p.muted, 0.22),
        borderWidth: 1,
        borderDash: [],
        pointRadius: 0,
        pointHoverRadius: 0,
        tension: 0,
        fill: 'origin',
        order: 10,
      });
    }
    return sets;
  }

  private options(): Chart<'line', ScatterDataPoint[]>['options'] {
    const p = this.palette;
    const font = { family: p.fontFamily, size: 11 };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false, axis: 'x' },
      layout: { padding: { top: 4, right: 4 } },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 1,
          title: { display: true, text: 'pₜ (probability of the true class)', color: p.muted, font },
          ticks: { color: p.muted, font, maxTicksLimit: 6, stepSize: 0.2 },
          grid: { color: p.grid, lineWidth: 0.5 },
          border: { color: p.grid },
        },
        rows: {
          type: 'linear',
          display: this.histogram !== null,
          position: 'right',
          min: 0,
          max: 1,
          title: { display: true, text: 'share of rows', color: p.muted, font },
          ticks: { color: p.muted, font, stepSize: 0.5, callback: (value) => `${Math.round(Number(value) * 100)}%` },
          grid: { display: false },
          border: { color: p.grid },
        },
        y: {
          type: 'linear',
          min: 0,
          max: LOSS_SHAPE_Y_MAX,
          title: { display: true, text: 'loss', color: p.muted, font },
          ticks: { color: p.muted, font, stepSize: 1 },
          grid: { color: p.grid, lineWidth: 0.5 },
          border: { color: p.grid },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          align: 'start',
          labels: {
            color: p.foreground,
            font,
            padding: 6,
            // Each legend key is a short line in the dataset's colour and dash.
            usePointStyle: true,
            pointStyleWidth: LEGEND_KEY.width,
            boxHeight: LEGEND_KEY.height,
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const dataset = chart.data.datasets[item.datasetIndex ?? 0] as Line | undefined;
                const dash = Array.isArray(dataset?.borderDash) ? (dataset.borderDash as number[]) : [];
                return { ...item, pointStyle: legendLine(String(dataset?.borderColor ?? item.strokeStyle), dash) };
              }),
          },
        },
        tooltip: {
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          borderWidth: 1,
          titleColor: p.foreground,
          bodyColor: p.foreground,
          titleFont: font,
          bodyFont: font,
          boxWidth: 8,
          boxHeight: 8,
          callbacks: {
            title: (items) => (items.length ? `pₜ = ${formatNumber(items[0].parsed.x ?? 0)}` : ''),
            label: (item) =>
              (item.dataset as Line).yAxisID === 'rows' ? `${item.dataset.label ?? ''}: ${Math.round((item.parsed.y ?? 0) * 100)}% of rows in this bin` : `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? 0)}`,
          },
        },
      },
    };
  }

  /** Each bin's share of the rows, or null without a histogram. */
  private histogramShares(): number[] | null {
    const counts = this.histogram?.counts;
    const total = counts?.reduce((a, b) => a + b, 0) ?? 0;
    return counts && total > 0 ? counts.map((n) => n / total) : null;
  }

  /** A text equivalent of the picture for screen readers. */
  private describe(): void {
    const { gamma, alpha } = this.view;
    const focalAtHalf = lossShape({ gamma, alpha: null, points: 3, minPt: 0.5 });
    const parts = [
      `Loss against pₜ. ${lossShapeNote(this.view.classes)} At pₜ = 0.5 ${this.view.classes ? 'cross-entropy' : 'BCE'} is ${formatNumber(focalAtHalf.bce[0])}`,
      `focal loss at gamma ${formatNumber(gamma)} is ${formatNumber(focalAtHalf.focal[0])}`,
    ];
    if (alpha !== null) parts.push(`alpha-weighted: ${formatNumber(alpha * focalAtHalf.focal[0])} for a positive example, ${formatNumber((1 - alpha) * focalAtHalf.focal[0])} for a negative one`);
    const rows = this.histogramShares();
    if (rows && this.histogram) parts.push(`${Math.round(rows[rows.length - 1] * 100)}% of the training rows of ${this.histogram.fileName} had pₜ of 0.9 or more under ${this.histogram.runLabel}`);
    this.canvas.setAttribute('aria-label', `${parts.join('; ')}.`);
  }
}

function withOpacity(colour: string, opacity: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour.trim());
  // Not a hex colour: a neutral translucent grey, never an opaque fill over the curves.
  if (!match) return `rgba(128, 128, 128, ${opacity})`;
  const [r, g, b] = match.slice(1, 4).map((hex) => parseInt(hex, 16));
  return `rgba(${r}, ${g}, ${b}, ${opacity})`;
}
