// report.md: the whole comparison as Markdown that reads well as plain text and
// renders on GitHub. Every CSV-derived string goes through escapeMarkdownCell.

import { isMulticlassResults } from '../multiclassResults';
import { CONTRIBUTION_NOTE, contributionRunsOf, contributionSentence, contributionTable } from './contributionSummary';
import { renderMulticlassMarkdownReport } from './multiclassReport';
import type { ComparisonResults } from '../results';
import { escapeMarkdownCell as md } from './escape';
import { baselineId, differenceMethod, differenceRows, familyNote, MARK_SYMBOL, marksNote, metricSections, modelColumns } from './metricRows';
import { labelOfId, quoteName } from './names';
import {
  configFacts,
  confusionEntries,
  confusionNote,
  datasetFacts,
  failedRuns,
  foldTable,
  footerText,
  perClassTables,
  perFoldTable,
  protocolDescription,
  referenceComparisonTable,
  trainingTable,
  verdictNotes,
  verdictOf,
  type Fact,
  type TextTable,
} from './reportContent';

export function renderMarkdownReport(results: ComparisonResults): string {
  // results.json read back from disk may hold the multi-class task, whose runs have another shape.
  if (isMulticlassResults(results)) return renderMulticlassMarkdownReport(results);
  const out: string[] = [];
  out.push(`# Focal Lab report: ${md(results.dataset.file)}`, '');
  out.push(`**Verdict:** ${md(verdictOf(results))}`, '');
  const notes = verdictNotes(results);
  if (notes.length > 0) out.push(...notes.map((n) => `- ${md(n)}`), '');
  out.push(`**Evaluation:** ${md(protocolDescription(results))}`, '');

  out.push('## Metrics', '', ...metricsTable(results), '');
  out.push(...differences(results));

  const perFold = perFoldTable(results);
  if (perFold.rows.length > 0) out.push('## PR-AUC per test fold', '', ...table(perFold), '');

  out.push('## Data set', '', ...facts(datasetFacts(results)), '');
  out.push('## Configuration', '', ...facts(configFacts(results)), '');

  const folds = foldTable(results);
  if (folds) out.push('## Folds', '', ...table(folds), '', 'The same rows for every model; "(few)" marks fewer than 20 positives.', '');

  const confusion = confusionEntries(results);
  if (confusion.length > 0) {
    out.push('## Confusion matrices', '', md(confusionNote(results)), '');
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
    out.push('## Per-class metrics (pooled over the test folds)', '');
    for (const t of perClass) out.push(`### ${md(t.caption ?? '')}`, '', ...table(t), '');
  }

  out.push('## Training', '', ...table(trainingTable(results)), '');

  const gradient = contributionTable(contributionRunsOf(results));
  if (gradient) {
    const sentence = contributionSentence(contributionRunsOf(results));
    out.push('## Where the gradient goes', '', ...(sentence ? [md(sentence), ''] : []), ...table(gradient), '', `_${md(CONTRIBUTION_NOTE)}_`, '');
  }

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

/** One column per finished run and per reference; a cell in bold with ▲/▼ only where the paired difference is reliable. */
function metricsTable(results: ComparisonResults): string[] {
  const columns = modelColumns(results);
  if (columns.length === 0) return ['No run finished, so there are no metrics to show.'];
  const lines = [row(['Metric', ...columns.map((c) => c.label)].map(md)), row(['---', ...columns.map(() => '---:')])];
  for (const section of metricSections(results, columns, { settings: true })) {
    lines.push(row([`**${md(section.title)}**`, ...columns.map(() => '')]));
    for (const metricRow of section.rows) {
      const cells = metricRow.cells.map((cell) => (cell.mark ? `**${md(cell.text)} ${MARK_SYMBOL[cell.mark]}**` : md(cell.text)));
      lines.push(row([md(metricRow.label), ...cells]));
    }
  }
  lines.push('', md(marksNote(results)));
  return lines;
}

function differences(results: ComparisonResults): string[] {
  const baseline = baselineId(results);
  const rows = differenceRows(results);
  const out: string[] = [];
  if (baseline && rows.length > 0) {
    out.push(`## Difference from ${md(labelOfId(results, baseline))}`, '');
    out.push(
      ...table({
        header: ['Loss', 'Metric', 'Difference', '95% interval', 'Family-wise interval', 'Conclusion'],
        numeric: [false, false, true, true, true, false],
        rows: rows.map((r) => [r.model, r.headline ? `${r.metric} (headline)` : r.metric, r.difference, r.interval, r.familyInterval, r.conclusion]),
      }),
      '',
      md(differenceMethod(results)),
      '',
      md(familyNote(results)),
      '',
    );
  }
  const linear = referenceComparisonTable(results);
  if (linear) out.push('## Logistic regression against each loss', '', ...table(linear), '', md(differenceMethod({ ...results, comparisons: results.referenceComparisons })), '');
  return out;
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
