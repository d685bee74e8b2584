// Standalone SVG charts as strings: no DOM, no chart library, so the CLI can write
// them into report.html and the extension can export the same file. Each chart has
// axes, ticks, axis titles, a legend, role="img" and a <title>. Non-finite points
// are skipped, so no "NaN" ever reaches an attribute.

import type { CurvePoint, DecisionPlane, ReliabilityBin } from '../results';
import { formatMetric, formatTick, isFiniteNumber, svgNumber } from './format';
import { NEGATIVE_POINT_COLOR, NEUTRAL_COLOR, POSITIVE_POINT_COLOR, probabilityColor } from './palette';
import {
  chartTitle,
  circle,
  drawAxes,
  drawLegend,
  emptyChart,
  LEGEND_ROW_HEIGHT,
  legendRows,
  line,
  makeAxes,
  niceDomain,
  niceTicks,
  path,
  SVG_CLOSE,
  svgOpen,
  text,
  triangle,
  type Axes,
  type Box,
  type LegendItem,
  type Point,
} from './svgPrimitives';

export interface ChartSize {
  width?: number;
  height?: number;
}

export interface LineSeries {
  name: string;
  color: string;
  points: readonly Point[];
  dashed?: boolean;
}

export interface LineChartOptions extends ChartSize {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Start the y axis at 0 (losses): differences are then shown to scale. Default true. */
  zeroBased?: boolean;
  /** Only whole-number x ticks (epochs). */
  integerX?: boolean;
  /** Marked x positions: a dot at (x, y) when y is given, else a dashed vertical line with its label (the kept epoch). */
  marks?: readonly ChartMark[];
}

export interface ChartMark {
  x: number;
  y?: number;
  color: string;
  label?: string;
}

/** Several series over a shared x axis: loss per epoch, validation log-loss per model. */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  const finite = options.series.flatMap((s) => s.points.filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.y)));
  if (finite.length === 0) return emptyChart(width, height, options.title, 'No data to plot');
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yDomain = niceDomain(options.zeroBased === false ? Math.min(...ys) : Math.min(0, ...ys), Math.max(...ys));
  const xDomain: [number, number] = xMin === xMax ? [xMin - 1, xMax + 1] : [xMin, xMax];
  const legend = options.series.map((s): LegendItem => ({ label: s.name, color: s.color, dashed: s.dashed }));
  const plot = plotBox(width, height, legend);
  const axes = makeAxes(plot, xDomain, yDomain);
  const xTicks = options.integerX ? integerTicks(xDomain) : undefined;
  let body = options.series.map((s) => path(s.points, axes, s.color, { dashed: s.dashed })).join('');
  for (const mark of options.marks ?? []) {
    if (!isFiniteNumber(mark.x) || mark.x < xDomain[0] || mark.x > xDomain[1]) continue;
    if (isFiniteNumber(mark.y)) {
      if (mark.y >= yDomain[0] && mark.y <= yDomain[1]) body += circle(axes.x(mark.x), axes.y(mark.y), 4, mark.color, 'white', 1.2);
    } else {
      const x = axes.x(mark.x);
      body += line(x, plot.top, x, plot.top + plot.height, `stroke="${mark.color}" stroke-width="1.5" stroke-dasharray="3 3"`);
      if (mark.label) body += text(x + (x > plot.left + plot.width * 0.7 ? -4 : 4), plot.top + 11, mark.label, x > plot.left + plot.width * 0.7 ? 'end' : 'start', 'font-size="10.5"');
    }
  }
  return frame(width, height, options.title, axes, options.xLabel, options.yLabel, legend, body, { xTicks });
}

export interface CurveSeries {
  name: string;
  color: string;
  points: readonly Pick<CurvePoint, 'x' | 'y'>[];
  /** The area under the curve, shown in the legend. */
  area?: number;
}

