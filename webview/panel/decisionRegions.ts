// Decision regions, one canvas per model: the model's positive-class probability over the decision
// plane (two input columns, or the first two principal components) on a diverging colour scale
// around 0.5, the 0.5 boundary as a line, and the test points on top coloured by their label.

import type { DatasetSummary, DecisionPlane, DecisionRegion } from '../../src/core/results';
import { planeVarianceShare } from '../../src/core/report/planeText';
import type { FromPanel } from '../../src/shared/webviewProtocol';
import { h } from './dom';
import { fmt, quoted } from './format';
import type { Series } from './series';
import { mix, rgb, withAlpha, type Rgb, type Theme } from './theme';

/** The plot margins of every region map (axes and their labels). */
export const MARGIN = { left: 46, right: 10, top: 8, bottom: 38 };

export function axisTitles(plane: DecisionPlane): { x: string; y: string } {
  if (plane.kind === 'pca' && plane.explainedVariance) {
    const [a, b] = plane.explainedVariance;
    return { x: `${plane.xLabel} (${(a * 100).toFixed(1)}% of variance)`, y: `${plane.yLabel} (${(b * 100).toFixed(1)}% of variance)` };
  }
  return { x: plane.xLabel, y: plane.yLabel };
}

/** The colour of a probability: the negative class colour below 0.5, the positive one above, the background at 0.5. */
export function makeScale(theme: Theme): (p: number) => Rgb {
  const bg = rgb(theme.background);
  const neg = rgb(theme.negative);
  const pos = rgb(theme.positive);
  const strength = theme.kind.startsWith('high-contrast') ? 0.75 : 0.5;
  return (p: number) => {
    if (!Number.isFinite(p)) return bg;
    const d = Math.max(-1, Math.min(1, (p - 0.5) * 2));
    return mix(bg, d < 0 ? neg : pos, Math.abs(d) * strength);
  };
}

/** Round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => span / s <= count) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return ticks;
}

function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(+v.toPrecision(4));
}

/** Segments of the p = 0.5 contour through the grid of cell centres (marching squares), in grid units. */
export function boundarySegments(values: readonly number[], steps: number, level = 0.5): [number, number, number, number][] {
  const segments: [number, number, number, number][] = [];
  const at = (i: number, j: number): number => values[j * steps + i];
  for (let j = 0; j < steps - 1; j++) {
    for (let i = 0; i < steps - 1; i++) {
      const corners = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      if (corners.some((c) => !Number.isFinite(c))) continue;
      const pts: [number, number][] = [];
      const edges: [[number, number], [number, number], number, number][] = [
        [[i, j], [i + 1, j], corners[0], corners[1]],
        [[i + 1, j], [i + 1, j + 1], corners[1], corners[2]],
        [[i + 1, j + 1], [i, j + 1], corners[2], corners[3]],
        [[i, j + 1], [i, j], corners[3], corners[0]],
      ];
      for (const [a, b, va, vb] of edges) {
        if ((va < level) !== (vb < level)) {
          const t = (level - va) / (vb - va);
          pts.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
        }
      }
      if (pts.length === 2) segments.push([pts[0][0], pts[0][1], pts[1][0], pts[1][1]]);
      else if (pts.length === 4) {
        segments.push([pts[0][0], pts[0][1], pts[1][0], pts[1][1]]);
        segments.push([pts[2][0], pts[2][1], pts[3][0], pts[3][1]]);
      }
    }
  }
  return segments;
}

export class RegionPlot {
  readonly card: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly box: HTMLElement;
  private readonly observer: ResizeObserver;
  private width = 0;

  constructor(
    series: Series,
    private readonly region: DecisionRegion,
    private readonly plane: DecisionPlane,
    private readonly theme: Theme,
    positive: string,
  ) {
    const titles = axisTitles(plane);
    // The regions are the first fold's model; the recall beside them is the mean over the folds.
    const recall = series.summary?.minorityRecallAt05.mean;
    const label = `Decision regions of ${series.label} on ${titles.x} and ${titles.y}; ${plane.points.x.length} test points drawn on top. Its recall of ${quoted(positive)} at 0.5, over all inputs: ${fmt(recall, 2)}.`;
    this.canvas = h('canvas', { testid: `region-${series.key}`, role: 'img', 'aria-label': label });
    this.box = h('div', { class: 'fl-region-box' }, this.canvas);
    const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
    swatch.style.background = series.colour;
    this.card = h(
      'figure',
      { class: 'fl-card fl-region-card' },
      h('h3', { class: 'fl-card-title' }, swatch, series.label),
      h('p', { class: 'fl-card-subtitle' }, `First fold's model · recall of ${quoted(positive)} at 0.5 on all inputs: ${fmt(recall, 2)} (mean over folds)`),
      this.box,
    );
    this.observer = new ResizeObserver(() => this.draw());
    this.observer.observe(this.box);
  }

