// Dataset facts (rows, target, classes and counts, features, split, notices) and the configuration
// the run used, including which class alpha weighs.

import type { ComparisonConfig, DatasetSummary, DecisionPlane } from '../../src/core/results';
import type { PanelState } from '../../src/shared/webviewProtocol';
import { planeName } from '../../src/core/report/planeText';
import { h } from './dom';
import { fmt, fmtInt, fmtPercent, fmtShort, isNum, lossLabel, quoted } from './format';
import { evaluationOf, protocolLine } from './protocolText';

type Value = string | Node;

function list(rows: [string, Value][]): HTMLElement {
  const dl = h('dl', { class: 'fl-facts' });
  for (const [term, value] of rows) dl.append(h('dt', {}, term), h('dd', {}, value));
  return dl;
}

const TARGET_SOURCE: Record<DatasetSummary['targetSource'], string> = {
  user: 'chosen by you',
  name: 'named like a label',
  'last-low-cardinality': 'the last column with few values',
};

function features(names: string[], inputWidth: number): HTMLElement {
  const shown = names.slice(0, 12);
  const span = h('span', { title: names.join(', ') }, shown.join(', '));
  if (names.length > shown.length) span.append(h('span', { class: 'fl-muted' }, ` and ${names.length - shown.length} more`));
  span.append(h('span', { class: 'fl-muted' }, ` (${names.length} column${names.length === 1 ? '' : 's'}, ${inputWidth} input${inputWidth === 1 ? '' : 's'} after one-hot encoding)`));
  return span;
}

function planeText(plane: DecisionPlane | null): string {
  return plane ? planeName(plane) : 'none (one input column)';
}

export function alphaForPositive(state: PanelState): number | null {
  for (const run of state.results?.runs ?? []) if (isNum(run.alphaForPositiveClass)) return run.alphaForPositiveClass;
  for (const live of Object.values(state.live)) if (isNum(live.alphaForPositiveClass)) return live.alphaForPositiveClass;
  return state.config && typeof state.config.alpha === 'number' ? state.config.alpha : null;
}

/** The sentence the UI always shows: which class alpha weighs. */
export function alphaSentence(config: ComparisonConfig, dataset: DatasetSummary | null, alpha: number | null): string {
  const positive = dataset ? quoted(dataset.positiveClass) : 'the positive class';
  const negative = dataset ? quoted(dataset.negativeClass) : 'the negative class';
  const how = config.alpha === 'auto' ? 'auto (inverse class frequency)' : typeof config.alpha === 'number' ? fmt(config.alpha, 2) : 'one weight per class';
  const value = isNum(alpha) ? ` = ${fmt(alpha, 2)}; the negative class ${negative} gets ${fmt(1 - alpha, 2)}` : '';
  return `${how}: alpha weighs the positive class ${positive}${value}`;
}

/** Multi-class: alpha names the weight of every class (what the runs used, once known). */
export function multiclassAlphaSentence(state: PanelState, config: ComparisonConfig): string {
  const how = config.alpha === 'auto' ? 'auto (inverse class frequency on the training rows, summing to 1)' : 'one weight per class';
  const used = state.multiclass?.runs.find((r) => r.alphaPerClass)?.alphaPerClass ?? (typeof config.alpha === 'object' ? config.alpha : null);
  const weights = used ? `: ${Object.entries(used).map(([name, w]) => `${quoted(name)} ${fmt(w, 3)}`).join(', ')}` : '';
  return `${how}${weights}`;
}