/** ROC curves of all models on one plot, with the chance diagonal. */
export function rocChart(curves: readonly CurveSeries[], size: ChartSize & { title?: string } = {}): string {
  const width = size.width ?? 400;
  const height = size.height ?? 400;
  const title = size.title ?? 'ROC curve (test set)';
  const legend: LegendItem[] = [
    ...curves.map((c) => ({ label: withArea(c.name, 'AUC', c.area), color: c.color })),
    { label: 'Chance', color: NEUTRAL_COLOR, dashed: true },
  ];
  const axes = makeAxes(plotBox(width, height, legend), [0, 1], [0, 1]);
  const chance = path([{ x: 0, y: 0 }, { x: 1, y: 1 }], axes, NEUTRAL_COLOR, { dashed: true, width: 1.25 });
  const body = chance + curves.map((c) => path(c.points, axes, c.color)).join('');
  return frame(width, height, title, axes, 'False positive rate', 'True positive rate', legend, body, unitTicks());
}

/**
 * Precision–recall curves of all models, drawn as steps (average precision is a step
 * integral), with the prevalence of the positive class as the no-skill baseline.
 */
export function prChart(curves: readonly CurveSeries[], prevalence: number, size: ChartSize & { title?: string } = {}): string {
  const width = size.width ?? 400;
  const height = size.height ?? 400;
  const title = size.title ?? 'Precision–recall curve (test set)';
  const legend: LegendItem[] = curves.map((c) => ({ label: withArea(c.name, 'AP', c.area), color: c.color }));
  if (isFiniteNumber(prevalence)) legend.push({ label: `No skill (prevalence ${formatTick(prevalence)})`, color: NEUTRAL_COLOR, dashed: true });
  const axes = makeAxes(plotBox(width, height, legend), [0, 1], [0, 1]);
  const baseline = isFiniteNumber(prevalence)
    ? path([{ x: 0, y: prevalence }, { x: 1, y: prevalence }], axes, NEUTRAL_COLOR, { dashed: true, width: 1.25 })
    : '';
  const body = baseline + curves.map((c) => path(steps(c.points), axes, c.color)).join('');
  return frame(width, height, title, axes, 'Recall', 'Precision', legend, body, unitTicks());
}

export interface ReliabilitySeries {
  name: string;
  color: string;
  bins: readonly ReliabilityBin[];
}

/** Mean predicted probability against observed frequency per bin; the diagonal is perfect calibration. */
export function reliabilityChart(models: readonly ReliabilitySeries[], size: ChartSize & { title?: string } = {}): string {
  const width = size.width ?? 400;
  const height = size.height ?? 400;
  const title = size.title ?? 'Reliability diagram (test set)';
  const legend: LegendItem[] = [
    ...models.map((m) => ({ label: m.name, color: m.color })),
    { label: 'Perfect calibration', color: NEUTRAL_COLOR, dashed: true },
  ];
  const axes = makeAxes(plotBox(width, height, legend), [0, 1], [0, 1]);
  const parts = [path([{ x: 0, y: 0 }, { x: 1, y: 1 }], axes, NEUTRAL_COLOR, { dashed: true, width: 1.25 })];
  for (const model of models) {
    // Empty bins have no observed frequency; they are left out rather than drawn at 0.
    const points = model.bins
      .filter((b) => b.count > 0 && isFiniteNumber(b.meanPredicted) && isFiniteNumber(b.fractionPositive))
      .map((b) => ({ x: b.meanPredicted, y: b.fractionPositive }));
    parts.push(path(points, axes, model.color, { width: 1.75 }));
    for (const p of points) parts.push(circle(axes.x(p.x), axes.y(p.y), 3.5, model.color, 'white', 1));
  }
  return frame(width, height, title, axes, 'Mean predicted probability', 'Observed fraction positive', legend, parts.join(''), unitTicks());
}

export interface DecisionRegionOptions extends ChartSize {
  title: string;
  plane: DecisionPlane;
  /** Row-major, `plane.steps` rows (y, from yMin up) of `plane.steps` columns (x, from xMin right). */
  probabilities: readonly number[];
  positiveClass: string;
  negativeClass: string;
  /** Draw the p = 0.5 boundary. Default true. */
  contour?: boolean;
}

/**
 * The model's probability over a plane as a heatmap (blue = negative, orange = positive,
 * white = undecided), the 0.5 boundary, and the test points on top, shaped by label.
 * Grid values sit at evenly spaced points from min to max on each axis, each drawn as
 * the cell around it.
 */