  draw(): void {
    const cssWidth = Math.floor(this.box.clientWidth);
    if (cssWidth <= 0) return;
    this.width = cssWidth;
    const sized = sizeRegionCanvas(this.canvas, cssWidth);
    if (!sized) return;
    const { ctx, cssHeight } = sized;

    const plane = this.plane;
    const theme = this.theme;
    const left = MARGIN.left;
    const top = MARGIN.top;
    const w = cssWidth - MARGIN.left - MARGIN.right;
    const hgt = cssHeight - MARGIN.top - MARGIN.bottom;
    const sx = (x: number): number => left + ((x - plane.xMin) / (plane.xMax - plane.xMin || 1)) * w;
    const sy = (y: number): number => top + hgt - ((y - plane.yMin) / (plane.yMax - plane.yMin || 1)) * hgt;

    // The probability grid: one pixel per cell (row 0 = yMin at the bottom), scaled up smoothly.
    const n = plane.steps;
    const scale = makeScale(theme);
    const probabilities = this.region.probabilities;
    if (probabilities.length >= n * n && paintCells(ctx, { left, top, w, hgt }, n, (cell) => scale(probabilities[cell]!), true)) {

      // The 0.5 boundary, through cell centres.
      const cellW = w / n;
      const cellH = hgt / n;
      ctx.strokeStyle = withAlpha(theme.foreground, 0.85);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of boundarySegments(this.region.probabilities, n)) {
        ctx.moveTo(left + (x1 + 0.5) * cellW, top + hgt - (y1 + 0.5) * cellH);
        ctx.lineTo(left + (x2 + 0.5) * cellW, top + hgt - (y2 + 0.5) * cellH);
      }
      ctx.stroke();

      // Test points: negatives first, positives (the rare class) on top and larger.
      const { x, y, labels } = plane.points;
      const outline = withAlpha(theme.background, 0.9);
      for (const positive of [0, 1]) {
        ctx.fillStyle = positive ? theme.positive : theme.negative;
        ctx.strokeStyle = positive ? theme.foreground : outline;
        ctx.lineWidth = positive ? 1 : 0.75;
        const radius = positive ? 3 : 2.2;
        for (let k = 0; k < x.length; k++) {
          if ((labels[k] === 1 ? 1 : 0) !== positive) continue;
          ctx.beginPath();
          ctx.arc(sx(x[k]), sy(y[k]), radius, 0, Math.PI * 2);
          ctx.fill();
          ctx.stroke();
        }
      }
      ctx.restore();
    }

