// The metrics table: one column per model (per gamma in a sweep), one row per measure, the best
// value of each row highlighted (higher is better except log-loss, Brier and ECE), with a legend.

import type { DatasetSummary, ModelMetrics, ThresholdMetrics } from '../../src/core/results';
import { h } from './dom';
import { fmt, fmtSeconds, isNum, quoted } from './format';
import type { Series } from './series';

type Better = 'higher' | 'lower' | null;

interface Row {
  label: string;
  better: Better;
  digits?: number;
  value: (m: ModelMetrics, at05: ThresholdMetrics | undefined, tuned: ThresholdMetrics | undefined, positive: string) => number | null;
  hint?: string;
}

interface Group {
  title: string;
  rows: Row[];
}

function perClass(t: ThresholdMetrics | undefined, positive: string, key: 'precision' | 'recall' | 'f1'): number | null {
  return t?.perClass[positive]?.[key] ?? null;
}

export function thresholdEntries(m: ModelMetrics): { at05: ThresholdMetrics | undefined; tuned: ThresholdMetrics | undefined } {
  return {
    at05: m.atThreshold.find((t) => t.thresholdSource === 'default') ?? m.atThreshold[0],
    tuned: m.atThreshold.find((t) => t.thresholdSource === 'validation-f1'),
  };
}

/** 'minority' when the positive class is the rarer one (the usual case), else 'positive-class'. */
export function classWord(dataset: DatasetSummary | null): string {
  if (!dataset) return 'Minority';
  const pos = dataset.classCounts[dataset.positiveClass] ?? 0;
  const neg = dataset.classCounts[dataset.negativeClass] ?? 0;
  return pos <= neg ? 'Minority' : 'Positive-class';
}

function groups(word: string): Group[] {
  const thresholdRows = (at: 'at05' | 'tuned'): Row[] => {
    const pick = (a: ThresholdMetrics | undefined, b: ThresholdMetrics | undefined): ThresholdMetrics | undefined => (at === 'at05' ? a : b);
    return [
      { label: `${word} precision`, better: 'higher', value: (_m, a, b, p) => perClass(pick(a, b), p, 'precision') },
      { label: `${word} recall`, better: 'higher', value: (_m, a, b, p) => perClass(pick(a, b), p, 'recall') },
      { label: `${word} F1`, better: 'higher', value: (_m, a, b, p) => perClass(pick(a, b), p, 'f1') },
      { label: 'Balanced accuracy', better: 'higher', value: (_m, a, b) => pick(a, b)?.balancedAccuracy ?? null },
      { label: 'MCC', better: 'higher', value: (_m, a, b) => pick(a, b)?.mcc ?? null, hint: 'Matthews correlation coefficient' },
    ];
  };
  return [
    {
      title: 'Ranking (no threshold)',
      rows: [
        { label: 'ROC-AUC', better: 'higher', value: (m) => m.rocAuc },
        { label: 'PR-AUC', better: 'higher', value: (m) => m.prAuc, hint: 'Average precision: the area under the precision–recall curve' },
      ],
    },
    { title: 'At threshold 0.5', rows: thresholdRows('at05') },
    {
      title: 'At the tuned threshold',
      rows: [{ label: 'Tuned threshold', better: null, value: (_m, _a, b) => b?.threshold ?? null, hint: `The threshold that maximises ${word.toLowerCase()} F1 on the validation split` }, ...thresholdRows('tuned')],
    },
    {
      title: 'Calibration',
      rows: [
        { label: 'Log-loss', better: 'lower', value: (m) => m.logLoss },
        { label: 'Brier score', better: 'lower', value: (m) => m.brier },
        { label: 'ECE', better: 'lower', value: (m) => m.ece, hint: 'Expected calibration error over 15 bins' },
      ],
    },
  ];
}

/** Indices of the best values; none when fewer than two values or all equal. */
export function bestIndices(values: (number | null)[], better: Better): Set<number> {
  const best = new Set<number>();
  if (!better) return best;
  const finite = values.filter(isNum);
  if (finite.length < 2) return best;
  const target = better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  if (finite.every((v) => Math.abs(v - target) <= 1e-12)) return best;
  values.forEach((v, i) => {
    if (isNum(v) && Math.abs(v - target) <= 1e-12) best.add(i);
  });
  return best;
}