export function decisionRegionChart(options: DecisionRegionOptions): string {
  const width = options.width ?? 380;
  const height = options.height ?? 400;
  const { plane, probabilities } = options;
  const n = plane.steps;
  const usable =
    Number.isInteger(n) && n >= 2 && probabilities.length === n * n &&
    [plane.xMin, plane.xMax, plane.yMin, plane.yMax].every(isFiniteNumber) && plane.xMax > plane.xMin && plane.yMax > plane.yMin;
  if (!usable) return emptyChart(width, height, options.title, 'No decision-region grid for this run');

  const legend: LegendItem[] = [
    { label: `Test: ${options.negativeClass}`, color: NEGATIVE_POINT_COLOR, marker: 'circle' },
    { label: `Test: ${options.positiveClass}`, color: POSITIVE_POINT_COLOR, marker: 'triangle' },
  ];
  if (options.contour !== false) legend.push({ label: 'p = 0.5', color: '#111111', marker: 'halo-line' });
  const plot = plotBox(width, height, legend, 22);
  const axes = makeAxes(plot, [plane.xMin, plane.xMax], [plane.yMin, plane.yMax]);
  const parts = [heatmap(axes, n, probabilities)];
  if (options.contour !== false) parts.push(contour(axes, n, probabilities));
  parts.push(testPoints(axes, plane));
  parts.push(colourBar(plot, options.positiveClass));
  return frame(width, height, options.title, axes, axisLabel(plane, 0), axisLabel(plane, 1), legend, parts.join(''));
}

export interface DifferenceSeries {
  label: string;
  color: string;
  mean: number | null;
  /** The 95% interval. */
  low: number | null;
  high: number | null;
  /** The family-wise (Bonferroni) interval; reliable when it excludes zero. */
  familyLow: number | null;
  familyHigh: number | null;
  reliable: boolean;
}

export interface DifferenceChartOptions extends ChartSize {
  title: string;
  /** E.g. "PR-AUC minus BCE's". */
  xLabel: string;
  better: 'higher' | 'lower';
  series: readonly DifferenceSeries[];
}

const signed = (v: number | null) => (isFiniteNumber(v) ? `${v >= 0 ? '+' : '−'}${formatMetric(Math.abs(v))}` : 'n/a');

/**
 * Paired differences from the baseline, one row each: the 95% interval as a bar, the
 * family-wise interval as a thin line with end caps, the mean as a dot, zero as a vertical line.
 * Reliable rows (family-wise interval excludes zero) are solid and labelled; the others are faded.
 */
