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
  const body = options.series.map((s) => path(s.points, axes, s.color, { dashed: s.dashed })).join('');
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