export function renderMetricsTable(series: Series[], dataset: DatasetSummary | null): HTMLElement {
  const positive = dataset?.positiveClass ?? '';
  const word = classWord(dataset);
  const models = series.filter((s) => s.run);
  const table = h('table', { class: 'fl-table fl-metrics', testid: 'metrics-table' });
  table.appendChild(h('caption', { class: 'fl-sr-only' }, `Test-split metrics per model; the ${word.toLowerCase()} class is ${quoted(positive)}.`));
  const headRow = h('tr', {}, h('th', { scope: 'col', class: 'fl-metric-name' }, 'Metric'));
  for (const s of models) {
    const swatch = h('span', { class: 'fl-swatch', 'aria-hidden': 'true' });
    swatch.style.background = s.colour;
    const th = h('th', { scope: 'col', class: 'fl-num' }, swatch, s.label);
    if (s.run?.status === 'failed') th.appendChild(h('span', { class: 'fl-chip fl-chip-error' }, 'failed'));
    headRow.appendChild(th);
  }
  table.appendChild(h('thead', {}, headRow));

  for (const group of groups(word)) {
    const body = h('tbody', {});
    body.appendChild(h('tr', { class: 'fl-group-row' }, h('th', { scope: 'rowgroup', colspan: models.length + 1 }, group.title)));
    for (const row of group.rows) {
      const values = models.map((s) => {
        const m = s.run?.metrics;
        if (!m) return null;
        const { at05, tuned } = thresholdEntries(m);
        const v = row.value(m, at05, tuned, positive);
        return isNum(v) ? v : null;
      });
      const best = bestIndices(values, row.better);
      const arrow = row.better === 'higher' ? '↑' : row.better === 'lower' ? '↓' : '';
      const name = h('th', { scope: 'row', class: 'fl-metric-name', title: row.hint }, row.label);
      if (arrow) name.append(' ', h('span', { class: 'fl-arrow', 'aria-hidden': 'true' }, arrow), h('span', { class: 'fl-sr-only' }, row.better === 'higher' ? '(higher is better)' : '(lower is better)'));
      const tr = h('tr', {}, name);
      values.forEach((v, i) => {
        const td = h('td', { class: 'fl-num' }, fmt(v, row.digits ?? 3));
        if (best.has(i)) {
          td.classList.add('fl-best');
          td.appendChild(h('span', { class: 'fl-sr-only' }, ' (best)'));
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    table.appendChild(body);
  }

  const runBody = h('tbody', {});
  runBody.appendChild(h('tr', { class: 'fl-group-row' }, h('th', { scope: 'rowgroup', colspan: models.length + 1 }, 'Run')));
  const info: [string, (s: Series) => string][] = [
    ['Epochs', (s) => String(s.run?.epochsRun ?? '—')],
    ['Training time', (s) => fmtSeconds(s.run?.trainingSeconds)],
    ['α (positive class)', (s) => (isNum(s.run?.alphaForPositiveClass) ? fmt(s.run?.alphaForPositiveClass, 2) : '—')],
  ];
  for (const [label, get] of info) {
    const tr = h('tr', {}, h('th', { scope: 'row', class: 'fl-metric-name' }, label));
    for (const s of models) tr.appendChild(h('td', { class: 'fl-num fl-muted' }, get(s)));
    runBody.appendChild(tr);
  }
  table.appendChild(runBody);

  const legend = h(
    'p',
    { class: 'fl-legend' },
    h('span', { class: 'fl-best-sample', 'aria-hidden': 'true' }, '0.000'),
    ` best in its row · ↑ higher is better · ↓ lower is better · measured on the test split; “${word.toLowerCase()}” is the class ${quoted(positive)}; the tuned threshold maximises its F1 on the validation split.`,
  );
  const errors = models.filter((s) => s.run?.status === 'failed');
  // Focusable so keyboard users can scroll it sideways on a narrow editor.
  const wrap = h('div', { class: 'fl-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Metrics per model' }, table);
  const out = h('div', { class: 'fl-metrics-block' }, wrap, legend);
  for (const s of errors) out.appendChild(h('p', { class: 'fl-error', role: 'alert' }, `${s.label} failed: ${s.run?.error ?? 'no reason given.'}`));
  return out;
}