export function differenceChart(options: DifferenceChartOptions): string {
  const width = options.width ?? 560;
  const rowHeight = 30;
  const rows = options.series;
  const labelWidth = 150;
  const valueWidth = 150;
  const top = 52;
  const legend: LegendItem[] = [
    { label: '95% interval', color: NEUTRAL_COLOR, marker: 'band' },
    { label: 'Family-wise interval (reliable when it excludes 0)', color: NEUTRAL_COLOR },
  ];
  const plotWidth = Math.max(80, width - labelWidth - valueWidth - 16);
  const legendHeight = legendRows(legend, width - 24) * LEGEND_ROW_HEIGHT;
  const height = options.height ?? top + Math.max(1, rows.length) * rowHeight + 46 + legendHeight + 8;
  const plot: Box = { left: labelWidth, top, width: plotWidth, height: Math.max(1, rows.length) * rowHeight };
  const values = rows.flatMap((r) => [r.mean, r.low, r.high, r.familyLow, r.familyHigh]).filter(isFiniteNumber);
  if (values.length === 0) return emptyChart(width, 140, options.title, 'No interval to draw');
  const spread = Math.max(...values.map(Math.abs));
  const xDomain = niceDomain(Math.min(0, ...values, -spread * 0.1), Math.max(0, ...values, spread * 0.1));
  const axes = makeAxes(plot, xDomain, [0, Math.max(1, rows.length)]);
  const parts: string[] = [svgOpen(width, height, options.title), chartTitle(options.title, 12, 20)];
  const direction = options.better === 'higher' ? 'higher is better →' : '← lower is better';
  parts.push(text(plot.left + plot.width, 38, direction, 'end', 'font-size="11" fill-opacity="0.75"'));
  parts.push(drawAxes(axes, options.xLabel, '', { yTicks: [] }));
  const zero = axes.x(0);
  parts.push(line(zero, plot.top - 4, zero, plot.top + plot.height, 'stroke="currentColor" stroke-width="1.5"'));
  parts.push('<g class="data">');
  rows.forEach((row, i) => {
    const cy = axes.y(rows.length - i - 0.5);
    const opacity = row.reliable ? '1' : '0.45';
    parts.push(`<g opacity="${opacity}">`);
    if (isFiniteNumber(row.familyLow) && isFiniteNumber(row.familyHigh)) {
      const a = axes.x(row.familyLow);
      const b = axes.x(row.familyHigh);
      parts.push(line(a, cy, b, cy, `stroke="${row.color}" stroke-width="1.5"`));
      parts.push(line(a, cy - 6, a, cy + 6, `stroke="${row.color}" stroke-width="1.5"`), line(b, cy - 6, b, cy + 6, `stroke="${row.color}" stroke-width="1.5"`));
    }
    if (isFiniteNumber(row.low) && isFiniteNumber(row.high)) {
      const a = axes.x(row.low);
      const b = axes.x(row.high);
      parts.push(`<rect x="${svgNumber(a)}" y="${svgNumber(cy - 5)}" width="${svgNumber(Math.max(1, b - a))}" height="10" rx="2" fill="${row.color}" fill-opacity="0.55"/>`);
    }
    if (isFiniteNumber(row.mean)) {
      parts.push(row.reliable ? circle(axes.x(row.mean), cy, 5, row.color, 'currentColor', 1.5) : circle(axes.x(row.mean), cy, 4.5, 'none', row.color, 2));
    }
    parts.push('</g>');
    parts.push(text(plot.left - 10, cy + 4, row.label, 'end', row.reliable ? 'font-weight="700"' : ''));
    const interval = isFiniteNumber(row.low) && isFiniteNumber(row.high) ? ` [${signed(row.low)}, ${signed(row.high)}]` : '';
    parts.push(text(plot.left + plot.width + 10, cy + 4, `${signed(row.mean)}${interval}${row.reliable ? ' reliable' : ''}`, 'start', `font-size="11"${row.reliable ? ' font-weight="700"' : ''}`));
  });
  parts.push('</g>');
  parts.push(drawLegend(legend, 12, plot.top + plot.height + 58, width - 24));
  parts.push(SVG_CLOSE);
  return parts.join('');
}

export interface FoldStripRow {
  label: string;
  color: string;
  values: readonly (number | null)[];
  mean: number | null;
}

/** One row per model, a dot per test fold, a tick at the mean: how much a metric moves with the fold. */
export function foldStripChart(options: ChartSize & { title: string; xLabel: string; rows: readonly FoldStripRow[] }): string {
  const width = options.width ?? 560;
  const rowHeight = 28;
  const rows = options.rows;
  const values = rows.flatMap((r) => r.values).filter(isFiniteNumber);
  const legend: LegendItem[] = [
    { label: 'One test fold', color: NEUTRAL_COLOR, marker: 'circle' },
    { label: 'Mean', color: NEUTRAL_COLOR },
  ];
  const legendHeight = legendRows(legend, width - 24) * LEGEND_ROW_HEIGHT;
  const height = options.height ?? 40 + Math.max(1, rows.length) * rowHeight + 46 + legendHeight + 8;
  if (values.length === 0) return emptyChart(width, 140, options.title, 'No per-fold values');
  const plot: Box = { left: 150, top: 36, width: width - 150 - 20, height: Math.max(1, rows.length) * rowHeight };
  const axes = makeAxes(plot, niceDomain(Math.min(...values), Math.max(...values)), [0, Math.max(1, rows.length)]);
  const parts: string[] = [svgOpen(width, height, options.title), chartTitle(options.title, 12, 20), drawAxes(axes, options.xLabel, '', { yTicks: [] })];
  parts.push('<g class="data">');
  rows.forEach((row, i) => {
    const cy = axes.y(rows.length - i - 0.5);
    parts.push(text(plot.left - 10, cy + 4, row.label, 'end'));
    const n = row.values.length;
    row.values.forEach((v, k) => {
      // Folds spread a little up and down so equal values stay visible.
      if (isFiniteNumber(v)) parts.push(circle(axes.x(v), cy + (n > 1 ? ((k / (n - 1)) - 0.5) * 10 : 0), 3.6, row.color, 'white', 0.8));
    });
    if (isFiniteNumber(row.mean)) parts.push(line(axes.x(row.mean), cy - 10, axes.x(row.mean), cy + 10, `stroke="${row.color}" stroke-width="2.5"`));
  });
  parts.push('</g>');
  parts.push(drawLegend(legend, 12, plot.top + plot.height + 58, width - 24));
  parts.push(SVG_CLOSE);
  return parts.join('');
}

