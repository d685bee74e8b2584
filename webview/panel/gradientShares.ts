// "Where the gradient goes": per model, one stacked bar of the shares of the gradient on the
// training rows by class × confidence (hard, medium, easy rows), at the kept epoch or at epoch 1,
// with the ten p_t bins in each segment's tooltip, the one-sentence summary the reports print,
// and the numbers as a table (what a screen reader reads). Plain elements sized through the
// CSSOM (allowed by the webview's CSP), no canvas.

import { CONFIDENCE_GROUPS, shareBetween } from '../../src/core/evaluation/contributions';
import { CONTRIBUTION_NOTE, contributionRows, contributionSentence, formatShare, type ContributionRun } from '../../src/core/report/contributionSummary';
import type { ContributionTable } from '../../src/core/results';
import { h } from './dom';
import type { Series } from './series';
import type { Theme } from './theme';

type Epoch = 'kept' | 'first';

/** Opacity per confidence group: the hard rows full, the easy ones faint. */
const GROUP_OPACITY: Readonly<Record<(typeof CONFIDENCE_GROUPS)[number]['id'], number>> = { hard: 1, medium: 0.62, easy: 0.3 };

function classColours(theme: Theme, classes: number): string[] {
  const extra = [theme.green, theme.purple, theme.yellow, theme.red, theme.blue];
  return Array.from({ length: classes }, (_, c) => (c === 0 ? theme.negative : c === 1 ? theme.positive : extra[(c - 2) % extra.length]));
}

function binsText(table: ContributionTable, className: string): string {
  const contribution = table[className];
  return contribution.gradientShare.map((share, bin) => `p_t ${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}: ${formatShare(share)} (${contribution.count[bin]} rows)`).join('\n');
}

function bar(label: string, table: ContributionTable, theme: Theme): HTMLElement {
  const names = Object.keys(table);
  const colours = classColours(theme, names.length);
  const track = h('div', { class: 'fl-gradient-bar', role: 'presentation' });
  names.forEach((name, c) => {
    for (const group of CONFIDENCE_GROUPS) {
      const share = shareBetween(table[name], group.from, group.to);
      if (share <= 0) continue;
      const segment = h('span', { class: 'fl-gradient-segment', title: `${label} · class '${name}', ${group.label}: ${formatShare(share)} of the gradient\n${binsText(table, name)}` });
      segment.style.width = `${(share * 100).toFixed(3)}%`;
      segment.style.backgroundColor = colours[c];
      segment.style.opacity = String(GROUP_OPACITY[group.id]);
      track.appendChild(segment);
    }
  });
  return h('div', { class: 'fl-gradient-row' }, h('span', { class: 'fl-gradient-label' }, label), track);
}

function legend(names: string[], theme: Theme): HTMLElement {
  const colours = classColours(theme, names.length);
  const items = names.flatMap((name, c) =>
    CONFIDENCE_GROUPS.map((group) => {
      const swatch = h('span', { class: 'fl-gradient-swatch' });
      swatch.style.backgroundColor = colours[c];
      swatch.style.opacity = String(GROUP_OPACITY[group.id]);
      return h('span', { class: 'fl-legend-item' }, swatch, `'${name}' ${group.id}`);
    }),
  );
  return h('p', { class: 'fl-legend' }, ...items);
}

function numbers(runs: ContributionRun[], epoch: Epoch): HTMLTableElement {
  const head = h('tr', {}, ...['Model', 'Class', ...CONFIDENCE_GROUPS.map((g) => g.label), 'Class total'].map((text) => h('th', { scope: 'col' }, text)));
  const body = contributionRows(runs, epoch).map((row) =>
    h('tr', {}, h('th', { scope: 'row' }, row.run), h('td', {}, `'${row.className}'`), ...row.shares.map((share) => h('td', { class: 'fl-num' }, formatShare(share))), h('td', { class: 'fl-num' }, formatShare(row.total))),
  );
  return h('table', { class: 'fl-table fl-gradient-table', testid: 'gradient-table' }, h('caption', {}, 'Shares of the gradient by class and confidence'), h('thead', {}, head), h('tbody', {}, ...body));
}

/** The section's content, or null when no model has contributions (results from before they were recorded). */
export function renderGradientShares(series: readonly (Pick<Series, 'label' | 'gamma'> & { run?: Pick<NonNullable<Series['run']>, 'status' | 'contributions'> })[], theme: Theme): HTMLElement | null {
  const runs: (ContributionRun & { table: (epoch: Epoch) => ContributionTable })[] = series
    .filter((s) => s.run && s.run.status === 'finished' && s.run.contributions)
    .map((s) => ({ label: s.label, gamma: s.gamma, contributions: s.run!.contributions, table: (epoch: Epoch) => s.run!.contributions!.atEpoch[epoch] }));
  if (runs.length === 0) return null;
  const root = h('div', { class: 'fl-gradient', testid: 'gradient-shares' });
  const sentence = contributionSentence(runs);
  const bars = h('div', { class: 'fl-gradient-bars' });
  const table = h('div', {});
  const draw = (epoch: Epoch) => {
    bars.replaceChildren(...runs.map((run) => bar(run.label, run.table(epoch), theme)));
    table.replaceChildren(numbers(runs, epoch));
  };
  const choice = h('div', { class: 'fl-gradient-epoch', role: 'radiogroup', 'aria-label': 'Which training pass' });
  for (const [epoch, text] of [['kept', 'At the kept epoch'], ['first', 'At epoch 1']] as const) {
    const input = h('input', { type: 'radio', name: 'fl-gradient-epoch', value: epoch, testid: `gradient-epoch-${epoch}`, checked: epoch === 'kept' });
    input.addEventListener('change', () => input.checked && draw(epoch));
    choice.appendChild(h('label', {}, input, ` ${text}`));
  }
  draw('kept');
  root.append(
    ...(sentence ? [h('p', { class: 'fl-gradient-sentence', testid: 'gradient-sentence' }, sentence)] : []),
    choice,
    bars,
    legend(Object.keys(runs[0].table('kept')), theme),
    h('details', {}, h('summary', {}, 'The numbers'), table),
    h('p', { class: 'fl-legend' }, CONTRIBUTION_NOTE),
  );
  return root;
}