export function renderDatasetInfo(state: PanelState): HTMLElement | null {
  const d = state.dataset;
  const c = state.config;
  if (!d && !c) return null;
  const cards: HTMLElement[] = [];
  if (d) {
    const total = Object.values(d.classCounts).reduce((a, b) => a + b, 0);
    const count = (name: string): string => {
      const n = d.classCounts[name] ?? 0;
      return `${fmtInt(n)} rows (${fmtPercent(total ? n / total : null)})`;
    };
    // Three or more classes in one model: every class with its rows, no positive class.
    const classRows: [string, Value][] =
      d.task === 'multiclass' && d.classes
        ? [
            ['Task', `multi-class: one model over ${d.classes.length} classes (softmax)`],
            ['Classes', h('span', { testid: 'mc-classes' }, d.classes.map((name) => `${quoted(name)} · ${count(name)}`).join('; '))],
          ]
        : [
            ['Positive class', h('span', {}, h('strong', {}, quoted(d.positiveClass)), ` · ${count(d.positiveClass)}`, h('span', { class: 'fl-muted' }, d.positiveClassSource === 'user' ? ' · chosen by you' : ' · the minority'))],
            ['Negative class', h('span', {}, quoted(d.negativeClass), ` · ${count(d.negativeClass)}`)],
          ];
    const rows: [string, Value][] = [
      ['File', d.file],
      ['Rows', `${fmtInt(d.rows)}${d.rowsWithoutTarget ? ` (${fmtInt(d.rowsWithoutTarget)} without a target, dropped)` : ''}`],
      ['Target', h('span', {}, quoted(d.target), h('span', { class: 'fl-muted' }, ` · ${TARGET_SOURCE[d.targetSource] ?? d.targetSource}`))],
      ...classRows,
      ['Features', features(d.features, d.inputWidth)],
      [(state.evaluation?.folds ?? 1) > 1 ? 'Rows per fold' : 'Split', `train ${fmtInt(d.split.train)} · validation ${fmtInt(d.split.validation)} · test ${fmtInt(d.split.test)} (stratified)`],
      ['Decision plane', planeText(state.decisionPlane)],
    ];
    const card = h('div', { class: 'fl-card', testid: 'dataset' }, h('h3', { class: 'fl-card-title' }, 'Data set'), list(rows));
    const notices = [...d.notices];
    for (const column of d.columns) if (column.notice && !notices.some((n) => n.includes(column.notice as string))) notices.push(`${quoted(column.name)}: ${column.notice}`);
    if (notices.length) {
      const ul = h('ul', { class: 'fl-notices', testid: 'notices' });
      for (const notice of notices) ul.appendChild(h('li', {}, notice));
      card.append(h('h4', { class: 'fl-subheading' }, 'Notices'), ul);
    }
    cards.push(card);
  }
  if (c) {
    const alpha = alphaForPositive(state);
    const evaluation = evaluationOf(state.evaluation, c);
    const usesAlpha = c.losses.includes('weighted-bce') || c.losses.includes('alpha-focal') || isNum(alpha);
    const rows: [string, Value][] = [
      // A comparison of arms names its arms (a loss and its strategy); otherwise the losses.
      state.kind !== 'sweep' && c.arms?.trim() && state.arms?.length
        ? ['Arms', state.arms.map((arm) => arm.label).join(', ')]
        : ['Losses', state.kind === 'sweep' ? `${[...new Set(c.losses)].map((l) => lossLabel(l, d?.task)).join(', ')} over a grid of gamma` : c.losses.map((l) => lossLabel(l, d?.task)).join(', ')],
      ['Gamma', state.kind === 'sweep' ? gammaList(state) : fmtShort(c.gamma)],
      ['Alpha', h('span', { testid: 'alpha-sentence' }, d?.task === 'multiclass' ? multiclassAlphaSentence(state, c) : alphaSentence(c, d, alpha), usesAlpha || state.multiclass?.runs.some((r) => r.alphaPerClass) ? '.' : h('span', { class: 'fl-muted' }, ' (not used by these losses).'))],
      ['Epochs', String(c.epochs)],
      ['Batch size', String(c.batchSize)],
      ['Learning rate', String(c.learningRate)],
      ['Hidden layers', c.hidden.join(', ')],
      ['Seed', String(c.seed)],
      ['Evaluation', evaluation ? protocolLine(evaluation) : '—'],
      ...((evaluation?.protocol ?? 'holdout') === 'holdout' ? ([['Split fractions', `${fmtPercent(c.split.train, 0)} / ${fmtPercent(c.split.validation, 0)} / ${fmtPercent(c.split.test, 0)}`]] as [string, Value][]) : []),
      ['Output bias at prior', c.priorBiasInit ? 'yes' : 'no'],
      ['Max categories', String(c.maxCategories)],
      // Absent in results written before these settings existed.
      ...(c.dedupe !== undefined ? ([['Duplicate rows', c.dedupe ? 'dropped before splitting' : 'kept (counted in the notices)']] as [string, Value][]) : []),
      ...(c.missingValues !== undefined ? ([['Missing-value words', c.missingValues.length ? c.missingValues.join(', ') : 'none (only empty cells)']] as [string, Value][]) : []),
    ];
    cards.push(h('div', { class: 'fl-card', testid: 'config' }, h('h3', { class: 'fl-card-title' }, 'Configuration'), list(rows)));
  }
  return h('div', { class: 'fl-grid fl-info-grid' }, ...cards);
}

function gammaList(state: PanelState): string {
  const gammas = new Set<number>();
  for (const run of state.results?.runs ?? []) gammas.add(run.gamma);
  for (const live of Object.values(state.live)) gammas.add(live.gamma);
  return [...gammas].sort((a, b) => a - b).map(fmtShort).join(', ') || '—';
}
