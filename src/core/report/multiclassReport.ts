// The reports of a multi-class comparison (dataset.task = 'multiclass'): report.md, report.html
// and the CLI's table, built from one list of sections so the three say the same thing; report.html
// also draws the charts (multiclassCharts.ts: per-class PR curves, the confusion heat maps, the
// training curves). Every string from the CSV is escaped where it is rendered.

import { MULTICLASS_CONTRIBUTION_NOTE, contributionRunsOf, contributionSentence, contributionTable } from './contributionSummary';
import { describeAlpha } from '../config';
import { MULTICLASS_SUMMARY_METRICS } from '../evaluation/multiclass';
import { protocolPhrase } from '../evaluation/verdict';
import type { MulticlassComparisonResults, MulticlassRunResult } from '../multiclassResults';
import { escapeHtml as h, escapeMarkdownCell as md, stripControlCharacters } from './escape';
import { formatCount, formatMetric, formatPercent } from './format';
import { REPORT_CSS } from './htmlStyles';
import { multiclassReportCharts } from './multiclassCharts';
import { multiclassRunLabels } from './multiclassLabels';
import { referenceLabel } from './names';

const GRADIENT_TITLE = 'Where the gradient goes';
// Charts only: the terminal table leaves it out.
const TRAINING_TITLE = 'Training';

interface Table {
  header: string[];
  rows: string[][];
}

interface Section {
  title: string;
  paragraphs: string[];
  tables: { caption?: string; table: Table }[];
  /** SVG charts, drawn in report.html only. */
  charts?: string[];
}

function finishedRuns(results: MulticlassComparisonResults): { run: MulticlassRunResult; label: string }[] {
  const labels = multiclassRunLabels(results.runs);
  return results.runs.map((run, i) => ({ run, label: labels[i] })).filter(({ run }) => run.status === 'finished' && run.summary !== null);
}

function meanWithInterval(summary: { mean: number | null; ciLow: number | null; ciHigh: number | null }): string {
  if (summary.mean === null) return 'n/a';
  if (summary.ciLow === null || summary.ciHigh === null) return formatMetric(summary.mean);
  return `${formatMetric(summary.mean)} [${formatMetric(summary.ciLow)}, ${formatMetric(summary.ciHigh)}]`;
}

function signed(value: number | null): string {
  if (value === null) return 'n/a';
  return `${value >= 0 ? '+' : '−'}${formatMetric(Math.abs(value))}`;
}

