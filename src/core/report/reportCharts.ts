// Which charts a report shows, and with what data: ComparisonResults in, SVG strings
// out. svgCharts knows how to draw; this module knows what to draw.

import { SUMMARY_METRICS } from '../evaluation/summaryMetrics';
import type { ComparisonResults } from '../results';
import { isFiniteNumber } from './format';
import { baselineId, differenceRows, modelColumns, type ModelColumn } from './metricRows';
import { labelOfId, quoteName, runLabels } from './names';
import { NEUTRAL_COLOR, referenceColor, runColors } from './palette';
import { isSweep } from './reportContent';
import { decisionRegionChart, differenceChart, foldStripChart, intervalBandChart, lineChart, prChart, reliabilityChart, rocChart, type CurveSeries } from './svgCharts';

export interface LabelledChart {
  label: string;
  svg: string;
}

export interface ReportCharts {
  /** Train and validation loss per epoch of the first fold, one chart per run, the kept epoch marked. */
  lossCurves: LabelledChart[];
  /** Validation log-loss per epoch of the first fold for every run on one chart, each kept epoch as a dot. */
  validationLogLoss: string | null;
  /** Differences from the baseline: one chart per headline metric, one row per loss. */
  differences: LabelledChart[];
  /** PR-AUC per test fold, a row per model. */
  foldStrip: string | null;
  /** A gamma sweep: each headline metric against gamma with its interval band. */
  sweep: LabelledChart[];
  roc: string | null;
  pr: string | null;
  reliability: string | null;
  /** One per run with a grid, when the results have a decision plane. */
  decisionRegions: LabelledChart[];
}

/** Three charts side by side fit the report's 1,240 px column. */
const THIRD = 360;
const square = { width: THIRD, height: 390 };

