// "How to read this": a collapsible section with focal loss, gamma, alpha, each metric (from the
// one metric list) and the verdict's rule in words. Closed by default; its open state survives
// redraws of the same run.

import { SUMMARY_METRICS } from '../../src/core/evaluation/summaryMetrics';
import { CONCEPTS, verdictCriterion } from '../../src/core/report/glossary';
import type { PanelResults } from '../../src/shared/webviewProtocol';
import { h } from './dom';
import { metricLabel } from './metricsTable';

export function renderHowToRead(results: PanelResults, word: string, open: boolean, onToggle: (open: boolean) => void): HTMLElement {
  const details = h('details', { class: 'fl-how', testid: 'how-to-read' });
  details.open = open;
  details.addEventListener('toggle', () => onToggle(details.open));
  details.appendChild(h('summary', { class: 'fl-how-summary' }, 'How to read this'));
  const concepts = h('dl', { class: 'fl-how-list' });
  for (const entry of CONCEPTS) concepts.append(h('dt', {}, entry.term), h('dd', {}, entry.text));
  const metrics = h('dl', { class: 'fl-how-list', testid: 'how-metrics' });
  for (const spec of SUMMARY_METRICS) metrics.append(h('dt', {}, metricLabel(spec, word), spec.better === 'higher' ? ' ↑' : ' ↓'), h('dd', {}, `${spec.description[0]!.toUpperCase()}${spec.description.slice(1)}. ${spec.reading}`));
  details.append(
    h('h3', { class: 'fl-how-heading' }, 'The ideas'),
    concepts,
    h('h3', { class: 'fl-how-heading' }, 'The metrics'),
    metrics,
    h('h3', { class: 'fl-how-heading' }, 'The verdict'),
    h('p', { class: 'fl-how-verdict', testid: 'verdict-criterion' }, verdictCriterion(results)),
  );
  return details;
}