/** The sections every multi-class report shows, in order. */
export function multiclassSections(results: MulticlassComparisonResults): Section[] {
  const d = results.dataset;
  const classes = d.classes;
  const counts = classes.map((name) => d.classCounts[name] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const finished = finishedRuns(results);
  const labels = multiclassRunLabels(results.runs);
  const charts = multiclassReportCharts(results, labels);
  // Absent in results written before the references were fitted.
  const references = results.references ?? [];
  const sections: Section[] = [];

  sections.push({
    title: 'Verdict',
    paragraphs: [results.verdict.text, ...results.verdict.notes],
    tables: [],
  });

  sections.push({
    title: 'Data',
    paragraphs: [
      `${d.file}: ${formatCount(d.rows)} rows; target '${d.target}' with ${classes.length} classes, trained as one multi-class model (softmax over ${classes.length} outputs). The rarest class is '${d.positiveClass}'.`,
      ...d.notices,
    ],
    tables: [{ table: { header: ['Class', 'Rows', 'Share'], rows: classes.map((name, c) => [name, formatCount(counts[c]), formatPercent(total ? counts[c] / total : null)]) } }],
  });

  const c = results.config;
  const weights = results.runs.filter((run) => run.alphaPerClass !== null);
  sections.push({
    title: 'Settings',
    paragraphs: [
      `Losses: ${labels.join(', ')}. Gamma ${c.gamma}; alpha ${c.alpha === 'auto' ? 'auto (inverse class frequency on the training rows, normalised to sum 1)' : describeAlpha(c.alpha)}. ` +
        `Network ${c.hidden.join('→')} (ReLU) with ${classes.length} softmax outputs; ${c.epochs} epochs at most, batch ${c.batchSize}, Adam ${c.learningRate}, seed ${c.seed}. ` +
        `Evaluation: ${protocolPhrase(results.evaluation)}${results.evaluation.earlyStopping ? `, early stopping after ${results.evaluation.earlyStopping.patience} epochs without improvement of the validation ${results.evaluation.earlyStopping.monitor}` : ''}.`,
    ],
    tables: weights.length
      ? [{ caption: 'Class weights (alpha) of the first fold', table: { header: ['Loss', ...classes], rows: weights.map((run) => [labels[results.runs.indexOf(run)], ...classes.map((name) => formatMetric(run.alphaPerClass![name]))]) } }]
      : [],
  });

  if (finished.length > 0) {
    sections.push({
      title: 'Metrics',
      paragraphs: [
        `Mean over the test folds with the 95% interval (${protocolPhrase(results.evaluation)}). Decisions are the argmax of the K probabilities.${references.length ? ' References, fitted on the same rows: the base rate predicts the training class frequencies for every row; logistic regression is multinomial (L2, C = 1).' : ''}`,
      ],
      tables: [
        {
          table: {
            header: ['Metric', ...finished.map((f) => f.label), ...references.map((r) => `${referenceLabel(r.kind)} (reference)`)],
            rows: MULTICLASS_SUMMARY_METRICS.map((spec) => [
              `${spec.key === 'rarestClassRecall' ? `Recall of '${d.positiveClass}' (rarest)` : spec.label} (${spec.better} is better)`,
              ...finished.map(({ run }) => meanWithInterval(run.summary![spec.key])),
              ...references.map((r) => meanWithInterval(r.summary[spec.key])),
            ]),
          },
        },
      ],
    });
    const baseline = results.comparisons[0]?.baseline;
    if (baseline !== undefined) {
      const baselineLabel = labels[results.runs.findIndex((r) => r.id === baseline)] ?? baseline;
      sections.push({
        title: `Differences from ${baselineLabel}`,
        paragraphs: [`Paired over the same folds (${protocolPhrase(results.evaluation)}). "Reliable" means the family-wise interval (shared over ${results.comparisons[0].familySize} headline comparisons) excludes zero; only those are stated in the verdict.`],
        tables: [
          {
            table: {
              header: ['Loss', 'Metric', 'Difference', '95% interval', 'Reliable'],
              rows: results.comparisons
                .filter((x) => MULTICLASS_SUMMARY_METRICS.find((m) => m.key === x.metric)?.headline)
                .map((x) => [
                  labels[results.runs.findIndex((r) => r.id === x.loss)] ?? x.loss,
                  MULTICLASS_SUMMARY_METRICS.find((m) => m.key === x.metric)!.label,
                  signed(x.meanDifference),
                  x.ciLow === null || x.ciHigh === null ? 'n/a' : `${signed(x.ciLow)} to ${signed(x.ciHigh)}`,
                  x.reliable ? 'yes' : 'no',
                ]),
            },
          },
        ],
      });
    }
    sections.push({
      title: 'Per class (out-of-fold predictions pooled)',
      paragraphs: ['Precision, recall and F1 at the argmax decision; PR-AUC and ROC-AUC one class against the rest.'],
      charts: charts.perClass,
      tables: finished.map(({ run, label }) => ({
        caption: label,
        table: {
          header: ['Class', 'Support', 'Precision', 'Recall', 'F1', 'PR-AUC', 'ROC-AUC'],
          rows: run.pooled!.perClass.map((m) => [m.class, formatCount(m.support), formatMetric(m.precision), formatMetric(m.recall), formatMetric(m.f1), formatMetric(m.prAuc), formatMetric(m.rocAuc)]),
        },
      })),
    });
    sections.push({
      title: 'Confusion matrices (out-of-fold, rows actual, columns predicted)',
      paragraphs: ['Counts, with the share of the actual class in brackets.'],
      charts: charts.confusion,
      tables: finished.map(({ run, label }) => ({
        caption: label,
        table: {
          header: ['Actual \\ predicted', ...classes],
          rows: run.pooled!.confusion.map((row, a) => {
            const rowTotal = row.reduce((x, y) => x + y, 0);
            return [classes[a], ...row.map((count) => `${formatCount(count)} (${formatPercent(rowTotal ? count / rowTotal : null, 0)})`)];
          }),
        },
      })),
    });
  }
  if (charts.training.length > 0) {
    sections.push({
      title: TRAINING_TITLE,
      paragraphs: [`Loss per epoch on the training and validation rows${results.evaluation.protocol === 'cross-validation' ? ' of the first fold' : ''}; each model's own loss, then the validation log-loss (cross-entropy) of every model on one scale.`],
      tables: [],
      charts: charts.training,
    });
  }
  const gradient = contributionTable(contributionRunsOf(results));
  if (gradient) {
    const sentence = contributionSentence(contributionRunsOf(results));
    sections.push({ title: GRADIENT_TITLE, paragraphs: [...(sentence ? [sentence] : []), MULTICLASS_CONTRIBUTION_NOTE], tables: [{ caption: '', table: gradient }] });
  }
  const failed = results.runs.filter((run) => run.status === 'failed');
  if (failed.length > 0) {
    sections.push({ title: 'Failed', paragraphs: failed.map((run) => `${labels[results.runs.indexOf(run)]}: ${run.error ?? 'failed'}`), tables: [] });
  }
  return sections;
}

const TITLE = 'Focal Lab: multi-class comparison';

export function renderMulticlassMarkdownReport(results: MulticlassComparisonResults): string {
  const lines: string[] = [`# ${TITLE}`, ''];
  for (const section of multiclassSections(results)) {
    lines.push(`## ${md(section.title)}`, '');
    for (const paragraph of section.paragraphs) lines.push(md(paragraph), '');
    for (const { caption, table } of section.tables) {
      if (caption) lines.push(`**${md(caption)}**`, '');
      lines.push(`| ${table.header.map(md).join(' | ')} |`, `|${table.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
      for (const row of table.rows) lines.push(`| ${row.map(md).join(' | ')} |`);
      lines.push('');
    }
  }
  lines.push(`Focal Lab ${results.tool.version}, ${results.createdAt}.`, '');
  return lines.join('\n');
}

export function renderMulticlassHtmlReport(results: MulticlassComparisonResults): string {
  const body: string[] = [`<h1>${h(TITLE)}</h1>`];
  for (const section of multiclassSections(results)) {
    body.push(`<section><h2>${h(section.title)}</h2>`);
    for (const paragraph of section.paragraphs) body.push(`<p>${h(paragraph)}</p>`);
    // Inline SVGs need no namespace in HTML; dropping it keeps the file free of any URL.
    if (section.charts?.length) body.push(`<div class="charts">${section.charts.map((svg) => `<figure>${svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}</figure>`).join('')}</div>`);
    for (const { caption, table } of section.tables) {
      body.push('<table>');
      if (caption) body.push(`<caption>${h(caption)}</caption>`);
      body.push(`<thead><tr>${table.header.map((cell) => `<th>${h(cell)}</th>`).join('')}</tr></thead><tbody>`);
      for (const row of table.rows) body.push(`<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${h(cell)}</th>` : `<td>${h(cell)}</td>`)).join('')}</tr>`);
      body.push('</tbody></table>');
    }
    body.push('</section>');
  }
  body.push(`<footer>${h(`Focal Lab ${results.tool.version}, ${results.createdAt}.`)}</footer>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(`${TITLE}: ${results.dataset.file}`)}</title>`,
    `<style>${REPORT_CSS}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

/** The CLI's summary: the verdict, then each section's tables as aligned plain text (no colour, control characters stripped). */
export function renderMulticlassTerminalTable(results: MulticlassComparisonResults, options: { width?: number } = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const lines: string[] = [];
  const wrap = (text: string) => {
    const words = stripControlCharacters(text).split(/\s+/);
    let line = '';
    for (const word of words) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  };
  for (const section of multiclassSections(results)) {
    // The gradient shares are printed with --explain only, as for two classes.
    if (section.title.startsWith('Confusion') || section.title === 'Settings' || section.title === GRADIENT_TITLE || section.title === TRAINING_TITLE) continue;
    lines.push('', stripControlCharacters(section.title.toUpperCase()));
    for (const paragraph of section.paragraphs) wrap(paragraph);
    for (const { caption, table } of section.tables) {
      if (caption) lines.push(stripControlCharacters(caption));
      const cells = [table.header, ...table.rows].map((row) => row.map((cell) => stripControlCharacters(cell)));
      const widths = table.header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
      for (const row of cells) lines.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
    }
  }
  return lines.join('\n').trimStart();
}