export function reportCharts(results: ComparisonResults): ReportCharts {
  const labels = runLabels(results.runs);
  const colors = runColors(results.runs);
  const colorOf = (run: ComparisonResults['runs'][number]): string => colors[results.runs.indexOf(run)]!;
  const columns = modelColumns(results);
  const withCurves = columns.filter((c) => c.pooled);
  const epochs = (values: readonly number[]) => values.map((y, i) => ({ x: i + 1, y }));
  const firstFold = results.evaluation?.protocol === 'cross-validation' ? ' (fold 1)' : '';

  const lossCurves = results.runs
    .filter((run) => run.history.trainLoss.length > 0 || run.history.valLoss.length > 0)
    .map((run) => {
      const label = labels[results.runs.indexOf(run)]!;
      const color = colorOf(run);
      const kept = run.bestEpoch > 0 && run.bestEpoch <= run.history.trainLoss.length ? run.bestEpoch : null;
      return {
        label,
        svg: lineChart({
          title: `${label}: training loss${firstFold}`,
          xLabel: 'Epoch',
          yLabel: 'Loss',
          integerX: true,
          width: THIRD,
          height: 270,
          series: [
            { name: 'Train', color, points: epochs(run.history.trainLoss) },
            { name: 'Validation', color, dashed: true, points: epochs(run.history.valLoss) },
          ],
          marks: kept === null ? [] : [{ x: kept, color: 'currentColor', label: `kept epoch ${kept}` }],
        }),
      };
    });

  const withLogLoss = results.runs.filter((run) => run.history.valLogLoss.length > 0);
  const validationLogLoss =
    withLogLoss.length === 0
      ? null
      : lineChart({
          title: `Validation log-loss${firstFold}: the same measure for every loss`,
          xLabel: 'Epoch',
          yLabel: 'Log-loss',
          integerX: true,
          width: 560,
          height: 320,
          zeroBased: false,
          series: withLogLoss.map((run) => ({ name: labels[results.runs.indexOf(run)]!, color: colorOf(run), points: epochs(run.history.valLogLoss) })),
          marks: withLogLoss.flatMap((run) => {
            const y = run.history.valLogLoss[run.bestEpoch - 1];
            return isFiniteNumber(y) ? [{ x: run.bestEpoch, y, color: colorOf(run) }] : [];
          }),
        });

  const baseline = baselineId(results);
  const rows = differenceRows(results, { headlineOnly: true });
  const differences: LabelledChart[] = SUMMARY_METRICS.filter((m) => m.headline)
    .map((spec) => {
      const series = rows.filter((r) => r.key === spec.key);
      if (series.length === 0 || !baseline) return null;
      const baselineLabel = labelOfId(results, baseline);
      return {
        label: spec.label,
        svg: differenceChart({
          title: `${spec.label}: difference from ${baselineLabel}`,
          xLabel: `${spec.label} minus ${baselineLabel}'s`,
          better: spec.better,
          series: series.map((r) => {
            const run = results.runs.find((x) => x.id === r.modelId);
            const c = r.comparison;
            return { label: r.model, color: run ? colorOf(run) : referenceColor('logistic-regression'), mean: c.meanDifference, low: c.ciLow, high: c.ciHigh, familyLow: c.familyCiLow, familyHigh: c.familyCiHigh, reliable: c.reliable };
          }),
        }),
      };
    })
    .filter((c): c is LabelledChart => c !== null);

  const foldCount = Math.max(0, ...columns.map((c) => c.summary.prAuc?.perFold.length ?? 0));
  const foldStrip =
    foldCount > 1
      ? foldStripChart({
          title: 'PR-AUC on each test fold',
          xLabel: 'PR-AUC (average precision)',
          rows: columns.map((c) => ({ label: c.label, color: c.color, values: c.summary.prAuc?.perFold ?? [], mean: c.summary.prAuc?.mean ?? null })),
        })
      : null;

  const sweep: LabelledChart[] = [];
  if (isSweep(results)) {
    // Neutral: in a sweep the series colours mean gammas, and this chart's x axis already is gamma.
    const color = NEUTRAL_COLOR;
    const runs = columns.filter((c) => c.kind === 'run');
    for (const spec of SUMMARY_METRICS.filter((m) => m.headline)) {
      sweep.push({
        label: spec.label,
        svg: intervalBandChart({
          title: `${spec.label} against gamma (${spec.better} is better)`,
          xLabel: 'Gamma',
          yLabel: spec.label,
          color,
          width: THIRD + 40,
          points: runs.map((c) => ({ x: c.gamma ?? NaN, mean: c.summary[spec.key]?.mean ?? null, low: c.summary[spec.key]?.ciLow ?? null, high: c.summary[spec.key]?.ciHigh ?? null })),
          references: columns.filter((c) => c.kind === 'reference' && c.id === 'logistic-regression').map((c) => ({ label: c.label, value: c.summary[spec.key]?.mean ?? null, color: c.color })),
        }),
      });
    }
  }

  const curves = (pick: (c: ModelColumn) => { points: { x: number; y: number }[]; area: number }): CurveSeries[] =>
    withCurves.filter((c) => c.id !== 'base-rate').map((c) => ({ name: c.label, color: c.color, ...pick(c) }));
  const pooledTitle = results.evaluation?.protocol === 'cross-validation' ? 'out-of-fold predictions' : 'test set';

  const decisionRegions: LabelledChart[] = [];
  const plane = results.decisionPlane;
  if (plane) {
    for (const run of results.runs) {
      if (!run.decisionRegion) continue;
      const label = labels[results.runs.indexOf(run)]!;
      decisionRegions.push({
        label,
        svg: decisionRegionChart({
          title: `${label}: decision regions${firstFold}`,
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

  const any = withCurves.length > 0;
  return {
    lossCurves,
    validationLogLoss,
    differences,
    foldStrip,
    sweep,
    roc: any ? rocChart(curves((c) => ({ points: c.pooled!.rocCurve, area: c.pooled!.rocAuc })), { ...square, title: `ROC curve (${pooledTitle})` }) : null,
    pr: any ? prChart(curves((c) => ({ points: c.pooled!.prCurve, area: c.pooled!.prAuc })), testPrevalence(results), { ...square, title: `Precision–recall curve (${pooledTitle})` }) : null,
    reliability: any
      ? reliabilityChart(
          withCurves.filter((c) => c.id !== 'base-rate').map((c) => ({ name: c.label, color: c.color, bins: c.pooled!.reliability })),
          { ...square, title: `Reliability diagram (${pooledTitle})` },
        )
      : null,
    decisionRegions,
  };
}

/** Share of positives in the pooled test rows (the PR no-skill line); from the whole file if no fold kept its labels. */
export function testPrevalence(results: Pick<ComparisonResults, 'runs' | 'dataset'>): number {
  const folds = results.runs.find((run) => (run.folds ?? []).some((f) => f.test.labels.length > 0))?.folds.filter((f) => f.repeat === 0) ?? [];
  let positives = 0;
  let rows = 0;
  for (const fold of folds) {
    for (const label of fold.test.labels) positives += label;
    rows += fold.test.labels.length;
  }
  if (rows > 0) return positives / rows;
  const positive = results.dataset.classCounts[results.dataset.positiveClass];
  const total = Object.values(results.dataset.classCounts).reduce((a, b) => a + b, 0);
  return isFiniteNumber(positive) && total > 0 ? positive / total : NaN;
}
