// The metrics table: one row per summary metric (the one list in SUMMARY_METRICS), grouped by the
// role it plays; one column per model (per gamma in a sweep) and one per reference predictor.
// Every cell is "mean ± half-width of the 95% interval" with the per-fold values on hover. A cell
// is marked only when its paired difference from the baseline is reliable (the family-wise
// interval excludes zero): a higher mean alone is never shown as a win.

import type { DatasetSummary, EvaluationSettings, PairedComparison, SummaryMetricKey } from '../../src/core/results';
import { SUMMARY_METRICS, type MetricRole, type SummaryMetricSpec } from '../../src/core/evaluation/summaryMetrics';
import type { PanelResults } from '../../src/shared/webviewProtocol';
import { h } from './dom';
import { fmt, fmtMeanInterval, fmtSeconds, fmtSigned, isNum, quoted } from './format';
import { intervalSentence, testFolds } from './protocolText';
import type { Series } from './series';

/** 'minority' when the positive class is the rarer one (the usual case), else 'positive-class'. */
export function classWord(dataset: DatasetSummary | null): string {
  if (!dataset) return 'Minority';
  const pos = dataset.classCounts[dataset.positiveClass] ?? 0;
  const neg = dataset.classCounts[dataset.negativeClass] ?? 0;
  return pos <= neg ? 'Minority' : 'Positive-class';
}

export const ROLE_TITLES: Readonly<Record<MetricRole, string>> = {
  ranking: 'Ranking (no threshold)',
  decision: 'Decision quality (validation-tuned threshold)',
  calibration: 'Calibration',
  'operating-point': 'Operating point at 0.5 (facts, not proof of a better model)',
};
const ROLE_ORDER: readonly MetricRole[] = ['ranking', 'decision', 'calibration', 'operating-point'];

/** SUMMARY_METRICS grouped by role, in their listed order (recall at 0.5 stays beside its false-positive rate). */
export function metricGroups(): { role: MetricRole; title: string; metrics: SummaryMetricSpec[] }[] {
  return ROLE_ORDER.map((role) => ({ role, title: ROLE_TITLES[role], metrics: SUMMARY_METRICS.filter((m) => m.role === role) })).filter((g) => g.metrics.length > 0);
}

/** The label with "Minority" replaced when the positive class is the majority. */
export function metricLabel(spec: SummaryMetricSpec, word: string): string {
  return word === 'Minority' ? spec.label : spec.label.replace(/^Minority/, word);
}

export type Mark = 'better' | 'worse' | 'shifted' | null;

/** How a reliable paired difference marks a cell: better / worse, or merely a moved operating point. */
export function reliableMark(comparison: PairedComparison | undefined, spec: SummaryMetricSpec): Mark {
  if (!comparison || !comparison.reliable || !isNum(comparison.meanDifference)) return null;
  if (spec.role === 'operating-point') return 'shifted';
  const higher = comparison.meanDifference > 0;
  return higher === (spec.better === 'higher') ? 'better' : 'worse';
}

export function findComparison(results: PanelResults | null, runId: string, metric: SummaryMetricKey): PairedComparison | undefined {
  return results?.comparisons.find((c) => c.loss === runId && c.metric === metric);
}

function perFoldTitle(spec: SummaryMetricSpec, values: readonly (number | null)[], summary: { ciLow: number | null; ciHigh: number | null }, comparison: PairedComparison | undefined, baselineLabel: string): string {
  const lines = [`${spec.label}: ${spec.description}.`, spec.reading];
  if (values.length > 1) lines.push(`Per fold: ${values.map((v) => fmt(v, 3)).join(', ')}`);
  else if (values.length === 1) lines.push(`On the test split: ${fmt(values[0], 3)}`);
  if (isNum(summary.ciLow) && isNum(summary.ciHigh)) lines.push(`95% interval: ${fmt(summary.ciLow, 3)} to ${fmt(summary.ciHigh, 3)}`);
  if (comparison && isNum(comparison.meanDifference)) {
    lines.push(
      `Difference from ${baselineLabel}: ${fmtSigned(comparison.meanDifference)} (95% ${fmtSigned(comparison.ciLow)} to ${fmtSigned(comparison.ciHigh)}; family-wise ${fmtSigned(comparison.familyCiLow)} to ${fmtSigned(comparison.familyCiHigh)})${comparison.reliable ? ' — reliable' : ' — not reliable'}`,
    );
  }
  return lines.join('\n');
}