    // Frame, ticks and axis titles.
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, w - 1, hgt - 1);
    const fontSize = Math.max(10, theme.fontSize - 2);
    ctx.font = `${fontSize}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.mutedForeground;
    ctx.strokeStyle = theme.border;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xTicks = niceTicks(plane.xMin, plane.xMax, Math.max(2, Math.floor(w / 70)));
    for (const t of xTicks) {
      const px = sx(t);
      ctx.beginPath();
      ctx.moveTo(px, top + hgt);
      ctx.lineTo(px, top + hgt + 4);
      ctx.stroke();
      ctx.fillText(tickLabel(t), px, top + hgt + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const yTicks = niceTicks(plane.yMin, plane.yMax, Math.max(2, Math.floor(hgt / 45)));
    for (const t of yTicks) {
      const py = sy(t);
      ctx.beginPath();
      ctx.moveTo(left - 4, py);
      ctx.lineTo(left, py);
      ctx.stroke();
      ctx.fillText(tickLabel(t), left - 6, py);
    }
    const titles = axisTitles(plane);
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(fitText(ctx, titles.x, w), left + w / 2, cssHeight - 2);
    ctx.save();
    ctx.translate(11, top + hgt / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, titles.y, hgt), 0, 0);
    ctx.restore();
  }

  destroy(): void {
    this.observer.disconnect();
  }

  get drawnWidth(): number {
    return this.width;
  }
}

/**
 * Sizes a region map's canvas to the width it has (the plot at most 420 px wide, 0.82 as tall,
 * plus margins) at the screen's pixel ratio, and clears it. Null when there is no 2D context.
 */
export function sizeRegionCanvas(canvas: HTMLCanvasElement, cssWidth: number): { ctx: CanvasRenderingContext2D; cssHeight: number } | null {
  const plotSize = Math.max(120, Math.min(cssWidth - MARGIN.left - MARGIN.right, 420));
  const cssHeight = plotSize * 0.82 + MARGIN.top + MARGIN.bottom;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssHeight * dpr);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return { ctx, cssHeight };
}

/**
 * Paints an n × n grid of cells (cell j·n + i; row 0 at the bottom) into the plot area: one
 * pixel per cell, scaled up, smoothly or with sharp borders. Leaves the area clipped with the
 * context saved: the caller draws on top and restores. False when there is no 2D context.
 */
export function paintCells(ctx: CanvasRenderingContext2D, area: { left: number; top: number; w: number; hgt: number }, n: number, colourOf: (cell: number) => Rgb, smooth: boolean): boolean {
  const grid = document.createElement('canvas');
  grid.width = n;
  grid.height = n;
  const gctx = grid.getContext('2d');
  if (!gctx) return false;
  const image = gctx.createImageData(n, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const [r, g, b] = colourOf(j * n + i);
      const o = ((n - 1 - j) * n + i) * 4;
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = b;
      image.data[o + 3] = 255;
    }
  }
  gctx.putImageData(image, 0, 0);
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.w, area.hgt);
  ctx.clip();
  ctx.imageSmoothingEnabled = smooth;
  if (smooth) ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(grid, area.left, area.top, area.w, area.hgt);
  return true;
}

function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The shared legend: the colour scale from 0 to 1 and the point markers. */
export function regionLegend(theme: Theme, negative: string, positive: string): HTMLElement {
  const bar = h('canvas', { class: 'fl-scale-bar', width: 160, height: 10, 'aria-hidden': 'true' });
  const ctx = bar.getContext('2d');
  if (ctx) {
    const scale = makeScale(theme);
    for (let i = 0; i < 160; i++) {
      const [r, g, b] = scale(i / 159);
      ctx.fillStyle = `rgb(${r | 0}, ${g | 0}, ${b | 0})`;
      ctx.fillRect(i, 0, 1, 10);
    }
  }
  const dot = (colour: string, className: string): HTMLElement => {
    const d = h('span', { class: `fl-dot ${className}`, 'aria-hidden': 'true' });
    d.style.background = colour;
    return d;
  };
  return h(
    'div',
    { class: 'fl-region-legend' },
    h('span', { class: 'fl-scale' }, h('span', { class: 'fl-scale-label' }, `P(${quoted(positive)})  0`), bar, h('span', { class: 'fl-scale-label' }, '1')),
    h('span', { class: 'fl-legend-item' }, h('span', { class: 'fl-dash-sample', 'aria-hidden': 'true' }), 'boundary at 0.5'),
    h('span', { class: 'fl-legend-item' }, dot(theme.negative, 'fl-dot-neg'), `test point, class ${quoted(negative)}`),
    h('span', { class: 'fl-legend-item' }, dot(theme.positive, 'fl-dot-pos'), `test point, class ${quoted(positive)}`),
  );
}

/**
 * "Plane:" beside the regions: the plane shown, and running the same run again over the
 * principal components or over two input columns the user picks (the host asks which). None
 * when the file has only the two inputs the map already shows.
 */
export function planeControl(plane: DecisionPlane, dataset: Pick<DatasetSummary, 'columns'>, post: (message: FromPanel) => void): HTMLElement | null {
  if (plane.kind === 'features') return null;
  const numeric = (dataset.columns ?? []).filter((c) => c.role === 'numeric').length;
  const share = planeVarianceShare(plane);
  const current = plane.kind === 'columns' ? `Columns ${quoted(plane.xLabel)} × ${quoted(plane.yLabel)}` : `Principal components${share === null ? '' : ` (explains ${(share * 100).toFixed(0)}%)`}`;
  const options = [h('option', { value: 'current', selected: 'selected' }, current)];
  if (plane.kind === 'columns') options.push(h('option', { value: 'pca' }, 'Principal components (runs again)'));
  const choose = h('option', { value: 'columns' }, plane.kind === 'columns' ? 'Choose two other columns… (runs again)' : 'Choose two columns… (runs again)');
  if (numeric < 2) {
    choose.setAttribute('disabled', 'disabled');
    choose.textContent = 'Choose two columns… (needs two numeric input columns)';
  }
  options.push(choose);
  const select = h('select', { id: 'fl-plane-select', testid: 'plane-select', 'aria-describedby': 'fl-plane-help' }, ...options);
  select.addEventListener('change', () => {
    const value = select.value;
    // The choice starts a run; the map shown stays what it is until that run's panel opens.
    select.value = 'current';
    if (value === 'pca' || value === 'columns') post({ type: 'choosePlane', plane: value });
  });
  return h(
    'div',
    { class: 'fl-plane-control', testid: 'plane-control' },
    h('label', { for: 'fl-plane-select' }, 'Plane: '),
    select,
    h('span', { id: 'fl-plane-help', class: 'fl-muted' }, ' Another plane trains the same run again with the same settings and seed, in a new panel.'),
  );
}
