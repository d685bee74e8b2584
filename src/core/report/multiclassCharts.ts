// The SVG charts of the multi-class report (report.html): per model the training curves and the
// one-vs-rest precision–recall curve of every class, the K × K confusion as a heat map (counts
// and row shares, rows actual), and the validation log-loss of every model. Class colours are
// the palette's CLASS_COLOURS, as in the panel and the gradient chart; every class name is
// escaped by the primitives.

import { isFiniteNumber } from './format';
import type { MulticlassComparisonResults, MulticlassRunResult } from '../multiclassResults';
import { CLASS_COLOURS, lossColor } from './palette';
import { lineChart, prChart } from './svgCharts';
import { chartTitle, SVG_CLOSE, svgOpen, text } from './svgPrimitives';
import { escapeHtml } from './escape';
import { quoteName } from './names';

export function classColour(index: number): string {
  return CLASS_COLOURS[index % CLASS_COLOURS.length]!;
}

const epochs = (values: readonly number[]) => values.map((y, i) => ({ x: i + 1, y }));

/** Training and validation loss of one model (the first fold's), the kept epoch marked. */
export function multiclassLossChart(run: MulticlassRunResult, label: string, firstFold: boolean): string | null {
  if (run.history.trainLoss.length === 0 && run.history.valLoss.length === 0) return null;
  const colour = lossColor(run.loss);
  const kept = run.bestEpoch > 0 && run.bestEpoch <= run.history.trainLoss.length ? run.bestEpoch : null;
  return lineChart({
    title: `${label}: training loss${firstFold ? ' (fold 1)' : ''}`,
    xLabel: 'Epoch',
    yLabel: 'Loss',
    integerX: true,
    width: 320,
    height: 270,
    series: [
      { name: 'Train', color: colour, points: epochs(run.history.trainLoss) },
      { name: 'Validation', color: colour, dashed: true, points: epochs(run.history.valLoss) },
    ],
    marks: kept === null ? [] : [{ x: kept, color: 'currentColor', label: `kept epoch ${kept}` }],
  });
}

/** Validation cross-entropy of every model: the same measure whatever loss it trained on. */
export function multiclassLogLossChart(runs: readonly MulticlassRunResult[], labels: readonly string[], firstFold: boolean): string | null {
  const withLogLoss = runs.filter((run) => run.history.valLogLoss.length > 0);
  if (withLogLoss.length === 0) return null;
  return lineChart({
    title: `Validation log-loss${firstFold ? ' (fold 1)' : ''}: the same measure for every loss`,
    xLabel: 'Epoch',
    yLabel: 'Log-loss',
    integerX: true,
    width: 560,
    height: 320,
    zeroBased: false,
    series: withLogLoss.map((run) => ({ name: labels[runs.indexOf(run)]!, color: lossColor(run.loss), points: epochs(run.history.valLogLoss) })),
    marks: withLogLoss.flatMap((run) => {
      const y = run.history.valLogLoss[run.bestEpoch - 1];
      return isFiniteNumber(y) ? [{ x: run.bestEpoch, y, color: lossColor(run.loss) }] : [];
    }),
  });
}

/** One model's one-vs-rest precision–recall curves, one per class, with each class's average precision and share of the rows. */
export function perClassPrChart(run: MulticlassRunResult, label: string, classes: readonly string[]): string | null {
  const pooled = run.pooled;
  if (!pooled) return null;
  const total = pooled.perClass.reduce((sum, c) => sum + c.support, 0);
  const curves = pooled.prCurves.map((points, c) => ({
    name: `${quoteName(classes[c] ?? String(c), 20)}, ${total ? Math.round((100 * (pooled.perClass[c]?.support ?? 0)) / total) : 0}% of rows`,
    color: classColour(c),
    points,
    area: pooled.perClass[c]?.prAuc ?? undefined,
  }));
  // One no-skill line per class would crowd the chart: each class's share is in its legend entry instead.
  return prChart(curves, Number.NaN, { title: `${label}: precision–recall per class`, width: 400, height: 400 });
}

/** The K × K confusion of one model as a heat map: cells shaded by their share of the actual class (green on the diagonal, red off it), count and share written in. */
export function confusionHeatMap(confusion: readonly (readonly number[])[], classes: readonly string[], label: string): string {
  const k = classes.length;
  const cell = Math.max(26, Math.min(64, Math.floor(420 / Math.max(1, k))));
  const labelWidth = 110;
  const top = 58;
  const width = Math.max(330, labelWidth + k * cell + 16);
  const height = top + k * cell + 34;
  const title = `${label}: confusion (${k} × ${k}), rows actual, columns predicted`;
  const parts = [svgOpen(width, height, title), chartTitle(`${label}: confusion`, 12, 18)];
  parts.push(text(labelWidth + (k * cell) / 2, 36, 'predicted →', 'middle', 'font-size="11" fill-opacity="0.75"'));
  parts.push(text(12, top - 6, 'actual ↓', 'start', 'font-size="11" fill-opacity="0.75"'));
  const small = cell < 44;
  classes.forEach((name, c) => {
    const x = labelWidth + c * cell + cell / 2;
    parts.push(text(x, top - 6, quoteName(name, small ? 6 : 10), 'middle', 'font-size="10.5"'));
    parts.push(text(labelWidth - 6, top + c * cell + cell / 2 + 4, quoteName(name, 14), 'end', 'font-size="10.5"'));
  });
  confusion.forEach((row, actual) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, predicted) => {
      const share = total ? count / total : 0;
      const x = labelWidth + predicted * cell;
      const y = top + actual * cell;
      const fill = actual === predicted ? '#1a9850' : '#d73027';
      const tip = `${count} of ${total} actual ${quoteName(classes[actual] ?? '')} predicted ${quoteName(classes[predicted] ?? '')} (${(share * 100).toFixed(1)}%)`;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" fill-opacity="${(0.08 + share * 0.6).toFixed(3)}" stroke="currentColor" stroke-opacity="0.25"><title>${escapeHtml(tip)}</title></rect>`,
      );
      parts.push(text(x + cell / 2, y + cell / 2 + (small ? 4 : 0), String(count), 'middle', `font-size="${small ? 10 : 12}" font-weight="600"`));
      if (!small) parts.push(text(x + cell / 2, y + cell / 2 + 14, `${Math.round(share * 100)}%`, 'middle', 'font-size="10" fill-opacity="0.8"'));
    });
  });
  parts.push(text(12, height - 10, 'Green: right, red: wrong; darker: larger share of the row.', 'start', 'font-size="10.5" fill-opacity="0.75"'));
  parts.push(SVG_CLOSE);
  return parts.join('');
}

/** Every chart of a multi-class report, by the section it belongs to. */
export function multiclassReportCharts(results: MulticlassComparisonResults, labels: readonly string[]): { training: string[]; perClass: string[]; confusion: string[] } {
  const firstFold = results.evaluation.protocol === 'cross-validation';
  const finished = results.runs.filter((run) => run.status === 'finished' && run.pooled);
  const label = (run: MulticlassRunResult) => labels[results.runs.indexOf(run)] ?? run.id;
  const training = [...results.runs.map((run) => multiclassLossChart(run, label(run), firstFold)), multiclassLogLossChart(results.runs, labels, firstFold)].filter((svg): svg is string => svg !== null);
  const perClass = finished.map((run) => perClassPrChart(run, label(run), results.dataset.classes)).filter((svg): svg is string => svg !== null);
  const confusion = finished.map((run) => confusionHeatMap(run.pooled!.confusion, results.dataset.classes, label(run)));
  return { training, perClass, confusion };
}