export interface IntervalBandPoint {
  x: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface IntervalBandOptions extends ChartSize {
  title: string;
  xLabel: string;
  yLabel: string;
  color: string;
  points: readonly IntervalBandPoint[];
  /** Horizontal reference lines (logistic regression, base rate). */
  references?: readonly { label: string; value: number | null; color: string }[];
}

/** A metric against a setting (gamma): the mean as a line with dots, its 95% interval as a band. */
export function intervalBandChart(options: IntervalBandOptions): string {
  const width = options.width ?? 480;
  const height = options.height ?? 320;
  const points = options.points.filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.mean)).sort((a, b) => a.x - b.x);
  if (points.length === 0) return emptyChart(width, height, options.title, 'No data to plot');
  const references = (options.references ?? []).filter((r) => isFiniteNumber(r.value));
  const legend: LegendItem[] = [
    { label: 'Mean over test folds', color: options.color },
    { label: '95% interval', color: options.color, marker: 'band' },
    ...references.map((r) => ({ label: r.label, color: r.color, dashed: true })),
  ];
  const ys = [...points.flatMap((p) => [p.mean, p.low, p.high]), ...references.map((r) => r.value)].filter(isFiniteNumber);
  const xs = points.map((p) => p.x);
  const xDomain: [number, number] = Math.min(...xs) === Math.max(...xs) ? [xs[0]! - 1, xs[0]! + 1] : [Math.min(...xs), Math.max(...xs)];
  const axes = makeAxes(plotBox(width, height, legend), xDomain, niceDomain(Math.min(...ys), Math.max(...ys)));
  const parts: string[] = [];
  const banded = points.filter((p) => isFiniteNumber(p.low) && isFiniteNumber(p.high));
  if (banded.length >= 2) {
    const outline = [...banded.map((p) => `${svgNumber(axes.x(p.x))},${svgNumber(axes.y(p.high!))}`), ...[...banded].reverse().map((p) => `${svgNumber(axes.x(p.x))},${svgNumber(axes.y(p.low!))}`)];
    parts.push(`<polygon points="${outline.join(' ')}" fill="${options.color}" fill-opacity="0.2"/>`);
  } else {
    for (const p of banded) parts.push(line(axes.x(p.x), axes.y(p.low!), axes.x(p.x), axes.y(p.high!), `stroke="${options.color}" stroke-opacity="0.5" stroke-width="6"`));
  }
  for (const r of references) parts.push(path([{ x: xDomain[0], y: r.value! }, { x: xDomain[1], y: r.value! }], axes, r.color, { dashed: true, width: 1.25 }));
  parts.push(path(points.map((p) => ({ x: p.x, y: p.mean! })), axes, options.color));
  for (const p of points) parts.push(circle(axes.x(p.x), axes.y(p.mean!), 3.5, options.color, 'white', 1));
  return frame(width, height, options.title, axes, options.xLabel, options.yLabel, legend, parts.join(''), { xTicks: [...new Set(xs)] });
}

// ---------------------------------------------------------------------------

/** Plot area leaving room for the title, tick labels, axis titles and the legend rows. */
function plotBox(width: number, height: number, legend: readonly LegendItem[], extraTop = 0): Box {
  const left = 60;
  const right = 16;
  const top = 34 + extraTop;
  const legendHeight = legendRows(legend, width - left - right) * LEGEND_ROW_HEIGHT;
  const bottom = 46 + legendHeight + 6;
  return { left, top, width: width - left - right, height: Math.max(40, height - top - bottom) };
}

