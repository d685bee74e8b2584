// Which charts a report shows, and with what data: ComparisonResults in, SVG strings
// out. svgCharts knows how to draw; this module knows what to draw.

import type { ComparisonResults } from '../results';
import { isFiniteNumber } from './format';
import { finishedRuns, quoteName, runLabels, type FinishedRun } from './names';
import { lossColor } from './palette';
import { decisionRegionChart, lineChart, prChart, reliabilityChart, rocChart } from './svgCharts';

export interface LabelledChart {
  label: string;
  svg: string;
}

export interface ReportCharts {
  /** Train and validation loss per epoch, one chart per run (loss values of different losses are not comparable). */
  lossCurves: LabelledChart[];
  /** Validation log-loss per epoch for every run on one chart: the same yardstick for all. */
  validationLogLoss: string | null;
  roc: string | null;
  pr: string | null;
  reliability: string | null;
  /** One per run with a grid, when the results have a decision plane. */
  decisionRegions: LabelledChart[];
}

/** Three charts side by side fit the report's 1,240 px column. */
const THIRD = 360;
const square = { width: THIRD, height: 390 };

export function reportCharts(results: Omit<ComparisonResults, 'verdict'>): ReportCharts {
  const labels = runLabels(results.runs);
  const labelOf = (run: FinishedRun) => labels[results.runs.indexOf(run)]!;
  const finished = finishedRuns(results);
  const epochs = (values: readonly number[]) => values.map((y, i) => ({ x: i + 1, y }));

  const lossCurves = results.runs
    .filter((run) => run.history.trainLoss.length > 0 || run.history.valLoss.length > 0)
    .map((run) => {
      const label = labels[results.runs.indexOf(run)]!;
      const color = lossColor(run.loss);
      return {
        label,
        svg: lineChart({
          title: `${label}: training loss`,
          xLabel: 'Epoch',
          yLabel: 'Loss',
          integerX: true,
          width: THIRD,
          height: 270,
          series: [
            { name: 'Train', color, points: epochs(run.history.trainLoss) },
            { name: 'Validation', color, dashed: true, points: epochs(run.history.valLoss) },
          ],
        }),
      };
    });

  const withLogLoss = results.runs.filter((run) => run.history.valLogLoss.length > 0);
  const validationLogLoss =
    withLogLoss.length === 0
      ? null
      : lineChart({
          title: 'Validation log-loss (same measure for every loss)',
          xLabel: 'Epoch',
          yLabel: 'Log-loss',
          integerX: true,
          width: 560,
          height: 320,
          zeroBased: false,
          series: withLogLoss.map((run) => ({
            name: labels[results.runs.indexOf(run)]!,
            color: lossColor(run.loss),
            points: epochs(run.history.valLogLoss),
          })),
        });

  const curves = (pick: (run: FinishedRun) => { points: { x: number; y: number }[]; area: number }) =>
    finished.map((run) => ({ name: labelOf(run), color: lossColor(run.loss), ...pick(run) }));

  const decisionRegions: LabelledChart[] = [];
  const plane = results.decisionPlane;
  if (plane) {
    for (const run of results.runs) {
      if (!run.decisionRegion) continue;
      const label = labels[results.runs.indexOf(run)]!;
      decisionRegions.push({
        label,
        svg: decisionRegionChart({
          title: `${label}: decision regions`,
          width: THIRD,
          height: 390,
          plane,
          probabilities: run.decisionRegion.probabilities,
          positiveClass: quoteName(results.dataset.positiveClass, 24),
          negativeClass: quoteName(results.dataset.negativeClass, 24),
        }),
      });
    }
  }

  return {
    lossCurves,
    validationLogLoss,
    roc: finished.length ? rocChart(curves((r) => ({ points: r.metrics.rocCurve, area: r.metrics.rocAuc })), square) : null,
    pr: finished.length ? prChart(curves((r) => ({ points: r.metrics.prCurve, area: r.metrics.prAuc })), testPrevalence(results), square) : null,
    reliability: finished.length
      ? reliabilityChart(finished.map((run) => ({ name: labelOf(run), color: lossColor(run.loss), bins: run.metrics.reliability })), square)
      : null,
    decisionRegions,
  };
}

/** Share of positives in the test set (the PR no-skill line); from the whole file if no run kept its test labels. */
export function testPrevalence(results: Pick<ComparisonResults, 'runs' | 'dataset'>): number {
  const labels = results.runs.find((run) => run.test.labels.length > 0)?.test.labels;
  if (labels) return labels.filter((l) => l === 1).length / labels.length;
  const positive = results.dataset.classCounts[results.dataset.positiveClass];
  const total = Object.values(results.dataset.classCounts).reduce((a, b) => a + b, 0);
  return isFiniteNumber(positive) && total > 0 ? positive / total : NaN;
}
