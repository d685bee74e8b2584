// Building blocks for the hand-built SVG charts: scales, "nice" ticks, axes,
// legends. Text and axis lines use currentColor, so a chart inlined in a page
// follows the page's light or dark text colour; data colours are fixed.

import { escapeHtml } from './escape';
import { formatTick, isFiniteNumber, svgNumber } from './format';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Axes {
  plot: Box;
  xDomain: [number, number];
  yDomain: [number, number];
  x(value: number): number;
  y(value: number): number;
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** A line sample (default) or a point marker. */
  marker?: 'line' | 'halo-line' | 'circle' | 'triangle' | 'band';
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CHAR_WIDTH = 6.0; // approximate width of a 12 px glyph, for laying out legends
const LEGEND_ROW = 18;

export function makeAxes(plot: Box, xDomain: [number, number], yDomain: [number, number]): Axes {
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const sx = plot.width / (x1 - x0 || 1);
  const sy = plot.height / (y1 - y0 || 1);
  return {
    plot,
    xDomain,
    yDomain,
    x: (v) => plot.left + (v - x0) * sx,
    y: (v) => plot.top + plot.height - (v - y0) * sy,
  };
}

/** About `count` round tick values covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!isFiniteNumber(min) || !isFiniteNumber(max)) return [];
  if (min === max) return [min];
  const step = niceStep((max - min) / Math.max(1, count));
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** A domain that starts and ends on round numbers and is never empty. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!isFiniteNumber(min) || !isFiniteNumber(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return [min - pad, max + pad];
  }
  const step = niceStep((max - min) / count);
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family='${FONT}' font-size="12" fill="currentColor">` +
    `<title>${escapeHtml(title)}</title>`
  );
}

export const SVG_CLOSE = '</svg>';

export function chartTitle(text: string, x: number, y: number): string {
  return `<text x="${svgNumber(x)}" y="${svgNumber(y)}" font-size="13" font-weight="600">${escapeHtml(text)}</text>`;
}

/** Grid lines, tick marks and labels, axis lines and axis titles. */
export function drawAxes(axes: Axes, xLabel: string, yLabel: string, options: { xTicks?: number[]; yTicks?: number[] } = {}): string {
  const { plot } = axes;
  const xTicks = (options.xTicks ?? niceTicks(...axes.xDomain)).filter((t) => inside(t, axes.xDomain));
  const yTicks = (options.yTicks ?? niceTicks(...axes.yDomain)).filter((t) => inside(t, axes.yDomain));
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const parts: string[] = ['<g class="axes">'];
  parts.push('<g stroke="currentColor" stroke-opacity="0.12" stroke-width="1">');
  for (const t of xTicks) parts.push(line(axes.x(t), plot.top, axes.x(t), bottom));
  for (const t of yTicks) parts.push(line(plot.left, axes.y(t), right, axes.y(t)));
  parts.push('</g>');
  parts.push('<g stroke="currentColor" stroke-opacity="0.55" stroke-width="1">');
  parts.push(line(plot.left, bottom, right, bottom), line(plot.left, plot.top, plot.left, bottom));
  for (const t of xTicks) parts.push(line(axes.x(t), bottom, axes.x(t), bottom + 4));
  for (const t of yTicks) parts.push(line(plot.left - 4, axes.y(t), plot.left, axes.y(t)));
  parts.push('</g>');
  parts.push('<g font-size="11" fill-opacity="0.8">');
  for (const t of xTicks) parts.push(text(axes.x(t), bottom + 16, formatTick(t), 'middle'));
  for (const t of yTicks) parts.push(text(plot.left - 7, axes.y(t) + 4, formatTick(t), 'end'));
  parts.push('</g>');
  parts.push(text(plot.left + plot.width / 2, bottom + 34, xLabel, 'middle'));
  const yMid = plot.top + plot.height / 2;
  parts.push(
    `<text transform="translate(${svgNumber(plot.left - 44)} ${svgNumber(yMid)}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}

/** A legend laid out left to right, wrapping onto new rows within `width`. */
export function drawLegend(items: readonly LegendItem[], left: number, top: number, width: number): string {
  const parts: string[] = ['<g class="legend" font-size="11.5">'];
  let x = left;
  let y = top;
  for (const item of items) {
    const itemWidth = 28 + item.label.length * CHAR_WIDTH + 14;
    if (x > left && x + itemWidth > left + width) {
      x = left;
      y += LEGEND_ROW;
    }
    parts.push(legendSwatch(item, x, y), text(x + 28, y + 4, item.label, 'start'));
    x += itemWidth;
  }
  parts.push('</g>');
  return parts.join('');
}

/** Rows a legend will need, so charts can size themselves before drawing it. */
export function legendRows(items: readonly LegendItem[], width: number): number {
  let rows = items.length > 0 ? 1 : 0;
  let x = 0;
  for (const item of items) {
    const itemWidth = 28 + item.label.length * CHAR_WIDTH + 14;
    if (x > 0 && x + itemWidth > width) {
      rows++;
      x = 0;
    }
    x += itemWidth;
  }
  return rows;
}

export const LEGEND_ROW_HEIGHT = LEGEND_ROW;

function legendSwatch(item: LegendItem, x: number, y: number): string {
  switch (item.marker ?? 'line') {
    case 'circle':
      return circle(x + 11, y, 4, item.color);
    case 'triangle':
      return triangle(x + 11, y, 5, item.color);
    case 'band':
      return `<rect x="${svgNumber(x + 2)}" y="${svgNumber(y - 6)}" width="18" height="12" fill="${item.color}"/>`;
    case 'halo-line':
      // A dark line with a light edge, visible on light and dark pages alike.
      return (
        `<line x1="${svgNumber(x)}" y1="${svgNumber(y)}" x2="${svgNumber(x + 22)}" y2="${svgNumber(y)}" stroke="white" stroke-width="4.5"/>` +
        `<line x1="${svgNumber(x)}" y1="${svgNumber(y)}" x2="${svgNumber(x + 22)}" y2="${svgNumber(y)}" stroke="${item.color}" stroke-width="1.8"/>`
      );
    case 'line':
      return `<line x1="${svgNumber(x)}" y1="${svgNumber(y)}" x2="${svgNumber(x + 22)}" y2="${svgNumber(y)}" stroke="${item.color}" stroke-width="2.5"${item.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  }
}

/** A polyline through the finite points; a gap in the data (NaN) starts a new segment. */
export function path(points: readonly Point[], axes: Axes, stroke: string, options: { dashed?: boolean; width?: number; opacity?: number } = {}): string {
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (isFiniteNumber(p.x) && isFiniteNumber(p.y)) {
      current.push(`${svgNumber(axes.x(p.x))},${svgNumber(axes.y(p.y))}`);
    } else if (current.length > 0) {
      segments.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) segments.push(current.join(' '));
  const dash = options.dashed ? ' stroke-dasharray="6 4"' : '';
  const opacity = options.opacity === undefined ? '' : ` stroke-opacity="${options.opacity}"`;
  return segments
    .map((s) =>
      s.includes(' ')
        ? `<polyline points="${s}" fill="none" stroke="${stroke}" stroke-width="${options.width ?? 2}" stroke-linejoin="round"${dash}${opacity}/>`
        : '',
    )
    .join('');
}

export function circle(cx: number, cy: number, r: number, fill: string, stroke = 'none', strokeWidth = 0): string {
  const edge = stroke === 'none' ? '' : ` stroke="${stroke}" stroke-width="${strokeWidth}"`;
  return `<circle cx="${svgNumber(cx)}" cy="${svgNumber(cy)}" r="${svgNumber(r)}" fill="${fill}"${edge}/>`;
}

export function triangle(cx: number, cy: number, r: number, fill: string, stroke = 'none', strokeWidth = 0): string {
  const pts = [
    [cx, cy - r],
    [cx + r * 0.95, cy + r * 0.7],
    [cx - r * 0.95, cy + r * 0.7],
  ]
    .map(([a, b]) => `${svgNumber(a!)},${svgNumber(b!)}`)
    .join(' ');
  const edge = stroke === 'none' ? '' : ` stroke="${stroke}" stroke-width="${strokeWidth}"`;
  return `<polygon points="${pts}" fill="${fill}"${edge}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, attributes = ''): string {
  return `<line x1="${svgNumber(x1)}" y1="${svgNumber(y1)}" x2="${svgNumber(x2)}" y2="${svgNumber(y2)}"${attributes ? ` ${attributes}` : ''}/>`;
}

export function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end' = 'start', attributes = ''): string {
  return `<text x="${svgNumber(x)}" y="${svgNumber(y)}" text-anchor="${anchor}"${attributes ? ` ${attributes}` : ''}>${escapeHtml(content)}</text>`;
}

/** A message in place of a chart when there is nothing to draw. */
export function emptyChart(width: number, height: number, title: string, message: string): string {
  return (
    svgOpen(width, height, title) +
    chartTitle(title, 12, 20) +
    text(width / 2, height / 2, message, 'middle', 'fill-opacity="0.7"') +
    SVG_CLOSE
  );
}

function inside(value: number, [min, max]: [number, number]): boolean {
  const slack = (max - min) * 1e-9;
  return value >= min - slack && value <= max + slack;
}