function frame(
  width: number,
  height: number,
  title: string,
  axes: Axes,
  xLabel: string,
  yLabel: string,
  legend: readonly LegendItem[],
  body: string,
  ticks: { xTicks?: number[]; yTicks?: number[] } = {},
): string {
  const { plot } = axes;
  const legendTop = plot.top + plot.height + 56;
  return (
    svgOpen(width, height, title) +
    chartTitle(title, 12, 20) +
    drawAxes(axes, xLabel, yLabel, ticks) +
    `<g class="data">${body}</g>` +
    drawLegend(legend, plot.left, legendTop, plot.width) +
    SVG_CLOSE
  );
}

function unitTicks(): { xTicks: number[]; yTicks: number[] } {
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return { xTicks: ticks, yTicks: ticks };
}

function integerTicks([min, max]: [number, number]): number[] {
  return niceTicks(min, max, Math.min(8, Math.max(1, Math.round(max - min)))).filter((t) => Number.isInteger(t));
}

function withArea(name: string, what: string, area: number | undefined): string {
  return area === undefined ? name : `${name} (${what} ${formatMetric(area)})`;
}

/**
 * Step shape for a PR curve: precision is constant between recall values. Points are put
 * in order of decreasing recall first (as scikit-learn returns them), then each step
 * holds the precision of the higher-recall end.
 */
function steps(points: readonly Pick<CurvePoint, 'x' | 'y'>[]): Point[] {
  const finite = points.filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.y));
  if (finite.length < 2) return [...finite];
  const ordered = finite[0]!.x < finite[finite.length - 1]!.x ? [...finite].reverse() : finite;
  const out: Point[] = [ordered[0]!];
  for (let i = 1; i < ordered.length; i++) {
    out.push({ x: ordered[i]!.x, y: ordered[i - 1]!.y }, ordered[i]!);
  }
  return out;
}

function axisLabel(plane: DecisionPlane, axis: 0 | 1): string {
  const label = axis === 0 ? plane.xLabel : plane.yLabel;
  const variance = plane.explainedVariance?.[axis];
  return plane.kind === 'pca' && isFiniteNumber(variance) ? `${label} (${Math.round(variance * 100)}% of variance)` : label;
}

/** Grid centre coordinate of column/row `i`. */
function gridValue(min: number, max: number, n: number, i: number): number {
  return min + ((max - min) * i) / (n - 1);
}