const MARK_TEXT: Record<Exclude<Mark, null>, string> = {
  better: 'reliably better than the baseline',
  worse: 'reliably worse than the baseline',
  shifted: 'reliably different from the baseline at 0.5: a moved operating point',
};

export function renderMetricsTable(series: Series[], references: Series[], dataset: DatasetSummary | null, results: PanelResults | null, evaluation: EvaluationSettings | null, baselineLabel: string): HTMLElement {
  const positive = dataset?.positiveClass ?? '';
  const word = classWord(dataset);
  const models = series.filter((s) => s.run);
  const columns = [...models, ...references];
  const baselineId = results?.comparisons[0]?.baseline;
  // Many columns (a sweep): compact cells, so every gamma fits a split editor without scrolling.
  const table = h('table', { class: `fl-table fl-metrics${models.length + references.length > 5 ? ' fl-compact' : ''}`, testid: 'metrics-table' });
  table.appendChild(h('caption', { class: 'fl-sr-only' }, `Metrics per model and reference predictor, ${evaluation ? intervalSentence(evaluation) : 'on the test data'}; the ${word.toLowerCase()} class is ${quoted(positive)}.`));
  const headRow = h('tr', {}, h('th', { scope: 'col', class: 'fl-metric-name' }, 'Metric'));
  for (const s of columns) {
    const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
    swatch.style.background = s.colour;
    const th = h('th', { scope: 'col', class: `fl-num${s.reference ? ' fl-reference-col' : ''}`, testid: `column-${s.key}` }, swatch, s.label);
    if (s.reference) th.appendChild(h('span', { class: 'fl-chip fl-chip-reference', title: 'A reference predictor in the same folds: not a loss, not part of the verdict' }, 'reference'));
    else if (s.run?.id === baselineId) th.appendChild(h('span', { class: 'fl-chip', title: 'The other losses are compared with this one' }, 'baseline'));
    if (s.run?.status === 'failed') th.appendChild(h('span', { class: 'fl-chip fl-chip-error' }, 'failed'));
    headRow.appendChild(th);
  }
  table.appendChild(h('thead', {}, headRow));

  for (const group of metricGroups()) {
    const body = h('tbody', { testid: `group-${group.role}` });
    body.appendChild(h('tr', { class: 'fl-group-row' }, h('th', { scope: 'rowgroup', colspan: columns.length + 1 }, group.title)));
    for (const spec of group.metrics) {
      const arrow = spec.better === 'higher' ? '↑' : '↓';
      const name = h('th', { scope: 'row', class: 'fl-metric-name', title: `${spec.label}: ${spec.description}.\n${spec.reading}` }, metricLabel(spec, word));
      if (spec.headline) name.appendChild(h('span', { class: 'fl-headline-dot', title: 'A headline metric: the verdict can name a loss better or worse on it' }, ' ●'));
      name.append(' ', h('span', { class: 'fl-arrow', 'aria-hidden': 'true' }, arrow), h('span', { class: 'fl-sr-only' }, spec.better === 'higher' ? '(higher is better)' : '(lower is better)'));
      const tr = h('tr', { testid: `row-${spec.key}` }, name);
      for (const s of columns) {
        const summary = s.summary?.[spec.key];
        const comparison = s.run ? findComparison(results, s.run.id, spec.key) : undefined;
        const mark = s.reference ? null : reliableMark(comparison, spec);
        // "mean ± half-width": the interval in its own span, so a table with many columns can put it on a second line.
        const [mean, interval] = fmtMeanInterval(summary).split(' ± ');
        const td = h('td', { class: `fl-num${s.reference ? ' fl-reference-col' : ''}`, testid: `cell-${s.key}-${spec.key}` }, mean, interval !== undefined ? h('span', { class: 'fl-pm' }, ` ± ${interval}`) : null);
        if (summary) td.title = perFoldTitle(spec, summary.perFold, summary, comparison, baselineLabel);
        if (mark) {
          td.classList.add(`fl-reliable-${mark}`);
          td.appendChild(h('span', { class: 'fl-mark', 'aria-hidden': 'true' }, mark === 'better' ? ' ▲' : mark === 'worse' ? ' ▼' : ' ◆'));
          td.appendChild(h('span', { class: 'fl-sr-only' }, ` (${MARK_TEXT[mark]})`));
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    table.appendChild(body);
  }

  const runBody = h('tbody', {});
  runBody.appendChild(h('tr', { class: 'fl-group-row' }, h('th', { scope: 'rowgroup', colspan: columns.length + 1 }, 'Training')));
  const info: [string, (s: Series) => string, string?][] = [
    ['Best epoch per fold', (s) => (s.run?.folds.length ? s.run.folds.map((f) => String(f.bestEpoch)).join(' · ') : '—'), 'The epoch whose weights were kept, per fold (hover a cell for the epochs trained)'],
    ['Training time', (s) => fmtSeconds(s.run?.trainingSeconds), 'Summed over the folds'],
    ['α (positive class)', (s) => (isNum(s.run?.alphaForPositiveClass) ? fmt(s.run?.alphaForPositiveClass, 2) : '—')],
  ];
  for (const [label, get, hint] of info) {
    const tr = h('tr', {}, h('th', { scope: 'row', class: 'fl-metric-name', title: hint }, label));
    for (const s of columns) {
      const td = h('td', { class: `fl-num fl-muted${s.reference ? ' fl-reference-col' : ''}` }, s.reference ? '—' : get(s));
      if (label === 'Best epoch per fold' && s.run?.folds.length) td.title = `Epochs trained per fold: ${s.run.folds.map((f) => f.epochsRun).join(' · ')}`;
      tr.appendChild(td);
    }
    runBody.appendChild(tr);
  }
  table.appendChild(runBody);

  const folds = evaluation ? testFolds(evaluation) : 1;
  const legend = h(
    'p',
    { class: 'fl-legend', testid: 'metrics-legend' },
    `Each cell: ${evaluation ? intervalSentence(evaluation) : 'the value on the test data'}; hover for the ${folds > 1 ? 'per-fold values' : 'value'} and the paired difference. `,
    h('span', { class: 'fl-reliable-better fl-legend-sample' }, '▲'),
    ' / ',
    h('span', { class: 'fl-reliable-worse fl-legend-sample' }, '▼'),
    ` reliably better / worse than ${baselineLabel} (the family-wise interval of the paired difference excludes zero); `,
    h('span', { class: 'fl-reliable-shifted fl-legend-sample' }, '◆'),
    ' a reliable difference at threshold 0.5 only, which moves the operating point rather than improving the model. Unmarked differences are within chance. ● headline metric · ↑ higher is better · ↓ lower is better. ',
    `Base rate and Logistic regression are reference predictors fitted in the same folds, not part of the verdict. “${word.toLowerCase()}” is the class ${quoted(positive)}.`,
  );
  const out = h('div', { class: 'fl-metrics-block' });
  // Focusable so keyboard users can scroll it sideways on a narrow editor.
  out.appendChild(h('div', { class: 'fl-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Metrics per model' }, table));
  out.appendChild(legend);
  const few = fewPositives(models);
  if (few) out.appendChild(h('p', { class: 'fl-callout', role: 'note', testid: 'few-positives' }, few));
  for (const s of models.filter((m) => m.run?.status === 'failed')) out.appendChild(h('p', { class: 'fl-error', role: 'alert' }, `${s.label} failed: ${s.run?.error ?? 'no reason given.'}`));
  return out;
}

/** A warning when a test fold or the validation rows hold fewer than 20 positives. */
export function fewPositives(models: Series[]): string | null {
  let test = Infinity;
  let validation = Infinity;
  for (const s of models) {
    for (const fold of s.run?.folds ?? []) {
      if (isNum(fold.rows.testPositives)) test = Math.min(test, fold.rows.testPositives);
      if (isNum(fold.rows.validationPositives)) validation = Math.min(validation, fold.rows.validationPositives);
    }
  }
  const parts: string[] = [];
  if (test < 20) parts.push(`a test fold holds only ${test} positive${test === 1 ? '' : 's'}`);
  if (validation < 20) parts.push(`the validation rows hold only ${validation} positive${validation === 1 ? '' : 's'}`);
  return parts.length ? `Few cases: ${parts.join(' and ')}, so the tuned threshold and the per-fold figures rest on few cases.` : null;
}
