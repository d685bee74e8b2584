// report.md: the whole comparison as Markdown that reads well as plain text and
// renders on GitHub. Every CSV-derived string goes through escapeMarkdownCell.

import type { ComparisonResults } from '../results';
import { escapeMarkdownCell as md } from './escape';
import { bestColumns, formatCell, metricSections } from './metricRows';
import { finishedRuns, quoteName, runLabels } from './names';
import {
  configFacts,
  confusionEntries,
  datasetFacts,
  failedRuns,
  footerText,
  perClassTables,
  trainingTable,
  verdictOf,
  type Fact,
  type TextTable,
} from './reportContent';

export function renderMarkdownReport(results: ComparisonResults): string {
  const out: string[] = [];
  out.push(`# Focal Lab report: ${md(results.dataset.file)}`, '');
  out.push(`**Verdict:** ${md(verdictOf(results))}`, '');

  out.push('## Data set', '', ...facts(datasetFacts(results)), '');
  out.push('## Configuration', '', ...facts(configFacts(results)), '');

  out.push('## Metrics (test set)', '', ...metricsTable(results), '');

  const confusion = confusionEntries(results);
  if (confusion.length > 0) {
    out.push('## Confusion matrices (test set)', '');
    const negativeClass = quoteName(results.dataset.negativeClass, 40);
    const positiveClass = quoteName(results.dataset.positiveClass, 40);
    for (const entry of confusion) {
      out.push(`### ${md(entry.model)}, ${md(entry.threshold)}`, '');
      out.push(
        ...table({
          header: ['', `Predicted ${negativeClass}`, `Predicted ${positiveClass}`],
          numeric: [false, true, true],
          rows: entry.matrix.map((counts, actual) => [
            `Actual ${actual === 0 ? negativeClass : positiveClass}`,
            ...counts.map((c) => (Number.isFinite(c) ? String(c) : 'n/a')),
          ]),
        }),
        '',
      );
    }
  }

  const perClass = perClassTables(results);
  if (perClass.length > 0) {
    out.push('## Per-class metrics (test set)', '');
    for (const t of perClass) out.push(`### ${md(t.caption ?? '')}`, '', ...table(t), '');
  }

  out.push('## Training', '', ...table(trainingTable(results)), '');

  const failed = failedRuns(results);
  if (failed.length > 0) {
    out.push('## Failed runs', '');
    for (const f of failed) out.push(`- **${md(f.label)}:** ${md(f.error)}`);
    out.push('');
  }

  out.push('---', '', `_${md(footerText(results))}_`, '');
  return out.join('\n');
}

function facts(list: readonly Fact[]): string[] {
  return list.flatMap((f) => [`- **${md(f.label)}:** ${md(f.value)}`, ...(f.items ?? []).map((item) => `  - ${md(item)}`)]);
}

/** One column per finished model; the best value of each row in bold. */
function metricsTable(results: ComparisonResults): string[] {
  const runs = finishedRuns(results);
  if (runs.length === 0) return ['No run finished, so there are no metrics to show.'];
  const labels = runLabels(results.runs);
  const header = ['Metric', ...runs.map((r) => labels[results.runs.indexOf(r)]!)];
  const lines = [row(header.map(md)), row(['---', ...runs.map(() => '---:')])];
  for (const section of metricSections(results, runs)) {
    lines.push(row([`**${md(section.title)}**`, ...runs.map(() => '')]));
    for (const metricRow of section.rows) {
      const best = bestColumns(metricRow);
      const cells = metricRow.values.map((v, i) => {
        const text = md(formatCell(metricRow, v));
        return best.has(i) ? `**${text}**` : text;
      });
      lines.push(row([md(metricRow.label), ...cells]));
    }
  }
  lines.push('', 'Best value per row in **bold**; higher is better except for log-loss, Brier score and ECE.');
  return lines;
}

function table(t: Omit<TextTable, 'caption'>): string[] {
  return [
    row(t.header.map(md)),
    row(t.numeric.map((numeric) => (numeric ? '---:' : '---'))),
    ...t.rows.map((r) => row(r.map(md))),
  ];
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
}