/** The probability grid as rects; equal neighbouring cells in a row are merged to keep the file small. */
function heatmap(axes: Axes, n: number, probabilities: readonly number[]): string {
  const [xMin, xMax] = axes.xDomain;
  const [yMin, yMax] = axes.yDomain;
  const halfX = (xMax - xMin) / (n - 1) / 2;
  const halfY = (yMax - yMin) / (n - 1) / 2;
  const clampX = (v: number) => Math.min(xMax, Math.max(xMin, v));
  const clampY = (v: number) => Math.min(yMax, Math.max(yMin, v));
  const parts: string[] = ['<g class="regions" shape-rendering="crispEdges">'];
  for (let row = 0; row < n; row++) {
    const yc = gridValue(yMin, yMax, n, row);
    const top = axes.y(clampY(yc + halfY));
    const bottom = axes.y(clampY(yc - halfY));
    let start = 0;
    for (let col = 1; col <= n; col++) {
      const colour = (c: number) => {
        const p = probabilities[row * n + c]!;
        return isFiniteNumber(p) ? probabilityColor(p) : null;
      };
      if (col < n && colour(col) === colour(start)) continue;
      const fill = colour(start);
      if (fill !== null) {
        // A hair of overlap hides anti-aliasing seams between neighbouring rects.
        const x0 = axes.x(clampX(gridValue(xMin, xMax, n, start) - halfX));
        const x1 = axes.x(clampX(gridValue(xMin, xMax, n, col - 1) + halfX));
        parts.push(
          `<rect x="${svgNumber(x0)}" y="${svgNumber(top)}" width="${svgNumber(x1 - x0 + 0.5)}" height="${svgNumber(bottom - top + 0.5)}" fill="${fill}"/>`,
        );
      }
      start = col;
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** The p = 0.5 line by marching squares over the grid points. */
function contour(axes: Axes, n: number, probabilities: readonly number[]): string {
  const [xMin, xMax] = axes.xDomain;
  const [yMin, yMax] = axes.yDomain;
  const at = (col: number, row: number) => probabilities[row * n + col]! - 0.5;
  const segments: string[] = [];
  for (let row = 0; row < n - 1; row++) {
    for (let col = 0; col < n - 1; col++) {
      const corners: [number, number, number][] = [
        [col, row, at(col, row)],
        [col + 1, row, at(col + 1, row)],
        [col + 1, row + 1, at(col + 1, row + 1)],
        [col, row + 1, at(col, row + 1)],
      ];
      if (!corners.every(([, , v]) => isFiniteNumber(v))) continue;
      const crossings: Point[] = [];
      for (let k = 0; k < 4; k++) {
        const [c0, r0, v0] = corners[k]!;
        const [c1, r1, v1] = corners[(k + 1) % 4]!;
        if (v0 < 0 === v1 < 0) continue;
        const t = v0 / (v0 - v1);
        crossings.push({
          x: gridValue(xMin, xMax, n, c0 + (c1 - c0) * t),
          y: gridValue(yMin, yMax, n, r0 + (r1 - r0) * t),
        });
      }
      // Two crossings: one segment. Four (a saddle): pair them in order, a fine approximation at this resolution.
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        const a = crossings[k]!;
        const b = crossings[k + 1]!;
        segments.push(`M${svgNumber(axes.x(a.x))} ${svgNumber(axes.y(a.y))}L${svgNumber(axes.x(b.x))} ${svgNumber(axes.y(b.y))}`);
      }
    }
  }
  if (segments.length === 0) return '';
  const d = segments.join('');
  // A light halo under the line keeps it readable over the darkest cells.
  return (
    `<path d="${d}" fill="none" stroke="white" stroke-opacity="0.7" stroke-width="3.5" stroke-linecap="round"/>` +
    `<path d="${d}" fill="none" stroke="#111111" stroke-width="1.6" stroke-linecap="round"/>`
  );
}

/** Test points, negatives first so the rarer positives are drawn on top. */
function testPoints(axes: Axes, plane: DecisionPlane): string {
  const { x, y, labels } = plane.points;
  const [xMin, xMax] = axes.xDomain;
  const [yMin, yMax] = axes.yDomain;
  const parts: string[] = ['<g class="points">'];
  for (const wanted of [0, 1]) {
    for (let i = 0; i < labels.length; i++) {
      const px = x[i];
      const py = y[i];
      if (labels[i] !== wanted || !isFiniteNumber(px) || !isFiniteNumber(py)) continue;
      if (px < xMin || px > xMax || py < yMin || py > yMax) continue;
      parts.push(
        wanted === 1
          ? triangle(axes.x(px), axes.y(py), 4.2, POSITIVE_POINT_COLOR, 'white', 0.8)
          : circle(axes.x(px), axes.y(py), 2.6, NEGATIVE_POINT_COLOR, 'white', 0.6),
      );
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** A small probability scale above the plot: what the colours mean. */
function colourBar(plot: Box, positiveClass: string): string {
  const barWidth = Math.min(150, plot.width * 0.45);
  const left = plot.left + plot.width - barWidth;
  const top = plot.top - 16;
  const cells = 20;
  const parts: string[] = ['<g class="scale" shape-rendering="crispEdges">'];
  for (let i = 0; i < cells; i++) {
    parts.push(
      `<rect x="${svgNumber(left + (barWidth * i) / cells)}" y="${svgNumber(top)}" width="${svgNumber(barWidth / cells + 0.5)}" height="8" fill="${probabilityColor((i + 0.5) / cells)}"/>`,
    );
  }
  parts.push('</g>');
  parts.push(`<g font-size="10" fill-opacity="0.8">`);
  parts.push(text(left - 4, top + 8, `P(${positiveClass}) 0`, 'end'), text(left + barWidth + 3, top + 8, '1', 'start'));
  parts.push(line(left + barWidth / 2, top - 2, left + barWidth / 2, top + 10, 'stroke="currentColor" stroke-opacity="0.6"'));
  parts.push('</g>');
  return parts.join('');
}
